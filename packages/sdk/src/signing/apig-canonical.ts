/**
 * Canonical request of the APIG `SDK-HMAC-SHA256` signature (reference §7.7), shared by the signer and the
 * verifier:
 *
 *     METHOD \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n hex(SHA256(body))
 *     StringToSign = "SDK-HMAC-SHA256\n" + X-Sdk-Date + "\n" + hex(SHA256(CanonicalRequest))
 *     Signature    = hex(HMAC(SK, StringToSign))
 *
 * Choices where the published text is terse (they match Huawei's own signers):
 * - path segments and query names/values are percent-decoded first, then RFC 3986-encoded (only `A-Z a-z 0-9 - _
 *   . ~` stay literal), so an already-encoded URL and its decoded form sign alike; a malformed `%` sequence is
 *   kept literally (and its `%` encoded);
 * - `+` in a query is a literal plus (RFC 3986), not a space: encode spaces as `%20`;
 * - query parameters are sorted by decoded name, then decoded value, in UTF-16 code-unit order; repeated names keep
 *   every value; a name without `=` has the empty value (`name=`);
 * - header names are lower-cased and sorted in code-unit order (`-` before `_`); values are trimmed.
 */
import { createHash } from 'node:crypto';
import { ConfigError } from '../errors';
import { formatCompactTime, parseCompactTime } from '../util/compact-time';

/** Algorithm name in the string to sign and the Authorization header. */
export const APIG_ALGORITHM = 'SDK-HMAC-SHA256';
/** Literal used in place of the body hash in unsigned-payload mode. */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
/** Hex SHA-256 of the empty body. */
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Lower-case hex SHA-256. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** RFC 3986 encoding: everything except unreserved characters, as UTF-8 `%XX` (upper-case hex). */
export function rfc3986(s: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(s);
  } catch {
    throw new ConfigError('The URL contains an unpaired UTF-16 surrogate, which cannot be encoded as UTF-8.');
  }
  return encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Percent-decoding that keeps malformed sequences literally instead of throwing. */
export function lenientDecode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/** The parts of a request target the signature covers. */
export interface RequestTarget {
  /** `host[:port]` of an absolute URL (default ports omitted), `undefined` for a path-only target. */
  host: string | undefined;
  /** Raw path (may be percent-encoded). */
  path: string;
  /** Decoded query pairs in their original order. */
  query: Array<[string, string]>;
}

/**
 * Splits an absolute URL or an origin-form target (`/path?query`) into host, path and decoded query pairs.
 *
 * @throws ConfigError when `url` is neither.
 */
export function parseTarget(url: string): RequestTarget {
  let host: string | undefined;
  let rest: string;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigError(
        'url is not a valid absolute URL: pass e.g. https://mkt.myhuaweicloud.com/api/...',
      );
    }
    host = parsed.host;
    rest = parsed.pathname + parsed.search;
  } else if (url.startsWith('/')) {
    rest = url;
  } else {
    throw new ConfigError('url must be an absolute URL or a path starting with "/" (e.g. req.originalUrl).');
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  const path = q >= 0 ? rest.slice(0, q) : rest;
  const query: Array<[string, string]> = [];
  if (q >= 0) {
    for (const piece of rest.slice(q + 1).split('&')) {
      if (piece === '') continue;
      const eq = piece.indexOf('=');
      const name = lenientDecode(eq >= 0 ? piece.slice(0, eq) : piece);
      if (name === '') continue;
      query.push([name, eq >= 0 ? lenientDecode(piece.slice(eq + 1)) : '']);
    }
  }
  return { host, path, query };
}

/** Canonical URI: every segment decoded then RFC 3986-encoded; always ends with `/`. */
export function canonicalUri(path: string): string {
  const uri = path
    .split('/')
    .map((segment) => rfc3986(lenientDecode(segment)))
    .join('/');
  if (uri === '') return '/';
  return uri.endsWith('/') ? uri : `${uri}/`;
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Canonical query string: pairs sorted by name then value, each part RFC 3986-encoded, joined with `&`. */
export function canonicalQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  return [...pairs]
    .sort((x, y) => byCodeUnit(x[0], y[0]) || byCodeUnit(x[1], y[1]))
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .join('&');
}

/** Sorts lower-case header names in code-unit order. */
export function sortHeaderNames(names: Iterable<string>): string[] {
  return [...names].sort(byCodeUnit);
}

/** Inputs of {@link buildCanonicalRequest}. */
export interface CanonicalRequestParts {
  method: string;
  path: string;
  query: ReadonlyArray<readonly [string, string]>;
  /** Signed headers in signing order: lower-case names with their (untrimmed) values. */
  headers: ReadonlyArray<readonly [string, string]>;
  /** Hex SHA-256 of the body, or {@link UNSIGNED_PAYLOAD}. */
  payloadHash: string;
}

/** Builds the canonical request text and the signed-headers list. */
export function buildCanonicalRequest(p: CanonicalRequestParts): {
  canonicalRequest: string;
  signedHeaders: string;
} {
  const canonicalHeaders = p.headers.map(([name, value]) => `${name}:${value.trim()}\n`).join('');
  const signedHeaders = p.headers.map(([name]) => name).join(';');
  const canonicalRequest = [
    p.method,
    canonicalUri(p.path),
    canonicalQuery(p.query),
    canonicalHeaders,
    signedHeaders,
    p.payloadHash,
  ].join('\n');
  return { canonicalRequest, signedHeaders };
}

/** The string to sign for a canonical request and an `X-Sdk-Date` value. */
export function buildStringToSign(sdkDate: string, canonicalRequest: string): string {
  return `${APIG_ALGORITHM}\n${sdkDate}\n${sha256Hex(canonicalRequest)}`;
}

/** Formats a date as `X-Sdk-Date` (`YYYYMMDD'T'HHMMSS'Z'`, UTC). */
export function formatSdkDate(date: Date): string {
  return formatCompactTime(date.getTime(), 0, "yyyyMMdd'T'HHmmss'Z'");
}

/** Parses an `X-Sdk-Date` value into epoch ms; `undefined` when it is not a valid `YYYYMMDD'T'HHMMSS'Z'`. */
export function parseSdkDate(value: string): number | undefined {
  return parseCompactTime(value, "yyyyMMdd'T'HHmmss'Z'");
}
