// `tsx src/main.ts <command> …` (the package's `start` script): see README.md or --help.
import { runOpenApiScript } from './open-api-script';

process.exitCode = await runOpenApiScript(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
