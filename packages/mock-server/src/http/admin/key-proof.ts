/**
 * Key proofs: how a client that knows a key (the conformance suite with `--mock-url`) learns whether a running
 * mock is configured with the same key, without the key — or anything derived from it alone — ever leaving
 * either side. The client sends a fresh random challenge; the mock answers
 * `base64(HMAC-SHA256(key, "koogallery-mock key proof v1\n" + challenge))` for each of its keys; the client
 * computes the same with its own key and compares.
 *
 * The fixed prefix keeps the proof apart from every signature of the protocol (no request, body or token the
 * platform signs starts with it), so a proof can never be replayed as a signature. A new challenge every time
 * means an answer cannot be reused either.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Domain-separation prefix of every proof. */
export const KEY_PROOF_CONTEXT = 'koogallery-mock key proof v1\n';

/** A challenge: 16 to 128 characters of `A-Z a-z 0-9 _ -`. */
export const KEY_PROOF_CHALLENGE = /^[A-Za-z0-9_-]{16,128}$/;

/** The proof of `key` for `challenge` (base64). */
export function createKeyProof(key: string, challenge: string): string {
  return createHmac('sha256', key)
    .update(KEY_PROOF_CONTEXT + challenge, 'utf8')
    .digest('base64');
}

/** True when `proof` is the proof of `key` for `challenge` (constant-time comparison). */
export function keyProofMatches(key: string, challenge: string, proof: unknown): boolean {
  if (typeof proof !== 'string') return false;
  const expected = Buffer.from(createKeyProof(key, challenge), 'utf8');
  const given = Buffer.from(proof, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Proofs of a mock's keys for one challenge; null for a key the mock does not have. */
export interface KeyProofs {
  /** The key of the basic interfaces. */
  key: string | null;
  /** The key the kit interfaces are signed with (the basic key when no separate kit key is set). */
  kitKey: string | null;
}
