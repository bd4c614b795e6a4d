/**
 * V2 inbound request signature (reference §7.1), carried in the query string:
 *
 *     innerHex  = hex(HMAC(accessKey, payload))
 *     signature = hex(HMAC(accessKey, accessKey + nonce + timestamp + innerHex))
 *
 * `payload` is the canonical JSON of the body (the platform always sends it in that form).
 */
import { canonicalJson } from './canonical-json';
import { HEX_SHA256, hexEqual, hmacDigest, hmacHex } from './hmac';
import { isQueryContainer, queryParam, type QueryInput } from './inputs';
import { requireSecret } from '../util/option-checks';
import { nonceOption, timestampOption } from './freshness';
import { randomHex } from './fast-paths';
import { verifySignedCall, type SignedCallSpec } from './signed-body';
import type { VerifyResult } from './verify-result';

const KEY_HINT = 'pass the key from Seller Center > App tools > Key management (密钥管理).';

/** §7.1: `signature`, `timestamp` and `nonce` in the query string; the signature is hex. */
const SIGNED_CALL: SignedCallSpec = {
  keyName: 'accessKey',
  keyHint: KEY_HINT,
  isCarrier: isQueryContainer,
  carrierHint: 'query must be the parsed query string (a plain object or URLSearchParams).',
  read: queryParam,
  signature: 'signature',
  timestamp: 'timestamp',
  nonce: 'nonce',
  signatureWhere: 'signature query parameter',
  mismatchName: 'signature',
  subject: 'call',
  format: HEX_SHA256,
  formatText: '64 hexadecimal characters',
};

/** Options of {@link signRequest}. */
export interface SignRequestOptions {
  /** The seller's KooGallery key (shared secret, not the APIG AK/SK). */
  accessKey: string;
  /** Request body: an object, or a JSON text of an object. It is re-emitted in canonical form. */
  body: string | object;
  /** Epoch milliseconds (number or up to 13 digits). Default: now (`Date.now()`). */
  timestamp?: number | string;
  /** Nonce. Default: 64 hex characters from 32 random bytes. */
  nonce?: string;
}

/** Result of {@link signRequest}: the body to send and the three query parameters to append. */
export interface SignedRequest {
  body: string;
  query: { signature: string; timestamp: string; nonce: string };
}

/** Options of {@link verifyRequest}. */
export interface VerifyRequestOptions {
  /** The seller's KooGallery key. */
  accessKey: string;
  /** The body exactly as received (read it before any JSON parsing). */
  rawBody: string | Uint8Array;
  /** The query parameters; repeated parameters (arrays) use their first value. */
  query: QueryInput;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Allowed distance between `timestamp` and `now()`, both directions. Default 60 000 ms. */
  toleranceMs?: number;
}

/** Generates the default nonce: 32 CSPRNG bytes as 64 lower-case hex characters (protocol §7.1). */
export function randomHexNonce(): string {
  return randomHex(32);
}

/** `innerHex` of §7.1: lower-case hex HMAC of the payload. Internal building block, exposed for tests. */
export function requestInnerHex(accessKey: string, payload: string | Uint8Array): string {
  return hmacHex(accessKey, payload);
}

/** The §7.1 signature bytes for an already-chosen payload. Internal building block, exposed for tests. */
export function requestSignatureBytes(
  accessKey: string,
  nonce: string,
  timestamp: string,
  payload: string | Uint8Array,
): Buffer {
  // One update of the concatenated short strings is cheaper than four native update() calls.
  return hmacDigest(accessKey, accessKey + nonce + timestamp + requestInnerHex(accessKey, payload));
}

/** {@link requestSignatureBytes} as lower-case hex, without an intermediate Buffer (the signing side). */
function requestSignatureHex(
  accessKey: string,
  nonce: string,
  timestamp: string,
  payload: string | Uint8Array,
): string {
  return hmacHex(accessKey, accessKey + nonce + timestamp + requestInnerHex(accessKey, payload));
}

/**
 * Signs a V2 basic-interface request the way the platform does (used by the mock marketplace and by tests).
 *
 * @returns the canonical body (ascending top-level keys, compact, nulls dropped) and `signature` (lower-case hex),
 *   `timestamp` (13-digit ms by default) and `nonce` for the query string.
 * @throws ConfigError when `accessKey` is missing or empty, or `timestamp`/`nonce` are malformed.
 * @throws ValidationError (code `BODY_NOT_JSON`) when `body` is not a JSON object.
 * @example
 * const { body, query } = signRequest({ accessKey: 'my-key', body: { activity: 'newInstance', orderId: 'CS1' } });
 * // POST `${url}?${new URLSearchParams(query)}` with `body`
 */
export function signRequest(o: SignRequestOptions): SignedRequest {
  const opts = (o ?? {}) as Partial<SignRequestOptions>;
  const accessKey = requireSecret('accessKey', opts.accessKey, KEY_HINT);
  const timestamp = timestampOption('timestamp', opts.timestamp);
  const nonce = nonceOption('nonce', opts.nonce, randomHexNonce);
  const body = canonicalJson(opts.body as Record<string, unknown>);
  const signature = requestSignatureHex(accessKey, nonce, timestamp, body);
  return { body, query: { signature, timestamp, nonce } };
}

/**
 * Verifies the `signature`, `timestamp` and `nonce` query parameters of a V2 basic-interface call.
 *
 * The signature is checked over the raw bytes first and, only when that fails and the body is a JSON object, over
 * the canonical re-serialisation (Huawei's sample verifies that form; reference §12.3 a2). Hex is compared
 * case-insensitively in constant time. The timestamp must lie within ±`toleranceMs` of `now()`; a value of 10
 * digits or fewer is read as seconds (§15 item 2).
 *
 * Nonce replay is NOT checked here: the result carries `nonce` and `timestampMs` so the caller (the handler's nonce
 * store) can reject a nonce seen within the window.
 *
 * Never throws: bad arguments give `reason: 'INVALID_ARGUMENT'`.
 * @example
 * const r = verifyRequest({ accessKey: 'my-key', rawBody, query: req.query });
 * if (!r.valid) console.warn(r.reason, r.message);
 */
export function verifyRequest(o: VerifyRequestOptions): VerifyResult {
  const opts = (o ?? {}) as Partial<VerifyRequestOptions>;
  return verifySignedCall(
    SIGNED_CALL,
    {
      key: opts.accessKey,
      rawBody: opts.rawBody,
      carrier: opts.query,
      now: opts.now,
      toleranceMs: opts.toleranceMs,
    },
    (p, payload) => hexEqual(requestSignatureHex(p.key, p.nonce, p.timestamp, payload), p.signature),
  );
}
