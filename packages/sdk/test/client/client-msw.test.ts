import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  GatewayError,
  LicenseApiError,
  MarketplaceApiError,
  ValidationError,
  createClient,
  validateSchema,
} from '@koogallery-kit/sdk';
import { MOCK_ORDER_IDS, mockOrder } from '@koogallery-kit/sdk/testing';
import type { OrderInfo } from '@koogallery-kit/sdk';
import { createOpenApiSimulator, koogalleryHandlers } from '@koogallery-kit/sdk/msw';
import { AK, SK, T0, USAGE_KEY, fakeTime } from './helpers';

const credentials = { accessKey: AK, secretKey: SK, usageKey: USAGE_KEY };
const customOrder: OrderInfo = { ...mockOrder('MOCKPERIODYEARNEW'), orderId: 'CS2207261447AUY4H' };
customOrder.orderLine = customOrder.orderLine.map((l) => ({ ...l, orderLineId: 'CS2207261447AUY4H-000001' }));

const simulator = createOpenApiSimulator({
  credentials,
  orders: [customOrder],
  licenses: [
    { license: 'LIC-0001', product_id: 'P1', order_id: 'CS1', amount: 2, expire_time: '20260101000000' },
    { license: 'LIC-0002', product_id: 'P1', order_id: 'CS1', amount: 1 },
    { license: 'LIC-NOT-RECEIVED', received: false },
  ],
  usageInstances: ['inst-ondemand-1'],
  assets: [
    {
      asset_id: 'A1',
      deployed_type: 'image',
      version: '1.0',
      region: 'cn-north-4',
      image_deployed_object: { image_id: 'img-1' },
    },
  ],
  now: () => T0,
});
const server = setupServer(...koogalleryHandlers({ simulator }));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = (over: Partial<Parameters<typeof createClient>[0]> = {}) => {
  const time = fakeTime();
  return createClient({ ...credentials, now: time.now, sleep: time.sleep, ...over });
};

const usageRecord = (sn: string, over: Record<string, unknown> = {}) => ({
  instance_id: 'inst-ondemand-1',
  record_time: '20241231T230500Z',
  begin_time: '20241231T220000Z',
  end_time: '20241231T230000Z',
  usage_value: 12.5,
  metering_sn: sn,
  ...over,
});

