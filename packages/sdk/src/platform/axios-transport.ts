import { createLazyAxios, type AxiosLike } from '../util/lazy-axios';
import { describeNetworkError, describeTarget } from './network-errors';
import { ConfigError, ConnectionError, TimeoutError } from '../errors';
import type { ProductionCall, Transport, TransportOptions, TransportReply } from './types';

/** Options of {@link createAxiosTransport}. */
export interface AxiosTransportOptions {
  /**
   * axios instance to send with (interceptors, agents, proxy settings). Default: a fresh `axios.create()`, made on
   * the first call (axios is imported lazily).
   */
  axios?: AxiosLike;
  /** Largest reply body accepted, in bytes; a bigger reply fails with a `ConnectionError`. Default 10 MiB. */
  maxBodyBytes?: number;
  /** Monotonic clock in milliseconds used to measure `elapsedMs`. Default `performance.now`. */
  clock?: () => number;
}

/** Default reply size limit of {@link createAxiosTransport}: 10 MiB. */
export const DEFAULT_MAX_REPLY_BYTES = 10 * 1024 * 1024;

/**
 * The SDK's default {@link Transport}, built on axios' Node http adapter.
 *
 * - Header names are taken from Node's `IncomingMessage.rawHeaders` (`response.request.res.rawHeaders`), so their
 *   case is exactly what the seller sent; that is why the `http` adapter is forced and redirects are not followed
 *   (the platform does not follow them either: a 3xx is judged as a wrong HTTP status).
 * - The body is read as bytes (`responseType: 'arraybuffer'`, no transforms) and decoded as UTF-8 here, which
 *   keeps it byte for byte; axios' text mode would strip a leading BOM and change what Body-Sign is checked over.
 * - `timeoutMs` bounds the whole exchange, connection to last body byte (axios' own `timeout` only bounds socket
 *   inactivity); when it elapses the call is aborted and a `TimeoutError` is thrown.
 * - Any HTTP status is returned as a reply; only the absence of an answer throws (`ConnectionError`).
 */
export function createAxiosTransport(o: AxiosTransportOptions = {}): Transport {
  const instance = o.axios ?? createLazyAxios();
  const maxBodyBytes = o.maxBodyBytes ?? DEFAULT_MAX_REPLY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    throw new ConfigError(
      `maxBodyBytes must be a positive integer number of bytes, got ${String(maxBodyBytes)}.`,
    );
  }
  const clock = o.clock ?? (() => performance.now());

  return async (call: ProductionCall, options: TransportOptions): Promise<TransportReply> => {
    const { timeoutMs, signal } = options;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new ConfigError(`timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}.`);
    }
    const target = describeTarget(call.url);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const forwardAbort = (): void => controller.abort();
    if (signal?.aborted) controller.abort();
    signal?.addEventListener('abort', forwardAbort, { once: true });
    const started = clock();
    try {
      const response = await instance.request<ArrayBuffer>({
        method: call.method,
        url: call.url,
        headers: { ...call.headers },
        data: call.body,
        adapter: 'http',
        responseType: 'arraybuffer',
        transformRequest: [(data: unknown) => data],
        transformResponse: [(data: unknown) => data],
        validateStatus: () => true,
        maxRedirects: 0,
        maxContentLength: maxBodyBytes,
        signal: controller.signal,
      });
      const rawHeaders = readRawHeaders(response.request);
      if (rawHeaders === undefined) {
        throw new ConnectionError(
          `The reply from ${target} arrived but its raw header names could not be read; the axios instance must ` +
            'use the Node http adapter without redirects (pass your own Transport otherwise).',
        );
      }
      return {
        status: response.status,
        rawHeaders,
        body: Buffer.from(response.data ?? new ArrayBuffer(0)).toString('utf8'),
        elapsedMs: clock() - started,
      };
    } catch (error) {
      if (error instanceof ConnectionError) throw error;
      if (timedOut) {
        throw new TimeoutError(
          `No complete answer from ${target} within ${timeoutMs} ms. The seller must answer quickly and do ` +
            'slow work after replying.',
          { cause: error },
        );
      }
      if (signal?.aborted) {
        throw new ConnectionError(`The call to ${target} was aborted before an answer arrived.`, {
          cause: error,
        });
      }
      throw new ConnectionError(
        `Could not get an answer from ${target}: ${describeAxiosError(error, maxBodyBytes)}.`,
        {
          cause: error,
        },
      );
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forwardAbort);
    }
  };
}

function readRawHeaders(request: unknown): Array<[string, string]> | undefined {
  const raw = (request as { res?: { rawHeaders?: unknown } } | undefined)?.res?.rawHeaders;
  if (!Array.isArray(raw)) return undefined;
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([String(raw[i]), String(raw[i + 1])]);
  return pairs;
}

function describeAxiosError(error: unknown, maxBodyBytes: number): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/maxContentLength/i.test(message)) return `reply body larger than ${maxBodyBytes} bytes`;
  return describeNetworkError(error);
}
