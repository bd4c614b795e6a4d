/**
 * Sends one API call: signs every attempt afresh, applies the retry policy, falls back to the next host
 * when one is unreachable, enforces the per-attempt deadline and maps every failure to a typed error.
 */
import type { AxiosResponse } from 'axios';
import type { AxiosLike } from '../util/lazy-axios';
import { KooGalleryError } from '../errors';
import { isSecretField } from '../util/redact';
import { errorFromReply, errorFromTransport, parseJsonBody, requestIdOf } from './error-mapping';
import { isNotDelivered } from './network-error';
import type { ClientLogger } from './logger';
import { log } from './logger';
import { retryDelay, shouldRetry } from './retry-policy';
import type { RetryPolicyOptions } from './retry-policy';

/** Header carrying the number of the retry (1 for the first retry); absent on the first attempt. */
export const RETRY_COUNT_HEADER = 'X-Retry-Count';

/** How long a fallback host stays preferred after the first host was unreachable. */
const FALLBACK_STICKY_MS = 5 * 60_000;

/** Per-call options accepted by every client method. */
export interface ApiCallOptions {
  /** Cancels the call (including a pending retry wait). */
  signal?: AbortSignal;
  /** Deadline of one attempt, in ms. Default: the client's `timeoutMs`. */
  timeoutMs?: number;
  /** Most retries for this call. Default: the client's `maxRetries`. */
  maxRetries?: number;
}

/** What one attempt sends, built afresh for every attempt (new date, nonce and signature). */
export interface SignedParts {
  headers: Record<string, string>;
  body?: string;
}

/** Description of one API call. */
export interface RequestSpec {
  /** Human name used in messages and logs, e.g. `orders.query`. */
  operation: string;
  method: 'GET' | 'POST';
  /** Path below the base URL, starting with `/`. */
  path: string;
  /** Query parameters (already strings). */
  query?: Readonly<Record<string, string>>;
  /** Builds the headers (and body) of one attempt for the absolute `url`. */
  sign: (attempt: { url: string; method: 'GET' | 'POST'; nowMs: number }) => SignedParts;
  /** Whether sending it twice is harmless; decides which failures are retried. */
  idempotent: boolean;
  /** Decides whether a 2xx JSON body is a success; default: no error code, or a success code. */
  isSuccess?: (body: unknown) => boolean;
  /** `oauth` for the login client's error format. */
  family?: 'oauth';
  /** Extra literal secrets of this call (tokens, codes) masked in messages and error bodies. */
  secrets?: readonly string[];
}

/** A successful reply. */
export interface ApiReply {
  status: number;
  /** Response headers, names lower-case. */
  headers: Record<string, string>;
  /** Parsed JSON body. */
  body: unknown;
  /** Request id from `X-Request-Id` or the body, when present. */
  requestId: string | undefined;
  /** Absolute URL that answered. */
  url: string;
  /** Attempts made (1 when the first one succeeded). */
  attempts: number;
}

/** Settings of a request executor. */
export interface ExecutorSettings {
  http: AxiosLike;
  baseUrls: readonly string[];
  timeoutMs: number;
  maxRetries: number;
  retryPolicy?: RetryPolicyOptions;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  logger?: ClientLogger;
  /** Literal secrets masked in every message and error body. */
  secrets: readonly string[];
}

/** Sends {@link RequestSpec}s. */
export interface RequestExecutor {
  execute(spec: RequestSpec, options?: ApiCallOptions): Promise<ApiReply>;
}

const SUCCESS_CODES = new Set(['MKT.0000', '92020000', '000000', '0']);

/** Default success test: no result code at all, or one of the documented success codes. */
export function isSuccessBody(body: unknown): boolean {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return true;
  const r = body as Record<string, unknown>;
  const code = r.resultCode ?? r.error_code ?? r.errorCode;
  if (code === undefined || code === null || code === '') return true;
  return (typeof code === 'string' || typeof code === 'number') && SUCCESS_CODES.has(String(code));
}

/** RFC 3986 percent-encoding (unreserved characters kept), the form the APIG canonical query uses. */
function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * Absolute URL of a call. The query is encoded with RFC 3986 (`%20`, never `+`), so the bytes sent read the
 * same whichever way a server decodes them, and match the signed canonical query.
 */
