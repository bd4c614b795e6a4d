/**
 * The admin token of a shared mock: required on every admin call (Bearer or X-Admin-Token; `?token=` on the
 * event stream only), never echoed; the liveness probe stays open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockMarketplace, type MockMarketplace } from '../../src/index';
import type { ErrorBody, StateAnswer } from './admin-answers';
import { request } from './helpers';

const TOKEN = 'team-admin-token-7f3a9c';
let m: MockMarketplace;
beforeAll(async () => {
  m = await createMockMarketplace({ adminToken: TOKEN });
});
afterAll(() => m.close());

describe('admin token', () => {
  const routes: Array<[string, string, unknown?]> = [
    ['GET', '/state'],
    ['GET', '/orders'],
    ['GET', '/jobs'],
    ['GET', '/attempts'],
    ['GET', '/clock'],
    ['POST', '/clock/advance', { by: '1h' }],
    ['POST', '/actions/purchase', { productCode: 'crm' }],
    ['POST', '/reset', {}],
    ['GET', '/events'],
    ['GET', '/no-such-route'],
  ];

  for (const [method, path, json] of routes) {
    it(`${method} ${path} needs the token`, async () => {
      const none = await request<ErrorBody>(`${m.adminUrl}${path}`, { method, json });
      expect(none.status).toBe(401);
      expect(none.body.error.code).toBe('UNAUTHORIZED');
      expect(none.body.error.message).toContain('Authorization: Bearer');
      const wrong = await request(`${m.adminUrl}${path}`, {
        method,
        json,
        headers: { Authorization: 'Bearer nope-nope' },
      });
      expect(wrong.status).toBe(401);
      expect(JSON.stringify(wrong.body)).not.toContain(TOKEN);
    });
  }

  it('accepts the token as Bearer or X-Admin-Token', async () => {
    const bearer = await request<StateAnswer>(`${m.adminUrl}/state`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(bearer.status).toBe(200);
    expect(bearer.body.mock.adminToken).toBe(true);
    expect(JSON.stringify(bearer.body)).not.toContain(TOKEN);
    const header = await request(`${m.adminUrl}/actions/purchase`, {
      json: { productCode: 'crm' },
      headers: { 'X-Admin-Token': TOKEN },
    });
    expect(header.status).toBe(200);
  });

  it('accepts ?token= on the event stream only', async () => {
    const query = await request(`${m.adminUrl}/orders?token=${TOKEN}`);
    expect(query.status).toBe(401);
    const controller = new AbortController();
    const res = await fetch(`${m.adminUrl}/events?token=${TOKEN}`, { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    controller.abort();
  });

  it('leaves the liveness probe open, revealing nothing', async () => {
    const health = await request(`${m.adminUrl}/health`);
    expect(health).toMatchObject({ status: 200, body: { ok: true } });
  });
});
