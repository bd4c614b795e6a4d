/**
 * Deterministic randomness for ids (order ids, businessIds). The same seed gives the same sequence, and the
 * generator's state can be saved and restored so a reopened store continues the sequence instead of repeating it.
 */

/** A source of uniformly distributed numbers in [0, 1). */
export interface RandomSource {
  /** Next number in [0, 1). */
  next(): number;
}

/** A seeded generator whose position can be saved and restored. */
export interface SeededRandom extends RandomSource {
  /** Opaque state; pass to {@link SeededRandom.restore} to continue from here. */
  state(): number;
  /** Continue from a state returned by {@link SeededRandom.state}. */
  restore(state: number): void;
}

/** 32-bit FNV-1a hash, used to turn string seeds into numbers. */
function hashSeed(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Creates a seeded generator (mulberry32: fast, 32-bit state, good enough for ids; not for cryptography).
 * @param seed any number or string; equal seeds give equal sequences.
 */
export function createSeededRandom(seed: number | string): SeededRandom {
  let s = (typeof seed === 'string' ? hashSeed(seed) : Math.trunc(seed)) >>> 0;
  return {
    next() {
      s = (s + 0x6d2b79f5) >>> 0;
      let t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    state: () => s,
    restore(state: number) {
      s = state >>> 0;
    },
  };
}

/** Upper-case letters and digits, the alphabet of the platform's order-id suffixes. */
export const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `count` characters drawn from `alphabet`. */
export function randomChars(random: RandomSource, alphabet: string, count: number): string {
  // Character codes collected first: one string at the end instead of a concatenation per character.
  const codes = new Array<number>(count);
  for (let i = 0; i < count; i++) codes[i] = alphabet.charCodeAt(Math.floor(random.next() * alphabet.length));
  return String.fromCharCode(...codes);
}

/** A version-4-shaped UUID drawn from `random` (deterministic for a seeded source). */
export function randomUuid(random: RandomSource): string {
  // 32 hex draws (the 13th is replaced by the version digit), then one draw for the variant digit.
  const h = randomChars(random, '0123456789abcdef', 32);
  const variant = '89ab'.charAt(Math.floor(random.next() * 4));
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20)}`;
}
