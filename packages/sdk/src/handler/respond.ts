import { createBodySign } from '../signing';

/** What the handler answers; adapters copy it to the wire unchanged. */
export interface HandlerResponse {
  /** HTTP status: 200, except 405 (wrong method) and 413 (body over `maxBodyBytes`). */
  status: number;
  /**
   * Response headers, names in the exact case the platform checks: always `Content-Type:
   * application/json;charset=UTF-8` and `Body-Sign`; `Allow` on 405.
   */
  headers: Record<string, string>;
  /** The JSON body; `Body-Sign` covers exactly these characters encoded as UTF-8 (they are all ASCII). */
  body: string;
}

/** Content type of every answer. */
export const RESPONSE_CONTENT_TYPE = 'application/json;charset=UTF-8';

const HAS_NON_ASCII = /[\u007f-\uffff]/;
// Global, for replace(), which starts from index 0 and leaves lastIndex at 0: safe to share.
const NON_ASCII = /[\u007f-\uffff]/g;

function escapeChar(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Rewrites every character above U+007E of a JSON text as a `\uXXXX` escape. The JSON value is unchanged, the bytes
 * cannot be altered by a charset conversion on the way, and the queryInstance rule that Chinese text in `memo` be
 * sent as `\uXXXX` escapes (protocol §3.2) holds for every field.
 */
export function escapeNonAscii(json: string): string {
  // Most answers are ASCII already: one test, and the string is returned as is.
  return HAS_NON_ASCII.test(json) ? json.replace(NON_ASCII, escapeChar) : json;
}

/** Serialises `payload` once, ASCII-only (see {@link escapeNonAscii}). */
export function serialiseResponse(payload: Record<string, unknown>): string {
  return escapeNonAscii(JSON.stringify(payload));
}

/**
 * Internal: sign an already serialised answer (`json`, the output of `JSON.stringify`; escaped here) with `key` and
 * wrap it as a {@link HandlerResponse}. Lets the pipeline reuse the text it serialised for validation.
 */
export function signedJsonResponse(
  key: string,
  json: string,
  status = 200,
  extraHeaders?: Record<string, string>,
): HandlerResponse {
  const body = escapeNonAscii(json);
  const bodySign = createBodySign(key, body);
  // A plain literal on the common path (no extra headers to copy in).
  const headers =
    extraHeaders === undefined
      ? { 'Content-Type': RESPONSE_CONTENT_TYPE, 'Body-Sign': bodySign }
      : { 'Content-Type': RESPONSE_CONTENT_TYPE, 'Body-Sign': bodySign, ...extraHeaders };
  return { status, headers, body };
}

/** Internal: serialise, sign with `key`, and wrap as a {@link HandlerResponse}. */
export function signedResponse(
  key: string,
  payload: Record<string, unknown>,
  status = 200,
  extraHeaders?: Record<string, string>,
): HandlerResponse {
  return signedJsonResponse(key, JSON.stringify(payload), status, extraHeaders);
}
