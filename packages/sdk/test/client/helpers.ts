/** Shared fixtures of the client tests: credentials, a local HTTP server, Huawei's signer as oracle, fake time. */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createRequire } from 'node:module';

/** Test credentials. Long enough to be recognisable in any leaked string. */
export const AK = 'TESTAKID0000000000001';
export const SK = 'TEST_SK_SECRET_0000000000000000000000000000';
export const USAGE_KEY = 'test-usage-key-SECRET-0001';

/** A fixed "now": 2025-01-01T00:00:00Z. */
export const T0 = Date.UTC(2025, 0, 1, 0, 0, 0);

/** A request as the local server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What a scripted handler answers. */
export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Destroy the socket without answering (connection reset). */
  reset?: boolean;
  /** Never answer. */
  hang?: boolean;
}

/** A local server on 127.0.0.1, port 0, that records requests and answers from a handler. */
export interface LocalServer {
  baseURL: string;
  port: number;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export async function startServer(
  handler: (req: SeenRequest, index: number) => ScriptedReply | Promise<ScriptedReply>,
): Promise<LocalServer> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      Promise.resolve(handler(seen, requests.length - 1)).then(
        (reply) => {
          if (reply.hang) return;
          if (reply.reset) {
            req.socket.destroy();
            return;
          }
          const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
          res.writeHead(reply.status ?? 200, {
            'Content-Type': 'application/json;charset=UTF-8',
            ...reply.headers,
          });
          res.end(body);
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const require = createRequire(import.meta.url);

interface HuaweiSigner {
  sign(
    request: Record<string, unknown>,
    credential: { getAk(): string; getSk(): string },
  ): Record<string, string>;
}

/** Huawei's own APIG signer (`@huaweicloud/huaweicloud-sdk-core`), the independent oracle. */
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as {
  AKSKSigner: HuaweiSigner;
};

/**
 * The Authorization header Huawei's signer computes for a received request: same method, path, query, the
 * content-type / host / x-sdk-date headers as received, same body. `undefined` when the body cannot be
 * represented for that signer (it hashes `JSON.stringify(data)`).
 */
export function huaweiAuthorization(
  req: SeenRequest,
  host: string,
  ak: string,
  sk: string,
): string | undefined {
  const url = new URL(req.url, `http://${host}`);
  const queryParams: Record<string, string> = {};
  for (const [k, v] of url.searchParams) queryParams[k] = v;
  const headers: Record<string, string> = {
    'Content-Type': String(req.headers['content-type']),
    'X-Sdk-Date': String(req.headers['x-sdk-date']),
    host: String(req.headers.host),
  };
  let data: unknown;
  if (req.body !== '') {
    data = JSON.parse(req.body) as unknown;
    if (JSON.stringify(data) !== req.body) return undefined;
  }
  const signed = AKSKSigner.sign(
    { method: req.method, endpoint: `http://${host}${url.pathname}`, queryParams, headers, data },
    { getAk: () => ak, getSk: () => sk },
  );
  return signed.Authorization;
}

/** A clock that only moves when told, and a sleep that records delays and advances that clock. */
export function fakeTime(start = T0) {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** Every string that must never appear in an error message, log line or error body. */
export const SECRETS = [SK, USAGE_KEY];
