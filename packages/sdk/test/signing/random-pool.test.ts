/**
 * The pooled nonce source: every nonce is 32 fresh CSPRNG bytes as 64 lower-case hex characters, no byte is handed
 * out twice, and a draw never straddles a refill.
 */
import { describe, expect, it } from 'vitest';
import { signKitRequest, signRequest } from '../../src/signing';
import { RANDOM_POOL_BYTES, createRandomHexPool } from '../../src/signing/fast-paths';
import { randomHexNonce } from '../../src/signing/request-signature';

const HEX64 = /^[0-9a-f]{64}$/;

describe('randomHexNonce', () => {
  it('gives 10 000 distinct 64-hex nonces across many pool refills', () => {
    const count = 10_000;
    // 32 bytes per nonce: the shared pool is refilled every RANDOM_POOL_BYTES / 32 nonces.
    expect(count * 32).toBeGreaterThan(3 * RANDOM_POOL_BYTES);
    const seen = new Set<string>();
    for (let i = 0; i < count; i++) {
      const nonce = randomHexNonce();
      expect(nonce).toMatch(HEX64);
      seen.add(nonce);
    }
    expect(seen.size).toBe(count);
  });

  it('is the default nonce of signRequest and signKitRequest', () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 300; i++) {
      nonces.add(signRequest({ accessKey: 'k', body: { a: '1' } }).query.nonce);
      nonces.add(signKitRequest({ accessKey: 'k', body: { a: '1' } }).headers['x-nonce']);
    }
    expect(nonces.size).toBe(600);
    for (const nonce of nonces) expect(nonce).toMatch(HEX64);
  });
});

describe('createRandomHexPool', () => {
  /** A fill that numbers every byte it ever writes (refill r, offset i → byte r * size + i, mod 256). */
  function numberingFill(size: number): { fill: (b: Buffer) => void; refills: () => number } {
    let refills = 0;
    return {
      fill: (b) => {
        expect(b.length).toBe(size);
        for (let i = 0; i < size; i++) b[i] = (refills * size + i) & 0xff;
        refills++;
      },
      refills: () => refills,
    };
  }

  it('hands out every byte once, in order, refilling when the pool is used up', () => {
    const numbering = numberingFill(64);
    const pool = createRandomHexPool(64, numbering.fill);
    expect(numbering.refills()).toBe(0); // filled lazily, on the first draw
    const drawn = Array.from({ length: 8 }, () => pool.hex(32));
    expect(numbering.refills()).toBe(4);
    const expected = Buffer.from(Array.from({ length: 256 }, (_, i) => i)).toString('hex');
    expect(drawn.join('')).toBe(expected);
  });

  it('refills instead of splitting a draw across the end of the pool (the rest is skipped, never reused)', () => {
    const numbering = numberingFill(64);
    const pool = createRandomHexPool(64, numbering.fill);
    const a = pool.hex(24);
    const b = pool.hex(24);
    const c = pool.hex(24); // 16 bytes left: not enough, so a refill
    expect(numbering.refills()).toBe(2);
    expect(a).toBe(Buffer.from(Array.from({ length: 24 }, (_, i) => i)).toString('hex'));
    expect(b).toBe(Buffer.from(Array.from({ length: 24 }, (_, i) => 24 + i)).toString('hex'));
    expect(c).toBe(Buffer.from(Array.from({ length: 24 }, (_, i) => 64 + i)).toString('hex'));
  });

  it('refuses sizes it cannot serve', () => {
    const pool = createRandomHexPool(64);
    for (const n of [0, -1, 65, 1.5, Number.NaN]) expect(() => pool.hex(n)).toThrow(RangeError);
    expect(pool.hex(64)).toMatch(/^[0-9a-f]{128}$/);
  });
});
