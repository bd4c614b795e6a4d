/**
 * Redaction used by every message, log line and error body the toolkit produces. Keys and secrets are never
 * shown, not even in part; signatures are cut to a short prefix so two values can still be told apart.
 */

const SECRET_FIELD =
  /^(access_?key|secret_?key|secret|sk|ak|key|kit_?access_?key|usage_?key|password|client_?secret|authorization|x-sign|signature|authtoken|body-sign|access_token|refresh_token|token)$/i;

/** Always the same mask, whatever the secret's length. */
export function redactSecret(_secret: unknown): string {
  return '[REDACTED]';
}

/** First 6 characters of a signature-like value, then an ellipsis: enough to compare, useless to replay. */
export function redactSignature(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) return String(value);
  return value.length <= 6 ? '…' : `${value.slice(0, 6)}…`;
}

/** True for field or header names that carry secrets or signatures. */
export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

/**
 * Deep copy of `value` with every secret-named field replaced. `extraSecrets` lists literal secret values
 * (keys the caller knows) that are masked wherever they appear inside strings.
 */
export function redactDeep(value: unknown, extraSecrets: readonly string[] = []): unknown {
  const secrets = extraSecrets.filter((s) => typeof s === 'string' && s.length >= 4);
  const scrub = (s: string): string =>
    secrets.reduce((acc, secret) => acc.split(secret).join('[REDACTED]'), s);
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (v === null || typeof v !== 'object' || depth > 32) return v;
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) {
      out[k] = isSecretField(k) && item != null && item !== '' ? redactSecret(item) : walk(item, depth + 1);
    }
    return out;
  };
  return walk(value, 0);
}

/** `scheme://user:password@` at the start of a URL (the last `@` before the path ends the user-info). */
const URL_USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/?#\s"'<>]*@/gi;

/**
 * Masks the user-info (`user:password@`) of every URL inside `text`: `https://u:p@host/x` becomes
 * `https://[REDACTED]@host/x`. Works on text that is not a valid URL too, so error messages that echo a bad URL
 * stay safe. The URL still carries the credentials where it is used for a call; only what is shown is masked.
 */
export function redactUrlUserInfo(text: string): string {
  return text.includes('@') ? text.replace(URL_USER_INFO, '$1[REDACTED]@') : text;
}
