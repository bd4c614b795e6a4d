import { defineConfig } from 'tsup';

/**
 * `KGK_BUILD=start` (set by the repository's `pnpm start` when dist/ is missing): only the ESM JavaScript that
 * `start` runs, without declarations and sourcemaps, so the first start takes seconds. `build` builds everything.
 */
const startOnly = process.env.KGK_BUILD === 'start';

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
  format: startOnly ? ['esm'] : ['esm', 'cjs'],
  dts: !startOnly,
  sourcemap: !startOnly,
  clean: true,
  target: 'node20',
  platform: 'node',
  splitting: true,
  treeshake: true,
});
