/**
 * Redaction of recorded exchanges. Attempts keep the request and reply for the console, but never a key or a
 * full signature: signatures are cut to a short prefix (enough to compare two attempts), other secrets masked,
 * and any configured literal secret is masked wherever it appears.
 */
import {
  isSecretField,
  redactCredentials,
  redactSecret,
  redactSignature,
} from '@koogallery-kit/sdk/platform';
import type { RecordedRequest, RecordedResponse } from '../model/delivery-types';
import { redactUrlUserInfo } from '@koogallery-kit/sdk/platform';

const SIGNATURE_NAMES = new Set(['signature', 'x-sign', 'body-sign', 'authtoken', 'sign']);

/** Masks the user-info of URLs and each literal secret (of 4+ characters) inside `text`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = redactUrlUserInfo(text);
  for (const s of secrets) if (s.length >= 4 && out.includes(s)) out = out.split(s).join('[REDACTED]');
  return out;
}

/** Cuts the `signature="…"` part of a Body-Sign value to a prefix, keeping the format visible. */
export function redactBodySignValue(value: string): string {
  return value.replace(
    /(signature\s*=\s*"?)([^",\s]+)/gi,
    (_m, head: string, sig: string) => head + redactSignature(sig),
  );
}

/** Redacts one header value by header name. */
function redactHeader(name: string, value: string, secrets: readonly string[]): string {
  const lower = name.toLowerCase();
  if (lower === 'body-sign') return redactBodySignValue(value);
  if (SIGNATURE_NAMES.has(lower)) return redactSignature(value);
  if (isSecretField(lower)) return redactSecret(value);
  return scrubSecrets(value, secrets);
}

/**
 * A URL the fast path of {@link redactUrl} may take: an http(s) URL with a canonical host (a dotted-quad IPv4
 * address or a lower-case name whose last label starts with a letter, no `xn--` label), an optional explicit port
 * without leading zeros, a path of unreserved characters without dot segments, and a query of unreserved
 * characters, no fragment. `new URL(url).toString()` leaves such a URL as it is (the default port aside, checked
 * in code), and form-encoding a redacted value (a prefix of unreserved characters plus `…`, or `[REDACTED]`)
 * gives the same text as `encodeURIComponent`.
 */
const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const PLAIN_URL = new RegExp(
  `^(https?)://(?!.*xn--)(?:(?:${OCTET}\\.){3}${OCTET}|(?:[a-z0-9-]+\\.)*[a-z][a-z0-9-]*)` +
    '(?::([1-9][0-9]{0,4}))?(?:/[A-Za-z0-9._~-]*)+' +
    '\\?([A-Za-z0-9._-]+=[A-Za-z0-9._-]*(?:&[A-Za-z0-9._-]+=[A-Za-z0-9._-]*)*)$',
);
/** A `.` or `..` path segment, which URL parsing would resolve. */
const DOT_SEGMENT = /\/\.\.?(?=[/?])/;

/** The redacted value of query parameter `k`, or undefined when it is kept as it is. */
function redactParam(k: string, v: string): string | undefined {
  if (SIGNATURE_NAMES.has(k.toLowerCase())) return redactSignature(v);
  if (isSecretField(k)) return redactSecret(v);
  return undefined;
}

/**
 * Fast path for the URLs the mock builds itself (every production call): the same result as the general path
 * without parsing the URL, or undefined when the URL is not {@link PLAIN_URL} or repeats a parameter.
 */
function redactPlainUrl(url: string): string | undefined {
  const match = PLAIN_URL.exec(url);
  if (match === null || DOT_SEGMENT.test(url)) return undefined;
  const [, scheme, port, query] = match as unknown as [string, string, string | undefined, string];
  if (port !== undefined) {
    const n = Number(port);
    if (n > 65_535 || (scheme === 'http' && n === 80) || (scheme === 'https' && n === 443)) return undefined;
  }
  const pairs = query.split('&');
  const seen = new Set<string>();
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as string;
    const eq = pair.indexOf('=');
    const k = pair.slice(0, eq);
    if (seen.has(k)) return undefined;
    seen.add(k);
    const redacted = redactParam(k, pair.slice(eq + 1));
    if (redacted !== undefined) pairs[i] = `${k}=${encodeURIComponent(redacted)}`;
  }
  return `${url.slice(0, url.length - query.length)}${pairs.join('&')}`;
}

/** Redacts signature-like query parameters of a URL (left as is when it cannot be parsed). */
function redactUrl(url: string, secrets: readonly string[]): string {
  const plain = redactPlainUrl(url);
  if (plain !== undefined) return scrubSecrets(plain, secrets);
  return redactParsedUrl(url, secrets);
}

/** The general path of {@link redactUrl}: through `URL` and `URLSearchParams`. */
export function redactParsedUrl(url: string, secrets: readonly string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return scrubSecrets(url, secrets);
  }
  for (const [k, v] of [...parsed.searchParams.entries()]) {
    const redacted = redactParam(k, v);
    if (redacted !== undefined) parsed.searchParams.set(k, redacted);
  }
  return scrubSecrets(parsed.toString(), secrets);
}

/** A copy of `req` safe to store and show. */
export function redactRequest(req: RecordedRequest, secrets: readonly string[]): RecordedRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k] = redactHeader(k, String(v), secrets);
  const out: RecordedRequest = {
    method: String(req.method),
    url: redactUrl(String(req.url), secrets),
    headers,
  };
  if (typeof req.body === 'string') out.body = scrubSecrets(req.body, secrets);
  return out;
}

/** A copy of `res` safe to store and show. */
export function redactResponse(res: RecordedResponse, secrets: readonly string[]): RecordedResponse {
  return {
    status: res.status,
    headers: (res.headers ?? []).map(
      ([k, v]) => [k, redactHeader(k, String(v), secrets)] as [string, string],
    ),
    // Credentials the seller returned (appInfo.userName/password, clientSecret) are masked like signatures.
    body: scrubSecrets(redactCredentials(String(res.body ?? '')), secrets),
  };
}
