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

/** The redacted value of query parameter `k`, or undefined when it is kept as it is. */
function redactParam(k: string, v: string): string | undefined {
  if (SIGNATURE_NAMES.has(k.toLowerCase())) return redactSignature(v);
  if (isSecretField(k)) return redactSecret(v);
  return undefined;
}

/** A query name or value the URL serialiser writes unchanged (no percent-encoding, no `+`). */
const PLAIN_QUERY_PART = /^[A-Za-z0-9*._-]*$/;

/** The last URL prefix checked by {@link isSerialisedPrefix} (a mock calls one seller URL over and over). */
let lastPrefix: { text: string; serialised: boolean } | undefined;

/** True when parsing and serialising `prefix` (a URL without query or fragment) gives `prefix` back. */
function isSerialisedPrefix(prefix: string): boolean {
  if (lastPrefix?.text !== prefix) {
    let serialised = false;
    try {
      serialised = new URL(prefix).href === prefix;
    } catch {
      serialised = false;
    }
    lastPrefix = { text: prefix, serialised };
  }
  return lastPrefix.serialised;
}

/** `value` as the URL serialiser writes a query value (application/x-www-form-urlencoded). */
const formEncoded = (value: string): string => new URLSearchParams([['', value]]).toString().slice(1);

/**
 * {@link redactUrl} without parsing, for URLs like the ones the deliverer sends: a serialised prefix, then
 * `name=value` pairs whose characters the serialiser keeps as they are, no fragment, no redacted name twice. It gives the text the parser
 * path gives (test/engine/recording.test.ts) at a fraction of its cost (bench `delivery` case, issue 21: parsing
 * was 4 % of the engine's CPU per attempt). Undefined for any other URL, which then takes the parser path.
 */
function redactPlainUrl(url: string): string | undefined {
  const q = url.indexOf('?');
  if (q < 0 || url.includes('#') || !isSerialisedPrefix(url.slice(0, q))) return undefined;
  const pairs = url.slice(q + 1).split('&');
  const redactedNames = new Set<string>();
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as string;
    const eq = pair.indexOf('=');
    if (eq <= 0) return undefined;
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (!PLAIN_QUERY_PART.test(name) || !PLAIN_QUERY_PART.test(value)) return undefined;
    const redacted = redactParam(name, value);
    if (redacted === undefined) continue;
    // The parser path keeps one pair per redacted name (URLSearchParams.set): leave repeated names to it.
    if (redactedNames.has(name)) return undefined;
    redactedNames.add(name);
    pairs[i] = `${name}=${formEncoded(redacted)}`;
  }
  return `${url.slice(0, q)}?${pairs.join('&')}`;
}

/** Redacts signature-like query parameters of a URL (left as is when it cannot be parsed). */
function redactUrl(url: string, secrets: readonly string[]): string {
  const plain = redactPlainUrl(url);
  if (plain !== undefined) return scrubSecrets(plain, secrets);
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
