// The app's Fetch entry point called directly (no server), as on Deno, Bun or Workers: signed calls built with
// the SDK's test helper, answers checked with the SDK's Body-Sign verifier.
import { describe, expect, it } from 'vitest';
import { ConfigError, verifyBodySign } from '@koogallery-kit/sdk';
import { createSignedRequest } from '@koogallery-kit/sdk/testing';
import { createFetchSellerApp } from '../src';

const KEY = 'fetch-direct-test-key';
const URL_BASE = 'https://seller.example.com/koogallery/produce';

function app(now?: () => number) {
  return createFetchSellerApp({ accessKey: KEY, logger: {}, ...(now ? { now } : {}) });
}

async function call(
  seller: ReturnType<typeof app>,
  activity: Parameters<typeof createSignedRequest>[0],
  body: Record<string, unknown>,
  o: { accessKey?: string; timestamp?: number; nonce?: string } = {},
) {
  const { request } = createSignedRequest(activity, body, {
    accessKey: o.accessKey ?? KEY,
    url: URL_BASE,
    ...o,
  });
  const response = await seller.fetch(request);
  const text = await response.text();
  return { response, text, json: JSON.parse(text) as Record<string, unknown> };
}

describe('seller.fetch', () => {
  it('answers a signed newInstance with an instanceId and a valid Body-Sign (lower-case name in Fetch)', async () => {
    const seller = app();
    const { response, text, json } = await call(seller, 'newInstance', {
      orderId: 'CS1',
      orderLineId: 'CS1-000001',
      businessId: 'b-1',
    });
    expect(response.status).toBe(200);
    expect(json).toMatchObject({ resultCode: '000000' });
    expect(json['instanceId']).toMatch(/^\w{1,64}$/);
    // Headers are case-insensitive in Fetch, and iteration yields lower-case names.
    expect([...response.headers.keys()]).toContain('body-sign');
    expect(verifyBodySign(KEY, text, response.headers.get('Body-Sign') ?? undefined)).toBe(true);
  });

  it('is idempotent per order line, and reports the instance through queryInstance', async () => {
    const seller = app();
    const body = { orderId: 'CS2', orderLineId: 'CS2-000001', businessId: 'b-2' };
    const first = await call(seller, 'newInstance', body);
    const again = await call(seller, 'newInstance', { ...body, businessId: 'b-3' });
    expect(again.json['instanceId']).toBe(first.json['instanceId']);
    expect(seller.tenants.list()).toHaveLength(1);

    const id = first.json['instanceId'] as string;
    const query = await call(seller, 'queryInstance', { instanceId: `${id},unknown-id` });
    expect(query.json['info']).toEqual([
      expect.objectContaining({
        instanceId: id,
        appInfo: expect.objectContaining({ frontEndUrl: `http://127.0.0.1:3000/t/${id}` }) as unknown,
      }),
    ]);
  });

  it('answers 000003 for an unknown instance and releases idempotently', async () => {
    const seller = app();
    expect((await call(seller, 'releaseInstance', { instanceId: 'nope' })).json['resultCode']).toBe('000003');
    const created = await call(seller, 'newInstance', {
      orderId: 'CS4',
      orderLineId: 'CS4-000001',
      businessId: 'b',
    });
    const id = created.json['instanceId'] as string;
    expect((await call(seller, 'releaseInstance', { instanceId: id })).json['resultCode']).toBe('000000');
    expect((await call(seller, 'releaseInstance', { instanceId: id })).json['resultCode']).toBe('000000');
    expect(seller.tenants.get(id)?.status).toBe('RELEASED');
    expect(
      (await call(seller, 'updateInstanceStatus', { instanceId: id, status: 'FREEZE' })).json['resultCode'],
    ).toBe('000003');
  });

  it('refuses a forged signature, a replayed nonce and a stale timestamp before any handler runs', async () => {
    const seller = app();
    const body = { orderId: 'CS5', orderLineId: 'CS5-000001', businessId: 'b' };
    const forged = await call(seller, 'newInstance', body, { accessKey: 'someone-else' });
    expect(forged.json['resultCode']).not.toBe('000000');
    const nonce = 'a'.repeat(64);
    const first = await call(seller, 'newInstance', body, { nonce });
    expect(first.json['resultCode']).toBe('000000');
    const replay = await call(seller, 'newInstance', body, { nonce });
    expect(replay.json['resultCode']).not.toBe('000000');
    const stale = await call(seller, 'newInstance', body, { timestamp: Date.now() - 10 * 60_000 });
    expect(stale.json['resultCode']).not.toBe('000000');
    expect(seller.tenants.list()).toHaveLength(1);
  });

  it('serves the tenant pages and /healthz', async () => {
    const seller = app();
    const created = await call(seller, 'newInstance', {
      orderId: 'CS6',
      orderLineId: 'CS6-000001',
      businessId: 'b',
    });
    const id = created.json['instanceId'] as string;
    expect((await seller.fetch(new Request(`http://x/t/${id}`))).status).toBe(200);
    expect((await seller.fetch(new Request(`http://x/t/${id}/admin`))).status).toBe(200);
    expect((await seller.fetch(new Request('http://x/t/unknown'))).status).toBe(404);
    expect(await (await seller.fetch(new Request('http://x/healthz'))).json()).toEqual({ status: 'ok' });
  });

  it.each([
    [{ accessKey: '' }, /accessKey is required/],
    [{ accessKey: 'k', productionPath: '/' }, /productionPath/],
    [{ accessKey: 'k', appBaseUrl: 'ftp://x' }, /appBaseUrl/],
    [{ accessKey: 'k', now: 5 }, /now must be a function/],
  ])('refuses bad options %o with a ConfigError', (options, message) => {
    expect(() => createFetchSellerApp(options as never)).toThrow(ConfigError);
    expect(() => createFetchSellerApp(options as never)).toThrow(message);
  });
});
