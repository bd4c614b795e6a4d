/**
 * APIG AK/SK signer `SDK-HMAC-SHA256` (reference §7.7) for the seller's calls to the KooGallery Open APIs.
 * Canonicalisation rules are in `./apig-canonical`.
 */
import { ConfigError } from '../errors';
import {
  APIG_ALGORITHM,
  UNSIGNED_PAYLOAD,
  buildCanonicalRequest,
  buildStringToSign,
  formatSdkDate,
  parseSdkDate,
  parseTarget,
  sha256Hex,
  sortHeaderNames,
} from './apig-canonical';
import { hmacHex } from './hmac';
import { describeType, requireBytes, requireSecret } from '../util/option-checks';

/** Options of {@link signApigRequest}. */
export interface SignApigRequestOptions {
  /** Access key id (AK) from the console's My Credentials > Access Keys. */
  accessKey: string;
  /** Secret access key (SK). */
  secretKey: string;
  /** HTTP method (any case; signed upper-case). */
  method: string;
  /** Absolute URL, or a path+query when `headers` carries `Host`. */
  url: string;
  /**
   * Headers that will be sent unchanged and are all signed (e.g. `Content-Type`, `x-stage`). `Host` defaults to the
   * URL's host. An `X-Sdk-Date` here is used when `date` is omitted. Must not contain `Authorization`.
   */
  headers?: Record<string, string>;
  /** Body exactly as sent. Default: empty. */
  body?: string | Uint8Array;
  /** Signing time. Default: now. */
  date?: Date;
  /**
   * Sign `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` and use that literal instead of the body hash (what Huawei's SDK
   * does for non-`application/json` content types). Also enabled by passing that header. Default `false`.
   */
  unsignedPayload?: boolean;
}

/** Everything the signer computed; returned by {@link computeApigSignature} for diagnostics and tests. */
export interface ApigSignature {
  sdkDate: string;
  canonicalRequest: string;
  stringToSign: string;
  signedHeaders: string;
  signature: string;
  authorization: string;
  unsignedPayload: boolean;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const SDK_DATE = 'x-sdk-date';
const CONTENT_SHA = 'x-sdk-content-sha256';

function collectHeaders(headers: unknown): Map<string, string> {
  const map = new Map<string, string>();
  if (headers === undefined) return map;
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) {
    throw new ConfigError(
      `headers must be an object of header names to string values, got ${describeType(headers)}.`,
    );
  }
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (!TOKEN.test(name))
      throw new ConfigError(`Header name ${JSON.stringify(name)} is not a valid HTTP token.`);
    if (typeof value !== 'string')
      throw new ConfigError(`Header ${name} must have a string value, got ${describeType(value)}.`);
    if (/[\r\n\0]/.test(value))
      throw new ConfigError(`Header ${name} contains a line break or NUL character.`);
    const lower = name.toLowerCase();
    if (lower === 'authorization')
      throw new ConfigError('headers must not contain Authorization: the signer computes it.');
    if (map.has(lower))
      throw new ConfigError(`Header ${name} is given twice (header names are case-insensitive).`);
    map.set(lower, value);
  }
  return map;
}

function resolveDate(date: unknown, fromHeader: string | undefined): string {
  if (date !== undefined) {
    if (
      !(date instanceof Date) ||
      Number.isNaN(date.getTime()) ||
      date.getUTCFullYear() > 9999 ||
      date.getUTCFullYear() < 0
    ) {
      throw new ConfigError('date must be a valid Date (years 0–9999), or be omitted for now.');
    }
    const formatted = formatSdkDate(date);
    if (fromHeader !== undefined && fromHeader.trim() !== formatted) {
      throw new ConfigError('The X-Sdk-Date header and the date option disagree: pass only one of them.');
    }
    return formatted;
  }
  if (fromHeader !== undefined) {
    const trimmed = fromHeader.trim();
    if (parseSdkDate(trimmed) === undefined) {
      throw new ConfigError(
        "The X-Sdk-Date header must be UTC YYYYMMDD'T'HHMMSS'Z' (e.g. 20191115T033655Z).",
      );
    }
    return trimmed;
  }
  return formatSdkDate(new Date());
}

/**
 * Computes the full APIG signature (canonical request, string to sign, signature, Authorization value).
 *
 * @throws ConfigError for a missing AK/SK, a bad method, URL, header, body or date.
 */
