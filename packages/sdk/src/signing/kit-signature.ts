/**
 * V2 joint-operations (联营) kit request signature (reference §7.2), carried in headers:
 *
 *     x-sign = hex(HMAC(accessKey, accessKey + x-nonce + x-timestamp + payload))
 *
 * `payload` is the body itself (not hashed first). The platform's documented vector signs the raw bytes; Huawei's
 * sample verifies the canonical re-serialisation (integers such as `flag` stay JSON numbers); the verifier accepts
 * either, the signer emits the canonical form so both kinds of verifier agree.
 */
import { canonicalJson } from './canonical-json';
import { HEX_SHA256, hexEqual, hmacDigest, hmacHex } from './hmac';
import { headerParam, isHeaderContainer, NOT_A_STRING, type HeaderInput } from './inputs';
import { requireSecret } from '../util/option-checks';
import { checkNonce, checkTimestamp, checkVerifyArguments, nonceOption, timestampOption } from './freshness';
import { randomHexNonce } from './request-signature';
import { matchCanonical } from './signed-body';
import { fail, type VerifyResult } from './verify-result';

const KEY_HINT = 'pass the kit key (it may differ from the basic-interface key, reference §15 item 5a).';

/** Options of {@link signKitRequest}. */
export interface SignKitRequestOptions {
  /** The kit interfaces' KooGallery key. */
  accessKey: string;
  /** Request body: an object, or a JSON text of an object. It is re-emitted in canonical form. */
  body: string | object;
  /** Epoch milliseconds (number or up to 13 digits). Default: now. */
  timestamp?: number | string;
  /** Nonce. Default: 64 random hex characters. */
  nonce?: string;
}

/** Result of {@link signKitRequest}. */
export interface SignedKitRequest {
  body: string;
  headers: { 'x-sign': string; 'x-timestamp': string; 'x-nonce': string };
}

/** Options of {@link verifyKitRequest}. */
export interface VerifyKitRequestOptions {
  /** The kit interfaces' KooGallery key. */
  accessKey: string;
  /** The body exactly as received. */
  rawBody: string | Uint8Array;
  /** Request headers; names are matched case-insensitively, arrays use their first value. */
  headers: HeaderInput;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Allowed distance between `x-timestamp` and `now()`, both directions. Default 60 000 ms. */
  toleranceMs?: number;
}

/** The §7.2 signature bytes for an already-chosen payload. Internal building block, exposed for tests. */
export function kitSignatureBytes(
  accessKey: string,
  nonce: string,
  timestamp: string,
  payload: string | Uint8Array,
): Buffer {
  return hmacDigest(accessKey, accessKey + nonce + timestamp, payload);
}

/** {@link kitSignatureBytes} as lower-case hex, without an intermediate Buffer. */
function kitSignatureHex(
  accessKey: string,
  nonce: string,
  timestamp: string,
  payload: string | Uint8Array,
): string {
  return hmacHex(accessKey, accessKey + nonce + timestamp, payload);
}

/**
 * Signs a kit-interface request (tenantSync, applicationSync, authSync, singleOrgSync, allOrgSync) the way the
 * platform does.
 *
 * @throws ConfigError when `accessKey` is missing or empty, or `timestamp`/`nonce` are malformed.
 * @throws ValidationError (code `BODY_NOT_JSON`) when `body` is not a JSON object.
 * @example
 * const { body, headers } = signKitRequest({ accessKey: 'kit-key', body: { instanceId: 'i-1', flag: 1 } });
 */
export function signKitRequest(o: SignKitRequestOptions): SignedKitRequest {
  const opts = (o ?? {}) as Partial<SignKitRequestOptions>;
  const accessKey = requireSecret('accessKey', opts.accessKey, KEY_HINT);
  const timestamp = timestampOption('timestamp', opts.timestamp);
  const nonce = nonceOption('nonce', opts.nonce, randomHexNonce);
  const body = canonicalJson(opts.body as Record<string, unknown>);
  const sign = kitSignatureHex(accessKey, nonce, timestamp, body);
  return { body, headers: { 'x-sign': sign, 'x-timestamp': timestamp, 'x-nonce': nonce } };
}

/**
 * Verifies the `x-sign`, `x-timestamp` and `x-nonce` headers of a kit-interface call: raw bytes first, canonical
 * form as fallback, hex compared case-insensitively in constant time, ±`toleranceMs` window (≤ 10 digits read as
 * seconds). Nonce replay is NOT checked here (use the returned `nonce` with a nonce store).
 *
 * Never throws: bad arguments give `reason: 'INVALID_ARGUMENT'`.
 * @example
 * const r = verifyKitRequest({ accessKey: 'kit-key', rawBody, headers: req.headers });
 */
export function verifyKitRequest(o: VerifyKitRequestOptions): VerifyResult {
  const opts = (o ?? {}) as Partial<VerifyKitRequestOptions>;
  const headers = opts.headers;
  const args = checkVerifyArguments({
    keyName: 'accessKey',
    key: opts.accessKey,
    keyHint: KEY_HINT,
    rawBody: opts.rawBody,
    carrier: isHeaderContainer(headers) || 'headers must be the request headers object.',
    now: opts.now,
    toleranceMs: opts.toleranceMs,
  });
  if ('valid' in args) return args;
  const { key: accessKey, rawBody, freshness } = args;

  const sign = headerParam(headers, 'x-sign');
  if (sign === undefined || sign === '')
    return fail('SIGNATURE_MISSING', 'The x-sign header is missing: the call is not signed.');
  if (sign === NOT_A_STRING || !HEX_SHA256.test(sign)) {
    return fail('SIGNATURE_MALFORMED', 'The x-sign header is not 64 hexadecimal characters.');
  }
  const timestamp = headerParam(headers, 'x-timestamp');
  const timestampMs = checkTimestamp(timestamp, 'x-timestamp', freshness);
  if (typeof timestampMs !== 'number') return timestampMs;
  const nonce = checkNonce(headerParam(headers, 'x-nonce'), 'x-nonce');
  if (typeof nonce !== 'string') return nonce;

  const ts = timestamp as string;
  // The raw body first, inline (no closure on the common path); the canonical form only after a mismatch.
  if (hexEqual(kitSignatureHex(accessKey, nonce, ts, rawBody), sign)) {
    return { valid: true, timestampMs, nonce, matched: 'raw' };
  }
  const matched = matchCanonical(
    rawBody,
    (payload) => hexEqual(kitSignatureHex(accessKey, nonce, ts, payload), sign),
    'x-sign header',
  );
  if (typeof matched !== 'string') return matched;
  return { valid: true, timestampMs, nonce, matched };
}
