/**
 * Error mapping at the client boundary: HTTP replies and transport failures become the SDK's typed errors.
 * No raw AxiosError reaches the caller; a sanitised copy stays available as `cause`.
 */
import type { KooGalleryError } from '../errors';
import { ConnectionError, ErrorCodes, TimeoutError } from '../errors';
import { CANCELLED_CODE, NetworkError, TLS_FAILURE_CODE } from './network-error';
import { redactDeep, redactSignature, isSecretField } from '../util/redact';
import {
  GatewayError,
  LicenseApiError,
  MarketplaceApiError,
  OAuthError,
  RateLimitError,
  UnexpectedResponseError,
  categoryFromStatus,
  familyOfCode,
  findDocumentedCode,
} from './api-errors';
import type { ApiErrorFamily, OpenApiErrorDetails, OpenApiError } from './api-errors';
import { parseRetryAfter } from './retry-policy';

/** A reply as the mapping needs it. Header names lower-case. */
export interface ReplyForMapping {
  status: number;
  headers: Readonly<Record<string, string | undefined>>;
  bodyText: string;
}

/** Context of a mapping: what was called and what must never appear. */
export interface MappingContext {
  /** Human name of the call, e.g. `orders.query`. */
  operation: string;
  /** Literal secret values to mask wherever they appear (keys, tokens). */
  secrets: readonly string[];
  /** Current time in ms, for `Retry-After` dates. */
  nowMs: number;
  /** `oauth` for the login client: the code is the body's `error` field. */
  family?: 'oauth';
}

const MAX_MESSAGE_EXCERPT = 400;
const MAX_TEXT_BODY = 2_000;

/** Parse a body as JSON; `undefined` when it is not JSON. */
export function parseJsonBody(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

const asRecord = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

const firstString = (...values: unknown[]): string | undefined => {
  for (const v of values) {
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return undefined;
};

/** The platform code carried by a JSON reply body, whatever the family's field name. */
export function codeOfBody(body: unknown, family?: 'oauth'): string | undefined {
  const r = asRecord(body);
  if (!r) return undefined;
  if (family === 'oauth') return firstString(r.error);
  const code = firstString(r.resultCode, r.error_code, r.errorCode, r.result_code)?.trim();
  // One documentation table prints "MKT. 0250"; accept a blank after the family prefix.
  return code?.replace(/^(MKT|APIGW?)\.\s+/i, '$1.');
}

/** The platform message carried by a JSON reply body. */
export function messageOfBody(body: unknown): string | undefined {
  const r = asRecord(body);
  if (!r) return undefined;
  return firstString(r.resultMsg, r.error_msg, r.errorMsg, r.error_description, r.message);
}

/** Request id of a reply: `X-Request-Id` header, else the body's `request_id`. */
export function requestIdOf(
  headers: Readonly<Record<string, string | undefined>>,
  body: unknown,
): string | undefined {
  const r = asRecord(body);
  return firstString(headers['x-request-id'], headers['x-apig-request-id'], r?.request_id, r?.requestId);
}

function scrubText(text: string, secrets: readonly string[]): string {
  const out = redactDeep(text, secrets);
  return typeof out === 'string' ? out : '';
}

function excerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_MESSAGE_EXCERPT ? `${oneLine.slice(0, MAX_MESSAGE_EXCERPT)}…` : oneLine;
}

/**
 * Map an error reply (or a success status with an error code) to the SDK error of its family.
 * `body` is the parsed JSON, or `undefined` when the reply was not JSON.
 */
export function errorFromReply(reply: ReplyForMapping, ctx: MappingContext): OpenApiError {
  const parsed = parseJsonBody(reply.bodyText);
  const body = parsed.ok ? parsed.value : undefined;
  const requestId = requestIdOf(reply.headers, body);
  const retryAfterMs = parseRetryAfter(reply.headers['retry-after'], ctx.nowMs);
  const where = `HTTP ${reply.status}${requestId ? `, request id ${requestId}` : ''}`;
  if (!parsed.ok) {
    const text = scrubText(reply.bodyText.slice(0, MAX_TEXT_BODY), ctx.secrets);
    const contentType = reply.headers['content-type'] ?? 'no content type';
    return new UnexpectedResponseError(
      ErrorCodes.BODY_NOT_JSON,
      `${ctx.operation} failed: the reply is not JSON (${where}, ${contentType}). ` +
        'Check baseURL: a proxy or a wrong host may be answering.',
      {
        status: reply.status,
        requestId,
        body: text,
        category: categoryFromStatus(reply.status),
        retryAfterMs,
      },
    );
  }
  const safeBody = redactDeep(body, ctx.secrets);
  const code = codeOfBody(body, ctx.family);
  const rawMessage = messageOfBody(body);
  const platformMessage = rawMessage === undefined ? undefined : scrubText(rawMessage, ctx.secrets);
  if (code === undefined) {
    return new UnexpectedResponseError(
      ErrorCodes.API_ERROR,
      `${ctx.operation} failed: the reply carries no result code (${where}).` +
        (platformMessage ? ` Platform message: "${excerpt(platformMessage)}".` : '') +
        ' Check baseURL and the API version.',
      {
        status: reply.status,
        requestId,
        body: safeBody,
        category: categoryFromStatus(reply.status),
        retryAfterMs,
        platformMessage,
      },
    );
  }
  const family: ApiErrorFamily | undefined = ctx.family ?? familyOfCode(code);
  const documented = findDocumentedCode(code, reply.status);
  const documentedInFamily = documented && documented.family === family ? documented : undefined;
  const category = documentedInFamily?.category ?? categoryFromStatus(reply.status);
  const meaning = documentedInFamily?.meaning ?? 'undocumented code';
  const hint = documentedInFamily?.hint ?? 'Look the code up in the KooGallery Open-API error-code table.';
  const message =
    `${ctx.operation} failed with ${code}: ${meaning} (${where}). ${hint}` +
    (platformMessage ? ` Platform message: "${excerpt(platformMessage)}".` : '');
  const details: OpenApiErrorDetails = {
    status: reply.status,
    requestId,
    body: safeBody,
    category,
    retryAfterMs,
    platformMessage,
  };
  switch (family) {
    case 'marketplace':
      return code === 'MKT.0250'
        ? new RateLimitError(code, message, details)
        : new MarketplaceApiError(code, message, details);
    case 'gateway':
      return new GatewayError(code, message, details);
    case 'license':
      return new LicenseApiError(code, message, details);
    case 'oauth':
      return new OAuthError(code, message, details);
    default:
      return new UnexpectedResponseError(code, message, details);
  }
}

/** System error codes meaning the request never reached the server. */
const NOT_DELIVERED = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);

