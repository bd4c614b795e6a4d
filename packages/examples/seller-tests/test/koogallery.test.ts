// A seller's own test suite for its KooGallery integration — copy it into your repository:
// - calls signed exactly like KooGallery's with `createSignedRequest` (@koogallery-kit/sdk/testing),
// - the Open APIs the seller calls (order query) served by msw with `koogalleryHandlers` (@koogallery-kit/sdk/msw),
// - the whole protocol checked with `runContract` (@koogallery-kit/mock-server) against the seller on node:http.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, verifyBodySign } from '@koogallery-kit/sdk';
import type { OrderInfo } from '@koogallery-kit/sdk';
import { koogalleryHandlers, mockOrder } from '@koogallery-kit/sdk/msw';
import { createSignedRequest } from '@koogallery-kit/sdk/testing';
import { formatContractReport, runContract } from '@koogallery-kit/mock-server';
import { createKooGalleryHandler, serveProduction } from '../src';

const KEY = 'seller-tests-koogallery-key'; // a test key, never the production one
const credentials = { accessKey: 'test-ak', secretKey: 'test-sk', usageKey: KEY };
const OPEN_API = 'https://mkt.myhuaweicloud.com';

/** Orders the conformance suite invents: answered like a one-seat order of the seller's product. */
function findOrder(orderId: string): OrderInfo {
  const order = mockOrder('MOCKPERIODYEARNEW');
  order.orderId = orderId;
  for (const line of order.orderLine) {
    line.orderLineId = `${orderId}-000001`;
    for (const product of line.productInfo) product.linearValue = 1;
  }
  return order;
}

const openApi = setupServer(...koogalleryHandlers({ credentials, findOrder }));
beforeAll(() =>
  openApi.listen({
    // The seller's own server on 127.0.0.1 is reached for real; anything else unhandled fails the test.
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== '127.0.0.1') print.error();
    },
  }),
);
afterEach(() => openApi.resetHandlers());
afterAll(() => openApi.close());

const client = createClient({ ...credentials, maxRetries: 0 });

function integration() {
  return createKooGalleryHandler({ accessKey: KEY, client, logger: {} });
}

async function send(
  handler: ReturnType<typeof integration>['handler'],
  ...args: Parameters<typeof createSignedRequest>
) {
  const { input } = createSignedRequest(...args);
  const answer = await handler.handle(input);
  return { ...answer, json: JSON.parse(answer.body) as Record<string, unknown> };
}

const newInstance = (orderId: string) =>
  [
    'newInstance',
    { orderId, orderLineId: `${orderId}-000001`, businessId: `b-${orderId}` },
    { accessKey: KEY },
  ] as const;

describe('newInstance', () => {
  it('creates a workspace with the seats of the order, looked up through the Open API (msw)', async () => {
    const { handler, workspaces } = integration();
    const answer = await send(handler, ...newInstance('MOCKPERIODYEARNEW'));
    expect(answer.status).toBe(200);
    expect(answer.json['resultCode']).toBe('000000');
    const instanceId = answer.json['instanceId'] as string;
    const expected = mockOrder('MOCKPERIODYEARNEW').orderLine[0]!.productInfo[0]!;
    expect(workspaces.get(instanceId)).toMatchObject({
      orderId: 'MOCKPERIODYEARNEW',
      seats: expected.linearValue ?? 1,
      status: 'active',
    });
    // The answer is signed over the exact bytes sent.
    expect(verifyBodySign(KEY, answer.body, answer.headers['Body-Sign'])).toBe(true);
  });

  it('answers 000005 while the order query is down, then succeeds with the same instanceId', async () => {
    const { handler, workspaces } = integration();
    openApi.use(
      http.get(`${OPEN_API}/api/mkp-openapi-public/global/v1/order/query`, () => HttpResponse.error()),
    );
    const failed = await send(handler, ...newInstance('CS-DOWN'));
    expect(failed.json['resultCode']).toBe('000005');
    expect(workspaces.size).toBe(0);

    openApi.resetHandlers(); // the Open API is back; KooGallery retries the call
    const retried = await send(handler, ...newInstance('CS-DOWN'));
    expect(retried.json['resultCode']).toBe('000000');
    const again = await send(handler, ...newInstance('CS-DOWN'));
    expect(again.json['instanceId']).toBe(retried.json['instanceId']);
    expect(workspaces.size).toBe(1);
  });

  it('refuses a call signed with another key, and a replayed one, without creating anything', async () => {
    const { handler, workspaces } = integration();
    const [activity, body] = newInstance('CS-FORGED');
    const forged = await send(handler, activity, body, { accessKey: 'not-our-key' });
    expect(forged.json['resultCode']).not.toBe('000000');
    const nonce = 'f'.repeat(64);
    expect((await send(handler, activity, body, { accessKey: KEY, nonce })).json['resultCode']).toBe(
      '000000',
    );
    const replay = await send(handler, activity, body, { accessKey: KEY, nonce });
    expect(replay.json['resultCode']).not.toBe('000000');
    expect(workspaces.size).toBe(1);
  });
});

describe('changeInstanceCheck', () => {
  it('refuses fewer seats than the workspace uses (000002) and accepts more', async () => {
    const { handler, workspaces } = integration();
    const created = await send(handler, ...newInstance('MOCKPERIODYEARNEW'));
    const instanceId = created.json['instanceId'] as string;
    const seats = workspaces.get(instanceId)!.seats;
    expect(seats).toBeGreaterThan(1);
    const check = (linearValue: number) =>
      send(
        handler,
        'changeInstanceCheck',
        { instanceId, productInfo: { productId: 'OFFI1', skuCode: 'sku-1', linearValue } },
        { accessKey: KEY },
      );
    expect((await check(seats - 1)).json['resultCode']).toBe('000002');
    expect((await check(seats)).json['resultCode']).toBe('000000');
    expect((await check(seats + 10)).json['resultCode']).toBe('000000');
  });
});

describe('the KooGallery protocol', () => {
  it('passes the conformance suite (runContract) against the seller on node:http', async () => {
    const { handler } = integration();
    const server = await serveProduction(handler);
    try {
      const report = await runContract({ sellerUrl: server.productionUrl, key: KEY, chargingMode: 'PERIOD' });
      expect(report.results.filter((r) => r.status === 'failed').map((r) => `${r.id}: ${r.message}`)).toEqual(
        [],
      );
      expect(report.ok, formatContractReport(report, 'pretty')).toBe(true);
      expect(report.summary.passed).toBeGreaterThan(50);
    } finally {
      await server.close();
    }
  }, 60_000);
});
