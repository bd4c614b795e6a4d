// `pnpm start`: the main job. Until the mock marketplace lands this explains what exists today.
console.log(`koogallery-kit
The mock marketplace (koogallery-mock) is coming in a later release.
Today you can use the SDK: see packages/sdk/README.md, and run the tests with \`npx pnpm@10 test\`.`);
