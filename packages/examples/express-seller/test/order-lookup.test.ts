// With an order lookup (the order-query Open API through the SDK's client), instances record their product and
// asynchronous provisioning can be chosen per product. The Open APIs are the SDK's simulator served over HTTP,
// behind its AK/SK gateway check.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@koogallery-kit/sdk';
import { createOpenApiSimulator, mockOrder } from '@koogallery-kit/sdk/testing';
import { sellerOptionsFromEnv } from '../src';
import type { Running } from './helpers';
import { expectAccepted, replyBody, startSeller, tempDir } from './helpers';

const credentials = { accessKey: 'open-api-ak', secretKey: 'open-api-sk' };
const ASYNC_PRODUCT = 'OFFI900000000000000001';
const dirs = tempDir();
let openApi: { url: string; close: () => Promise<void> };
let running: Running;

beforeAll(async () => {
  const template = mockOrder('MOCKPERIODYEARNEW');
  const line = template.orderLine[0]!;
  const simulator = createOpenApiSimulator({
    credentials,
    orders: [
      {
        ...template,
        orderId: 'CS-ASYNC-PRODUCT',
        orderLine: [
          {
            ...line,
            orderLineId: 'CS-ASYNC-PRODUCT-000001',
            productInfo: [{ ...line.productInfo[0]!, productId: ASYNC_PRODUCT }],
          },
        ],
      },
    ],
  });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { port } = server.address() as AddressInfo;
      const reply = simulator.handle({
        method: req.method ?? 'GET',
        url: `http://127.0.0.1:${port}${req.url ?? '/'}`,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(reply.status, reply.headers).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  openApi = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const client = createClient({ ...credentials, baseURL: openApi.url, maxRetries: 0 });
  running = await startSeller({
    dbPath: dirs.file('lookup.sqlite'),
    orderLookup: (query) => client.orders.query(query),
    asyncProvisioning: (request) => request.product?.productId === ASYNC_PRODUCT,
  });
});

afterAll(async () => {
  await running?.seller.close();
  await openApi?.close();
  dirs.cleanup();
});

describe('with the order-query lookup', () => {
  let instanceId: string;

  it('newInstance records the ordered product', async () => {
    const created = expectAccepted(await running.platform.newInstance({ orderId: 'MOCKPERIODYEARNEW' }));
    expect(created.verdict.resultCode).toBe('000000');
    instanceId = replyBody(created)['instanceId'] as string;
    expect(running.seller.getInstance(instanceId)).toMatchObject({
      productId: 'OFFI846204237451911168',
      skuCode: '0a4d1578-6c1e-4f0e-9d0b-2c8f3e1a7b01',
      chargingMode: 'PERIOD',
      linearValue: 50,
      expireTime: '20251121235959',
    });
  });

  it('asynchronous provisioning is chosen by product', async () => {
    const created = expectAccepted(await running.platform.newInstance({ orderId: 'CS-ASYNC-PRODUCT' }));
    expect(created.verdict.resultCode).toBe('000004');
    expect(running.seller.getInstance(replyBody(created)['instanceId'] as string)).toMatchObject({
      status: 'PROVISIONING',
      productId: ASYNC_PRODUCT,
    });
  });

  it('upgradeInstance takes the new specification from the change order, keeping the validity', async () => {
    expectAccepted(await running.platform.upgradeInstance({ instanceId, orderId: 'MOCKMONTYCHANGE' }));
    expect(running.seller.getInstance(instanceId)).toMatchObject({
      skuCode: '0a4d1578-6c1e-4f0e-9d0b-2c8f3e1a7b05',
      linearValue: 100,
      expireTime: '20251121235959',
    });
  });

  it('refreshInstance TRIAL_TO_FORMAL reads the formal order; the call decides the expiry', async () => {
    expectAccepted(
      await running.platform.refreshInstance({
        instanceId,
        scene: 'TRIAL_TO_FORMAL',
        orderId: 'MOCKMONTYTRIALTOFORMAL',
        expireTime: '20261221235959',
      }),
    );
    expect(running.seller.getInstance(instanceId)).toMatchObject({
      skuCode: '0a4d1578-6c1e-4f0e-9d0b-2c8f3e1a7b01',
      linearValue: 50,
      expireTime: '20261221235959',
    });
  });

  it('keeps an order record per order it was told about, with the amount of the order query', async () => {
    expectAccepted(
      await running.platform.refreshInstance({
        instanceId,
        scene: 'RENEWAL',
        orderId: 'MOCKMONTYRENEW',
        expireTime: '20271221235959',
      }),
    );
    // A retried renewal call records nothing twice.
    expectAccepted(
      await running.platform.refreshInstance({
        instanceId,
        scene: 'RENEWAL',
        orderId: 'MOCKMONTYRENEW',
        expireTime: '20271221235959',
      }),
    );
    expectAccepted(await running.platform.releaseInstance({ instanceId, orderId: 'MOCKMONTYUNSUBSCRIBE' }));
    const records = running.seller
      .orderRecords()
      .map((r) => [r.orderId, r.orderType, r.amountCents, r.source]);
    // The amounts are the simulator's canned orders (currencyAfterDiscount, yuan) in cents.
    expect(records).toEqual([
      ['MOCKPERIODYEARNEW', 'NEW', 10_000, 'newInstance'],
      ['CS-ASYNC-PRODUCT', 'NEW', 10_000, 'newInstance'],
      ['MOCKMONTYCHANGE', 'CHANGE', 15_000, 'upgradeInstance'],
      ['MOCKMONTYTRIALTOFORMAL', 'TRIAL_TO_FORMAL', 10_000, 'refreshInstance'],
      ['MOCKMONTYRENEW', 'RENEW', 10_000, 'refreshInstance'],
      ['MOCKMONTYUNSUBSCRIBE', 'UNSUBSCRIBE', -10_000, 'releaseInstance'],
    ]);
  });

  it('an order the Open API does not know fails newInstance with 000005 and stores nothing', async () => {
    const before = running.seller.listInstances().length;
    const result = await running.platform.newInstance({ orderId: 'CS-NOT-AN-ORDER' });
    expect(result.verdict.accepted).toBe(false);
    expect(result.verdict.resultCode).toBe('000005');
    expect(running.seller.listInstances()).toHaveLength(before);
  });

  it('OPEN_API_URL / OPEN_API_AK / OPEN_API_SK configure the same lookup from the environment', async () => {
    const { options } = sellerOptionsFromEnv({
      KEY: 'k',
      OPEN_API_URL: openApi.url,
      OPEN_API_AK: credentials.accessKey,
      OPEN_API_SK: credentials.secretKey,
      ASYNC_PROVISIONING: ASYNC_PRODUCT,
    });
    const order = await options.orderLookup!({
      orderId: 'MOCKMONTYRENEW',
      orderLineId: 'MOCKMONTYRENEW-000001',
    });
    expect(order.orderType).toBe('RENEW');
    const isAsync = options.asyncProvisioning as (r: object) => boolean;
    expect(
      isAsync({ orderId: 'o', orderLineId: 'l', testFlag: false, product: { productId: ASYNC_PRODUCT } }),
    ).toBe(true);
    expect(isAsync({ orderId: 'o', orderLineId: 'l', testFlag: false, product: { skuCode: 'other' } })).toBe(
      false,
    );
  });
});
