/**
 * Credit payment switches (seller-console.md §8), transaction-detail visibility and filters (§5, §10 item 3) and
 * performance summaries (§7), on the virtual clock (business time UTC+8).
 */
import { describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../src/engine/model/demo-catalog';
import { at, setup } from '../engine/helpers';

const JOINT_CATALOG = {
  products: DEMO_CATALOG.products.map((p) =>
    p.code === 'crm' ? { ...p, productType: 'joint-operations' as const } : p,
  ),
};
const BILL_DAY_FEB = at('2026-02-06T16:00:00Z');
const BILL_DAY_MAR = at('2026-03-06T16:00:00Z');

describe('credit payment switches (seller-console.md §8)', () => {
  it('defaults: credit coupon on for joint-operations goods, credit limit off; general goods have none', () => {
    const { engine } = setup({ catalog: JOINT_CATALOG });
    expect(engine.creditSettings('crm')).toEqual({
      productCode: 'crm',
      productType: 'joint-operations',
      creditCoupon: true,
      creditLimit: false,
      creditLimitWhitelist: [],
      updatedAt: null,
    });
    expect(engine.creditSettings('report')).toMatchObject({
      productType: 'general',
      creditCoupon: false,
      creditLimit: false,
    });
    expect(() => engine.setCreditSettings('report', { creditLimit: true })).toThrow(
      /general product; credit payment switches apply to joint-operations goods/,
    );
    expect(() => engine.setCreditSettings('crm', { creditLimit: 'yes' as never })).toThrow(
      /creditLimit: must be true or false/,
    );
  });

  it('the switches decide who may pay on credit: off refuses, the whitelist admits one customer', async () => {
    const { engine } = setup({ catalog: JOINT_CATALOG, start: at('2026-01-10T02:00:00Z') });
    const other = engine.createBuyer({ customerName: 'other-buyer' });
    const order = engine.purchase({ productCode: 'crm' });
    expect(() => engine.payWith(order.orderId, 'CREDIT_LIMIT')).toThrow(
      /信用额度支付 \(credit limit\) is off for product crm and buyer .* is not on its whitelist/,
    );
    expect(engine.getOrder(order.orderId).state).toBe('PENDING_PAYMENT'); // nothing changed
    engine.setCreditSettings('crm', { creditLimitWhitelist: [order.buyerId] });
    expect(engine.payWith(order.orderId, 'CREDIT_LIMIT').state).toBe('PROCESSING');
    expect(engine.orderPayment(order.orderId)).toMatchObject({
      paymentInstrument: 'CREDIT_LIMIT',
      repaymentStatus: 'UNPAID',
      repaidAt: null,
    });
    const theirs = engine.purchase({ productCode: 'crm', buyerId: other.customerId });
    expect(() => engine.payWith(theirs.orderId, 'CREDIT_LIMIT')).toThrow(/not on its whitelist/);
    engine.setCreditSettings('crm', { creditCoupon: false });
    expect(() => engine.payWith(theirs.orderId, 'CREDIT_COUPON')).toThrow(/授信现金券支付/);
    expect(engine.payWith(theirs.orderId, 'CASH').state).toBe('PROCESSING');
    expect(engine.orderPayment(theirs.orderId)).toMatchObject({
      paymentInstrument: 'CASH',
      repaymentStatus: 'NOT_APPLICABLE',
    });
  });

  it('a credit order enters settlement only once repaid, in the period of the repayment', async () => {
    const t = setup({ catalog: JOINT_CATALOG, start: at('2026-01-10T02:00:00Z') });
    const { engine, clock } = t;
    const order = engine.purchase({ productCode: 'crm' });
    engine.payWith(order.orderId, 'CREDIT_COUPON'); // on by default for joint goods
    await clock.advance(0);
    await clock.advanceTo(BILL_DAY_FEB);
    expect(engine.listBills()).toEqual([]);
    expect(engine.listTransactions({ orderId: order.orderId })[0]).toMatchObject({
      paymentInstrument: 'CREDIT_COUPON',
      repaymentStatus: 'UNPAID',
      billStatus: 'UNBILLED',
      unbilledReason: 'CREDIT_NOT_REPAID',
      billingPeriod: null,
      effectiveAt: at('2026-01-10T02:00:00Z'),
    });
    await clock.advanceTo(at('2026-02-10T02:00:00Z'));
    expect(engine.repayCredit({ buyerId: order.buyerId })).toMatchObject([
      { orderId: order.orderId, repaymentStatus: 'REPAID', repaidAt: at('2026-02-10T02:00:00Z') },
    ]);
    expect(() => engine.repayCredit({ orderId: order.orderId })).toThrow(/no unpaid credit/);
    expect(engine.listTransactions({ orderId: order.orderId })[0]).toMatchObject({
      repaymentStatus: 'REPAID',
      unbilledReason: 'BILL_DATE_NOT_REACHED',
      billingPeriod: '202602',
    });
    await clock.advanceTo(BILL_DAY_MAR);
    expect(engine.getBill('202602')).toMatchObject({
      productType: 'joint-operations',
      lines: [
        {
          orderId: order.orderId,
          paymentInstrument: 'CREDIT_COUPON',
          effectiveAt: at('2026-02-10T02:00:00Z'),
          carriedOver: false,
        },
      ],
    });
  });
});

describe('transaction details (seller-console.md §5)', () => {
  it('cn timing: the rows of day D appear at 08:00 on D+1; the filters select by order, period and customer', async () => {
    const t = setup({ start: at('2026-01-10T02:00:00Z') });
    const { engine, clock } = t;
    const buyer = engine.createBuyer({ customerName: 'acme' });
    const mine = engine.purchase({ productCode: 'report', autoPay: true, buyerId: buyer.customerId });
    const theirs = engine.purchase({ productCode: 'report', autoPay: true });
    await clock.advance(0);
    expect(engine.listTransactions()).toEqual([]);
    expect(engine.listTransactions({ includeHidden: true })).toHaveLength(2);
    await clock.advanceTo(at('2026-01-10T23:59:59Z')); // Jan 11 07:59:59
    expect(engine.listTransactions()).toEqual([]);
    await clock.advanceTo(at('2026-01-11T00:00:00Z')); // Jan 11 08:00
    expect(engine.listTransactions().map((r) => r.orderId)).toEqual([mine.orderId, theirs.orderId]);
    expect(engine.listTransactions()[0]).toMatchObject({
      visibleAt: at('2026-01-11T00:00:00Z'),
      customerName: 'acme',
      transactionDay: '2026-01-10',
    });
    expect(engine.listTransactions({ customer: 'acme' }).map((r) => r.orderId)).toEqual([mine.orderId]);
    expect(engine.listTransactions({ customer: buyer.customerId }).map((r) => r.orderId)).toEqual([
      mine.orderId,
    ]);
    expect(engine.listTransactions({ orderId: theirs.orderId }).map((r) => r.orderId)).toEqual([
      theirs.orderId,
    ]);
    expect(engine.listTransactions({ billingPeriod: '202601' })).toHaveLength(2);
    expect(engine.listTransactions({ billingPeriod: '202512' })).toEqual([]);
  });

  it('intl timing (§10 item 3): a month is visible once its bills are generated', async () => {
    const t = setup({ start: at('2026-01-10T02:00:00Z'), settlement: { transactionTiming: 'intl' } });
    t.engine.purchase({ productCode: 'report', autoPay: true });
    await t.clock.advanceTo(BILL_DAY_FEB - 1);
    expect(t.engine.listTransactions()).toEqual([]);
    await t.clock.advanceTo(BILL_DAY_FEB);
    expect(t.engine.listTransactions()).toMatchObject([{ billStatus: 'BILLED', billId: '202601' }]);
  });

  it('refuses invalid settlement options, every problem at once', () => {
    expect(() =>
      setup({
        settlement: {
          billDay: 31,
          transactionTiming: 'eu' as never,
          confirmationCutoff: '24.12.2024',
          colour: 1,
        } as never,
      }),
    ).toThrow(
      /settlement\.colour: unknown option[\s\S]*settlement\.billDay: must be an integer from 1 to 28[\s\S]*transactionTiming[\s\S]*confirmationCutoff/,
    );
  });
});

describe('performance summaries (seller-console.md §7, Partner Center)', () => {
  it('current month estimated, previous month draft until reviewed, older months final — derived from the bills', async () => {
    const t = setup({ start: at('2026-01-10T02:00:00Z') });
    const { engine, clock } = t;
    engine.purchase({ productCode: 'report', autoPay: true }); // 500 in January
    await clock.advance(0);
    expect(engine.listPerformanceSummaries()).toEqual([
      expect.objectContaining({
        sheetId: 'PS202601',
        status: 'ESTIMATED',
        statusLabel: '预估',
        totalAmount: '500',
        source: 'transactions',
        view: 'PARTNER_CENTER',
      }),
    ]);
    await clock.advanceTo(at('2026-02-10T02:00:00Z'));
    engine.purchase({ productCode: 'report', autoPay: true }); // 500 in February
    engine.purchase({ productCode: 'report', autoPay: true });
    await clock.advance(0);
    expect(
      engine
        .listPerformanceSummaries()
        .map((s) => [s.sheetId, s.status, s.totalAmount, s.source, s.lineCount]),
    ).toEqual([
      ['PS202602', 'ESTIMATED', '1000', 'transactions', 2],
      ['PS202601', 'DRAFT', '500', 'bills', 1],
    ]);
    expect(() => engine.reviewPerformance('202602')).toThrow(/Only the previous month's draft/);
    const reviewed = engine.reviewPerformance('202601');
    expect(reviewed).toMatchObject({
      status: 'FINAL',
      statusLabel: '终稿',
      reviewedAt: at('2026-02-10T02:00:00Z'),
    });
    expect(engine.performanceSheet('PS202601').lines.map((l) => l.amount)).toEqual(['500']);
    await clock.advanceTo(at('2026-04-10T02:00:00Z'));
    expect(engine.listPerformanceSummaries().map((s) => [s.period, s.status])).toEqual([
      ['202604', 'ESTIMATED'],
      ['202602', 'FINAL'],
      ['202601', 'FINAL'],
    ]);
  });
});
