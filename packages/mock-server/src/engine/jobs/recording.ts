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

/** Redacts signature-like query parameters of a URL (left as is when it cannot be parsed). */
function redactUrl(url: string, secrets: readonly string[]): string {
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
