/**
 * HMAC-SHA256 primitives and constant-time comparisons (reference §7 notation: key and message are UTF-8).
 */
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/** 64 hexadecimal characters, either case: a SHA-256 sized hex signature. */
export const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

/** Standard Base64 of 32 bytes: 43 characters and one `=`. */
export const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;

const KEY_CACHE_SIZE = 32;
const keyCache = new Map<string, KeyObject>();

/**
 * The HMAC key for a secret string (UTF-8 bytes), as a `KeyObject` cached for the few keys a process uses:
 * `createHmac` with a prepared key skips re-encoding the string on every call. The cache is bounded; it holds
 * nothing that is not already in the caller's memory.
 */
function keyFor(secret: string): KeyObject {
  let key = keyCache.get(secret);
  if (key === undefined) {
    if (keyCache.size >= KEY_CACHE_SIZE) keyCache.clear();
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keyCache.set(secret, key);
  }
  return key;
}

/** HMAC-SHA256 of `data` followed by `more` (when given), without concatenating them. */
export function hmacDigest(key: string, data: string | Uint8Array, more?: string | Uint8Array): Buffer {
  const mac = createHmac('sha256', keyFor(key)).update(data);
  if (more !== undefined) mac.update(more);
  return mac.digest();
}

/** Lower-case hex HMAC-SHA256 of `data` followed by `more` (when given). */
export function hmacHex(key: string, data: string | Uint8Array, more?: string | Uint8Array): string {
  const mac = createHmac('sha256', keyFor(key)).update(data);
  if (more !== undefined) mac.update(more);
  return mac.digest('hex');
}

/** Standard Base64 (with padding) HMAC-SHA256. */
export function hmacBase64(key: string, data: string | Uint8Array): string {
  return createHmac('sha256', keyFor(key)).update(data).digest('base64');
}

/** Constant-time equality of two byte strings; unequal lengths compare false (lengths are not secret). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Constant-time equality of an expected lower-case hex digest and a received hex text of either case (the caller
 * has checked that `provided` is hexadecimal). Same answer as comparing the decoded bytes, without decoding:
 * `| 0x20` lower-cases `A`–`F` and leaves digits unchanged. Digests are compared as strings because
 * `digest('hex')` is cheaper than building a Buffer (bench/tools/sdk-hot-paths.ts); the loop has no early exit.
 */
export function hexEqual(expected: string, provided: string): boolean {
  if (expected.length !== provided.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ (provided.charCodeAt(i) | 0x20);
  return diff === 0;
}

/**
 * Constant-time equality of two ASCII texts of equal length (lengths are not secret), e.g. an expected Base64
 * digest and a received one that was checked to be Base64: exact characters, no decoding, no early exit.
 */
export function asciiEqual(expected: string, provided: string): boolean {
  if (expected.length !== provided.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ provided.charCodeAt(i);
  return diff === 0;
}

/**
 * Constant-time comparison of a digest with a received Base64 text. The text is compared with the exact encoding
 * (not decoded), so variants that decode to the same bytes through unused padding bits do not match.
 */
export function base64Equal(digest: Buffer, provided: string): boolean {
  return bytesEqual(Buffer.from(digest.toString('base64'), 'latin1'), Buffer.from(provided, 'latin1'));
}
