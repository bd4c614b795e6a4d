/**
 * Bills on the virtual clock (seller-console.md §5, §6.1): a month of new, renewal, upgrade, unsubscription,
 * trial and pay-per-use transactions gives exactly the bill computed by hand below; the boundary cases of the
 * month end, the bill day and a supervised order completing the next month; the minimum amount's carry-over.
 * Times are business time UTC+8 (the default zone): "Jan 5 10:00" is 2026-01-05T02:00:00Z.
 */
import { describe, expect, it } from 'vitest';
import { at, setup } from '../engine/helpers';

const BILL_DAY_FEB = at('2026-02-06T16:00:00Z'); // 2026-02-07 00:00 UTC+8: the bills of 202601
const BILL_DAY_MAR = at('2026-03-06T16:00:00Z'); // 2026-03-07 00:00 UTC+8: the bills of 202602

/** One crm purchase (Basic, 10 users, 1 month: 99 × 10 = 990), paid and provisioned. */
async function buyCrm(t: ReturnType<typeof setup>, o: { trial?: boolean } = {}) {
  const order = t.engine.purchase({ productCode: 'crm', autoPay: true, ...o });
  await t.clock.advance(0);
  return { order, ref: t.engine.getOrder(order.orderId).instanceRefs[0]! };
}

