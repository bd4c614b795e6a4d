/** Test helpers for the signing tests: a seeded PRNG and small mutation utilities. */

/** Deterministic PRNG (mulberry32): same seed, same sequence. */
export function createPrng(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const bool = (pTrue = 0.5): boolean => next() < pTrue;
  return { next, int, pick, bool };
}

/** `text` with the character at `index` replaced by a different one from `alphabet`. */
export function replaceChar(text: string, index: number, alphabet: string): string {
  const current = text[index];
  const replacement = [...alphabet].find((c) => c !== current && c.toLowerCase() !== current?.toLowerCase());
  if (replacement === undefined) throw new Error('alphabet has no different character');
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

/** A copy of `bytes` with one byte changed. */
export function flipByte(bytes: Uint8Array, index: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[index] = (copy[index] as number) ^ 0x01;
  return copy;
}

/** `20191115T033655Z` → Date. */
export function sdkDateToDate(sdkDate: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(sdkDate);
  if (!m) throw new Error(`not an X-Sdk-Date: ${sdkDate}`);
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
}

export const HEX_ALPHABET = '0123456789abcdef';
export const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
