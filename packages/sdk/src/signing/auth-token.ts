/**
 * V1 `authToken` (reference §7.5, §9.2), a query parameter of the legacy GET production calls:
 *
 *     str       = k1=v1&k2=v2&...   all parameters except authToken, URL-decoded values, keys in byte order
 *     authToken = base64(HMAC(accessKey + timeStamp, str))
 *
 * `+`-as-space repair: the platform does not always percent-encode `+` in Base64 values, so a query parser turns
 * it into a space. The verifier maps spaces in the token back to `+` (spaces never occur in Base64), and when the
 * token does not match it retries with spaces mapped back to `+` in the parameter values that contain spaces
 * (encrypted `mobilePhone` / `email` values are Base64 too), every combination when at most four values contain
 * spaces, so a real space elsewhere (a customer name) stays a space.
 */
import { ConfigError } from '../errors';
import { BASE64_SHA256, base64Equal, hmacDigest } from './hmac';
import { isQueryContainer } from './inputs';
import { describeType, isNonEmptyString, requireSecret } from '../util/option-checks';
import { fail, type VerifyResult } from './verify-result';
import { parseCompactTime } from '../util/compact-time';

const KEY_HINT = 'pass the V1 key shown on the seller information page.';

/** Options of {@link verifyAuthToken}. */
export interface VerifyAuthTokenOptions {
  /** The seller's V1 key. */
  accessKey: string;
  /** The decoded query parameters of the call (`authToken`, `timeStamp`, `activity`, ...). Arrays use their first value. */
  query: Record<string, string | string[] | undefined> | URLSearchParams;
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The V1 string to sign: `k=v` pairs in UTF-8 byte order of the keys, joined with `&`. Exposed for tests. */
export function authTokenStringToSign(params: ReadonlyMap<string, string>): string {
  return [...params.keys()]
    .sort(byteOrder)
    .map((k) => `${k}=${params.get(k) as string}`)
    .join('&');
}

function tokenBytes(accessKey: string, params: ReadonlyMap<string, string>): Buffer {
  return hmacDigest(accessKey + (params.get('timeStamp') ?? ''), authTokenStringToSign(params));
}

/**
 * Computes the V1 `authToken` for a set of decoded query parameters (an `authToken` entry, if present, is ignored).
 * `params.timeStamp` (UTC `yyyyMMddHHmmssSSS`) is both signed and appended to the HMAC key.
 *
 * @throws ConfigError when `accessKey` is missing or empty, `params` is not an object of strings, or it has no
 *   `timeStamp`.
 * @example
 * computeAuthToken('my-key', { activity: 'newInstance', orderId: 'CS1', timeStamp: '20200727073711903' });
 */
export function computeAuthToken(accessKey: string, params: Record<string, string>): string {
  const key = requireSecret('accessKey', accessKey, KEY_HINT);
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new ConfigError(
      `params must be an object of decoded query parameters, got ${describeType(params)}.`,
    );
  }
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(params)) {
    if (name === 'authToken') continue;
    if (typeof value !== 'string') {
      throw new ConfigError(
        `params.${name} must be a string (a decoded query value), got ${describeType(value)}.`,
      );
    }
    map.set(name, value);
  }
  if (!isNonEmptyString(map.get('timeStamp'))) {
    throw new ConfigError(
      'params.timeStamp is required: it is part of the HMAC key (UTC yyyyMMddHHmmssSSS).',
    );
  }
  return tokenBytes(key, map).toString('base64');
}

/** Reads a V1 `timeStamp` (UTC `yyyyMMddHHmmssSSS`, or `yyyyMMddHHmmss`) into epoch ms; `undefined` if invalid. */
export function v1TimestampToMs(text: string): number | undefined {
  return parseCompactTime(text) ?? parseCompactTime(text, 'yyyyMMddHHmmss');
}

/** Most parameters with spaces for which every combination of repairs is tried (2^n HMACs); beyond, all or none. */
const MAX_REPAIR_COMBINATIONS_OF = 4;

/**
 * Variants of `params` with spaces mapped back to `+` in some of the values that contain spaces (a real space, e.g.
 * in a customer name, must stay a space while a Base64 value next to it needs the repair).
 */
