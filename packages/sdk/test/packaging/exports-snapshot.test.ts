// Public-API changes show up in review: the runtime exports of every entry point (from the sources) are compared
// with the committed exports.snapshot.json. After an intended change, update it with
//   npx pnpm@10 exec vitest run -u packages/sdk/test/packaging/exports-snapshot.test.ts
// The packaging test (installed-tarballs.test.ts) compares the built, installed packages with the same file.
import { describe, expect, it } from 'vitest';
import { describeExports } from '../../../../scripts/pack-check/describe-exports.mjs';
import { ENTRY_POINTS, EXPORTS_SNAPSHOT_FILE, declaredEntryPoints } from './entry-points';

const SDK_DIR = new URL('../../', import.meta.url);
const MOCK_DIR = new URL('../../../mock-server/', import.meta.url);

describe('public exports', () => {
  it('covers every entry point the package.json files declare', () => {
    const declared = [...declaredEntryPoints(SDK_DIR), ...declaredEntryPoints(MOCK_DIR)].sort();
    expect(Object.keys(ENTRY_POINTS).sort()).toEqual(declared);
  });

  it('match the committed snapshot', async () => {
    const snapshot: Record<string, Record<string, string>> = {};
    for (const [specifier, load] of Object.entries(ENTRY_POINTS)) {
      snapshot[specifier] = describeExports((await load()) as Record<string, unknown>);
    }
    for (const [specifier, exports] of Object.entries(snapshot)) {
      expect(Object.keys(exports).length, `${specifier} exports nothing`).toBeGreaterThan(0);
    }
    await expect(`${JSON.stringify(snapshot, null, 2)}\n`).toMatchFileSnapshot(EXPORTS_SNAPSHOT_FILE);
  });
});
