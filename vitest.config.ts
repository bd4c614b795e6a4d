import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The one list of path aliases: `compilerOptions.paths` of tsconfig.base.json (`*` becomes a capture). */
const paths = (
  JSON.parse(readFileSync(src('./tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, [string]> };
  }
).compilerOptions.paths;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const alias = Object.entries(paths).map(([name, [target]]) => ({
  find: new RegExp(`^${name.split('*').map(escape).join('(.+)')}$`),
  replacement: src(target.replace('*', '$1')),
}));

// Tests import the packages' TypeScript sources (not dist) so a failure points at the real line.
// Subprocess tests that need a built CLI use dist/, which `pnpm test` builds first.
export default defineConfig({
  resolve: {
    alias,
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
