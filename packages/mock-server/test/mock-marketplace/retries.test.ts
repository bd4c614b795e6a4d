/**
 * Retries, manual restart and auto-unsubscribe on the virtual clock against small real sellers.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createMockMarketplace } from '../../src/index';
import { startTestSeller } from '../delivery/fixtures/test-seller';

const KEY = 'retries-test-key-0001';
const HOUR = 3_600_000;
const START = Date.parse('2025-03-10T02:00:00Z');

const open: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(open.map((x) => x.close()));
});

describe('retries on the virtual clock', () => {
  it('newInstance failing for 3 hours: hourly attempts, then the order is canceled and auto-unsubscribed', async () => {
    const seller = await startTestSeller({ key: KEY, defect: () => 'http-500' });
    const m = await createMockMarketplace({ sellerUrl: seller.url, accessKey: KEY, startAt: START });
    open.push(seller, m);
    const order = m.purchase({ productCode: 'crm', autoPay: true });
    await m.flush();
    await m.advance('3h');

    const [job] = m.jobs({ interface: 'newInstance' });
    const view = m.job(job!.id);
    expect(view.state).toBe('EXHAUSTED');
    expect(view.attempts.map((a) => [a.no, a.state, a.startedAt - START])).toEqual([
      [1, 'FAILED', 0],
      [2, 'FAILED', HOUR],
      [3, 'FAILED', 2 * HOUR],
      [4, 'FAILED', 3 * HOUR],
    ]);
    const canceled = m.order(order.orderId);
    expect(canceled.state).toBe('CANCELED');
    expect(canceled.cancelReason).toBe('PROVISIONING_FAILED');
    expect(canceled.autoUnsubscribeOrderId).not.toBeNull();
    const refund = m.order(canceled.autoUnsubscribeOrderId!);
    expect(refund.orderType).toBe('UNSUBSCRIBE');
    expect(refund.relatedOrderId).toBe(order.orderId);
    expect(m.outbox().map((x) => x.kind)).toContain('ORDER_FAILED');
    // exactly the four scheduled attempts reached the seller, each with its own businessId
    const calls = seller.requests.filter((r) => r.activity === 'newInstance');
    expect(calls).toHaveLength(4);
    expect(new Set(calls.map((c) => c.body.businessId)).size).toBe(4);
  });

  it('a refreshInstance that failed (no automatic retry) succeeds on manual restart once the seller is fixed', async () => {
    let broken = false;
    const seller = await startTestSeller({
      key: KEY,
      defect: (r) => (broken && r.activity === 'refreshInstance' ? 'result-000005' : undefined),
    });
    const m = await createMockMarketplace({ sellerUrl: seller.url, accessKey: KEY, startAt: START });
    open.push(seller, m);
    m.purchase({ productCode: 'crm', autoPay: true });
    await m.flush();
    const [instance] = m.instances();
    broken = true;
    m.renew(instance!.ref, { autoPay: true });
    await m.flush();
    const [refresh] = m.jobs({ interface: 'refreshInstance' });
    expect(refresh!.state).toBe('FAILED');
    expect(refresh!.lastProblems.map((p) => p.code)).toEqual(['RESULT_CODE']);
    await m.advance('2h');
    expect(m.job(refresh!.id).attempts).toHaveLength(1); // no automatic retry

    broken = false;
    const restarted = await m.restartJob(refresh!.id);
    expect(restarted.state).toBe('SUCCEEDED');
    expect(restarted.attempts.map((a) => [a.no, a.state, a.manual])).toEqual([
      [1, 'FAILED', false],
      [2, 'SUCCEEDED', true],
    ]);
  });

  it('1 000 orders through a 3-hour failing schedule complete on the virtual clock', async () => {
    const seller = await startTestSeller({ key: KEY, defect: () => 'result-000005' });
    const m = await createMockMarketplace({
      sellerUrl: seller.url,
      accessKey: KEY,
      startAt: START,
      engine: { concurrency: 64, failedOrdersDelistThreshold: 100_000 },
    });
    open.push(seller, m);
    for (let i = 0; i < 1_000; i++) m.purchase({ productCode: 'report', autoPay: true });
    await m.flush();
    await m.advance('3h');
    expect(m.jobs({ interface: 'newInstance', state: 'EXHAUSTED' })).toHaveLength(1_000);
    expect(m.attempts()).toHaveLength(4_000);
    expect(seller.requests).toHaveLength(4_000);
    expect(m.orders({ orderType: 'NEW', state: 'CANCELED' })).toHaveLength(1_000);
  }, 120_000);
});
