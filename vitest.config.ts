import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Tests import the packages' TypeScript sources (not dist) so a failure points at the real line.
// Subprocess tests that need a built CLI use dist/, which `pnpm test` builds first.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@koogallery-kit\/sdk$/, replacement: src('./packages/sdk/src/index.ts') },
      { find: /^@koogallery-kit\/sdk\/(.+)$/, replacement: src('./packages/sdk/src/entries/$1.ts') },
      { find: /^@koogallery-kit\/mock-server$/, replacement: src('./packages/mock-server/src/index.ts') },
    ],
  },
  test: {
    // .ci/run sets KGK_TEST_JSON to get a machine-readable report; the summary line is derived from it.
    reporters: process.env.KGK_TEST_JSON ? ['default', 'json'] : ['default'],
    ...(process.env.KGK_TEST_JSON ? { outputFile: { json: process.env.KGK_TEST_JSON } } : {}),
    include: ['packages/**/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
