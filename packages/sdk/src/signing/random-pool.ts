/**
 * Random bytes for per-call values (nonces) drawn from a pooled buffer: one `randomFillSync` fills
 * {@link RANDOM_POOL_BYTES} bytes, and each draw hands out the next unused bytes as lower-case hex. Every byte comes
 * from the CSPRNG and is handed out once; a draw that does not fit in what is left refills the whole pool first.
 * `randomBytes(32)` per nonce allocated a buffer and crossed into C++ on every call (≈ 2 µs, bench/tools/
 * sdk-hot-paths.ts); a pooled draw is one `toString('hex', start, end)`.
 */
import { randomFillSync } from 'node:crypto';

/** Size of the pool: 128 nonces of 32 bytes per refill. */
export const RANDOM_POOL_BYTES = 4096;

/** A pool of CSPRNG bytes handed out as hex. */
export interface RandomHexPool {
  /** `n` (1 … the pool size) fresh random bytes as `2n` lower-case hex characters. */
  hex(n: number): string;
}

/**
 * Creates a pool of `size` bytes refilled with `fill` (default `crypto.randomFillSync`). `fill` is injectable so
 * tests can check that no byte is handed out twice across a refill.
 */
export function createRandomHexPool(
  size: number = RANDOM_POOL_BYTES,
  fill: (buffer: Buffer) => void = randomFillSync,
): RandomHexPool {
  // A buffer of its own (not a slice of Node's shared allocation pool): the random bytes live nowhere else.
  const pool = Buffer.allocUnsafeSlow(size);
  let offset = size;
  return {
    hex(n) {
      if (!Number.isInteger(n) || n < 1 || n > size) {
        throw new RangeError(`hex(n) takes 1 to ${size} bytes, got ${String(n)}.`);
      }
      if (offset + n > size) {
        fill(pool);
        offset = 0;
      }
      const start = offset;
      offset += n;
      return pool.toString('hex', start, offset);
    },
  };
}

const shared = createRandomHexPool();

/** `n` fresh CSPRNG bytes (at most {@link RANDOM_POOL_BYTES}) as lower-case hex, from the process-wide pool. */
export function randomHex(n: number): string {
  return shared.hex(n);
}
