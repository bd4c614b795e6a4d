/**
 * `Body-Sign` response header (reference §7.3), sent by the seller with every production-interface answer:
 *
 *     Body-Sign: sign_type="HMAC-SHA256", signature="<base64(HMAC(accessKey, exact response body bytes))>"
 *
 * The platform's checker wants exactly that rendering (both values in double quotes, comma and one space; header
 * name `Body-Sign` in that case). How tolerant it is of other renderings is unknown (§15 item 7), so
 * {@link createBodySign} always emits the documented form while {@link parseBodySign} reads variants and reports
 * whether the value was in the documented form (`strict`).
 */
import { asciiEqual, base64Equal, hmacBase64, hmacDigest } from './hmac';
import { isNonEmptyString, requireBytes, requireSecret } from '../util/option-checks';
import { documentedBodySignature } from './fast-paths';

const KEY_HINT = 'pass the same key the platform uses to sign requests to this endpoint.';

/** Parsed `Body-Sign` header value. */
export interface ParsedBodySign {
  /** Value of `sign_type` as sent (the documented value is `HMAC-SHA256`). */
  signType: string;
  /** Value of `signature` as sent (Base64). */
  signature: string;
  /** True only for exactly `sign_type="HMAC-SHA256", signature="<44-char Base64>"`. */
  strict: boolean;
}

/** Base64 of 32 bytes, padding optional (tolerant reading). */
const B64_32_LOOSE = /^[A-Za-z0-9+/]{43}=?$/;
const MAX_HEADER_LENGTH = 1024;

// The tokeniser's character classes (no `g` flag: `test` keeps no state, so they can be shared).
const SEPARATOR = /[\s,;]/;
const KEY_CHAR = /[A-Za-z0-9_-]/;
const SPACE = /\s/;
const BARE_VALUE_CHAR = /[^\s,;"']/;

/** Index of the first character at or after `i` that `re` does not match (the tokeniser's skip step). */
function skip(value: string, i: number, re: RegExp): number {
  const n = value.length;
  while (i < n && re.test(value[i] as string)) i++;
  return i;
}

/**
 * Computes the `Body-Sign` header value for a response body: Base64 HMAC-SHA256 over the exact bytes sent.
 *
 * @throws ConfigError when `accessKey` is missing or empty, or `responseBody` is not a string or Uint8Array.
 * @example
 * const body = JSON.stringify({ resultCode: '000000', resultMsg: 'success.' });
 * res.setHeader('Body-Sign', createBodySign('my-key', body)).end(body);
 */
export function createBodySign(accessKey: string, responseBody: string | Uint8Array): string {
  const key = requireSecret('accessKey', accessKey, KEY_HINT);
  const body = requireBytes('responseBody', responseBody);
  return `sign_type="HMAC-SHA256", signature="${hmacBase64(key, body)}"`;
}

/**
 * Reads a `Body-Sign` header value tolerantly: pairs in any order, separated by `,` or `;` with or without
 * spaces, values in double, single or no quotes, keys in any case, extra pairs ignored. A one-element array
 * (as some header APIs return) is read as its element.
 *
 * @returns the parsed value, or `null` when it is not a string, has no `sign_type` or no `signature`, repeats a
 *   key, or cannot be tokenised (e.g. an unterminated quote). Never throws.
 * @example
 * parseBodySign('signature=abc=,sign_type=HMAC-SHA256'); // { signType: 'HMAC-SHA256', signature: 'abc=', strict: false }
 */
export function parseBodySign(headerValue: unknown): ParsedBodySign | null {
  const value =
    Array.isArray(headerValue) && headerValue.length === 1 ? (headerValue[0] as unknown) : headerValue;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_HEADER_LENGTH) return null;
  const documented = documentedBodySignature(value);
  if (documented !== undefined) return { signType: 'HMAC-SHA256', signature: documented, strict: true };
  const pairs = new Map<string, string>();
  let i = 0;
  const n = value.length;
  while (i < n) {
    i = skip(value, i, SEPARATOR);
    if (i >= n) break;
    const keyStart = i;
    i = skip(value, i, KEY_CHAR);
    const key = value.slice(keyStart, i).toLowerCase();
    i = skip(value, i, SPACE);
    if (key === '' || value[i] !== '=') return null;
    i++;
    i = skip(value, i, SPACE);
    let item: string;
    const q = value[i];
    if (q === '"' || q === "'") {
      const end = value.indexOf(q, i + 1);
      if (end < 0) return null;
      item = value.slice(i + 1, end);
      i = end + 1;
    } else {
      const start = i;
      i = skip(value, i, BARE_VALUE_CHAR);
      item = value.slice(start, i);
    }
    if (pairs.has(key)) return null;
    pairs.set(key, item);
    if (i < n && !SEPARATOR.test(value[i] as string)) return null;
  }
  const signType = pairs.get('sign_type');
  const signature = pairs.get('signature');
  if (!isNonEmptyString(signType) || !isNonEmptyString(signature)) return null;
  // The documented rendering was answered above, so a value that reaches the tokeniser is never strict.
  return { signType, signature, strict: false };
}

/**
 * Checks a `Body-Sign` header value against the exact response body bytes. The value is read with
 * {@link parseBodySign} (tolerant); `sign_type` must be `HMAC-SHA256` (any case). Use `parseBodySign(v)?.strict`
 * to also require the documented rendering.
 *
 * @returns `true` only when the signature matches. Never throws: bad arguments or a malformed header give `false`.
 * @example
 * verifyBodySign('my-key', body, res.headers['body-sign']); // true
 */
export function verifyBodySign(
  accessKey: string,
  responseBody: string | Uint8Array,
  headerValue: string | undefined,
): boolean {
  if (!isNonEmptyString(accessKey)) return false;
  if (typeof responseBody !== 'string' && !(responseBody instanceof Uint8Array)) return false;
  const documented = typeof headerValue === 'string' ? documentedBodySignature(headerValue) : undefined;
  if (documented !== undefined) return asciiEqual(hmacBase64(accessKey, responseBody), documented);
  const parsed = parseBodySign(headerValue);
  if (parsed === null || parsed.signType.toUpperCase() !== 'HMAC-SHA256') return false;
  if (!B64_32_LOOSE.test(parsed.signature)) return false;
  const padded = parsed.signature.length === 43 ? `${parsed.signature}=` : parsed.signature;
  return base64Equal(hmacDigest(accessKey, responseBody), padded);
}