describe('monthly bills (seller-console.md §6.1)', () => {
  it('a month of new, renewal, upgrade, unsubscription, trial and pay-per-use transactions: the exact bill', async () => {
    const t = setup({ start: at('2025-12-10T02:00:00Z') });
    const { engine, clock } = t;
    const b = await buyCrm(t); // Dec 10: NEW 990, expires Jan 10 10:00

    await clock.advanceTo(at('2026-01-05T02:00:00Z'));
    const a = await buyCrm(t); // NEW 990, period Jan 5 → Feb 5 (31 days)

    // Jan 7 00:00: the December bill holds B's new order alone.
    await clock.advanceTo(at('2026-01-06T16:00:00Z'));
    const december = engine.getBill('202512');
    expect(december).toMatchObject({
      billId: '202512',
      productType: 'general',
      period: '2025-12',
      generatedAt: at('2026-01-06T16:00:00Z'),
      status: 'PENDING_COUNTERSIGN', // after the 2024-12-24 cut-off: no confirmation (§6.3)
      transactionTotal: '990',
      platformFeeTotal: '49.5',
      settlementTotal: '940.5',
    });
    expect(december.lines.map((l) => [l.orderId, l.transactionType, l.amount])).toEqual([
      [b.order.orderId, 'NEW', '990'],
    ]);

    await clock.advanceTo(at('2026-01-08T02:00:00Z'));
    const bRenew = engine.renew(b.ref, { autoPay: true }); // RENEW 990, takes effect Jan 10 10:00
    await clock.advanceTo(at('2026-01-12T02:00:00Z'));
    const c = await buyCrm(t); // NEW 990, period Jan 12 → Feb 12 (31 days)
    await clock.advanceTo(at('2026-01-15T02:00:00Z'));
    const trial = await buyCrm(t, { trial: true }); // hidden
    await clock.advanceTo(at('2026-01-20T02:00:00Z'));
    // 10 → 20 users: 990 more a month, for 16 of 31 days: 990 × 16 / 31 = 510.967… → 510.97
    const aChange = engine.upgrade(a.ref, { linearValue: 20, autoPay: true });
    await clock.advance(0);
    await clock.advanceTo(at('2026-01-22T02:00:00Z'));
    // 21 of 31 days unused: 990 × 21 / 31 = 670.645… → refund 670.65
    const cUnsub = engine.unsubscribe(c.ref);
    await clock.advance(0);
    await clock.advanceTo(at('2026-01-25T02:00:00Z'));
    const aRenew = engine.renew(a.ref, { autoPay: true }); // 99 × 20 = 1980, takes effect Feb 5: next bill
    const sms = engine.purchase({ productCode: 'sms', autoPay: true }); // SMS 0.05 and MMS 0.2 per unit
    await clock.advance(0);
    const [smsRef, mmsRef] = engine.getOrder(sms.orderId).instanceRefs as [string, string];
    engine.recordUsage(smsRef, 1000); // 50
    engine.recordUsage(mmsRef, 10); // 2
    await clock.advanceTo(at('2026-01-26T02:00:00Z'));
    engine.recordUsage(smsRef, 200); // 10

    expect(engine.getOrder(aChange.orderId).lines[0]!.currencyAfterDiscount).toBe('510.97');
    expect(engine.getOrder(cUnsub.orderId).lines[0]!.currencyAfterDiscount).toBe('-670.65');

    await clock.advanceTo(BILL_DAY_FEB - 1);
    expect(engine.listBills({ billId: '202601' })).toEqual([]);
    await clock.advanceTo(BILL_DAY_FEB);
    const january = engine.getBill('202601', 'general');
    const day = (d: string) => `USAGE-${smsRef}-2026012${d}`;
    expect(
      january.lines.map((l) => [l.rowId, l.transactionType, l.amount, l.platformFee, l.settlementAmount]),
    ).toEqual([
      [a.order.orderId, 'NEW', '990', '49.5', '940.5'],
      [bRenew.orderId, 'RENEW', '990', '49.5', '940.5'],
      [c.order.orderId, 'NEW', '990', '49.5', '940.5'],
      [aChange.orderId, 'CHANGE', '510.97', '25.55', '485.42'],
      [cUnsub.orderId, 'UNSUBSCRIBE', '-670.65', '-33.53', '-637.12'],
      [day('5'), 'USAGE', '50', '2.5', '47.5'],
      [`USAGE-${mmsRef}-20260125`, 'USAGE', '2', '0.1', '1.9'],
      [day('6'), 'USAGE', '10', '0.5', '9.5'],
    ]);
    // 990 + 990 + 990 + 510.97 − 670.65 + 50 + 2 + 10; fees 49.5 × 3 + 25.55 − 33.53 + 2.5 + 0.1 + 0.5
    expect(january).toMatchObject({
      transactionTotal: '2872.32',
      platformFeeTotal: '143.62',
      settlementTotal: '2728.7',
      lineCount: 8,
      platformFeePercent: 5,
    });
    // B's renewal is attributed to the start of its period (§6.1 "renewal effective time"), not its payment.
    expect(january.lines[1]!.effectiveAt).toBe(at('2026-01-10T02:00:00Z'));
    expect(january.lines.some((l) => l.carriedOver)).toBe(false);

    // Transaction details: the trial is hidden; A's renewal waits for its period.
    const rows = engine.listTransactions();
    expect(rows.some((r) => r.orderId === trial.order.orderId)).toBe(false);
    expect(rows.find((r) => r.orderId === sms.orderId && r.transactionType !== 'USAGE')).toBeUndefined();
    expect(rows.find((r) => r.rowId === aRenew.orderId)).toMatchObject({
      billStatus: 'UNBILLED',
      unbilledReason: 'BILL_DATE_NOT_REACHED',
      billingPeriod: '202602',
      effectiveAt: at('2026-02-05T02:00:00Z'),
    });
    expect(rows.find((r) => r.rowId === cUnsub.orderId)).toMatchObject({
      billStatus: 'BILLED',
      billId: '202601',
      billingPeriod: '202601',
      relatedOrderId: c.order.orderId,
    });
    expect(engine.listTransactions({ billingPeriod: '202601' }).map((r) => r.rowId)).toEqual(
      january.lines.map((l) => l.rowId),
    );

    await clock.advanceTo(BILL_DAY_MAR);
    expect(engine.getBill('202602').lines.map((l) => [l.orderId, l.amount])).toEqual([
      [aRenew.orderId, '1980'],
    ]);
  });

  it('boundaries: 23:59:59 on the last day belongs to the month; the bill appears at 00:00 on the 7th', async () => {
    const t = setup({ start: at('2026-01-31T15:59:59Z') }); // Jan 31 23:59:59 UTC+8
    const { engine, clock } = t;
    const last = engine.purchase({ productCode: 'report', autoPay: true }); // ONE_TIME 500
    await clock.advance(0);
    await clock.advanceTo(at('2026-01-31T16:00:00Z')); // Feb 1 00:00:00
    const first = engine.purchase({ productCode: 'report', autoPay: true });
    await clock.advance(0);
    expect(
      engine.listTransactions({ includeHidden: true }).map((r) => [r.orderId, r.transactionDay]),
    ).toEqual([
      [last.orderId, '2026-01-31'],
      [first.orderId, '2026-02-01'],
    ]);
    expect(engine.settlementStatus().nextBillRunAt).toBe(BILL_DAY_FEB);
    await clock.advanceTo(BILL_DAY_FEB - 1);
    expect(engine.listBills()).toEqual([]);
    await clock.advanceTo(BILL_DAY_FEB);
    const bill = engine.getBill('202601');
    expect(bill.generatedAt).toBe(BILL_DAY_FEB);
    expect(bill.lines.map((l) => l.orderId)).toEqual([last.orderId]);
    expect(engine.listTransactions({ orderId: first.orderId })[0]).toMatchObject({
      billStatus: 'UNBILLED',
      unbilledReason: 'BILL_DATE_NOT_REACHED',
      billingPeriod: '202602',
    });
    await clock.advanceTo(BILL_DAY_MAR);
    expect(engine.getBill('202602').lines.map((l) => l.orderId)).toEqual([first.orderId]);
  });

  it('the bill day and minute are configurable (§10 item 2)', async () => {
    const t = setup({ start: at('2026-01-20T02:00:00Z'), settlement: { billDay: 3, billMinute: 120 } });
    t.engine.purchase({ productCode: 'report', autoPay: true });
    await t.clock.advance(0);
    expect(t.engine.settlementStatus().nextBillRunAt).toBe(at('2026-02-02T18:00:00Z')); // Feb 3 02:00 UTC+8
    await t.clock.advanceTo(at('2026-02-02T18:00:00Z'));
    expect(t.engine.getBill('202601').generatedAt).toBe(at('2026-02-02T18:00:00Z'));
  });

  it('a supervised order is billed in the month its supervision completes (§2.6, §6.1)', async () => {
    const t = setup({ start: at('2026-01-28T02:00:00Z') });
    const { engine, clock } = t;
    const order = engine.purchase({ productCode: 'consulting', autoPay: true }); // 500 a month
    await clock.advance(0);
    engine.submitRequirement(order.orderId, 'onboard 20 users');
    engine.reviewRequirement(order.orderId, true);
    engine.confirmCompletion(order.orderId, { resultDescription: 'done' });
    expect(engine.listTransactions({ orderId: order.orderId, includeHidden: true })[0]).toMatchObject({
      supervisionStatus: 'USER_ACCEPTANCE',
      unbilledReason: 'SUPERVISION_OPEN',
      billingPeriod: null,
      effectiveAt: null,
    });
    await clock.advanceTo(at('2026-02-03T02:00:00Z'));
    engine.reviewDelivery(order.orderId, true); // supervision COMPLETED now; the order 3 h later
    await clock.advanceTo(BILL_DAY_FEB);
    expect(engine.listBills()).toEqual([]); // January had nothing effective
    expect(engine.listTransactions({ orderId: order.orderId })[0]).toMatchObject({
      supervisionStatus: 'COMPLETED',
      effectiveAt: at('2026-02-03T02:00:00Z'),
      billingPeriod: '202602',
    });
    await clock.advanceTo(BILL_DAY_MAR);
    expect(engine.getBill('202602').lines).toMatchObject([
      { orderId: order.orderId, amount: '500', effectiveAt: at('2026-02-03T02:00:00Z') },
    ]);
  });

  it('under the minimum amount no bill is made and the lines carry over (§6.1, §10 item 6)', async () => {
    const t = setup({ start: at('2026-01-10T02:00:00Z'), settlement: { minimumBillAmount: 1000 } });
    const { engine, clock } = t;
    const jan = engine.purchase({ productCode: 'report', autoPay: true }); // 500
    await clock.advance(0);
    await clock.advanceTo(BILL_DAY_FEB);
    expect(engine.listBills()).toEqual([]);
    expect(engine.listTransactions({ orderId: jan.orderId })[0]).toMatchObject({
      unbilledReason: 'BELOW_MINIMUM',
      billingPeriod: '202602',
    });
    const feb = engine.purchase({ productCode: 'report', autoPay: true }); // 500: 1000 reached
    await clock.advance(0);
    await clock.advanceTo(BILL_DAY_MAR);
    const bill = engine.getBill('202602');
    expect(bill.lines.map((l) => [l.orderId, l.carriedOver])).toEqual([
      [jan.orderId, true],
      [feb.orderId, false],
    ]);
    expect(bill.transactionTotal).toBe('1000');
  });

  it('a clock jumping over several bill days makes each month in order, dated on its own bill day', async () => {
    const t = setup({ start: at('2026-01-10T02:00:00Z') });
    t.engine.purchase({ productCode: 'report', autoPay: true });
    await t.clock.advance(0);
    await t.clock.advanceTo(at('2026-02-15T02:00:00Z'));
    t.engine.purchase({ productCode: 'report', autoPay: true });
    await t.clock.advance(0);
    await t.clock.advanceTo(at('2026-05-01T00:00:00Z'));
    expect(t.engine.listBills().map((b) => [b.billId, b.generatedAt])).toEqual([
      ['202602', BILL_DAY_MAR],
      ['202601', BILL_DAY_FEB],
    ]);
    expect(t.engine.nextDueAt()).toBeUndefined(); // nothing left to bill: nothing scheduled
  });

  it('refunds of orders that never took effect are never billed', async () => {
    const t = setup({
      start: at('2026-01-10T02:00:00Z'),
      behave: (job) => (job.interface === 'newInstance' ? { kind: 'fail', resultCode: '000005' } : undefined),
    });
    const order = t.engine.purchase({ productCode: 'crm', autoPay: true });
    await t.clock.advanceTo(at('2026-01-11T02:00:00Z')); // 3 h of retries: failed, refunded
    const failed = t.engine.getOrder(order.orderId);
    expect(failed).toMatchObject({ state: 'CANCELED', cancelReason: 'PROVISIONING_FAILED' });
    const rows = t.engine.listTransactions();
    expect(rows.map((r) => [r.transactionType, r.unbilledReason])).toEqual([
      ['NEW', 'NEVER_EFFECTIVE'],
      ['UNSUBSCRIBE', 'ORIGINAL_NOT_SETTLED'],
    ]);
    await t.clock.advanceTo(BILL_DAY_FEB);
    expect(t.engine.listBills()).toEqual([]);
  });

  it('a renewal unsubscribed before it began is never billed, nor is its refund', async () => {
    const t = setup({ start: at('2026-01-10T02:00:00Z') });
    const { engine, clock } = t;
    const { order, ref } = await buyCrm(t); // 990, Jan 10 → Feb 10
    await clock.advanceTo(at('2026-01-15T02:00:00Z'));
    const renewal = engine.renew(ref, { autoPay: true }); // 990, Feb 10 → Mar 10
    await clock.advance(0);
    await clock.advanceTo(at('2026-01-20T02:00:00Z'));
    const refund = engine.unsubscribeRenewal(ref); // −990
    await clock.advance(0);
    await clock.advanceTo(BILL_DAY_FEB);
    expect(engine.getBill('202601').lines.map((l) => [l.orderId, l.amount])).toEqual([
      [order.orderId, '990'],
    ]);
    expect(engine.listTransactions().map((r) => [r.orderId, r.amount, r.unbilledReason])).toEqual([
      [order.orderId, '990', null],
      [renewal.orderId, '990', 'NEVER_EFFECTIVE'],
      [refund.orderId, '-990', 'ORIGINAL_NOT_SETTLED'],
    ]);
  });

  it('unsubscribing before a renewed period began settles the renewal with the refund that pays it back', async () => {
    const t = setup({ start: at('2026-01-10T02:00:00Z') });
    const { engine, clock } = t;
    const { order, ref } = await buyCrm(t); // 990, Jan 10 → Feb 10 (31 days)
    await clock.advanceTo(at('2026-01-15T02:00:00Z'));
    const renewal = engine.renew(ref, { autoPay: true }); // 990, Feb 10 → Mar 10
    await clock.advance(0);
    await clock.advanceTo(at('2026-01-20T02:00:00Z'));
    // 21 of 31 days unused of the first period (670.645…) plus the whole renewal (990): 1660.65
    const refund = engine.unsubscribe(ref);
    await clock.advance(0);
    await clock.advanceTo(BILL_DAY_FEB);
    const bill = engine.getBill('202601');
    expect(bill.lines.map((l) => [l.orderId, l.amount, l.effectiveAt])).toEqual([
      [order.orderId, '990', at('2026-01-10T02:00:00Z')],
      [renewal.orderId, '990', at('2026-01-20T02:00:00Z')], // settles at the release
      [refund.orderId, '-1660.65', at('2026-01-20T02:00:00Z')],
    ]);
    expect(bill.transactionTotal).toBe('319.35'); // 990 × 10 / 31 days used
  });

  it('a converted trial is billed from its conversion, and so is the refund when it is unsubscribed', async () => {
    const t = setup({ start: at('2026-01-10T02:00:00Z') });
    const { engine, clock } = t;
    const { order: trial, ref } = await buyCrm(t, { trial: true });
    await clock.advanceTo(at('2026-01-12T02:00:00Z'));
    const formal = engine.trialToFormal(ref, { autoPay: true }); // 990, Jan 12 → Feb 12 (31 days)
    await clock.advance(0);
    await clock.advanceTo(at('2026-01-22T02:00:00Z'));
    const refund = engine.unsubscribe(ref); // 21 of 31 days: −670.65
    await clock.advance(0);
    expect(engine.getOrder(refund.orderId).relatedOrderId).toBe(trial.orderId);
    await clock.advanceTo(BILL_DAY_FEB);
    expect(engine.getBill('202601').lines.map((l) => [l.orderId, l.transactionType, l.amount])).toEqual([
      [formal.orderId, 'NEW', '990'],
      [refund.orderId, 'UNSUBSCRIBE', '-670.65'],
    ]);
  });

  it('usage pushed through the Open API is billed by the day it was received; package usage is prepaid', async () => {
    const t = setup({ start: at('2026-01-30T02:00:00Z') });
    const { engine, clock } = t;
    const sms = engine.purchase({
      productCode: 'sms',
      autoPay: true,
      items: [{ skuCode: '5f0d1b2c-0004-4a6e-9c11-sms00000sms' }],
    });
    const pkg = engine.purchase({ productCode: 'sms-pack', autoPay: true }); // 40 a month
    await clock.advance(0);
    const smsId = engine.getInstance(engine.getOrder(sms.orderId).instanceRefs[0]!).instanceId!;
    const pkgId = engine.getInstance(engine.getOrder(pkg.orderId).instanceRefs[0]!).instanceId!;
    const record = (sn: string, value: string, extra: { relate_pkg_instance?: string } = {}) => ({
      instance_id: smsId,
      begin_time: '20260130T000000Z',
      end_time: '20260130T010000Z',
      record_time: '20260130T010500Z',
      usage_value: value,
      metering_sn: sn,
      ...extra,
    });
    expect(
      engine.acceptUsagePush([
        record('sn-1', '100'),
        record('sn-2', '20.5'),
        record('sn-3', '999', { relate_pkg_instance: pkgId }),
      ]),
    ).toMatchObject({ ok: true });
    expect(engine.acceptUsagePush([record('sn-1', '100')])).toMatchObject({ ok: true, duplicates: 1 }); // re-sent: once
    await clock.advanceTo(at('2026-01-31T16:30:00Z')); // Feb 1 00:30
    engine.acceptUsagePush([record('sn-4', '40')]);
    await clock.advanceTo(BILL_DAY_FEB);
    // 120.5 × 0.05 = 6.025 → 6.03 on Jan 30; package order 40; Feb 1's 2 waits for March
    expect(engine.getBill('202601').lines.map((l) => [l.transactionType, l.orderId, l.amount])).toEqual([
      ['NEW', pkg.orderId, '40'],
      ['USAGE', sms.orderId, '6.03'],
    ]);
    expect(
      engine
        .listTransactions({ transactionType: 'USAGE' })
        .map((r) => [r.transactionDay, r.usage, r.billingPeriod]),
    ).toEqual([
      ['2026-01-30', { quantity: 120.5, unitPrice: 0.05 }, '202601'],
      ['2026-02-01', { quantity: 40, unitPrice: 0.05 }, '202602'],
    ]);
  });

  it('reset forgets bills and pending settlement: nothing stays scheduled', async () => {
    const t = setup({ start: at('2026-01-10T02:00:00Z') });
    t.engine.purchase({ productCode: 'report', autoPay: true });
    await t.clock.advance(0);
    await t.clock.advanceTo(BILL_DAY_FEB);
    expect(t.engine.listBills()).toHaveLength(1);
    await t.engine.reset();
    expect(t.engine.listBills()).toEqual([]);
    expect(t.engine.settlementStatus().lastBilledPeriod).toBeNull();
    expect(t.engine.nextDueAt()).toBeUndefined();
  });
});
