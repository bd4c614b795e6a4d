/**
 * createMockMarketplace against a correct seller built with the SDK's production handler, whose signature check
 * has a strict ±60 s window against its own clock: a lifecycle spanning months of business time on the virtual
 * clock passes, because signature timestamps carry wall-clock time.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createMockMarketplace, type MockMarketplace } from '../../src/index';
import { startTestSeller, type TestSeller } from '../delivery/fixtures/test-seller';

const KEY = 'lifecycle-test-key-0001';
const DAY = 86_400_000;
const START = Date.parse('2025-03-10T02:00:00Z');

const open: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(open.map((x) => x.close()));
});

async function setup(o: { asyncPolls?: number } = {}): Promise<{ m: MockMarketplace; seller: TestSeller }> {
  const seller = await startTestSeller({ key: KEY, ...o });
  const m = await createMockMarketplace({
    sellerUrl: seller.url,
    accessKey: KEY,
    startAt: START,
    engine: { seed: 7 },
  });
  open.push(seller, m);
  return { m, seller };
}

describe('a virtual lifecycle against a strict seller', () => {
  it('new → renew → expire → freeze → release over months, every call inside the ±60 s window', async () => {
    const { m, seller } = await setup();
    const order = m.purchase({ productCode: 'crm', autoPay: true });
    await m.flush();
    expect(m.order(order.orderId).state).toBe('COMPLETED');
    const [instance] = m.instances();
    expect(instance!.state).toBe('active');
    const sellerId = instance!.instanceId!;
    expect(seller.tenants.get(sellerId)).toBe('active');

    const renewal = m.renew(instance!.ref, { autoPay: true });
    await m.flush();
    expect(m.order(renewal.orderId).state).toBe('COMPLETED');
    const expireAt = m.instance(instance!.ref).expireAt!;
    expect(expireAt - START).toBeGreaterThan(58 * DAY);

    await m.advanceTo(expireAt + 60_000);
    expect(m.instance(instance!.ref).state).toBe('frozen');
    expect(seller.tenants.get(sellerId)).toBe('frozen');

    await m.advance('16d');
    expect(m.instance(instance!.ref).state).toBe('released');
    expect(seller.tenants.get(sellerId)).toBe('released');

    expect(m.engine.now() - START).toBeGreaterThan(75 * DAY);
    expect(
      seller.requests.map(
        (r) => `${r.activity}${typeof r.body.status === 'string' ? `:${r.body.status}` : ''}`,
      ),
    ).toEqual(['newInstance', 'refreshInstance', 'updateInstanceStatus:FREEZE', 'releaseInstance']);
    for (const r of seller.requests) {
      expect(r.signatureValid).toBe(true);
      expect(Math.abs((r.timestamp ?? 0) - r.receivedAt)).toBeLessThan(60_000);
    }
    const attempts = m.attempts();
    expect(attempts.map((a) => a.state)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    expect(JSON.stringify(attempts)).not.toContain(KEY);
  });

  it('polls queryInstance after a 000004 newInstance until the seller reports the instance', async () => {
    const { m, seller } = await setup({ asyncPolls: 3 });
    const order = m.purchase({ productCode: 'crm', autoPay: true });
    await m.flush();
    expect(m.order(order.orderId).state).toBe('PROCESSING');
    await m.advance('5m');
    expect(m.order(order.orderId).state).toBe('COMPLETED');
    expect(seller.requests.map((r) => r.activity)).toEqual([
      'newInstance',
      'queryInstance',
      'queryInstance',
      'queryInstance',
    ]);
    const poll = m.jobs({ interface: 'queryInstance' });
    expect(m.job(poll[0]!.id).attempts.map((a) => a.state)).toEqual(['NOT_READY', 'NOT_READY', 'SUCCEEDED']);
  });

  it("the buyer opening the resource page gets the seller's appInfo synchronously", async () => {
    const { m } = await setup();
    m.purchase({ productCode: 'crm', autoPay: true });
    await m.flush();
    const [instance] = m.instances();
    const page = await m.openResourcePage(instance!.ref);
    expect(page).toMatchObject({
      accepted: true,
      reported: true,
      appInfo: { frontEndUrl: `https://app.example.com/${instance!.instanceId}` },
    });
  });
});
