import { cp, rm } from 'node:fs/promises';
import { defineConfig } from 'tsup';

/**
 * The web console is static files (HTML, CSS, ES modules) in src/console, served as they are: from the sources
 * under vitest, and from dist/console in the built and packed package (`files` includes `dist`). They are
 * copied once the library bundle is written; `defaultConsoleDir()` finds them next to the bundle.
 */
async function copyConsole(): Promise<void> {
  await rm('dist/console', { recursive: true, force: true });
  await cp('src/console', 'dist/console', { recursive: true });
}

/**
 * `KGK_BUILD=start` (set by the repository's `pnpm start` when dist/ is missing): only the ESM JavaScript that
 * `start` runs, without declarations and sourcemaps, so the first start takes seconds. `build` builds everything.
 */
const startOnly = process.env.KGK_BUILD === 'start';

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: startOnly ? ['esm'] : ['esm', 'cjs'],
    dts: !startOnly,
    sourcemap: !startOnly,
    target: 'node20',
    platform: 'node',
    // import.meta.url (used to find the console next to the bundle) is shimmed in the CommonJS build.
    shims: true,
    onSuccess: copyConsole,
  },
  {
    entry: { cli: 'src/cli/entry.ts' },
    format: ['esm'],
    sourcemap: !startOnly,
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
