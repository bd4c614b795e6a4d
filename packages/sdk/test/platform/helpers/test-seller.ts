/**
 * Tiny real sellers for the platform tests: node:http on 127.0.0.1, port 0. Each test decides exactly which
 * bytes and headers go back, so every defect the platform judges can be produced on the wire.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBodySign } from '@koogallery-kit/sdk';

/** A request as the seller received it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingMessage['headers'];
  rawHeaders: string[];
  rawBody: string;
}

/** A running test seller. */
export interface TestSeller {
  /** Base URL, e.g. `http://127.0.0.1:43210/produce`. */
  url: string;
  /** Every request received, in order. */
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export type SellerHandler = (req: ReceivedRequest, res: ServerResponse) => void | Promise<void>;

/** Starts a seller whose production URL is `<origin>/produce`. */
export async function startSeller(handler: SellerHandler): Promise<TestSeller> {
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received: ReceivedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        rawBody: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      Promise.resolve(handler(received, res)).catch((error: unknown) => {
        res.statusCode = 599;
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/produce`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Options of {@link reply}: each one produces one kind of defect. */
export interface ReplyOptions {
  status?: number;
  /** Content-Type value; `null` sends none. Default `application/json`. */
  contentType?: string | null;
  /** Header name for the signature. Default `Body-Sign`; `null` sends no signature. */
  signHeader?: string | null;
  /** Key to sign with (the wrong one for a BODY_SIGN_INVALID test). */
  signKey?: string;
  /** Sign these bytes instead of the ones sent. */
  signOver?: string;
  /** Replace the whole Body-Sign value. */
  signValue?: string;
}

/** Sends `body` (exact bytes) with a Body-Sign computed per the options. */
export function reply(res: ServerResponse, key: string, body: string, o: ReplyOptions = {}): void {
  res.statusCode = o.status ?? 200;
  const contentType = o.contentType === undefined ? 'application/json' : o.contentType;
  if (contentType !== null) res.setHeader('Content-Type', contentType);
  const signHeader = o.signHeader === undefined ? 'Body-Sign' : o.signHeader;
  if (signHeader !== null) {
    res.setHeader(signHeader, o.signValue ?? createBodySign(o.signKey ?? key, o.signOver ?? body));
  }
  res.end(body);
}