describe('client against the msw handlers', () => {
  it('queries MOCKPERIODYEARNEW as a typed, schema-valid order with string amounts and nulls kept', async () => {
    const order = await client().orders.query({ orderId: 'MOCKPERIODYEARNEW' });
    expect(order.orderId).toBe('MOCKPERIODYEARNEW');
    expect(order.orderType).toBe('NEW');
    const line = order.orderLine[0];
    expect(line?.chargingMode).toBe('PERIOD');
    expect(line?.periodType).toBe('year');
    expect(typeof line?.currency).toBe('string');
    expect(order.buyerInfo?.email).toBeNull();
    expect(order.buyerInfo?.customerType).toBe(0);
  });

  it('serves all nine debugging orders, on every documented host', async () => {
    for (const region of ['cn', 'intl', 'eu'] as const) {
      const c = client({ region });
      for (const orderId of MOCK_ORDER_IDS) {
        const order = await c.orders.query({ orderId, orderLineId: `${orderId}-000001` });
        expect(order.orderId).toBe(orderId);
        expect(order.orderLine).toHaveLength(1);
        expect(
          validateSchema('orderQueryResponse', {
            resultCode: 'MKT.0000',
            resultMsg: 'Success',
            orderInfo: order,
          }).ok,
        ).toBe(true);
      }
    }
  });

  it('serves injected custom orders', async () => {
    const order = await client().orders.query({ orderId: 'CS2207261447AUY4H' });
    expect(order.orderLine[0]?.orderLineId).toBe('CS2207261447AUY4H-000001');
  });

  it('answers an unknown order with MKT.0150 as a MarketplaceApiError carrying status and request id', async () => {
    const error = await client()
      .orders.query({ orderId: 'CS-DOES-NOT-EXIST' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MarketplaceApiError);
    const e = error as MarketplaceApiError;
    expect(e.code).toBe('MKT.0150');
    expect(e.status).toBe(401);
    expect(e.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(e.category).toBe('authorization');
    expect(e.message).toContain('orders.query failed with MKT.0150');
  });

  it('answers an unknown order line with MKT.0150 too', async () => {
    await expect(
      client().orders.query({ orderId: 'MOCKONETIMENEW', orderLineId: 'MOCKONETIMENEW-000009' }),
    ).rejects.toMatchObject({
      code: 'MKT.0150',
    });
  });

  it('refuses bad arguments before sending anything', async () => {
    const error = await client()
      .orders.query({ orderId: 'x'.repeat(65) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('INVALID_ARGUMENT');
    expect((error as ValidationError).issues[0]?.path).toBe('/orderId');
    await expect(client().orders.query({} as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('rejects a wrong secret key like the gateway: APIGW.0301 echoing the canonical request', async () => {
    const error = await client({ secretKey: 'WRONG_SECRET_KEY_000000' })
      .orders.query({ orderId: 'MOCKONDEMAND' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    const e = error as GatewayError;
    expect(e.code).toBe('APIGW.0301');
    expect(e.status).toBe(401);
    expect(e.category).toBe('authentication');
    expect(e.platformMessage).toContain('verify aksk signature fail');
    expect(e.platformMessage).toContain(
      'GET|/api/mkp-openapi-public/global/v1/order/query/|orderId=MOCKONDEMAND|',
    );
    expect(e.message).not.toContain('WRONG_SECRET_KEY_000000');
  });

  it('rejects an unknown access key and a clock 20 minutes off', async () => {
    await expect(
      client({ accessKey: 'OTHERAK0000000000000' }).orders.query({ orderId: 'MOCKONDEMAND' }),
    ).rejects.toMatchObject({
      code: 'APIGW.0301',
      platformMessage: expect.stringContaining('ak not exist') as string,
    });
    const late = client({ now: () => T0 + 20 * 60_000 });
    await expect(late.orders.query({ orderId: 'MOCKONDEMAND' })).rejects.toMatchObject({
      code: 'APIGW.0301',
    });
  });

  it('pushes usage, de-duplicates on metering_sn, and reports the records to the simulator', async () => {
    const before = simulator.usageRecords.length;
    const result = await client().usage.push([
      usageRecord('sn-a'),
      usageRecord('sn-b', { usage_value: '0.0001' }),
    ]);
    expect(result).toMatchObject({ errorCode: 'MKT.0000', recordCount: 2, meteringSns: ['sn-a', 'sn-b'] });
    await client().usage.push([usageRecord('sn-a')]);
    const added = simulator.usageRecords.slice(before);
    expect(added.map((r) => r.metering_sn)).toEqual(['sn-a', 'sn-b']);
    expect(added[0]?.usage_value).toBe('12.5');
  });

  it('usage push: unknown instance → MKT.9001; wrong usage key → MKT.0102', async () => {
    await expect(client().usage.push([usageRecord('sn-x', { instance_id: 'nope' })])).rejects.toMatchObject({
      code: 'MKT.9001',
      status: 500,
    });
    const error = await client({ usageKey: 'not-the-key-0000' })
      .usage.push([usageRecord('sn-y')])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MarketplaceApiError);
    expect((error as MarketplaceApiError).code).toBe('MKT.0102');
    expect((error as MarketplaceApiError).status).toBe(400);
  });

  it('activates and queries licences (v1 and v2) with license_code_info parsed from its JSON string', async () => {
    const c = client();
    const v1 = await c.licenses.activate({ license: 'LIC-0001' });
    expect(v1.version).toBe('v1');
    expect(v1.errorCode).toBe('92020000');
    expect(v1.licenseCodeInfo).toEqual({
      status: 'ALIVE',
      expire_time: '20260101000000',
      product_id: 'P1',
      order_id: 'CS1',
      amount: 2,
    });
    const v2 = await c.licenses.activate({ license_list: ['LIC-0001', 'LIC-0002'] });
    expect(v2.items.map((i) => [i.license, i.licenseCodeInfo?.status])).toEqual([
      ['LIC-0001', 'ALIVE'],
      ['LIC-0002', 'ALIVE'],
    ]);
    const q = await c.licenses.query({ license: 'LIC-0001' });
    expect(q.items[0]?.licenseInfo).toMatchObject({
      license_code: 'LIC-0001',
      status: 'ALIVE',
      activate_time: '20250101000000',
    });
    const q2 = await c.licenses.query({ license_list: ['LIC-0001', 'LIC-0002'] });
    expect(q2.items.map((i) => i.licenseInfo?.license_code)).toEqual(['LIC-0001', 'LIC-0002']);
  });

  it('maps licence errors: unknown code 92020005, not yet received 92020004 (both HTTP 200), bad argument refused locally', async () => {
    const unknown = await client()
      .licenses.activate({ license: 'LIC-UNKNOWN' })
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(LicenseApiError);
    expect(unknown).toMatchObject({ code: '92020005', status: 200, category: 'not_found' });
    await expect(client().licenses.activate({ license: 'LIC-NOT-RECEIVED' })).rejects.toMatchObject({
      code: '92020004',
    });
    await expect(
      client().licenses.activate({ license: 'LIC-0001', license_list: ['x'] }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(
      client().licenses.activate({ license_list: Array.from({ length: 101 }, (_, i) => `L${i}`) }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('lists deployed objects of an asset', async () => {
    const result = await client().assets.deployedObjects({ asset_id: 'A1', deployed_type: 'image' });
    expect(result.assets).toHaveLength(1);
    expect(result.assets[0]?.image_deployed_object?.image_id).toBe('img-1');
    const none = await client().assets.deployedObjects({ asset_id: 'A1', deployed_type: 'software_package' });
    expect(none.assets).toEqual([]);
  });

  it('answers APIGW.0101 (404) for a path or method that is not an API, like the gateway', async () => {
    const base = 'https://mkt.myhuaweicloud.com';
    const reply = await fetch(`${base}/api/mkp-openapi-public/global/v1/nope`);
    expect(reply.status).toBe(404);
    expect(await reply.json()).toMatchObject({
      error_code: 'APIGW.0101',
      request_id: expect.any(String) as string,
    });
    const wrongMethod = await fetch(
      `${base}/api/mkp-openapi-public/global/v1/order/query?orderId=MOCKONDEMAND`,
      { method: 'DELETE' },
    );
    expect(wrongMethod.status).toBe(404);
  });
});
