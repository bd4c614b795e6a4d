import { cpSync, rmSync } from 'node:fs';
import { defineConfig } from 'tsup';

/**
 * The web console is static files (HTML, CSS, ES modules) in src/console, served as they are: from the sources
 * under vitest, and from dist/console in the built and packed package (`files` includes `dist`). They are
 * copied once the library bundle is written; `defaultConsoleDir()` finds them next to the bundle.
 */
async function copyConsole(): Promise<void> {
  rmSync('dist/console', { recursive: true, force: true });
  cpSync('src/console', 'dist/console', { recursive: true });
}

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    // import.meta.url (used to find the console next to the bundle) is shimmed in the CommonJS build.
    shims: true,
    onSuccess: copyConsole,
  },
  {
    entry: { cli: 'src/cli/entry.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
