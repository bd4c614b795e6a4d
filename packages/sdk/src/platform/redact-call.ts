import { isSecretField, redactDeep, redactSecret, redactSignature, redactUrlUserInfo } from '../util/redact';
import type { ProductionCall } from './types';

const SIGNATURE_PARAM = /\b(signature|authToken)=([^&#\s"'<>\\]+)/gi;

/**
 * Masks what must never be shown from free text: values of `signature=` / `authToken=` query parameters are cut
 * to a short prefix, the user-info of URLs is masked and every literal secret in `secrets` (keys the caller
 * knows) is replaced.
 */
export function scrubText(text: string, secrets: readonly string[] = []): string {
  let out = redactUrlUserInfo(text).replace(SIGNATURE_PARAM, (_m, name: string, value: string) => {
    return `${name}=${redactSignature(safeDecode(value))}`;
  });
  for (const secret of secrets) {
    if (typeof secret === 'string' && secret.length >= 4) out = out.split(secret).join(redactSecret(secret));
  }
  return out;
}

/** Deep copy of a JSON-like value with {@link scrubText} applied to every string. */
export function scrubDeep<T>(value: T, secrets: readonly string[] = []): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrubText(v, secrets);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item)]));
    }
    return v;
  };
  return walk(value) as T;
}

/**
 * Copy of a production call safe to print or log: signatures in the URL and in `x-sign` / `Authorization`
 * headers cut to a short prefix, secret-named body fields masked, and every literal secret in `secrets` removed.
 * The body is kept byte for byte unless something in it had to be masked.
 */
export function redactCall(call: ProductionCall, secrets: readonly string[] = []): ProductionCall {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(call.headers)) {
    headers[name] = isSecretField(name) ? redactSignature(value) : scrubText(value, secrets);
  }
  const out: ProductionCall = {
    method: call.method,
    url: scrubText(call.url, secrets),
    headers,
    interface: call.interface,
  };
  if (call.body !== undefined) out.body = redactBody(call.body, secrets);
  return out;
}

function redactBody(body: string, secrets: readonly string[]): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return scrubText(body, secrets);
  }
  const redacted = redactDeep(parsed, secrets);
  const changed = JSON.stringify(redacted) !== JSON.stringify(parsed);
  return changed ? JSON.stringify(redacted) : scrubText(body, secrets);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
