import { afterEach, describe, expect, it } from 'vitest';
import {
  MarketplaceApiError,
  RateLimitError,
  TimeoutError,
  UnexpectedResponseError,
  createClient,
} from '@koogallery-kit/sdk';
import { MOCK_ORDERS } from '@koogallery-kit/sdk/testing';
import type { ClientOptions } from '@koogallery-kit/sdk';
import { AK, SK, T0, USAGE_KEY, fakeTime, huaweiAuthorization, startServer } from './helpers';
import type { LocalServer, ScriptedReply } from './helpers';

const OK_ORDER = {
  body: { resultCode: 'MKT.0000', resultMsg: 'Success', orderInfo: MOCK_ORDERS.MOCKPERIODYEARNEW },
};
const OK_LICENSE = {
  body: { error_code: '92020000', error_msg: 'success', data: { license_code_info: '{"status":"ALIVE"}' } },
};
const OK_USAGE = { body: { error_code: 'MKT.0000', error_msg: 'Success' } };
const UNAVAILABLE: ScriptedReply = {
  status: 503,
  body: { error_code: 'MKT.0999', error_msg: 'System internal error.' },
};
const RATE_LIMITED: ScriptedReply = {
  status: 406,
  body: { resultCode: 'MKT.0250', resultMsg: 'Access frequency overlimit' },
};

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(script: ScriptedReply[], over: Partial<ClientOptions> = {}) {
  server = await startServer((_req, i) => script[Math.min(i, script.length - 1)] as ScriptedReply);
  const time = fakeTime();
  const logs: string[] = [];
  const client = createClient({
    accessKey: AK,
    secretKey: SK,
    usageKey: USAGE_KEY,
    baseURL: server.baseURL,
    now: time.now,
    sleep: time.sleep,
    random: () => 0.5,
    logger: {
      debug: (m, f) => logs.push(`${m} ${JSON.stringify(f)}`),
      info: (m, f) => logs.push(`${m} ${JSON.stringify(f)}`),
    },
    ...over,
  });
  return {
    client,
    time,
    logs,
    requests: server.requests,
    port: server.port,
  };
}

const record = (sn: string) => ({
  instance_id: 'inst-1',
  record_time: '20241231T230500Z',
  begin_time: '20241231T220000Z',
  end_time: '20241231T230000Z',
  usage_value: 1,
  metering_sn: sn,
});

