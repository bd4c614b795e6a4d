/**
 * Usage push (new) request signature (reference §7.4), sent by the seller to the Open API in headers `ts`,
 * `nonce` and `signature`:
 *
 *     signature = base64(HMAC(key, "ts=" + ts + "&nonce=" + nonce + "&body=" + bodyStr))
 *
 * `bodyStr` is the JSON body "with keys in natural (ascending) order, exactly the bytes sent". The signer sorts
 * keys at every level (the documented example's record keys are ascending too); the verifier checks the raw bytes
 * first and that deep-sorted form as fallback. Which secret "key" is (§15 item 17): the seller's KooGallery key.
 */
import { randomUUID } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { BASE64_SHA256, base64Equal, hmacDigest } from './hmac';
import { headerParam, isHeaderContainer, type HeaderInput } from './inputs';
import { requireSecret } from '../util/option-checks';
import { nonceOption, timestampOption } from './freshness';
import { verifySignedCall, type SignedCallSpec } from './signed-body';
import type { VerifyResult } from './verify-result';

const KEY_HINT = "pass the seller's KooGallery key (the same secret that signs production calls).";
const DEEP = { deep: true } as const;

/** §7.4: `signature`, `ts` and `nonce` headers; the signature is Base64; the canonical form sorts every level. */
const SIGNED_CALL: SignedCallSpec = {
  keyName: 'key',
  keyHint: KEY_HINT,
  isCarrier: isHeaderContainer,
  carrierHint: 'headers must be the request headers object.',
  read: headerParam,
  signature: 'signature',
  timestamp: 'ts',
  nonce: 'nonce',
  signatureWhere: 'signature header',
  mismatchName: 'signature header',
  subject: 'usage push',
  format: BASE64_SHA256,
  formatText: 'the 44-character Base64 of an HMAC-SHA256',
  canonical: DEEP,
};

/** Options of {@link signUsagePush}. */
export interface SignUsagePushOptions {
  /** The seller's KooGallery key. */
  key: string;
  /** Usage body (`{ usage_records: [...] }`): an object or its JSON text; re-emitted with keys sorted at every level. */
  body: string | object;
  /** Epoch milliseconds (number or up to 13 digits). Default: now. */
  ts?: number | string;
  /** Nonce, at most 64 characters (S64). Default: a random UUID. */
  nonce?: string;
}

/** Result of {@link signUsagePush}: the body to send and the three headers to set. */
export interface SignedUsagePush {
  body: string;
  headers: { ts: string; nonce: string; signature: string };
}

/** Options of {@link verifyUsagePush}. */
export interface VerifyUsagePushOptions {
  /** The seller's KooGallery key. */
  key: string;
  /** The body exactly as received. */
  rawBody: string | Uint8Array;
  /** Request headers (`ts`, `nonce`, `signature`), names matched case-insensitively. */
  headers: HeaderInput;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Allowed distance between `ts` and `now()`, both directions. Default 60 000 ms. */
  toleranceMs?: number;
}

/** The §7.4 signature bytes for an already-chosen body text. Internal building block, exposed for tests. */
export function usagePushSignatureBytes(
  key: string,
  ts: string,
  nonce: string,
  body: string | Uint8Array,
): Buffer {
  return hmacDigest(key, `ts=${ts}&nonce=${nonce}&body=`, body);
}

/**
 * Signs a usage-push (new) request body.
 *
 * @throws ConfigError when `key` is missing or empty, or `ts`/`nonce` are malformed (nonce: 1–64 printable ASCII).
 * @throws ValidationError (code `BODY_NOT_JSON`) when `body` is not a JSON object.
 * @example
 * const { body, headers } = signUsagePush({ key: 'my-key', body: { usage_records: [record] } });
 * await fetch(url, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body });
 */
export function signUsagePush(o: SignUsagePushOptions): SignedUsagePush {
  const opts = (o ?? {}) as Partial<SignUsagePushOptions>;
  const key = requireSecret('key', opts.key, KEY_HINT);
  const ts = timestampOption('ts', opts.ts);
  const nonce = nonceOption('nonce', opts.nonce, randomUUID, 64);
  const body = canonicalJson(opts.body as Record<string, unknown>, DEEP);
  const signature = usagePushSignatureBytes(key, ts, nonce, body).toString('base64');
  return { body, headers: { ts, nonce, signature } };
}

/**
 * Verifies the `ts`, `nonce` and `signature` headers of a usage-push request (what the mock marketplace does):
 * raw bytes first, key-sorted form as fallback, Base64 compared in constant time, ±`toleranceMs` window.
 * Nonce replay is NOT checked here.
 *
 * Never throws: bad arguments give `reason: 'INVALID_ARGUMENT'`.
 * @example
 * const r = verifyUsagePush({ key: 'my-key', rawBody, headers: req.headers });
 */
export function verifyUsagePush(o: VerifyUsagePushOptions): VerifyResult {
  const opts = (o ?? {}) as Partial<VerifyUsagePushOptions>;
  return verifySignedCall(
    SIGNED_CALL,
    {
      key: opts.key,
      rawBody: opts.rawBody,
      carrier: opts.headers,
      now: opts.now,
      toleranceMs: opts.toleranceMs,
    },
    (p, payload) => base64Equal(usagePushSignatureBytes(p.key, p.timestamp, p.nonce, payload), p.signature),
  );
}
