// The matching rules on hand-made data: each kind of difference, orders explained by the transaction details,
// trials and later months left out, pay-per-use lines counted apart, amounts in cents.
import { describe, expect, it } from 'vitest';
import { formatReport, reconcile, yuan, type TransactionDetail } from '../src';
import { businessMonth } from '../src/seller-orders';

const detail = (orderId: string, o: Partial<TransactionDetail> = {}): TransactionDetail => ({
  orderId,
  transactionType: 'NEW',
  billStatus: 'BILLED',
  unbilledReason: null,
  billingPeriod: '202601',
  billId: '202601',
  ...o,
});

describe('reconcile', () => {
  const report = reconcile({
    period: '202601',
    billLines: [
      { orderId: 'A', transactionType: 'NEW', amountCents: 9_900 },
      { orderId: 'B', transactionType: 'NEW', amountCents: 50_000 },
      { orderId: 'C', transactionType: 'UNSUBSCRIBE', amountCents: -4_950 },
      { orderId: 'A', transactionType: 'USAGE', amountCents: 125 },
    ],
    transactions: [
      detail('A'),
      detail('B'),
      detail('C', { transactionType: 'UNSUBSCRIBE' }),
      detail('R', {
        transactionType: 'RENEW',
        billStatus: 'UNBILLED',
        billingPeriod: '202602',
        billId: null,
        unbilledReason: 'BILL_DATE_NOT_REACHED',
      }),
      detail('S', {
        billStatus: 'UNBILLED',
        billingPeriod: null,
        billId: null,
        unbilledReason: 'SUPERVISION_OPEN',
      }),
      detail('OLD', { billingPeriod: '202512', billId: '202512' }),
    ],
    sellerOrders: [
      { orderId: 'A', orderType: 'NEW', amountCents: 9_900, month: '202601' },
      { orderId: 'B', orderType: 'NEW', amountCents: 45_000, month: '202601' },
      { orderId: 'R', orderType: 'RENEW', amountCents: 9_900, month: '202601' },
      { orderId: 'S', orderType: 'NEW', amountCents: 30_000, month: '202601' },
      { orderId: 'OLD', orderType: 'NEW', amountCents: 100, month: '202512' },
      { orderId: 'T', orderType: 'TRIAL', amountCents: 0, month: '202601' },
      { orderId: 'LOST', orderType: 'NEW', amountCents: 1_000, month: '202601' },
      { orderId: 'FEB', orderType: 'NEW', amountCents: 1_000, month: '202602' },
    ],
  });

  it('finds every kind of difference, and only those', () => {
    expect(report.differences).toEqual([
      {
        kind: 'AMOUNT_MISMATCH',
        orderId: 'B',
        transactionType: 'NEW',
        billCents: 50_000,
        sellerCents: 45_000,
      },
      { kind: 'MISSING_IN_SELLER_RECORDS', orderId: 'C', transactionType: 'UNSUBSCRIBE', billCents: -4_950 },
      { kind: 'MISSING_ON_PLATFORM', orderId: 'LOST', orderType: 'NEW', sellerCents: 1_000 },
    ]);
  });

  it('explains the orders the transaction details place elsewhere; leaves out trials, later months, older bills', () => {
    expect(report.notOnThisBill).toEqual([
      { orderId: 'R', orderType: 'RENEW', why: 'billing period 202602 (BILL_DATE_NOT_REACHED)' },
      { orderId: 'S', orderType: 'NEW', why: 'unbilled (SUPERVISION_OPEN)' },
    ]);
  });

  it('counts the matched orders and the pay-per-use lines apart', () => {
    expect(report).toMatchObject({
      matched: 1,
      matchedCents: 9_900,
      billOrderLines: 3,
      billOrderCents: 54_950,
      usageLines: 1,
      usageCents: 125,
    });
    expect(formatReport(report, 'general')).toBe(
      [
        'Reconciliation of bill 202601 (general): 3 order lines on the bill (549.50 yuan), 1 pay-per-use lines (1.25 yuan, not matched)',
        '  matched: 1 orders, 99.00 yuan',
        '  DIFFERENCE amount mismatch: B (NEW) bill 500.00, seller 450.00 (bill − seller = 50.00)',
        "  DIFFERENCE missing in the seller's records: C (UNSUBSCRIBE) billed -49.50",
        '  DIFFERENCE missing on the platform: LOST (NEW) recorded 10.00, in no transaction detail',
        '  not on this bill: R (RENEW) — billing period 202602 (BILL_DATE_NOT_REACHED)',
        '  not on this bill: S (NEW) — unbilled (SUPERVISION_OPEN)',
        '3 differences',
        '',
      ].join('\n'),
    );
  });
});

describe('helpers', () => {
  it('writes cents as yuan and reads business months in UTC+8', () => {
    expect([yuan(0), yuan(5), yuan(-4_950), yuan(123_456)]).toEqual(['0.00', '0.05', '-49.50', '1234.56']);
    // 2026-01-31 16:00 UTC is 2026-02-01 00:00 in UTC+8.
    expect(businessMonth('20260131155959')).toBe('202601');
    expect(businessMonth('20260131160000')).toBe('202602');
  });
});
