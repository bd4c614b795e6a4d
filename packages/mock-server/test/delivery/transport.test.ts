/**
 * The undici transport against small node:http servers: raw header names and body bytes kept exactly,
 * keep-alive reuse, time-outs, connection failures, size limit, abort and close.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ConfigError, ConnectionError, ReplyTooLargeError, TimeoutError } from '@koogallery-kit/sdk';
import { type ProductionCall } from '@koogallery-kit/sdk/platform';
import { afterEach, describe, expect, it } from 'vitest';
import { createUndiciTransport, type UndiciTransport } from '../../src/delivery/undici-transport';
import { unreachableUrl } from './fixtures/test-seller';

let server: Server | undefined;
let transport: UndiciTransport | undefined;
const hanging: ServerResponse[] = [];

afterEach(async () => {
  await transport?.close();
  transport = undefined;
  for (const res of hanging.splice(0)) res.destroy();
  const s = server;
  server = undefined;
  if (s) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

/** Starts a server; returns its base URL and the sockets it accepted. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const sockets: Socket[] = [];
  server = createServer(handler);
  server.on('connection', (s) => sockets.push(s));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sockets };
}

const call = (url: string, body = '{"activity":"queryInstance","instanceId":"i-1"}'): ProductionCall => ({
  method: 'POST',
  url: `${url}/produce?signature=abcdef0123456789abcdef&timestamp=1700000000000&nonce=n1`,
  headers: { 'Content-Type': 'application/json;charset=utf8', Accept: 'application/json' },
  body,
  interface: 'queryInstance',
});

describe('undici transport', () => {
  it('returns header names in their received case and order, and the body byte for byte', async () => {
    const received: Array<{ url: string; body: string; contentType: string | undefined }> = [];
    const { url } = await serve((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({
          url: req.url ?? '',
          body: Buffer.concat(chunks).toString(),
          contentType: req.headers['content-type'],
        });
        res.writeHead(200, [
          ['Content-Type', 'application/json'],
          ['Body-Sign', 'sign_type="HMAC-SHA256", signature="abc"'],
          ['x-MiXeD-Case', 'one'],
          ['x-MiXeD-Case', 'two'],
        ]);
        res.end('\uFEFF{"resultCode":"000000","resultMsg":"成功"}');
      });
    });
    transport = createUndiciTransport();
    const reply = await transport(call(url), { timeoutMs: 5_000 });
    expect(reply.status).toBe(200);
    const names = reply.rawHeaders.map(([k]) => k);
    expect(names.slice(0, 4)).toEqual(['Content-Type', 'Body-Sign', 'x-MiXeD-Case', 'x-MiXeD-Case']);
    expect(reply.rawHeaders.filter(([k]) => k === 'x-MiXeD-Case').map(([, v]) => v)).toEqual(['one', 'two']);
    expect(reply.body).toBe('\uFEFF{"resultCode":"000000","resultMsg":"成功"}');
    expect(reply.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(received).toEqual([
      {
        url: '/produce?signature=abcdef0123456789abcdef&timestamp=1700000000000&nonce=n1',
        body: '{"activity":"queryInstance","instanceId":"i-1"}',
        contentType: 'application/json;charset=utf8',
      },
    ]);
  });

  it('keeps connections alive per origin (sequential calls reuse their sockets)', async () => {
    const { url, sockets } = await serve((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{}');
      });
    });
    transport = createUndiciTransport();
    for (let i = 0; i < 10; i++) await transport(call(url), { timeoutMs: 5_000 });
    // undici's pool may open a second connection while the first is being released; never one per call
    expect(sockets.length).toBeGreaterThanOrEqual(1);
    expect(sockets.length).toBeLessThanOrEqual(2);
    expect(transport.origins()).toEqual([url]);
  });

  it('does not follow redirects: a 3xx is a reply', async () => {
    const { url } = await serve((req, res) => {
      req.resume();
      res.writeHead(302, { Location: 'https://elsewhere.example/' });
      res.end();
    });
    transport = createUndiciTransport();
    const reply = await transport(call(url), { timeoutMs: 5_000 });
    expect(reply.status).toBe(302);
    expect(reply.body).toBe('');
  });

  it('throws TimeoutError when the seller hangs beyond the per-call timeout', async () => {
    const { url } = await serve((req, res) => {
      req.resume();
      hanging.push(res);
    });
    transport = createUndiciTransport();
    const error = await transport(call(url), { timeoutMs: 150 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).code).toBe('TIMEOUT');
    expect((error as Error).message).toContain('within 150 ms');
    // the signature in the query string never appears in messages
    expect((error as Error).message).not.toContain('abcdef0123456789');
  });

  it('throws ConnectionError for a refused connection and for a reset one', async () => {
    transport = createUndiciTransport();
    const refused = await transport(call((await unreachableUrl()).replace('/produce', '')), {
      timeoutMs: 2_000,
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConnectionError);
    expect(refused).not.toBeInstanceOf(TimeoutError);
    expect((refused as Error).message).toMatch(/connection refused .*ECONNREFUSED/);
    expect((refused as Error).message).not.toContain('signature=');

    const { url } = await serve((req) => req.socket.destroy());
    const reset = await transport(call(url), { timeoutMs: 2_000 }).catch((e: unknown) => e);
    expect(reset).toBeInstanceOf(ConnectionError);
    expect((reset as Error).message).toMatch(/closed or reset by the seller|connection reset/);
  });

  it('stops reading a reply over maxBodyBytes', async () => {
    const { url } = await serve((req, res) => {
      req.resume();
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(`{"pad":"${'x'.repeat(5_000)}"}`);
    });
    transport = createUndiciTransport({ maxBodyBytes: 1_000 });
    const error = await transport(call(url), { timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplyTooLargeError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain('larger than 1000 bytes');
    expect((error as ReplyTooLargeError).status).toBe(200);
    expect((error as ReplyTooLargeError).bytesRead).toBeGreaterThan(1_000);
  });

  it('aborts through the signal, and refuses calls once closed', async () => {
    const { url } = await serve((req, res) => {
      req.resume();
      hanging.push(res);
    });
    transport = createUndiciTransport();
    const controller = new AbortController();
    const pending = transport(call(url), { timeoutMs: 5_000, signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    setTimeout(() => controller.abort(), 20);
    const aborted = await pending;
    expect(aborted).toBeInstanceOf(ConnectionError);
    expect((aborted as Error).message).toContain('aborted');

    const inFlight = transport(call(url), { timeoutMs: 5_000 }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 20));
    await transport.close();
    expect(await inFlight).toBeInstanceOf(ConnectionError);
    const after = await transport(call(url), { timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(after).toBeInstanceOf(ConnectionError);
    expect((after as Error).message).toContain('closed');
  });

  it('rejects invalid options and call arguments with ConfigError listing every problem', async () => {
    expect(() =>
      createUndiciTransport({ connections: 0, maxBodyBytes: -1, keepAliveTimeoutMs: 1.5 }),
    ).toThrow(ConfigError);
    try {
      createUndiciTransport({ connections: 0, maxBodyBytes: -1 });
    } catch (error) {
      expect((error as Error).message).toContain('connections:');
      expect((error as Error).message).toContain('maxBodyBytes:');
    }
    transport = createUndiciTransport();
    await expect(transport(call('http://127.0.0.1:1'), { timeoutMs: 0 })).rejects.toThrow(ConfigError);
    await expect(
      transport({ ...call('http://127.0.0.1:1'), url: 'ftp://x/produce' }, { timeoutMs: 100 }),
    ).rejects.toThrow(/Only http and https/);
  });
});