export function computeApigSignature(o: SignApigRequestOptions): ApigSignature {
  const opts = (o ?? {}) as Partial<SignApigRequestOptions>;
  const accessKey = requireSecret(
    'accessKey',
    opts.accessKey,
    'pass the AK from My Credentials > Access Keys.',
  );
  const secretKey = requireSecret('secretKey', opts.secretKey, 'pass the SK that belongs to the AK.');
  if (/[\s,=]/.test(accessKey)) {
    throw new ConfigError(
      'accessKey must not contain spaces, commas or "=" (it is written into the Authorization header).',
    );
  }
  if (typeof opts.method !== 'string' || !/^[A-Za-z]+$/.test(opts.method)) {
    throw new ConfigError('method must be an HTTP method name such as GET or POST.');
  }
  if (typeof opts.url !== 'string')
    throw new ConfigError(`url must be a string, got ${describeType(opts.url)}.`);
  const body = opts.body === undefined ? '' : requireBytes('body', opts.body);
  if (opts.unsignedPayload !== undefined && typeof opts.unsignedPayload !== 'boolean') {
    throw new ConfigError('unsignedPayload must be a boolean (default false).');
  }
  const target = parseTarget(opts.url);
  const headers = collectHeaders(opts.headers);

  const sdkDate = resolveDate(opts.date, headers.get(SDK_DATE));
  headers.set(SDK_DATE, sdkDate);
  if (!headers.has('host')) {
    if (target.host === undefined)
      throw new ConfigError('url has no host: pass an absolute URL or a Host header.');
    headers.set('host', target.host);
  }
  const declared = headers.get(CONTENT_SHA)?.trim();
  const unsignedPayload = opts.unsignedPayload === true || declared === UNSIGNED_PAYLOAD;
  let payloadHash: string;
  if (unsignedPayload) {
    if (declared !== undefined && declared !== UNSIGNED_PAYLOAD) {
      throw new ConfigError(
        'unsignedPayload conflicts with the X-Sdk-Content-Sha256 header: remove the header.',
      );
    }
    headers.set(CONTENT_SHA, UNSIGNED_PAYLOAD);
    payloadHash = UNSIGNED_PAYLOAD;
  } else {
    payloadHash = sha256Hex(body);
    if (declared !== undefined && declared.toLowerCase() !== payloadHash) {
      throw new ConfigError(
        'The X-Sdk-Content-Sha256 header does not match the body: remove it and let the signer hash the body.',
      );
    }
  }

  const ordered = sortHeaderNames(headers.keys()).map((name) => [name, headers.get(name) as string] as const);
  const { canonicalRequest, signedHeaders } = buildCanonicalRequest({
    method: opts.method.toUpperCase(),
    path: target.path,
    query: target.query,
    headers: ordered,
    payloadHash,
  });
  const stringToSign = buildStringToSign(sdkDate, canonicalRequest);
  const signature = hmacHex(secretKey, stringToSign);
  const authorization = `${APIG_ALGORITHM} Access=${accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return {
    sdkDate,
    canonicalRequest,
    stringToSign,
    signedHeaders,
    signature,
    authorization,
    unsignedPayload,
  };
}

/**
 * Signs a request to a KooGallery Open API with AK/SK (`SDK-HMAC-SHA256`).
 *
 * @returns the headers to add: `X-Sdk-Date`, `Authorization`, and `X-Sdk-Content-Sha256` in unsigned-payload mode.
 *   `Host` is not returned: HTTP clients send the URL's host, which is what was signed.
 * @throws ConfigError for a missing AK/SK, a bad method, URL, header, body or date.
 * @example
 * const url = 'https://mkt.myhuaweicloud.com/api/mkp-openapi-public/global/v1/order/query?orderId=CS1';
 * const headers = { 'Content-Type': 'application/json' };
 * const auth = signApigRequest({ accessKey: AK, secretKey: SK, method: 'GET', url, headers });
 * await fetch(url, { headers: { ...headers, ...auth } });
 */
export function signApigRequest(o: SignApigRequestOptions): Record<string, string> {
  const s = computeApigSignature(o);
  const out: Record<string, string> = { 'X-Sdk-Date': s.sdkDate, Authorization: s.authorization };
  if (s.unsignedPayload) out['X-Sdk-Content-Sha256'] = UNSIGNED_PAYLOAD;
  return out;
}
