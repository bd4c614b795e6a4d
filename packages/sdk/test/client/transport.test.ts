import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CANCELLED_CODE,
  ConnectionError,
  NetworkError,
  REGION_BASE_URLS,
  TimeoutError,
  createClient,
} from '@koogallery-kit/sdk';
import { MOCK_ORDERS } from '@koogallery-kit/sdk/testing';
import { AK, SK, fakeTime, startServer } from './helpers';
import type { LocalServer } from './helpers';

const OK_ORDER = {
  body: { resultCode: 'MKT.0000', resultMsg: 'Success', orderInfo: MOCK_ORDERS.MOCKONETIMENEW },
};

let servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** A port on 127.0.0.1 with nothing listening (connections are refused). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('timeouts, cancellation, host fallback', () => {
  it('turns a hanging server into a TimeoutError after timeoutMs (default 10 s, here 150 ms)', async () => {
    const hanging = await startServer(() => ({ hang: true }));
    servers.push(hanging);
    const client = createClient({
      accessKey: AK,
      secretKey: SK,
      baseURL: hanging.baseURL,
      timeoutMs: 150,
      maxRetries: 0,
    });
    const error = await client.orders.query({ orderId: 'MOCKONETIMENEW' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as TimeoutError).code).toBe('TIMEOUT');
    expect((error as TimeoutError).message).toContain('within 150 ms');
    expect((error as TimeoutError).cause).toBeDefined();
  });

  it('applies a per-call timeout', async () => {
    const hanging = await startServer(() => ({ hang: true }));
    servers.push(hanging);
    const client = createClient({ accessKey: AK, secretKey: SK, baseURL: hanging.baseURL, maxRetries: 0 });
    await expect(client.orders.query({ orderId: 'A' }, { timeoutMs: 80 })).rejects.toBeInstanceOf(
      TimeoutError,
    );
  });

  it('cancels a call with the caller’s AbortSignal and does not retry it', async () => {
    const hanging = await startServer(() => ({ hang: true }));
    servers.push(hanging);
    const client = createClient({ accessKey: AK, secretKey: SK, baseURL: hanging.baseURL, maxRetries: 3 });
    const controller = new AbortController();
    const pending = client.orders
      .query({ orderId: 'A' }, { signal: controller.signal })
      .catch((e: unknown) => e);
    while (hanging.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe(CANCELLED_CODE);
    expect(hanging.requests).toHaveLength(1);
    const already = new AbortController();
    already.abort();
    await expect(client.orders.query({ orderId: 'A' }, { signal: already.signal })).rejects.toMatchObject({
      code: CANCELLED_CODE,
    });
  });

  it('falls back to the next base URL when the first refuses connections, and keeps using it', async () => {
    const live = await startServer(() => OK_ORDER);
    servers.push(live);
    const port = await closedPort();
    const time = fakeTime();
    const warnings: string[] = [];
    const client = createClient({
      accessKey: AK,
      secretKey: SK,
      baseURL: [`http://127.0.0.1:${port}`, live.baseURL],
      now: time.now,
      sleep: time.sleep,
      maxRetries: 0,
      logger: { warn: (m) => warnings.push(m) },
    });
    const order = await client.orders.query({ orderId: 'MOCKONETIMENEW' });
    expect(order.orderId).toBe('MOCKONETIMENEW');
    expect(warnings).toEqual(['koogallery host unreachable, trying the fallback host']);
    expect(time.sleeps).toEqual([]);
    // non-idempotent calls fall back too: the first host never received the request
    await client.licenses.activate({ license: 'L1' }).catch(() => undefined);
    expect(live.requests).toHaveLength(2);
    expect(warnings).toHaveLength(1);
  });

  it('reports a refused connection as a NetworkError that was not delivered', async () => {
    const port = await closedPort();
    const client = createClient({
      accessKey: AK,
      secretKey: SK,
      baseURL: `http://127.0.0.1:${port}`,
      maxRetries: 0,
    });
    const error = await client.orders.query({ orderId: 'A' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).requestSent).toBe(false);
    expect((error as NetworkError).errno).toBe('ECONNREFUSED');
    expect((error as NetworkError).message).toContain(`127.0.0.1:${port}`);
  });

  it('uses the documented hosts per region, with the .cn fallback for cn', () => {
    expect(createClient({ accessKey: AK, secretKey: SK }).baseUrls).toEqual([
      'https://mkt.myhuaweicloud.com',
      'https://mkt.myhuaweicloud.cn',
    ]);
    expect(createClient({ accessKey: AK, secretKey: SK, region: 'intl' }).baseUrls).toEqual([
      'https://mkt-intl.myhuaweicloud.com',
    ]);
    expect(createClient({ accessKey: AK, secretKey: SK, region: 'eu' }).baseUrls).toEqual([
      'https://mkt.myhuaweicloud.eu',
    ]);
    expect(REGION_BASE_URLS.cn).toHaveLength(2);
    expect(
      createClient({ accessKey: AK, secretKey: SK, baseURL: 'http://127.0.0.1:4010/' }).baseUrls,
    ).toEqual(['http://127.0.0.1:4010']);
  });
});
