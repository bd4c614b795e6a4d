/**
 * `isKooGalleryError` recognises the SDK's errors whichever build threw them. The package ships an ESM and a
 * CommonJS build (two copies of every class), so `instanceof` fails across them; the guard checks a brand under a
 * registry symbol instead. This test loads both BUILT entry points (packages/sdk/dist, built by `pnpm test` first).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as source from '../src/index';

type Root = typeof source;
const ESM = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const CJS = fileURLToPath(new URL('../dist/index.cjs', import.meta.url));

async function loadBuilds(): Promise<{ esm: Root; cjs: Root }> {
  if (!existsSync(ESM) || !existsSync(CJS)) {
    throw new Error('packages/sdk/dist is missing: run `npx pnpm@10 run build` first (`pnpm test` does).');
  }
  const esm = (await import(pathToFileURL(ESM).href)) as Root;
  const cjs = createRequire(import.meta.url)(CJS) as Root;
  return { esm, cjs };
}

/** An error thrown by the build itself (a real call, not a hand-made instance). */
function thrownBy(sdk: Root): unknown {
  try {
    sdk.signRequest({ accessKey: '', body: {} });
  } catch (error) {
    return error;
  }
  throw new Error('signRequest accepted an empty key');
}

describe('isKooGalleryError across the ESM and CommonJS builds', () => {
  it('recognises an error of the other build, where instanceof does not', async () => {
    const { esm, cjs } = await loadBuilds();
    expect(esm.KooGalleryError).not.toBe(cjs.KooGalleryError);
    const fromCjs = thrownBy(cjs);
    const fromEsm = thrownBy(esm);
    expect(fromCjs instanceof esm.KooGalleryError).toBe(false);
    expect(fromEsm instanceof cjs.KooGalleryError).toBe(false);
    expect(esm.isKooGalleryError(fromCjs)).toBe(true);
    expect(cjs.isKooGalleryError(fromEsm)).toBe(true);
    expect(esm.isKooGalleryError(fromEsm) && cjs.isKooGalleryError(fromCjs)).toBe(true);
    // The narrowed error keeps its code.
    if (esm.isKooGalleryError(fromCjs)) expect(fromCjs.code).toBe(esm.ErrorCodes.CONFIG_INVALID);
  });

  it('recognises every subclass, and errors of the sources too', async () => {
    const { esm, cjs } = await loadBuilds();
    const errors = [
      new cjs.ConfigError('x'),
      new cjs.SignatureError(cjs.ErrorCodes.SIGNATURE_MISMATCH, 'x'),
      new cjs.ValidationError('x'),
      new cjs.ApiError('MKT.0100', 'x', { status: 500 }),
      new cjs.TimeoutError('x'),
      new source.ConnectionError('x'),
    ];
    for (const error of errors) expect(esm.isKooGalleryError(error), error.name).toBe(true);
  });

  it('is false for anything else', async () => {
    const { esm } = await loadBuilds();
    const lookalike = Object.assign(new Error('x'), { code: 'CONFIG_INVALID', name: 'ConfigError' });
    const stringKey = { ['koogallery-kit.error']: true, code: 'CONFIG_INVALID' };
    const localSymbol = { [Symbol('koogallery-kit.error')]: true };
    for (const value of [lookalike, stringKey, localSymbol, null, undefined, 'ConfigError', 42]) {
      expect(esm.isKooGalleryError(value)).toBe(false);
    }
  });
});
