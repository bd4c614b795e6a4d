/**
 * Server side of the APIG `SDK-HMAC-SHA256` signature (reference §7.7): what the mock marketplace's Open-API
 * gateway does with a seller's signed request.
 */
import { ConfigError } from '../errors';
import {
  UNSIGNED_PAYLOAD,
  buildCanonicalRequest,
  buildStringToSign,
  parseSdkDate,
  parseTarget,
  sha256Hex,
} from './apig-canonical';
import { HEX_SHA256, bytesEqual, hmacDigest } from './hmac';
import { headerParam, isHeaderContainer, NOT_A_STRING } from './inputs';
import { describeType } from '../util/option-checks';

/** Default allowed clock skew of `X-Sdk-Date`: 15 minutes (general APIG material; §15 item 23). */
export const DEFAULT_APIG_MAX_SKEW_MS = 15 * 60_000;

/** Options of {@link verifyApigRequest}. */
export interface VerifyApigRequestOptions {
  /** Returns the SK of an AK, or `undefined` for an unknown AK. Errors it throws propagate to the caller. */
  lookupSecret: (accessKey: string) => string | undefined;
  /** HTTP method as received. */
  method: string;
  /** Request target as received: path+query (e.g. `req.originalUrl`) or an absolute URL. */
  url: string;
  /** Request headers; names matched case-insensitively, arrays use their first value. */
  headers: Record<string, string | string[] | undefined>;
  /** Body bytes as received. Default: empty. */
  body?: string | Uint8Array;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Allowed distance between `X-Sdk-Date` and `now()`, both directions. Default 15 minutes. */
  maxSkewMs?: number;
}

/** Why an APIG-signed request was rejected. */
export type ApigFailureReason =
  | 'AUTH_HEADER_MISSING'
  | 'AUTH_HEADER_MALFORMED'
  | 'UNKNOWN_ACCESS_KEY'
  | 'DATE_MISSING'
  | 'DATE_INVALID'
  | 'CLOCK_SKEW'
  | 'SIGNATURE_MISMATCH';

/** Result of {@link verifyApigRequest}; `canonicalRequest` (what this side signed) is set on a mismatch. */
export type ApigVerifyResult =
  | { valid: true; accessKey: string }
  | { valid: false; reason: ApigFailureReason; message: string; canonicalRequest?: string };

const AUTHORIZATION =
  /^SDK-HMAC-SHA256\s+Access=([^\s,]+)\s*,\s*SignedHeaders=([^\s,]+)\s*,\s*Signature=([^\s,]+)\s*$/;
