/**
 * Diagnostic for the import-time case: a throw-away copy of packages/sdk/dist whose `axios` import resolves to a
 * two-line stub. Importing the copy shows what the root entry would cost if axios were loaded lazily (only when a
 * client or transport first sends), i.e. the saving of the fix proposed in bench/RESULTS.md. Never used to measure
 * anything the SDK ships.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SDK_DIR } from './paths';

/** The copy: its root entry URL, and a function deleting it. */
export interface DistCopy {
  rootUrl: string;
  remove(): void;
}

/** Copies the built dist next to a stub `axios` package in a fresh temporary directory. */
export function createDistWithoutAxios(): DistCopy {
  const dir = mkdtempSync(join(tmpdir(), 'kgk-bench-noaxios-'));
  cpSync(join(SDK_DIR, 'dist'), join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'sdk-copy', type: 'module' }));
  const stub = join(dir, 'node_modules', 'axios');
  mkdirSync(stub, { recursive: true });
  writeFileSync(
    join(stub, 'package.json'),
    JSON.stringify({
      name: 'axios',
      version: '0.0.0-stub',
      type: 'module',
      exports: { '.': { import: './index.js', require: './index.cjs' } },
    }),
  );
  writeFileSync(
    join(stub, 'index.js'),
    'const axios = { create: () => ({}) };\nexport default axios;\nexport const isAxiosError = () => false;\n',
  );
  writeFileSync(
    join(stub, 'index.cjs'),
    'const axios = { create: () => ({}), isAxiosError: () => false };\nmodule.exports = { ...axios, default: axios };\n',
  );
  return {
    rootUrl: pathToFileURL(join(dir, 'dist', 'index.js')).href,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
