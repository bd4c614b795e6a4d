/**
 * AES key derivation of Huawei's sample code (reference §7.6): Java
 * `KeyGenerator.getInstance("AES").init(bits, SecureRandom.getInstance("SHA1PRNG"))` with the generator seeded by
 * `accessKey.getBytes("UTF-8")`. Written out from `sun.security.provider.SecureRandom`:
 *
 *     state0 = SHA1(seed)
 *     out_i  = SHA1(state_i);  state_{i+1} = updateState(state_i, out_i)
 *     key    = (out_0 || out_1 || ...)[0 : bits/8]
 *
 * `updateState` adds the output to the state as a little-endian-by-index sum of Java signed bytes with carry, and
 * bumps the first byte if nothing changed. The AES-128 key is therefore the first 16 bytes of SHA1(SHA1(seed));
 * the AES-256 key continues into the second block (implementations that pad SHA1(SHA1(seed)) are wrong).
 */
import { createHash } from 'node:crypto';

const sha1 = (data: Uint8Array): Buffer => createHash('sha1').update(data).digest();

const signed = (b: number): number => (b > 127 ? b - 256 : b);

/** `sun.security.provider.SecureRandom.updateState`, in place. */
function updateState(state: Buffer, output: Buffer): void {
  let carry = 1;
  let changed = false;
  for (let i = 0; i < state.length; i++) {
    const v = signed(state[i] as number) + signed(output[i] as number) + carry;
    const t = v & 0xff;
    changed ||= state[i] !== t;
    state[i] = t;
    carry = v >> 8;
  }
  if (!changed) state[0] = ((state[0] as number) + 1) & 0xff;
}

/** First `length` bytes of a SHA1PRNG stream seeded with the UTF-8 bytes of `seed`. */
export function sha1prngBytes(seed: string, length: number): Buffer {
  const state = sha1(Buffer.from(seed, 'utf8'));
  const blocks: Buffer[] = [];
  let total = 0;
  while (total < length) {
    const out = sha1(state);
    blocks.push(out);
    total += out.length;
    updateState(state, out);
  }
  return Buffer.concat(blocks).subarray(0, length);
}
