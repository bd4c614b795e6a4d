// The Fetch seller driven by the mock marketplace: calls signed, sent over HTTP and judged as KooGallery does.
import { afterEach, describe, expect, it } from 'vitest';
import { createMockMarketplace } from '@koogallery-kit/mock-server';
import type { MockMarketplace } from '@koogallery-kit/mock-server';
import { ACCESS_KEY, startFetchSeller } from './helpers';
import type { RunningSeller } from './helpers';

let running: RunningSeller | undefined;
let market: MockMarketplace | undefined;

afterEach(async () => {
  await market?.close();
  await running?.close();
  market = undefined;
  running = undefined;
});

async function boot(headerCase?: Readonly<Record<string, string>>) {
  running = await startFetchSeller({}, headerCase === undefined ? {} : { headerCase });
  market = await createMockMarketplace({
    sellerUrl: running.productionUrl,
    accessKey: ACCESS_KEY,
    startAt: '2025-03-10T02:00:00Z',
  });
  return { seller: running.seller, market };
}

describe('the Fetch seller behind the node:http bridge, driven by the mock marketplace', () => {
  it('gets a purchase delivered: newInstance succeeds, the order completes, the tenant exists', async () => {
    const { seller, market } = await boot();
    const order = market.purchase({ productCode: 'crm', autoPay: true });
    await market.flush();

    const [job] = market.jobs({ orderId: order.orderId });
    expect(job?.interface).toBe('newInstance');
    expect(job?.state).toBe('SUCCEEDED');
    expect(market.order(order.orderId).state).toBe('COMPLETED');
    const instance = market.instances({ orderId: order.orderId })[0]!;
    expect(instance.state).toBe('active');
    expect(seller.tenants.get(instance.instanceId!)).toMatchObject({
      status: 'ACTIVE',
      orderId: order.orderId,
      testFlag: false,
    });
  });

  it('follows the lifecycle: renew, expiry freeze, release; the tenant page follows', async () => {
    const { seller, market } = await boot();
    market.purchase({ productCode: 'crm', autoPay: true });
    await market.flush();
    const instance = market.instances()[0]!;
    const id = instance.instanceId!;
    const page = async () => (await fetch(`${running!.server.url}/t/${id}`)).status;
    expect(await page()).toBe(200);

    market.renew(instance.ref, { autoPay: true });
    await market.flush();
    expect(market.jobs({ interface: 'refreshInstance' })[0]?.state).toBe('SUCCEEDED');
    expect(seller.tenants.get(id)?.expireTime).toMatch(/^\d{14}(\d{3})?$/);

    await market.advance('62d'); // two paid months are over: FREEZE
    expect(market.instance(instance.ref).state).toBe('frozen');
    expect(seller.tenants.get(id)?.status).toBe('FROZEN');
    expect(await page()).toBe(423);

    await market.advance('16d'); // the grace period is over: release
    expect(market.instance(instance.ref).state).toBe('released');
    expect(seller.tenants.get(id)?.status).toBe('RELEASED');
    expect(await page()).toBe(410);
    expect(market.jobs().every((j) => j.state === 'SUCCEEDED')).toBe(true);
  });

  it('without the bridge restoring the case, the platform refuses the lower-case body-sign header', async () => {
    // `headerCase: {}` writes the names as the Fetch Response holds them, as Deno, Bun or Workers would.
    const { market } = await boot({});
    const order = market.purchase({ productCode: 'crm', autoPay: true });
    await market.flush();
    const [job] = market.jobs({ orderId: order.orderId });
    expect(job?.state).not.toBe('SUCCEEDED');
    const [attempt] = market.attempts({ jobId: job!.id });
    expect(attempt?.problems.map((p) => p.code)).toContain('BODY_SIGN_HEADER_CASE');
  });
});
