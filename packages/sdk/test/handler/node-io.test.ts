/**
 * The node:http writer sends each answer as one socket write (head and body together, as a hand-written server
 * does), with the exact header-name case, a correct Content-Length and headers set by earlier middleware kept.
 */
import { createServer } from 'node:http';
import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeListener } from '../../src/entries/node';
import { CONSUMED_BODY_MESSAGE, writeMisconfigured } from '../../src/handler/node-io';
import { V2_BODIES } from './fixtures/bodies';
import { createTestSetup, expectSignedAnswer, fetchWire, signedV2 } from './harness';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers
      .splice(0)
      .map((s) => new Promise<void>((resolve) => (s.closeAllConnections(), s.close(() => resolve())))),
  );
});

/**
 * Serves `listener`, recording every non-empty chunk the server writes to its sockets (Node ends a response with
 * an empty write, which carries no bytes and is not counted).
 */
async function serveCounting(listener: RequestListener): Promise<{ port: number; writes: string[] }> {
  const writes: string[] = [];
  const server = createServer((req, res) => {
    const socket = req.socket;
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    socket.write = (...args: unknown[]) => {
      const chunk = args[0];
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      if (text.length > 0) writes.push(text);
      return write(...args);
    };
    listener(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, writes };
}

const send = fetchWire;

describe('node:http writer', () => {
  it('sends head and body in a single write, with Body-Sign in its exact case and a correct Content-Length', async () => {
    const { handler } = createTestSetup();
    const { port, writes } = await serveCounting(createNodeListener(handler));
    const res = await send(port, signedV2('queryInstance', V2_BODIES.queryInstance));
    expectSignedAnswer(res, { status: 200, resultCode: '000000', exactHeaderCase: false });
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.body)));
    expect(writes).toHaveLength(1);
    const [only] = writes;
    expect(only).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(only).toContain('\r\nBody-Sign: sign_type="HMAC-SHA256", signature="');
    expect(only).toContain('\r\nContent-Type: application/json;charset=UTF-8\r\n');
    expect(only!.endsWith(`\r\n\r\n${res.body}`)).toBe(true);
  });

  it('keeps headers an earlier middleware set, ours taking precedence', async () => {
    const { handler } = createTestSetup();
    const listener = createNodeListener(handler);
    const { port, writes } = await serveCounting((req, res) => {
      res.setHeader('X-Request-Id', 'r-1');
      res.setHeader('Content-Type', 'text/html');
      listener(req, res);
    });
    const res = await send(port, signedV2('queryInstance', V2_BODIES.queryInstance));
    expectSignedAnswer(res, { status: 200, resultCode: '000000', exactHeaderCase: false });
    expect(res.headers['x-request-id']).toBe('r-1');
    expect(writes).toHaveLength(1);
  });

  it('writes the misconfiguration 500 in one write, with its length', async () => {
    const { port, writes } = await serveCounting((_req, res) =>
      writeMisconfigured(res, CONSUMED_BODY_MESSAGE),
    );
    const res = await fetch(`http://127.0.0.1:${port}/produce`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(CONSUMED_BODY_MESSAGE)));
    expect(await res.text()).toBe(CONSUMED_BODY_MESSAGE);
    expect(writes).toHaveLength(1);
  });
});
