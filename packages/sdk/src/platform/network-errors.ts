/**
 * Plain-language descriptions of the errors Node's sockets, undici and axios raise when a call gets no answer.
 * One table for the SDK's axios transport and the mock's undici transport. Messages name the seller by origin and
 * path only: the query string carries the request signature.
 */

/** Origin and path of a URL, never its query (which carries the signature). */
export function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return 'the seller';
  }
}

/** What each error code means for a seller, and what to check. */
const NETWORK_CODES: Readonly<Record<string, string>> = Object.freeze({
  ECONNREFUSED: 'connection refused (nothing listens on that host and port)',
  ECONNRESET: 'connection reset by the seller',
  EPIPE: 'connection closed by the seller while the request was being sent',
  UND_ERR_SOCKET: 'connection closed or reset by the seller before a complete answer',
  UND_ERR_CLOSED: 'connection closed before the request could be sent',
  UND_ERR_CONNECT_TIMEOUT: 'the TCP/TLS connection could not be opened in time',
  UND_ERR_HEADERS_TIMEOUT: 'the seller sent no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'the seller stopped sending the response body',
  UND_ERR_HEADERS_OVERFLOW: 'the response headers are too large',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'the response body does not match its Content-Length',
  HPE_INVALID_CONSTANT: 'malformed HTTP response (not HTTP/1.1)',
  HPE_INVALID_HEADER_TOKEN: 'malformed HTTP response header',
  HPE_INVALID_STATUS: 'malformed HTTP status line',
  ERR_FR_MAX_BODY_LENGTH_EXCEEDED: 'reply body too large',
  ERR_BAD_RESPONSE: 'malformed HTTP response',
  ENOTFOUND: 'host name not found (check the DNS name)',
  EAI_AGAIN: 'temporary DNS failure',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection attempt timed out',
  ECONNABORTED: 'connection aborted',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS: self-signed certificate (use a certificate from a recognised CA)',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS: self-signed certificate in chain (use a certificate from a recognised CA)',
  CERT_HAS_EXPIRED: 'TLS: certificate expired',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS: incomplete certificate chain (serve the intermediate certificates)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS: certificate does not match the host name',
});

/** The `code` of an error or of its `cause` chain (undici wraps socket errors), if any. */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** One line describing a network error, e.g. `connection refused (…) [ECONNREFUSED]`. */
export function describeNetworkError(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code !== undefined) {
    const known = NETWORK_CODES[code];
    return known === undefined ? `${code}: ${message}` : `${known} [${code}]`;
  }
  return message || 'unknown network error';
}
