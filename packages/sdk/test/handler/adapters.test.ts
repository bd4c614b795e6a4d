/**
 * Adapter-specific behaviour beyond the shared matrix: body parsers mounted in the wrong order fail loudly with
 * instructions, raw-body parsers are accepted, aborted uploads do not disturb the server.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { createExpressMiddleware } from '../../src/entries/express';
import { createFetchHandler } from '../../src/entries/fetch';
import { createNodeListener } from '../../src/entries/node';
import { V2_BODIES } from './fixtures/bodies';
import { BASE, createTestSetup, expectSignedAnswer, fetchWire, signedV2, totalCalls } from './harness';
import type { WireRequest, WireResponse } from './harness';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers
      .splice(0)
      .map((s) => new Promise<void>((resolve) => (s.closeAllConnections(), s.close(() => resolve())))),
  );
});

async function serve(listener: RequestListener): Promise<number> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const post = (port: number, req: WireRequest): Promise<WireResponse> => fetchWire(port, req);

describe('express adapter', () => {
  it('fails loudly, with the fix, when express.json() consumed the body first', async () => {
    const { handler, spies, logger } = createTestSetup();
    const app = express();
    app.use(express.json());
    app.use(BASE, createExpressMiddleware(handler));
    const port = await serve(app);
    // (With the platform's own "charset=utf8", body-parser would even refuse the call with 415.)
    const req = signedV2('newInstance', V2_BODIES.newInstance);
    const res = await post(port, { ...req, headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(500);
    expect(totalCalls(spies)).toBe(0);
    const error = logger.lines.find((l) => l.level === 'error');
    expect(error?.message).toMatch(
      /already read by another middleware \(e\.g\. express\.json\(\)\).*Mount the KooGallery handler before any body parser/,
    );
  });

  it('accepts a body already read by express.raw() or express.text()', async () => {
    for (const parser of [express.raw({ type: '*/*' }), express.text({ type: '*/*' })]) {
      const { handler, spies } = createTestSetup();
      const app = express();
      app.use(parser);
      app.use(BASE, createExpressMiddleware(handler));
      const port = await serve(app);
      const res = await post(port, signedV2('newInstance', V2_BODIES.newInstance));
      expectSignedAnswer(res, { status: 200, resultCode: '000000', exactHeaderCase: false });
      expect(spies.newInstance).toHaveBeenCalledTimes(1);
    }
  });

  it('leaves the rest of the app alone: a JSON route mounted after it still parses JSON', async () => {
    const { handler } = createTestSetup();
    const app = express();
    app.use(BASE, createExpressMiddleware(handler));
    app.use(express.json());
    app.post('/api/echo', (req, res) => void res.json(req.body));
    const port = await serve(app);
    const echo = await post(port, {
      method: 'POST',
      path: '/api/echo',
      headers: { 'Content-Type': 'application/json' },
      body: '{"a":1}',
    });
    expect(JSON.parse(echo.body)).toEqual({ a: 1 });
    expectSignedAnswer(await post(port, signedV2('newInstance', V2_BODIES.newInstance)), {
      status: 200,
      resultCode: '000000',
      exactHeaderCase: false,
    });
  });
});

describe('node adapter', () => {
  it('survives a client that disconnects mid-body and keeps serving', async () => {
    const { handler, spies } = createTestSetup();
    const port = await serve(createNodeListener(handler));
    await new Promise<void>((resolve) => {
      const r = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: BASE,
        headers: { 'Content-Length': 10_000 },
      });
      r.on('error', () => resolve());
      r.write('{"activity":"newIns', () => setTimeout(() => (r.destroy(), resolve()), 20));
    });
    expect(totalCalls(spies)).toBe(0);
    expectSignedAnswer(await post(port, signedV2('newInstance', V2_BODIES.newInstance)), {
      status: 200,
      resultCode: '000000',
      exactHeaderCase: false,
    });
  });
});

describe('fetch adapter', () => {
  it('fails loudly when something already read the Request body (Hono c.req.json())', async () => {
    const { handler, spies, logger } = createTestSetup();
    const fetchHandler = createFetchHandler(handler);
    const app = new Hono();
    app.post(BASE, async (c) => {
      await c.req.raw.clone().text(); // harmless: a clone
      await c.req.raw.json();
      return fetchHandler(c.req.raw);
    });
    const req = signedV2('newInstance', V2_BODIES.newInstance);
    const res = await app.fetch(
      new Request(`http://127.0.0.1${req.path}`, {
        method: 'POST',
        headers: req.headers,
        body: req.body as string,
      }),
    );
    expect(res.status).toBe(500);
    expect(await res.text()).toMatch(/already read/);
    expect(totalCalls(spies)).toBe(0);
    expect(logger.lines.some((l) => l.level === 'error')).toBe(true);
  });

  it('answers with a Response carrying the signed body and headers', async () => {
    const { handler } = createTestSetup();
    const req = signedV2('newInstance', V2_BODIES.newInstance);
    const res = await createFetchHandler(handler)(
      new Request(`https://seller.example.com${req.path}`, {
        method: 'POST',
        headers: req.headers,
        body: req.body as string,
      }),
    );
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    expectSignedAnswer(
      { status: res.status, headerNames: Object.keys(headers), headers, body: await res.text() },
      { status: 200, resultCode: '000000', exactHeaderCase: false },
    );
  });
});
