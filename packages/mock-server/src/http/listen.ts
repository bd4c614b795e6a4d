/**
 * Binding the mock's HTTP server: 127.0.0.1 by default, port 0 for a free port, every open connection tracked so
 * that `close()` finishes at once (keep-alive sockets and event streams included).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { RequestListener } from 'node:http';
import { ConfigError } from '@koogallery-kit/sdk';

/** A listening server. */
export interface HttpListener {
  server: Server;
  /** Base URL clients use, e.g. `http://127.0.0.1:8787`. */
  url: string;
  host: string;
  port: number;
  /**
   * Stops accepting connections, closes idle ones, lets requests in progress finish (up to `graceMs`, then cuts
   * them) and resolves when the server is closed.
   */
  close(): Promise<void>;
}

/** Options of {@link listenHttp}. */
export interface ListenOptions {
  /** Interface to bind. Default `127.0.0.1` (local only). */
  host?: string;
  /** Port; 0 picks a free one. Default 0. */
  port?: number;
  /** Called first on close (e.g. to end event streams). */
  beforeClose?: () => void;
  /** How long requests in progress may take to finish on close before their connections are cut, ms. Default 2000. */
  graceMs?: number;
}

/** The host part of a URL for a bound address (wildcards become loopback so the URL is usable). */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts an HTTP server for `listener`; throws `ConfigError` when the address cannot be bound. */
export async function listenHttp(listener: RequestListener, o: ListenOptions = {}): Promise<HttpListener> {
  const host = o.host ?? '127.0.0.1';
  const port = o.port ?? 0;
  const server = createServer(listener);
  server.keepAliveTimeout = 5_000;
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      const where = `${host}:${port}`;
      if (error.code === 'EADDRINUSE') {
        reject(
          new ConfigError(
            `Port ${port} on ${host} is already in use; stop the other process or pass another --port (0 picks a free one).`,
            { cause: error },
          ),
        );
      } else if (error.code === 'EACCES') {
        reject(
          new ConfigError(`Not allowed to listen on ${where}; use a port above 1023.`, { cause: error }),
        );
      } else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
        reject(
          new ConfigError(
            `Cannot listen on ${where}: the host is not an address of this machine; use --host 127.0.0.1.`,
            { cause: error },
          ),
        );
      } else reject(new ConfigError(`Cannot listen on ${where}: ${error.message}`, { cause: error }));
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    server,
    host,
    port: address.port,
    url: `http://${urlHost(host)}:${address.port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        o.beforeClose?.();
        const cut = setTimeout(() => {
          for (const s of sockets) s.destroy();
        }, o.graceMs ?? 2_000);
        cut.unref();
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
