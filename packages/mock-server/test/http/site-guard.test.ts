/**
 * The admin API and the console are safe from web pages by default, with or without an admin token: real HTTP
 * requests (node:http, so every header is sent exactly as a browser or an attacker would) with the hostile
 * headers — a `text/plain` or form POST (a "simple" cross-site request that needs no preflight), an `Origin` or
 * `Sec-Fetch-Site` of another site, a foreign `Host` (DNS rebinding) — are refused, and change nothing; the
 * mock's own console and tools that are no browser keep working.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { createMockMarketplace, type MockMarketplace } from '../../src/index';
import type { ErrorBody } from './admin-answers';

const open: MockMarketplace[] = [];
afterAll(async () => {
  await Promise.all(open.map((m) => m.close()));
});

interface Raw {
  status: number;
  body: string;
}

/** Sends exactly these headers (node:http sets Host only when we do not). */
function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The `error` of a JSON error answer. */
const errorOf = (raw: Raw): ErrorBody['error'] => (JSON.parse(raw.body) as ErrorBody).error;

async function market(options: Parameters<typeof createMockMarketplace>[0] = {}): Promise<MockMarketplace> {
  const m = await createMockMarketplace(options);
  open.push(m);
  return m;
}

describe('cross-site requests to the admin API', () => {
  for (const token of [undefined, 'admin-token-0123456789']) {
    const auth: Record<string, string> = token === undefined ? {} : { Authorization: `Bearer ${token}` };
    const label = token === undefined ? 'without a token' : 'with the right token';

    it(`refuses a text/plain or form POST /__admin/reset (${label}), and nothing is reset`, async () => {
      const m = await market({ adminToken: token });
      m.purchase({ productCode: 'crm', autoPay: false });
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
        const res = await send(`${m.adminUrl}/reset`, 'POST', { ...auth, 'Content-Type': contentType }, '{}');
        expect(res.status, contentType).toBe(415);
        expect(errorOf(res).code).toBe('CONTENT_TYPE_NOT_JSON');
      }
      const bare = await send(`${m.adminUrl}/reset`, 'POST', auth);
      expect(bare.status).toBe(415);
      expect(m.orders()).toHaveLength(1);
    });

    it(`refuses a JSON POST whose Origin or Sec-Fetch-Site shows another site (${label})`, async () => {
      const m = await market({ adminToken: token });
      const json = { ...auth, 'Content-Type': 'application/json' };
      const body = JSON.stringify({ productCode: 'crm', autoPay: false });
      const purchase = `${m.adminUrl}/actions/purchase`;
      for (const hostile of <Array<Record<string, string>>>[
        { Origin: 'https://evil.example' },
        { Origin: 'null' },
        { Origin: 'http://127.0.0.1:1' }, // another port on the same machine is another origin
        { 'Sec-Fetch-Site': 'cross-site' },
        { 'Sec-Fetch-Site': 'same-site' },
      ]) {
        const res = await send(purchase, 'POST', { ...json, ...hostile }, body);
        expect(res.status, JSON.stringify(hostile)).toBe(403);
        expect(errorOf(res).code).toBe('CROSS_SITE_REQUEST');
      }
      expect(m.orders()).toHaveLength(0);
      // the console of this mock (same origin) and tools without Origin still work
      const own = await send(
        purchase,
        'POST',
        { ...json, Origin: m.url, 'Sec-Fetch-Site': 'same-origin' },
        body,
      );
      expect(own.status).toBe(200);
      const tool = await send(purchase, 'POST', json, body);
      expect(tool.status).toBe(200);
      expect(m.orders()).toHaveLength(2);
    });
  }
});

describe('Host check (DNS rebinding)', () => {
  it('serves the admin API and the console only to IP addresses, localhost and the configured names', async () => {
    const m = await market({ allowedHosts: ['mock.internal', '.team.example'] });
    const port = new URL(m.url).port;
    for (const host of ['evil.example', `evil.example:${port}`, `mock.internal.evil.example:${port}`]) {
      for (const path of ['/__admin/state', '/__admin/orders', '/console/']) {
        const res = await send(`${m.url}${path}`, 'GET', { Host: host });
        expect(res.status, `${host} ${path}`).toBe(403);
        expect(errorOf(res).code).toBe('HOST_NOT_ALLOWED');
        expect(errorOf(res).message).toContain('--allowed-host');
      }
    }
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `[::1]:${port}`,
      `app.localhost:${port}`,
      `MOCK.internal:${port}`,
      `a.team.example:${port}`,
    ]) {
      const res = await send(`${m.adminUrl}/state`, 'GET', { Host: host });
      expect(res.status, host).toBe(200);
    }
  });

  it('refuses a rebinding name also when the mock is bound by name', async () => {
    const m = await market({ host: 'localhost' });
    const res = await send(`${m.adminUrl}/state`, 'GET', { Host: `rebound.example:${new URL(m.url).port}` });
    expect(res.status).toBe(403);
  });
});
