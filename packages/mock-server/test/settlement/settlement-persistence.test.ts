/**
 * Settlement state on SQLite survives a restart: bills with their lines and timelines, credit switches, order
 * payments and repayments, the daily consumption, the performance reviews and the last month billed — and the
 * reopened engine neither repeats a bill run nor skips the next one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMarketEngine } from '../../src/engine/engine';
import { DEMO_CATALOG } from '../../src/engine/model/demo-catalog';
import { createVirtualClock } from '../../src/engine/time/clock';
import { createSqliteStore } from '../../src/index';
import { at, createFakeSeller } from '../engine/helpers';

const dir = mkdtempSync(join(tmpdir(), 'kgk-settlement-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CATALOG = {
  products: DEMO_CATALOG.products.map((p) =>
    p.code === 'crm' ? { ...p, productType: 'joint-operations' as const } : p,
  ),
};

function open(path: string, start: number) {
  const store = createSqliteStore({ path });
  const clock = createVirtualClock(start);
  const engine = createMarketEngine({
    store,
    clock,
    catalog: CATALOG,
    deliver: createFakeSeller().deliver,
    seed: 'settle',
  });
  return { store, clock, engine };
}

describe('settlement on SQLite survives a restart', () => {
  it('keeps bills, credit, consumption and reviews, and continues the bill runs', async () => {
    const path = join(dir, 'settlement.db');
    const first = open(path, at('2026-01-10T02:00:00Z'));
    const { engine, clock } = first;
    const report = engine.purchase({ productCode: 'report', autoPay: true });
    const sms = engine.purchase({ productCode: 'sms', autoPay: true });
    engine.setCreditSettings('crm', { creditLimitWhitelist: ['someone'] });
    const credit = engine.purchase({ productCode: 'crm' });
    engine.payWith(credit.orderId, 'CREDIT_COUPON');
    await clock.advance(0);
    engine.recordUsage(engine.getOrder(sms.orderId).instanceRefs[0]!, 100); // 5
    await clock.advanceTo(at('2026-02-06T16:00:00Z'));
    engine.moveBill('202601', 'advance', { note: 'countersigning' });
    engine.repayCredit({ orderId: credit.orderId });
    engine.reviewPerformance('202601');
    const before = {
      bills: engine.listBills(),
      rows: engine.listTransactions({ includeHidden: true }),
      credit: engine.listCreditSettings(),
      performance: engine.listPerformanceSummaries(),
      status: engine.settlementStatus(),
    };
    expect(before.bills.map((b) => [b.billId, b.productType, b.status, b.transactionTotal])).toEqual([
      ['202601', 'general', 'COUNTERSIGNING', '505'],
    ]);
    await engine.close();
    first.store.close();

    const second = open(path, at('2026-01-10T02:00:00Z')); // the store's saved business time wins
    try {
      expect(second.clock.now()).toBe(at('2026-02-06T16:00:00Z'));
      expect(second.engine.listBills()).toEqual(before.bills);
      expect(second.engine.listTransactions({ includeHidden: true })).toEqual(before.rows);
      expect(second.engine.listCreditSettings()).toEqual(before.credit);
      expect(second.engine.listPerformanceSummaries()).toEqual(before.performance);
      expect(second.engine.settlementStatus()).toEqual(before.status);
      expect(second.engine.orderPayment(credit.orderId)).toMatchObject({ repaymentStatus: 'REPAID' });
      expect(second.engine.getBill('202601').timeline.map((e) => e.note)).toEqual([
        'bill run of 2026-01: 2 line(s)',
        'countersigning',
      ]);
      // The next run makes February's bills once, with the repaid credit order.
      await second.clock.advanceTo(at('2026-03-06T16:00:00Z'));
      expect(second.engine.listBills().map((b) => [b.billId, b.productType])).toEqual([
        ['202602', 'joint-operations'],
        ['202601', 'general'],
      ]);
      expect(second.engine.getBill('202602').lines.map((l) => l.orderId)).toEqual([credit.orderId]);
      expect(report.orderId).toBe(second.engine.getBill('202601', 'general').lines[0]!.orderId);
    } finally {
      await second.engine.close();
      second.store.close();
    }
  });
});