describe('retries (injected clock and sleep, no real waiting)', () => {
  it('retries an idempotent GET on 503 with exponential backoff and full jitter, re-signing every attempt', async () => {
    const { client, time, requests, port, logs } = await setup([UNAVAILABLE, UNAVAILABLE, OK_ORDER]);
    const order = await client.orders.query({ orderId: 'MOCKPERIODYEARNEW' });
    expect(order.orderId).toBe('MOCKPERIODYEARNEW');
    expect(requests).toHaveLength(3);
    // random() = 0.5 → half of 500 ms, then half of 1000 ms
    expect(time.sleeps).toEqual([250, 500]);
    expect(requests.map((r) => r.headers['x-retry-count'])).toEqual([undefined, '1', '2']);
    for (const r of requests)
      expect(r.headers.authorization).toBe(huaweiAuthorization(r, `127.0.0.1:${port}`, AK, SK));
    expect(logs.filter((l) => l.startsWith('koogallery retry scheduled'))).toHaveLength(2);
  });

  it('gives up after maxRetries and throws the last typed error', async () => {
    const { client, time, requests } = await setup([UNAVAILABLE], { maxRetries: 3 });
    const error = await client.orders.query({ orderId: 'X1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MarketplaceApiError);
    expect((error as MarketplaceApiError).code).toBe('MKT.0999');
    expect(requests).toHaveLength(4);
    expect(time.sleeps).toEqual([250, 500, 1000]);
  });

  it('caps the backoff at maxDelayMs and accepts a per-call maxRetries', async () => {
    const { client, time, requests } = await setup([UNAVAILABLE], {
      retry: { baseDelayMs: 1000, maxDelayMs: 1500 },
      random: () => 0.999,
    });
    await expect(client.orders.query({ orderId: 'X1' }, { maxRetries: 3 })).rejects.toBeInstanceOf(
      MarketplaceApiError,
    );
    expect(requests).toHaveLength(4);
    expect(time.sleeps).toEqual([999, 1498, 1498]);
  });

  it('does not retry when maxRetries is 0', async () => {
    const { client, requests } = await setup([UNAVAILABLE, OK_ORDER], { maxRetries: 0 });
    await expect(client.orders.query({ orderId: 'X1' })).rejects.toMatchObject({ status: 503 });
    expect(requests).toHaveLength(1);
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    const seconds = await setup([
      {
        status: 429,
        headers: { 'Retry-After': '3' },
        body: { error_code: 'APIGW.0308', error_msg: 'throttled' },
      },
      OK_ORDER,
    ]);
    await seconds.client.orders.query({ orderId: 'X1' });
    expect(seconds.time.sleeps).toEqual([3000]);
    await server?.close();
    const date = new Date(T0 + 7000).toUTCString();
    const dated = await setup([
      { status: 503, headers: { 'Retry-After': date }, body: { error_code: 'MKT.0999', error_msg: 'x' } },
      OK_ORDER,
    ]);
    await dated.client.orders.query({ orderId: 'X1' });
    expect(dated.time.sleeps).toEqual([7000]);
  });

  it('does not wait for a Retry-After longer than maxRetryAfterMs: the error carries it instead', async () => {
    const { client, requests, time } = await setup([
      { ...RATE_LIMITED, headers: { 'Retry-After': '120' } },
      OK_ORDER,
    ]);
    const error = await client.orders.query({ orderId: 'X1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
    expect(requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it('retries MKT.0250 (HTTP 406) as a RateLimitError, even for a non-idempotent call', async () => {
    const orders = await setup([RATE_LIMITED, OK_ORDER]);
    await orders.client.orders.query({ orderId: 'X1' });
    expect(orders.requests).toHaveLength(2);
    await server?.close();
    const activation = await setup([RATE_LIMITED, OK_LICENSE]);
    await activation.client.licenses.activate({ license: 'LIC-1' });
    expect(activation.requests).toHaveLength(2);
  });

  it('retries 408 and connection resets for idempotent calls', async () => {
    const timeout408 = await setup([{ status: 408, body: 'Request Timeout' }, OK_ORDER]);
    await timeout408.client.orders.query({ orderId: 'X1' });
    expect(timeout408.requests).toHaveLength(2);
    await server?.close();
    const reset = await setup([{ reset: true }, OK_ORDER]);
    await reset.client.orders.query({ orderId: 'X1' });
    expect(reset.requests).toHaveLength(2);
  });

  it('never re-sends a non-idempotent licence activation after a 503 or a connection reset', async () => {
    const failed = await setup([UNAVAILABLE, OK_LICENSE]);
    await expect(failed.client.licenses.activate({ license: 'LIC-1' })).rejects.toMatchObject({
      status: 503,
    });
    expect(failed.requests).toHaveLength(1);
    await server?.close();
    const reset = await setup([{ reset: true }, OK_LICENSE]);
    await expect(reset.client.licenses.activate({ license: 'LIC-1' })).rejects.toMatchObject({
      code: 'CONNECTION_ERROR',
    });
    expect(reset.requests).toHaveLength(1);
  });

  it('retries the usage push with the very same body (same metering_sn set) and fresh ts/nonce/signature', async () => {
    const { client, requests, time } = await setup([UNAVAILABLE, { reset: true }, OK_USAGE]);
    const result = await client.usage.push([record('sn-1'), record('sn-2')]);
    expect(result.attempts).toBe(3);
    expect(requests).toHaveLength(3);
    const bodies = new Set(requests.map((r) => r.body));
    expect(bodies.size).toBe(1);
    const sent = JSON.parse(requests[0]?.body ?? '') as { usage_records: Array<{ metering_sn: string }> };
    expect(sent.usage_records.map((r) => r.metering_sn)).toEqual(['sn-1', 'sn-2']);
    expect(new Set(requests.map((r) => r.headers.nonce)).size).toBe(3);
    expect(requests.map((r) => r.headers.ts)).toEqual([String(T0), String(T0 + 250), String(T0 + 250 + 500)]);
    expect(time.sleeps).toEqual([250, 500]);
  });

  it('does not retry input errors answered with HTTP 500 (MKT.9002), nor non-JSON success replies', async () => {
    const invalid = await setup([
      { status: 500, body: { error_code: 'MKT.9002', error_msg: 'Invalid usage enties.' } },
      OK_USAGE,
    ]);
    await expect(invalid.client.usage.push([record('sn-1')])).rejects.toMatchObject({
      code: 'MKT.9002',
      category: 'invalid_request',
    });
    expect(invalid.requests).toHaveLength(1);
    await server?.close();
    const html = await setup([
      { status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html>portal</html>' },
      OK_ORDER,
    ]);
    const error = await html.client.orders.query({ orderId: 'X1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).code).toBe('BODY_NOT_JSON');
    expect(html.requests).toHaveLength(1);
  });

  it('retries a timed-out idempotent call and reports TimeoutError when every attempt hangs', async () => {
    const { client, requests } = await setup([{ hang: true }], { timeoutMs: 100, maxRetries: 1 });
    const error = await client.orders.query({ orderId: 'X1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(requests).toHaveLength(2);
  });
});
