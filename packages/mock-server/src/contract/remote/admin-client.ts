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
  /** A file (e.g. an export's): its bytes and the answer's headers; a refusal throws like `get`. */
  download(path: string): Promise<DownloadedFile>;
}

/** A file downloaded from the admin API. */
export interface DownloadedFile {
  bytes: Buffer;
  contentType: string | null;
  /** The file name of Content-Disposition (`filename*` decoded when given, else `filename`), or null. */
  fileName: string | null;
}

/** The file name a Content-Disposition header gives (RFC 6266: `filename*` wins over `filename`). */
export function dispositionFileName(header: string | null): string | null {
  if (header === null) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star?.[1] !== undefined) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // a malformed filename* falls back to filename
    }
  }
  return /filename="([^"]*)"/i.exec(header)?.[1] ?? null;
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

  const send = async (
    method: 'GET' | 'POST',
    path: string,
    body: Record<string, unknown> | undefined,
    query: Record<string, string | undefined> | undefined,
  ): Promise<Response> => {
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
    return res;
  };

  /** Reads a JSON answer; a refusal throws `MockAdminError`. */
  const read = async <T>(res: Response, method: string, path: string): Promise<T> => {
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

  const request = async <T>(
    method: 'GET' | 'POST',
    path: string,
    body: Record<string, unknown> | undefined,
    query: Record<string, string | undefined> | undefined,
  ): Promise<T> => read<T>(await send(method, path, body, query), method, path);

  return {
    url: base,
    get: (path, query) => request('GET', path, undefined, query),
    post: (path, body, query) => request('POST', path, body, query),
    async download(path) {
      const res = await send('GET', path, undefined, undefined);
      if (!res.ok) return read<never>(res, 'GET', path);
      return {
        bytes: Buffer.from(await res.arrayBuffer()),
        contentType: res.headers.get('content-type'),
        fileName: dispositionFileName(res.headers.get('content-disposition')),
      };
    },
  };
}