function buildUrl(base: string, path: string, query: Readonly<Record<string, string>> | undefined): string {
  const pairs = Object.entries(query ?? {}).map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`);
  return `${base.replace(/\/+$/, '')}${path}${pairs.length > 0 ? `?${pairs.join('&')}` : ''}`;
}

function lowerCaseHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined || v === null) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/**
 * Values of the signature headers of one attempt (whole values and the bare `Signature=` part): masked if a
 * server echoes them back.
 */
function signatureValues(headers: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!isSecretField(name)) continue;
    out.push(value);
    const bare = /Signature=([^\s,]+)/.exec(value)?.[1];
    if (bare) out.push(bare);
    const bearer = /^Bearer\s+(\S+)$/i.exec(value)?.[1];
    if (bearer) out.push(bearer);
  }
  return out;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('aborted');
}

/** Create an executor over an axios instance. */
export function createRequestExecutor(settings: ExecutorSettings): RequestExecutor {
  let preferredIndex = 0;
  let preferredUntil = 0;

  /** Host indexes in the order to try: a fallback host that answered recently goes first. */
  const hostOrder = (bases: readonly string[]): number[] => {
    const order = bases.map((_, i) => i);
    if (preferredIndex === 0 || settings.now() >= preferredUntil) return order;
    return [preferredIndex, ...order.filter((i) => i !== preferredIndex)];
  };

  async function attemptOnce(
    spec: RequestSpec,
    url: string,
    retryCount: number,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<ApiReply> {
    const parts = spec.sign({ url, method: spec.method, nowMs: settings.now() });
    const headers: Record<string, string> = { ...parts.headers };
    if (retryCount > 0) headers[RETRY_COUNT_HEADER] = String(retryCount);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    }, timeoutMs);
    const onAbort = () => controller.abort(signal ? abortError(signal) : undefined);
    signal?.addEventListener('abort', onAbort, { once: true });
    const host = new URL(url).host;
    let response: AxiosResponse<string>;
    try {
      if (signal?.aborted) throw abortError(signal);
      response = await settings.http.request<string>({
        method: spec.method,
        url,
        headers,
        data: parts.body,
        // the body goes out byte for byte as signed
        transformRequest: [(d: unknown) => d],
        signal: controller.signal,
        responseType: 'text',
        transformResponse: [(d: unknown) => d],
        validateStatus: () => true,
        maxRedirects: 0,
      });
    } catch (error) {
      throw errorFromTransport(error, {
        operation: spec.operation,
        host,
        timeoutMs,
        timedOut,
        cancelled: !timedOut && (signal?.aborted ?? false),
      });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    const replyHeaders = lowerCaseHeaders(response.headers);
    const bodyText = typeof response.data === 'string' ? response.data : String(response.data ?? '');
    const reply = { status: response.status, headers: replyHeaders, bodyText };
    const mappingCtx = {
      operation: spec.operation,
      secrets: [...settings.secrets, ...(spec.secrets ?? []), ...signatureValues(headers)],
      nowMs: settings.now(),
      family: spec.family,
    };
    if (response.status < 200 || response.status >= 300) throw errorFromReply(reply, mappingCtx);
    const parsed = parseJsonBody(bodyText);
    if (!parsed.ok) throw errorFromReply(reply, mappingCtx);
    if (!(spec.isSuccess ?? isSuccessBody)(parsed.value)) throw errorFromReply(reply, mappingCtx);
    return {
      status: response.status,
      headers: replyHeaders,
      body: parsed.value,
      requestId: requestIdOf(replyHeaders, parsed.value),
      url,
      attempts: retryCount + 1,
    };
  }

  async function execute(spec: RequestSpec, options: ApiCallOptions = {}): Promise<ApiReply> {
    const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
    const maxRetries = options.maxRetries ?? settings.maxRetries;
    const bases = settings.baseUrls;
    let retriesSoFar = 0;
    for (;;) {
      let lastError: unknown;
      const order = hostOrder(bases);
      for (let k = 0; k < order.length; k += 1) {
        const index = order[k] ?? 0;
        const base = bases[index] ?? bases[0] ?? '';
        const url = buildUrl(base, spec.path, spec.query);
        log(settings.logger, 'debug', 'koogallery request', {
          operation: spec.operation,
          method: spec.method,
          host: new URL(url).host,
          path: spec.path,
          attempt: retriesSoFar + 1,
        });
        try {
          const reply = await attemptOnce(spec, url, retriesSoFar, timeoutMs, options.signal);
          if (index !== 0) {
            preferredIndex = index;
            preferredUntil = settings.now() + FALLBACK_STICKY_MS;
          } else {
            preferredIndex = 0;
          }
          return reply;
        } catch (error) {
          lastError = error;
          const next = order[k + 1];
          if (next !== undefined && isNotDelivered(error)) {
            log(settings.logger, 'warn', 'koogallery host unreachable, trying the fallback host', {
              operation: spec.operation,
              host: new URL(url).host,
              fallback: new URL(bases[next] ?? '').host,
            });
            continue;
          }
          break;
        }
      }
      if (
        !shouldRetry({
          error: lastError,
          retriesSoFar,
          maxRetries,
          idempotent: spec.idempotent,
          policy: settings.retryPolicy,
        })
      ) {
        throw lastError;
      }
      const delayMs = retryDelay({
        retriesSoFar,
        error: lastError,
        random: settings.random,
        policy: settings.retryPolicy,
      });
      log(settings.logger, 'info', 'koogallery retry scheduled', {
        operation: spec.operation,
        retry: retriesSoFar + 1,
        delayMs,
        // `instanceof` leaves the code union open (`KooGalleryError<any>`)
        code: lastError instanceof KooGalleryError ? (lastError as KooGalleryError).code : undefined,
        status: (lastError as { status?: number }).status,
      });
      if (!options.signal?.aborted) await settings.sleep(delayMs);
      if (options.signal?.aborted) {
        throw errorFromTransport(abortError(options.signal), {
          operation: spec.operation,
          host: '',
          timeoutMs,
          timedOut: false,
          cancelled: true,
        });
      }
      retriesSoFar += 1;
    }
  }

  return { execute };
}
