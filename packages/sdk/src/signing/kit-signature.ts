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
import { headerParam, isHeaderContainer, type HeaderInput } from './inputs';
import { requireSecret } from '../util/option-checks';
import { nonceOption, timestampOption } from './freshness';
import { randomHexNonce } from './request-signature';
import { verifySignedCall, type SignedCallSpec } from './signed-body';
import type { VerifyResult } from './verify-result';

const KEY_HINT = 'pass the kit key (it may differ from the basic-interface key, reference §15 item 5a).';

/** §7.2: `x-sign`, `x-timestamp` and `x-nonce` headers; the signature is hex. */
const SIGNED_CALL: SignedCallSpec = {
  keyName: 'accessKey',
  keyHint: KEY_HINT,
  isCarrier: isHeaderContainer,
  carrierHint: 'headers must be the request headers object.',
  read: headerParam,
  signature: 'x-sign',
  timestamp: 'x-timestamp',
  nonce: 'x-nonce',
  signatureWhere: 'x-sign header',
  mismatchName: 'x-sign header',
  subject: 'call',
  format: HEX_SHA256,
  formatText: '64 hexadecimal characters',
};

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
  return verifySignedCall(
    SIGNED_CALL,
    {
      key: opts.accessKey,
      rawBody: opts.rawBody,
      carrier: opts.headers,
      now: opts.now,
      toleranceMs: opts.toleranceMs,
    },
    (p, payload) => hexEqual(kitSignatureHex(p.key, p.nonce, p.timestamp, payload), p.signature),
  );
}
