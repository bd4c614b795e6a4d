import { defineConfig } from 'tsup';

// One bundle per public entry point; ESM + CJS + type declarations for both.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    express: 'src/entries/express.ts',
    node: 'src/entries/node.ts',
    fetch: 'src/entries/fetch.ts',
    platform: 'src/entries/platform.ts',
    testing: 'src/entries/testing.ts',
    msw: 'src/entries/msw.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  splitting: true,
  treeshake: true,
});