function* plusRepairs(params: ReadonlyMap<string, string>): Generator<Map<string, string>> {
  const spaced = [...params.keys()].filter((k) => (params.get(k) as string).includes(' '));
  if (spaced.length === 0) return;
  const repair = (keys: readonly string[]): Map<string, string> => {
    const variant = new Map(params);
    for (const k of keys) variant.set(k, (params.get(k) as string).replace(/ /g, '+'));
    return variant;
  };
  if (spaced.length > MAX_REPAIR_COMBINATIONS_OF) {
    yield repair(spaced);
    return;
  }
  for (let mask = 1; mask < 1 << spaced.length; mask++) {
    yield repair(spaced.filter((_, bit) => (mask & (1 << bit)) !== 0));
  }
}

function collect(query: unknown): Map<string, string> | string {
  const map = new Map<string, string>();
  if (query instanceof URLSearchParams) {
    for (const [k, v] of query) if (!map.has(k)) map.set(k, v);
    return map;
  }
  for (const [k, raw] of Object.entries(query as Record<string, unknown>)) {
    const v = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') return k;
    map.set(k, v);
  }
  return map;
}

/**
 * Verifies the V1 `authToken` query parameter, with the `+`-as-space repair (see the module notes). V1 documents
 * no freshness window, so the timestamp is only checked for format; `nonce` is `''` in the result (V1 has none)
 * and `matched` is `'canonical'` when the match needed the repair.
 *
 * Never throws: bad arguments give `reason: 'INVALID_ARGUMENT'`.
 * @example
 * const r = verifyAuthToken({ accessKey: 'my-key', query: req.query });
 */
export function verifyAuthToken(o: VerifyAuthTokenOptions): VerifyResult {
  const opts = (o ?? {}) as Partial<VerifyAuthTokenOptions>;
  const { accessKey, query } = opts;
  if (!isNonEmptyString(accessKey))
    return fail('INVALID_ARGUMENT', `accessKey must be a non-empty string: ${KEY_HINT}`);
  if (!isQueryContainer(query)) {
    return fail(
      'INVALID_ARGUMENT',
      'query must be the parsed query string (a plain object or URLSearchParams).',
    );
  }
  const params = collect(query);
  if (typeof params === 'string') {
    return fail(
      'INVALID_ARGUMENT',
      `Query parameter ${params} is not a string: configure the query parser to keep plain strings.`,
    );
  }
  const token = params.get('authToken');
  params.delete('authToken');
  if (token === undefined || token === '') {
    return fail('SIGNATURE_MISSING', 'The authToken query parameter is missing: the call is not signed.');
  }
  const timeStamp = params.get('timeStamp');
  if (timeStamp === undefined || timeStamp === '') {
    return fail(
      'TIMESTAMP_MISSING',
      'The timeStamp query parameter is missing: it is part of the V1 signature.',
    );
  }
  const timestampMs = v1TimestampToMs(timeStamp);
  if (timestampMs === undefined) {
    return fail('TIMESTAMP_INVALID', 'The timeStamp query parameter is not a UTC yyyyMMddHHmmssSSS value.');
  }
  const repaired = token.replace(/ /g, '+');
  if (!BASE64_SHA256.test(repaired)) {
    return fail(
      'SIGNATURE_MALFORMED',
      'The authToken query parameter is not the 44-character Base64 of an HMAC-SHA256.',
    );
  }
  if (base64Equal(tokenBytes(accessKey, params), repaired)) {
    return { valid: true, timestampMs, nonce: '', matched: repaired === token ? 'raw' : 'canonical' };
  }
  for (const variant of plusRepairs(params)) {
    if (base64Equal(tokenBytes(accessKey, variant), repaired)) {
      return { valid: true, timestampMs, nonce: '', matched: 'canonical' };
    }
  }
  return fail(
    'SIGNATURE_MISMATCH',
    'The authToken does not match the query parameters: check the V1 key and that every parameter reaches the ' +
      'verifier URL-decoded exactly once.',
  );
}