const SIGNED_HEADERS = /^[!#$%&'*+.^_`|~0-9a-z-]+(?:;[!#$%&'*+.^_`|~0-9a-z-]+)*$/;

function failure(reason: ApigFailureReason, message: string, canonicalRequest?: string): ApigVerifyResult {
  return canonicalRequest === undefined
    ? { valid: false, reason, message }
    : { valid: false, reason, message, canonicalRequest };
}

/**
 * Verifies the `Authorization: SDK-HMAC-SHA256 ...` header of a request. Accepts requests signed by
 * {@link signApigRequest} and by Huawei's SDKs, including unsigned-payload mode (`X-Sdk-Content-Sha256:
 * UNSIGNED-PAYLOAD` among the signed headers). `X-Sdk-Date` must be signed and within ±`maxSkewMs` of `now()`.
 *
 * Returns a result for everything that comes from the request; throws `ConfigError` only for programming errors
 * in the options (no `lookupSecret` function, a non-string `method`/`url`, a bad `url` form, bad `now`/`maxSkewMs`).
 * @example
 * const r = verifyApigRequest({ lookupSecret: (ak) => secrets.get(ak), method: req.method, url: req.originalUrl,
 *   headers: req.headers, body: rawBody });
 */
export function verifyApigRequest(o: VerifyApigRequestOptions): ApigVerifyResult {
  const opts = (o ?? {}) as Partial<VerifyApigRequestOptions>;
  if (typeof opts.lookupSecret !== 'function')
    throw new ConfigError('lookupSecret must be a function (accessKey) => secretKey | undefined.');
  if (typeof opts.method !== 'string' || opts.method === '')
    throw new ConfigError('method must be the HTTP method as a string.');
  if (typeof opts.url !== 'string')
    throw new ConfigError(`url must be the request target as a string, got ${describeType(opts.url)}.`);
  if (!isHeaderContainer(opts.headers)) throw new ConfigError('headers must be the request headers object.');
  if (opts.body !== undefined && typeof opts.body !== 'string' && !(opts.body instanceof Uint8Array)) {
    throw new ConfigError('body must be the received body as a string or Uint8Array, or be omitted.');
  }
  if (opts.now !== undefined && typeof opts.now !== 'function')
    throw new ConfigError('now must be a function returning epoch ms.');
  const maxSkewMs = opts.maxSkewMs ?? DEFAULT_APIG_MAX_SKEW_MS;
  if (typeof maxSkewMs !== 'number' || !Number.isFinite(maxSkewMs) || maxSkewMs < 0) {
    throw new ConfigError('maxSkewMs must be a finite number >= 0 (default 900000).');
  }
  const target = parseTarget(opts.url);
  const headers = opts.headers;

  const auth = headerParam(headers, 'authorization');
  if (auth === undefined || auth === '') {
    return failure(
      'AUTH_HEADER_MISSING',
      'The Authorization header is missing: sign the request with AK/SK (SDK-HMAC-SHA256).',
    );
  }
  const m = auth === NOT_A_STRING ? null : AUTHORIZATION.exec(auth);
  if (!m) {
    return failure(
      'AUTH_HEADER_MALFORMED',
      'The Authorization header is not "SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<a;b>, Signature=<64 hex>".',
    );
  }
  const [, accessKey, signedList, signature] = m as unknown as [string, string, string, string];
  if (!HEX_SHA256.test(signature)) {
    return failure('AUTH_HEADER_MALFORMED', 'The Authorization Signature is not 64 hexadecimal characters.');
  }
  if (!SIGNED_HEADERS.test(signedList)) {
    return failure(
      'AUTH_HEADER_MALFORMED',
      'SignedHeaders must be lower-case header names separated by ";".',
    );
  }
  const signedNames = signedList.split(';');
  if (!signedNames.includes('x-sdk-date')) {
    return failure(
      'AUTH_HEADER_MALFORMED',
      'SignedHeaders must include x-sdk-date, otherwise the request time is not protected.',
    );
  }

  const sdkDate = headerParam(headers, 'x-sdk-date');
  if (sdkDate === undefined || sdkDate === '')
    return failure('DATE_MISSING', 'The X-Sdk-Date header is missing.');
  const sdkDateText = sdkDate === NOT_A_STRING ? '' : sdkDate.trim();
  const dateMs = parseSdkDate(sdkDateText);
  if (dateMs === undefined) {
    return failure(
      'DATE_INVALID',
      "The X-Sdk-Date header is not UTC YYYYMMDD'T'HHMMSS'Z' (e.g. 20191115T033655Z).",
    );
  }
  const now = (opts.now ?? Date.now)();
  if (typeof now !== 'number' || !Number.isFinite(now))
    throw new ConfigError('now() must return a finite number of epoch ms.');
  if (Math.abs(dateMs - now) > maxSkewMs) {
    return failure(
      'CLOCK_SKEW',
      `X-Sdk-Date is ${Math.round(Math.abs(dateMs - now) / 1000)} s away from this server's clock (allowed ±${maxSkewMs / 1000} s): synchronise the client clock (NTP).`,
    );
  }

  const secret = opts.lookupSecret(accessKey);
  if (typeof secret !== 'string' || secret === '') {
    return failure(
      'UNKNOWN_ACCESS_KEY',
      'The access key (AK) in the Authorization header is not known here: check the AK/SK pair.',
    );
  }

  const signed: Array<[string, string]> = [];
  for (const name of signedNames) {
    let value = headerParam(headers, name);
    if (value === undefined && name === 'host') value = target.host;
    if (value === undefined || value === NOT_A_STRING) {
      return failure('SIGNATURE_MISMATCH', `The signed header ${name} is not present in the request.`);
    }
    signed.push([name, value]);
  }
  const declared = headerParam(headers, 'x-sdk-content-sha256');
  const unsigned =
    signedNames.includes('x-sdk-content-sha256') &&
    typeof declared === 'string' &&
    declared.trim() === UNSIGNED_PAYLOAD;
  const { canonicalRequest } = buildCanonicalRequest({
    method: opts.method.toUpperCase(),
    path: target.path,
    query: target.query,
    headers: signed,
    payloadHash: unsigned ? UNSIGNED_PAYLOAD : sha256Hex(opts.body ?? ''),
  });
  const expected = hmacDigest(secret, buildStringToSign(sdkDateText, canonicalRequest));
  if (!bytesEqual(expected, Buffer.from(signature, 'hex'))) {
    return failure(
      'SIGNATURE_MISMATCH',
      'The signature does not match: compare your canonical request with canonicalRequest (method, path with ' +
        'trailing "/", sorted encoded query, signed headers, body hash) and check the SK.',
      canonicalRequest,
    );
  }
  return { valid: true, accessKey };
}
