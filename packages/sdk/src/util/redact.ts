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

/** A value {@link maskCredential} produced. */
const MASKED = /^[^…]{0,6}…\(\d+ chars\)$/;

/** Names of the credentials a seller returns to the platform: appInfo.userName / password, clientSecret. */
const RETURNED_CREDENTIAL = /^(user_?name|password|client_?secret)$/i;

/**
 * A credential masked the way signatures are: its first characters (none for short values, six for long encrypted
 * ones, whose first 16 characters are a random IV), an ellipsis and its length — enough to tell two values apart
 * or spot a wrong length, useless to log in with. `Huawei12345` → `Hu…(11 chars)`.
 */
export function maskCredential(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) return String(value);
  if (MASKED.test(value)) return value; // already masked: masking again would lose the length

  const shown = value.length >= 24 ? 6 : value.length >= 8 ? 2 : value.length >= 4 ? 1 : 0;
  return `${value.slice(0, shown)}…(${value.length} chars)`;
}

/** True for the names of credentials a seller returns (`userName`, `password`, `clientSecret`) and every secret field name. */
export function isCredentialField(name: string): boolean {
  return RETURNED_CREDENTIAL.test(name) || isSecretField(name);
}

/**
 * A reply body with every credential masked ({@link maskCredential}): string values of `userName`, `password`,
 * `clientSecret` and secret-named fields (see {@link isSecretField}), encrypted or not, at any depth. The rest of
 * the body keeps its bytes (each credential's JSON string literal is replaced where it appears); only when a value
 * is written in another form (escapes) is the body re-serialised. A body that is not JSON is returned unchanged.
 *
 * @example
 * redactCredentials('{"appInfo":{"password":"Huawei12345"}}'); // '{"appInfo":{"password":"Hu…(11 chars)"}}'
 */
export function redactCredentials(body: string): string {
  if (
    typeof body !== 'string' ||
    !/user_?name|password|secret|key|token|sign|sk|ak|authorization/i.test(body)
  ) {
    return body;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  const found = new Set<string>();
  const walk = (v: unknown, depth: number): unknown => {
    if (v === null || typeof v !== 'object' || depth > 32) return v;
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) {
      if (isCredentialField(k) && typeof item === 'string' && item !== '' && !MASKED.test(item)) {
        out[k] = maskCredential(item);
        found.add(item);
      } else {
        out[k] = walk(item, depth + 1);
      }
    }
    return out;
  };
  const masked = walk(parsed, 0);
  if (found.size === 0) return body;
  let out = body;
  for (const value of found)
    out = out.split(JSON.stringify(value)).join(JSON.stringify(maskCredential(value)));
  return [...found].some((value) => out.includes(value)) ? JSON.stringify(masked) : out;
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
