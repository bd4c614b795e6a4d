// A tiny node:http server for a Fetch API function (the role @hono/node-server plays, in ~100 lines), which
// also decides the case of the response header names on the wire: Fetch lower-cases them (`body-sign`), and
// KooGallery's checker wants `Body-Sign` exactly (protocol reference §7.3).
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { ConfigError } from '@koogallery-kit/sdk';

/** Header names written with a fixed case by default: lower-case name → name on the wire. */
export const DEFAULT_HEADER_CASE: Readonly<Record<string, string>> = Object.freeze({
  'body-sign': 'Body-Sign',
});

/** Options of {@link serveFetch}. */
export interface ServeFetchOptions {
  /** Port; 0 picks a free one. Default `3000`. */
  port?: number;
  /** Interface to bind. Default `'127.0.0.1'`. */
  host?: string;
  /**
   * Response header names to write with an exact case, keyed by their lower-case name. Default
   * {@link DEFAULT_HEADER_CASE} (`Body-Sign`). `{}` writes every name as the Fetch `Response` holds it (lower
   * case), which is what Deno, Bun and Workers put on the wire.
   */
  headerCase?: Readonly<Record<string, string>>;
  /** Receives errors thrown by the fetch function (the client gets a 500). Default `console.error`. */
  onError?: (error: unknown) => void;
}

/** A running server. */
export interface FetchServer {
  /** `http://host:port`. */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Stops accepting connections, closes the open ones, resolves when the server is closed. Idempotent. */
  close(): Promise<void>;
}

/** Request headers that describe the Node connection, not the request. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

function toRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Request {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] as string;
    if (!HOP_BY_HOP.has(name.toLowerCase())) headers.append(name, req.rawHeaders[i + 1] as string);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  // `duplex: 'half'` is required by Node's fetch for a streamed body (not yet in the DOM typings).
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal };
  if (hasBody) {
    init.body = Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>;
    init.duplex = 'half';
  }
  return new Request(new URL(req.url ?? '/', origin), init);
}

async function writeResponse(
  res: ServerResponse,
  response: Response,
  method: string,
  headerCase: Readonly<Record<string, string>>,
): Promise<void> {
  // The answers here are small JSON documents and pages: read whole, sent with a Content-Length.
  const body = new Uint8Array(await response.arrayBuffer());
  const raw: string[] = [];
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') raw.push(headerCase[name] ?? name, value);
  });
  for (const cookie of response.headers.getSetCookie()) raw.push('Set-Cookie', cookie);
  const bodyless = method === 'HEAD' || response.status === 204 || response.status === 304;
  if (!response.headers.has('content-length') && !bodyless)
    raw.push('Content-Length', String(body.byteLength));
  res.writeHead(response.status, raw);
  res.end(bodyless ? undefined : body);
}

/**
 * Serves `fetch` over HTTP/1.1 on Node.js.
 *
 * @throws ConfigError for an invalid port; rejects when the address cannot be bound (e.g. `EADDRINUSE`).
 * @example
 * const server = await serveFetch(seller.fetch, { port: 3000 });
 * console.log(server.url);
 * await server.close();
 */
export async function serveFetch(
  fetch: (request: Request) => Response | Promise<Response>,
  options: ServeFetchOptions = {},
): Promise<FetchServer> {
  const port = options.port ?? 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ConfigError(
      `serveFetch: port must be an integer from 0 to 65535, got ${String(options.port)}.`,
    );
  }
  if (typeof fetch !== 'function')
    throw new ConfigError('serveFetch: the first argument must be a fetch function.');
  const host = options.host ?? '127.0.0.1';
  const headerCase = options.headerCase ?? DEFAULT_HEADER_CASE;
  const onError =
    options.onError ?? ((error: unknown) => console.error('serveFetch: the fetch function failed', error));

  let origin = '';
  const server = createServer((req, res) => {
    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const method = req.method ?? 'GET';
    Promise.resolve()
      .then(() => fetch(toRequest(req, origin, controller.signal)))
      .then((response) => writeResponse(res, response, method, headerCase))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return; // the client went away
        onError(error);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain;charset=UTF-8' });
        res.end('Internal Server Error');
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${shownHost}:${address.port}`;
  let closed: Promise<void> | undefined;
  return {
    url: origin,
    port: address.port,
    server,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