/** System error codes of TLS certificate problems. */
const TLS_CODES =
  /^(CERT_|ERR_TLS_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|ERR_SSL_)/;

/** Context of a transport-failure mapping. */
export interface TransportFailureContext {
  operation: string;
  /** `host[:port]` the attempt went to (no path, no query). */
  host: string;
  timeoutMs: number;
  /** True when the client's own deadline fired. */
  timedOut: boolean;
  /** True when the caller's AbortSignal fired. */
  cancelled: boolean;
}

/** Deepest system error code found on an error and its causes. */
function errnoOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth += 1) {
    const c = (current as { code?: unknown }).code;
    if (typeof c === 'string' && (NOT_DELIVERED.has(c) || TLS_CODES.test(c) || /^E[A-Z]+$/.test(c))) {
      if (c !== 'ERR_CANCELED' && c !== 'ECONNABORTED') return c;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Map a failure without reply (timeout, cancel, DNS, refused, reset, TLS) to a ConnectionError. */
export function errorFromTransport(error: unknown, ctx: TransportFailureContext): KooGalleryError {
  const cause = sanitizeCause(error);
  if (ctx.cancelled) {
    return new ConnectionError(`${ctx.operation} was cancelled by the caller's AbortSignal.`, {
      cause,
      code: CANCELLED_CODE,
    });
  }
  if (ctx.timedOut) {
    return new TimeoutError(
      `${ctx.operation} got no answer from ${ctx.host} within ${ctx.timeoutMs} ms. ` +
        'Raise timeoutMs if the network is slow, or check that the host is reachable.',
      { cause },
    );
  }
  const errno = errnoOf(error);
  if (errno !== undefined && TLS_CODES.test(errno)) {
    return new NetworkError(
      `${ctx.operation} refused the TLS certificate of ${ctx.host} (${errno}). ` +
        'Certificates are always verified: check the host name, the system clock and any intercepting proxy.',
      { requestSent: false, errno, code: TLS_FAILURE_CODE },
      { cause },
    );
  }
  const requestSent = !(errno !== undefined && NOT_DELIVERED.has(errno));
  return new NetworkError(
    `${ctx.operation} could not reach ${ctx.host}${errno ? ` (${errno})` : ''}. ` +
      'Check the network, DNS and baseURL; idempotent calls were retried.',
    { requestSent, errno },
    { cause },
  );
}

/**
 * A copy of a transport error safe to keep as `cause`: AxiosError objects carry the request config
 * (with the Authorization / signature headers) and the socket; only the name, message, code and a
 * header list with signatures cut remain.
 */
export function sanitizeCause(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const e = error as Error & {
    code?: unknown;
    config?: { headers?: unknown; method?: unknown; url?: unknown };
    isAxiosError?: boolean;
    cause?: unknown;
  };
  if (!e.isAxiosError) return error;
  const clean = new Error(e.message);
  clean.name = e.name;
  const headers: Record<string, string> = {};
  const rawHeaders = e.config?.headers;
  if (rawHeaders && typeof rawHeaders === 'object') {
    for (const [k, v] of Object.entries(rawHeaders as Record<string, unknown>)) {
      if (typeof v !== 'string' && typeof v !== 'number') continue;
      headers[k] = isSecretField(k) ? redactSignature(String(v)) : String(v);
    }
  }
  Object.assign(clean, {
    code: e.code,
    isAxiosError: true,
    config: { method: e.config?.method, url: e.config?.url, headers },
  });
  if (e.cause instanceof Error) (clean as Error & { cause?: unknown }).cause = sanitizeCause(e.cause);
  return clean;
}
