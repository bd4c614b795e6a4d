// The msw example of the README's "Calling the Open APIs" section, kept runnable.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createClient } from '@koogallery-kit/sdk';
import { mockOrder } from '@koogallery-kit/sdk/testing';
import { createOpenApiSimulator, koogalleryHandlers } from '@koogallery-kit/sdk/msw';

const credentials = { accessKey: 'test-ak', secretKey: 'test-sk', usageKey: 'test-key' };
const simulator = createOpenApiSimulator({
  credentials,
  orders: [{ ...mockOrder('MOCKONDEMAND'), orderId: 'CS-MY-ORDER' }],
  licenses: [{ license: 'LIC-1', product_id: 'P1', order_id: 'CS-MY-ORDER', amount: 1 }],
  usageInstances: ['my-on-demand-instance'],
});
const server = setupServer(...koogalleryHandlers({ simulator }));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

it('reads an order (README example)', async () => {
  const client = createClient(credentials);
  const order = await client.orders.query({ orderId: 'MOCKPERIODYEARNEW' });
  expect(order.orderType).toBe('NEW');
  expect(simulator.usageRecords).toEqual([]);
  expect((await client.orders.query({ orderId: 'CS-MY-ORDER' })).orderLine[0]?.chargingMode).toBe(
    'ON_DEMAND',
  );
  const now = Date.now();
  const t = (ms: number) =>
    new Date(ms)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
  await client.usage.push([
    {
      instance_id: 'my-on-demand-instance',
      record_time: t(now),
      begin_time: t(now - 3_600_000),
      end_time: t(now),
      usage_value: 12.5,
      metering_sn: 'sn-1',
    },
  ]);
  expect(simulator.usageRecords.map((r) => r.usage_value)).toEqual(['12.5']);
  expect((await client.licenses.activate({ license: 'LIC-1' })).licenseCodeInfo?.status).toBe('ALIVE');
});
