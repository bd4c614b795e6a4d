/**
 * Order query on the mock (§8.3): the nine debugging orders and every order of the mock's lifecycle, in the
 * documented shape; MKT codes for unknown orders and bad parameters; the configurable rate limit.
 */
import { MarketplaceApiError, RateLimitError, createClient } from '@koogallery-kit/sdk';
import { MOCK_ORDERS, MOCK_ORDER_IDS } from '@koogallery-kit/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIALS, T0, sendSigned, startMarket, type TestMarket } from './helpers';

let market: TestMarket;
beforeAll(async () => {
  market = await startMarket();
});
afterAll(async () => {
  await market.close();
});

const clientOf = (m: TestMarket) =>
  createClient({
    accessKey: CREDENTIALS.ak,
    secretKey: CREDENTIALS.sk,
    baseURL: m.url,
    now: () => T0,
    maxRetries: 0,
  });

/** A GET to the order query with an arbitrary query string, correctly signed. */
function signedGet(m: TestMarket, query: string) {
  return sendSigned(`${m.url}/api/mkp-openapi-public/global/v1/order/query${query}`);
}

describe('order query', () => {
  it('serves the nine MOCK* debugging orders exactly', async () => {
    const client = clientOf(market);
    for (const id of MOCK_ORDER_IDS) {
      expect(await client.orders.query({ orderId: id })).toEqual(MOCK_ORDERS[id]);
    }
  });

  it("serves the orders of the mock's lifecycle with the documented shape, and filters by orderLineId", async () => {
    const { engine } = market;
    const paid = engine.purchase({ productCode: 'crm', autoPay: true, periodType: 'year' });
    const unpaid = engine.purchase({ productCode: 'sms' });
    const client = clientOf(market);

    const info = await client.orders.query({ orderId: paid.orderId });
    expect(info).toEqual(engine.orderInfo(paid.orderId));
    expect(info).toMatchObject({
      orderId: paid.orderId,
      orderType: 'NEW',
      createTime: '20250310020000',
      extendParams: [],
      buyerInfo: { customerType: 0, email: null, userId: null, userName: null },
    });
    const line = info.orderLine[0]!;
    expect(line).toMatchObject({
      orderLineId: `${paid.orderId}-000001`,
      chargingMode: 'PERIOD',
      periodType: 'year',
      periodNumber: 1,
      expireTime: '20260310020000',
      currency: '9900',
      currencyAfterDiscount: '9900',
      extendParams: [{ name: 'emailDomainName', value: 'buyer.example.com' }],
    });
    expect(line.productInfo[0]).toMatchObject({ productId: 'OFFI100000000000000102', linearValue: 10 });

    const onDemand = await client.orders.query({ orderId: unpaid.orderId });
    expect(onDemand.orderLine[0]!.productInfo.map((p) => p.skuCode)).toHaveLength(2);
    expect(onDemand.orderLine[0]!.expireTime).toBeNull();

    const one = await client.orders.query({ orderId: paid.orderId, orderLineId: `${paid.orderId}-000001` });
    expect(one.orderLine).toHaveLength(1);
    const wrongLine = await signedGet(market, `?orderId=${paid.orderId}&orderLineId=${paid.orderId}-000009`);
    expect([wrongLine.status, wrongLine.json.resultCode]).toEqual([401, 'MKT.0150']);
  });

  it('follows the order through its life: a renewal is a new RENEW order of the same instance', async () => {
    const { engine, clock } = market;
    const order = engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(0);
    const [instance] = engine.listInstances({ orderId: order.orderId });
    const renewal = engine.renew(instance!.ref, { autoPay: true });
    const info = await clientOf(market).orders.query({ orderId: renewal.orderId });
    expect(info.orderType).toBe('RENEW');
    expect(info.orderLine[0]!.productInfo[0]!.skuCode).toBe(instance!.skuCode);
  });

  it('answers an unknown order with MKT.0150 and bad parameters with MKT.0101 / MKT.0100', async () => {
    const error = await clientOf(market)
      .orders.query({ orderId: 'CS9999999999NOPE1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MarketplaceApiError);
    expect(error).toMatchObject({ code: 'MKT.0150', status: 401 });

    const missing = await signedGet(market, '');
    expect([missing.status, missing.json.resultCode]).toEqual([400, 'MKT.0101']);
    expect(missing.json.orderInfo).toBeUndefined();
    const extra = await signedGet(market, '?orderId=MOCKONDEMAND&colour=blue');
    expect([extra.status, extra.json.resultCode]).toEqual([400, 'MKT.0101']);
    const long = await signedGet(market, `?orderId=${'A'.repeat(65)}`);
    expect([long.status, long.json.resultCode]).toEqual([500, 'MKT.0100']);
  });

  it('limits the call rate when configured: MKT.0250 (HTTP 406) past the limit', async () => {
    const limited = await startMarket({ openApi: { rateLimit: { maxRequests: 2, windowMs: 60_000 } } });
    try {
      const client = clientOf(limited);
      await client.orders.query({ orderId: 'MOCKONETIMENEW' });
      await client.orders.query({ orderId: 'MOCKONETIMENEW' });
      const error = await client.orders.query({ orderId: 'MOCKONETIMENEW' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitError);
      expect(error).toMatchObject({ code: 'MKT.0250', status: 406 });
    } finally {
      await limited.close();
    }
  });
});
