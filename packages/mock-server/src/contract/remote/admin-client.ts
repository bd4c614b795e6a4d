/**
 * The one client of a running mock's admin API (`<mockUrl>/__admin/...`), used by `koogallery-mock trigger` and
 * `koogallery-mock contract --mock-url`: JSON in and out, the admin token as `Authorization: Bearer`, a time-out per request. Failures are
 * typed: `ConnectionError` / `TimeoutError` when the mock does not answer, `MockAdminError` (with the mock's
 * status and error code) when it refuses a request. The token never appears in a message.
 */
import { ConnectionError, KooGalleryError, TimeoutError } from '@koogallery-kit/sdk';
import { isObject, redactSecret } from '@koogallery-kit/sdk/platform';

/** Default time-out of one admin request: moving the clock may deliver many calls, each up to the seller time-out. */
export const MOCK_ADMIN_TIMEOUT_MS = 120_000;

/** What to do when no mock answers, unless the caller says otherwise. */
const DEFAULT_UNREACHABLE_HINT = 'Start it with `koogallery-mock start` or fix --mock-url.';

/**
 * A refusal of the mock's admin API: `status` and `code` as the mock answered them, and its whole JSON answer
 * (`body`, e.g. the `issues` of a 400), or `NOT_A_MOCK` when the answer was not JSON.
 */
export class MockAdminError extends KooGalleryError<string> {
  readonly status: number;
  readonly body: unknown;

  constructor(status: number, code: string, message: string, body: unknown = null) {
    super(code, message);
    this.status = status;
    this.body = body;
  }
}

/** Options of {@link createMockAdminClient}. */
export interface MockAdminClientOptions {
  /** Base URL of the mock, e.g. `http://127.0.0.1:8787` (its admin API is under `/__admin`). */
  mockUrl: string;
  /** The mock's admin token, if it requires one. */
  adminToken?: string;
  /** Time-out of one request, ms. Default {@link MOCK_ADMIN_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** HTTP client. Default the global `fetch`. */
  fetch?: typeof fetch;
  /** The sentence that ends the message when no mock answers. Default: start it or fix --mock-url. */
  unreachableHint?: string;
}

/** The admin API of one mock. */
export interface MockAdminClient {
  /** Base URL of the mock (no trailing slash). */
  readonly url: string;
  get<T>(path: string, query?: Record<string, string | undefined>): Promise<T>;
  post<T>(
    path: string,
    body?: Record<string, unknown>,
    query?: Record<string, string | undefined>,
  ): Promise<T>;
}

/** Creates the client. */
export function createMockAdminClient(o: MockAdminClientOptions): MockAdminClient {
  const base = o.mockUrl.replace(/\/+$/, '');
  const timeoutMs = o.timeoutMs ?? MOCK_ADMIN_TIMEOUT_MS;
  const doFetch = o.fetch ?? fetch;
  const hint = o.unreachableHint ?? DEFAULT_UNREACHABLE_HINT;
  const scrub = (s: string): string =>
    o.adminToken !== undefined && o.adminToken.length >= 4
      ? s.split(o.adminToken).join(redactSecret(o.adminToken))
      : s;

  const request = async <T>(
    method: 'GET' | 'POST',
    path: string,
    body: Record<string, unknown> | undefined,
    query: Record<string, string | undefined> | undefined,
  ): Promise<T> => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, v);
    const qs = params.toString();
    const url = `${base}/__admin${path}${qs === '' ? '' : `?${qs}`}`;
    let res: Response;
    try {
      res = await doFetch(url, {
        method,
        headers: {
          Accept: 'application/json',
          ...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}),
          ...(o.adminToken === undefined ? {} : { Authorization: `Bearer ${o.adminToken}` }),
        },
        ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const timedOut = (error as Error).name === 'TimeoutError';
      const why = timedOut
        ? `no answer to ${method} /__admin${path} within ${timeoutMs} ms`
        : cause?.code === 'ECONNREFUSED'
          ? 'connection refused'
          : (cause?.message ?? (error as Error).message ?? 'network error');
      const message = `cannot reach the mock at ${base} (${scrub(why)}). ${hint}`;
      throw timedOut ? new TimeoutError(message) : new ConnectionError(message);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      throw new MockAdminError(
        res.status,
        'NOT_A_MOCK',
        `${base} answered ${method} /__admin${path} with HTTP ${res.status} and no JSON: is it a koogallery-mock? ${hint}`,
      );
    }
    if (!res.ok) {
      const err = isObject(json) && isObject(json.error) ? json.error : {};
      throw new MockAdminError(
        res.status,
        typeof err.code === 'string' ? err.code : `HTTP_${res.status}`,
        scrub(typeof err.message === 'string' ? err.message : `HTTP ${res.status}`),
        json,
      );
    }
    return json as T;
  };

  return {
    url: base,
    get: (path, query) => request('GET', path, undefined, query),
    post: (path, body, query) => request('POST', path, body, query),
  };
}
