import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, ConnectionError, TimeoutError } from '@koogallery-kit/sdk';
import { createAxiosTransport, type ProductionCall } from '@koogallery-kit/sdk/platform';

let server: Server | undefined;

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/produce`;
}

afterEach(async () => {
  const s = server;
  server = undefined;
  if (s) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

function post(url: string, body = '{"a":1}'): ProductionCall {
  return {
    method: 'POST',
    url: `${url}?signature=abc&timestamp=1&nonce=n`,
    headers: { 'Content-Type': 'application/json;charset=utf8', Accept: 'application/json' },
    body,
    interface: 'queryInstance',
  };
}

describe('createAxiosTransport', () => {
  it('sends the call as built and returns raw header names and the exact body bytes', async () => {
    let seen: { method?: string; url?: string; contentType?: string; body?: string } = {};
    const replyBody = '\uFEFF{"resultCode":"000000"} \n';
    const url = await serve((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen = {
          method: req.method,
          url: req.url,
          contentType: req.headers['content-type'],
          body: Buffer.concat(chunks).toString('utf8'),
        };
        res.setHeader('body-sign', 'lower');
        res.setHeader('X-Mixed-CASE', 'v');
        res.setHeader('Content-Type', 'application/json');
        res.end(replyBody);
      });
    });
    const reply = await createAxiosTransport()(post(url, '{"b":"é"}'), { timeoutMs: 5000 });
    expect(seen).toEqual({
      method: 'POST',
      url: '/produce?signature=abc&timestamp=1&nonce=n',
      contentType: 'application/json;charset=utf8',
      body: '{"b":"é"}',
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(replyBody);
    expect(reply.rawHeaders).toEqual(
      expect.arrayContaining([
        ['body-sign', 'lower'],
        ['X-Mixed-CASE', 'v'],
      ]),
    );
    expect(reply.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('returns error statuses and redirects as replies instead of throwing or following them', async () => {
    const url = await serve((req, res) => {
      if (req.url?.startsWith('/produce')) {
        res.statusCode = 302;
        res.setHeader('Location', '/elsewhere');
        res.end('moved');
      } else {
        res.statusCode = 500;
        res.end('followed');
      }
    });
    const reply = await createAxiosTransport()(post(url), { timeoutMs: 5000 });
    expect(reply.status).toBe(302);
    expect(reply.body).toBe('moved');
    const five = await createAxiosTransport()(post(url.replace('/produce', '/x')), { timeoutMs: 5000 });
    expect(five.status).toBe(500);
  });

  it('sends V1 GET calls without a body', async () => {
    let method = '';
    let length: string | undefined;
    const url = await serve((req, res) => {
      method = req.method ?? '';
      length = req.headers['content-length'];
      res.end('{}');
    });
    await createAxiosTransport()(
      {
        method: 'GET',
        url: `${url}?activity=queryInstance`,
        headers: { Accept: 'application/json' },
        interface: 'v1QueryInstance',
      },
      { timeoutMs: 5000 },
    );
    expect(method).toBe('GET');
    expect(length === undefined || length === '0').toBe(true);
  });

  it('throws TimeoutError when the whole reply does not arrive in time', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"resultCode":'); // never finishes
    });
    const attempt = createAxiosTransport()(post(url), { timeoutMs: 150 });
    await expect(attempt).rejects.toBeInstanceOf(TimeoutError);
    await expect(attempt).rejects.toThrow(/within 150 ms/);
  });

  it('throws ConnectionError for a closed port, without the query string in the message', async () => {
    const url = await serve((_req, res) => res.end());
    const s = server;
    server = undefined;
    s?.closeAllConnections();
    await new Promise<void>((resolve) => s?.close(() => resolve()));
    const attempt = createAxiosTransport()(post(url), { timeoutMs: 2000 });
    await expect(attempt).rejects.toBeInstanceOf(ConnectionError);
    await expect(attempt).rejects.not.toBeInstanceOf(TimeoutError);
    await expect(attempt).rejects.toThrow(/connection refused/);
    await expect(attempt).rejects.not.toThrow(/signature=/);
  });

  it('stops when the caller aborts, and refuses oversize replies and bad options', async () => {
    const url = await serve((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end('x'.repeat(2048));
    });
    const controller = new AbortController();
    controller.abort();
    await expect(
      createAxiosTransport()(post(url), { timeoutMs: 2000, signal: controller.signal }),
    ).rejects.toThrow(/aborted/);
    await expect(
      createAxiosTransport({ maxBodyBytes: 1024 })(post(url), { timeoutMs: 2000 }),
    ).rejects.toThrow(/larger than 1024 bytes/);
    await expect(createAxiosTransport()(post(url), { timeoutMs: 0 })).rejects.toBeInstanceOf(ConfigError);
    expect(() => createAxiosTransport({ maxBodyBytes: -1 })).toThrow(ConfigError);
  });
});
