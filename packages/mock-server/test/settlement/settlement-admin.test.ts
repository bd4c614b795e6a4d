/**
 * Settlement over the admin API and the CLI (seller-console.md §5–§8) against a running mock delivering to a real
 * seller (node:http, written from the protocol): a month of orders, the bill run on the bill day, the bill and its
 * lines, transaction details with their filters, credit payment and repayment, every bill move from the command
 * line, performance summaries — and bad requests answered with a 4xx naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTriggerCommand } from '../../src/cli/commands/trigger';
import { DEMO_CATALOG } from '../../src/engine/model/demo-catalog';
import { createMockMarketplace, type MockMarketplace } from '../../src/index';
import { startTestSeller, type TestSeller } from '../delivery/fixtures/test-seller';
import type {
  BillView,
  CreditSettings,
  OrderPayment,
  PerformanceSheet,
  PerformanceSummary,
  TransactionRow,
} from '../../src/engine/model/settlement-types';
import type { ErrorBody, OrderActionAnswer } from '../http/admin-answers';
import { request } from '../http/helpers';

const KEY = 'settlement-admin-test-key-01';
const TOKEN = 'settlement-admin-token-0001';
let seller: TestSeller;
let m: MockMarketplace;

beforeAll(async () => {
  seller = await startTestSeller({ key: KEY });
  m = await createMockMarketplace({
    sellerUrl: seller.url,
    accessKey: KEY,
    adminToken: TOKEN,
    startAt: '2026-01-10T02:00:00Z',
    engine: {
      seed: 19,
      catalog: {
        products: DEMO_CATALOG.products.map((p) =>
          p.code === 'crm' ? { ...p, productType: 'joint-operations' as const } : p,
        ),
      },
    },
  });
});
afterAll(async () => {
  await m.close();
  await seller.close();
});

interface TransactionList {
  timing: 'cn' | 'intl';
  total: number;
  hidden: number;
  items: TransactionRow[];
}
interface BillList {
  total: number;
  items: BillView[];
}

const admin = (path: string): string => `${m.adminUrl}${path}`;
const call = <T = ErrorBody>(path: string, json?: unknown) =>
  request<T>(admin(path), {
    headers: { Authorization: `Bearer ${TOKEN}` },
    ...(json === undefined ? {} : { json }),
  });

async function trigger(...args: string[]) {
  let out = '';
  let err = '';
  const code = await runTriggerCommand(['trigger', ...args, '--url', m.url], {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    env: { KOOGALLERY_MOCK_ADMIN_TOKEN: TOKEN },
  });
  return { code, out, err };
}

describe('settlement over the admin API and the CLI', () => {
  let reportOrder = '';
  let creditOrder = '';

  it('a month of orders gives bills on the 7th, with transaction details and their filters', async () => {
    const report = await call<OrderActionAnswer>('/actions/purchase', {
      productCode: 'report',
      autoPay: true,
    }); // 500, general
    expect(report.status).toBe(200);
    reportOrder = report.body.result.orderId;
    // crm (joint operations) paid with a credit coupon (on by default for joint goods, §8)
    const crm = await call<OrderActionAnswer>('/actions/purchase', { productCode: 'crm' });
    creditOrder = crm.body.result.orderId;
    const paid = await call<OrderActionAnswer>('/actions/pay', {
      orderId: creditOrder,
      paymentInstrument: 'CREDIT_COUPON',
    });
    expect(paid.status).toBe(200);
    expect(paid.body.result).toMatchObject({ orderId: creditOrder, state: 'COMPLETED' });
    expect((await call<OrderPayment>(`/order-payments/${creditOrder}`)).body).toMatchObject({
      paymentInstrument: 'CREDIT_COUPON',
      repaymentStatus: 'UNPAID',
    });
    const limit = await call('/actions/pay', {
      orderId: 'CS0000000000NOPE1',
      paymentInstrument: 'CREDIT_LIMIT',
    });
    expect(limit.status).toBe(404);

    const hidden = await call<TransactionList>('/transactions');
    expect(hidden.body).toMatchObject({ timing: 'cn', hidden: 2, total: 0, items: [] });
    expect((await call<TransactionList>('/transactions?all=true')).body.total).toBe(2);

    const moved = await trigger('advance-to', '2026-02-07T00:00:00+08:00');
    expect(moved.code).toBe(0);
    const bills = await call<BillList>('/bills');
    expect(bills.body.items.map((b) => [b.billId, b.productType, b.status])).toEqual([
      ['202601', 'general', 'PENDING_COUNTERSIGN'],
    ]);
    expect(bills.body.items[0]?.lines).toBeUndefined();
    const bill = await call<BillView>('/bills/202601');
    expect(bill.body).toMatchObject({
      transactionTotal: '500',
      platformFeeTotal: '25',
      settlementTotal: '475',
      lineCount: 1,
    });
    expect(bill.body.lines[0]).toMatchObject({ orderId: reportOrder, transactionType: 'NEW', amount: '500' });

    const rows = await call<TransactionList>('/transactions');
    expect(rows.body.items.map((r) => [r.orderId, r.billStatus, r.unbilledReason])).toEqual([
      [reportOrder, 'BILLED', null],
      [creditOrder, 'UNBILLED', 'CREDIT_NOT_REPAID'],
    ]);
    expect((await call<TransactionList>('/transactions?billingPeriod=202601')).body.items).toHaveLength(1);
    expect(
      (await call<TransactionList>(`/transactions?orderId=${creditOrder}&repaymentStatus=UNPAID`)).body.total,
    ).toBe(1);
    expect(
      (await call<TransactionList>('/transactions?productType=joint-operations&billStatus=BILLED')).body
        .total,
    ).toBe(0);

    const cli = await trigger('transactions', '--billing-period', '202601');
    expect(cli.code).toBe(0);
    expect(cli.out).toContain(`NEW         ${reportOrder} report`);
    expect(cli.out).toContain('billed in 202601');
    const one = await trigger('bill', '202601');
    expect(one.out).toMatch(
      /bill 202601 general \(通用商品\): 待会签 PENDING_COUNTERSIGN, 1 line\(s\), total 500, platform fee 25, to settle 475; next: advance/,
    );
  });

  it('the buyer repays from the CLI and the credit order is billed the month after', async () => {
    const repaid = await trigger('repay', '--order', creditOrder);
    expect(repaid.code).toBe(0);
    expect(repaid.out).toMatch(new RegExp(`order ${creditOrder} paid CREDIT_COUPON, repayment REPAID`));
    await trigger('advance-to', '2026-03-07T00:00:00+08:00');
    const joint = await call<BillView>('/bills/202602?productType=joint-operations');
    expect(joint.body).toMatchObject({ productType: 'joint-operations', transactionTotal: '990' });
    expect(joint.body.lines.map((l) => l.orderId)).toEqual([creditOrder]);
  });

  it('operators move a bill from the CLI; every change lands on the timeline; illegal moves exit 1', async () => {
    for (const [action, label] of [
      ['advance-bill', '会签中'],
      ['reject-bill', '会签驳回'],
      ['resolve-bill', '待会签'],
      ['advance-bill', '会签中'],
      ['advance-bill', '待申付'],
      ['fail-bill', '申付单创建失败'],
      ['resolve-bill', '待申付'],
      ['advance-bill', '申付处理中'],
      ['reject-bill', '申付驳回'],
      ['resolve-bill', '待申付'],
      ['advance-bill', '申付处理中'],
      ['advance-bill', '支付中'],
      ['advance-bill', '已支付'],
    ] as const) {
      const r = await trigger(action, '--bill', '202601', '--note', `${action} from the CLI`);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain(`bill 202601 general (通用商品): ${label}`);
    }
    const refused = await trigger('advance-bill', '--bill', '202601');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /ILLEGAL_TRANSITION: Cannot advance bill general 202601: it is PAID \(已支付\)/,
    );
    const bill = await call<BillView>('/bills/202601');
    expect(bill.body.timeline).toHaveLength(14);
    expect(bill.body.timeline[1]).toMatchObject({
      action: 'advance',
      actor: 'operator',
      note: 'advance-bill from the CLI',
      from: 'PENDING_COUNTERSIGN',
      to: 'COUNTERSIGNING',
    });
    // The joint-operations bill names its type; the seller issues the invoice at 待开票.
    const jointBill = await call('/actions/advance-bill', { billId: '202602' });
    expect(jointBill.status).toBe(200); // only the joint bill exists for 202602
    expect(
      (await call<BillList>('/bills?productType=joint-operations&status=COUNTERSIGNING')).body.total,
    ).toBe(1);
  });

  it('credit settings, performance summaries and the settlement status from the API and the CLI', async () => {
    const settings = await trigger(
      'set-credit-settings',
      '--product',
      'crm',
      '--credit-limit',
      '--credit-limit-whitelist',
      '["C1"]',
    );
    expect(settings.code, settings.err).toBe(0);
    expect(settings.out).toContain(
      'credit settings of crm (joint-operations): 授信现金券 on, 信用额度 on, whitelist C1',
    );
    const general = await call('/actions/set-credit-settings', { productCode: 'report', creditLimit: true });
    expect(general.status).toBe(422);
    expect(general.body.error.message).toMatch(/general product/);
    expect(
      (await call<{ items: CreditSettings[] }>('/credit-settings')).body.items.find(
        (s) => s.productCode === 'crm',
      ),
    ).toMatchObject({ creditLimit: true, creditLimitWhitelist: ['C1'] });

    const perf = await call<{ items: PerformanceSummary[] }>('/performance');
    expect(perf.body.items.map((s) => [s.period, s.status, s.totalAmount])).toEqual([
      ['202603', 'ESTIMATED', '0'],
      ['202602', 'DRAFT', '990'],
      ['202601', 'FINAL', '500'],
    ]);
    const reviewed = await trigger('review-performance', '--period', '202602');
    expect(reviewed.out).toContain(
      'PS202602 202602: 终稿 FINAL, total 990 in 1 line(s) from bills (Partner Center view)',
    );
    expect((await call<PerformanceSheet>('/performance/PS202602')).body.lines).toHaveLength(1);
    const status = await trigger('settlement');
    expect(status.out).toMatch(
      /last month billed 202602; platform fee 5 %, bill day 7, transaction timing cn/,
    );
  });

  it('answers bad requests with a 4xx naming the field', async () => {
    const bad = await call('/transactions?billingPeriod=2026-01&colour=red');
    expect(bad.status).toBe(400);
    expect((bad.body.error.issues ?? []).map((i) => i.path).sort()).toEqual(['/billingPeriod', '/colour']);
    expect((await call('/bills/209912')).status).toBe(404);
    expect((await call('/bills?status=DONE')).status).toBe(400);
    const action = await call('/actions/advance-bill', { billId: '202601', productType: 'other' });
    expect(action.status).toBe(400);
    expect(action.body.error.message).toMatch(/productType: must be one of general, joint-operations/);
    const repay = await call('/actions/repay', {});
    expect(repay.status).toBe(400);
    const pay = await call('/actions/pay', { orderId: reportOrder, paymentInstrument: 'GOLD' });
    expect(pay.status).toBe(400);
    expect((await trigger('bill')).code).toBe(2);
    expect((await call('/performance/PS199901')).status).toBe(404);
    expect((await call('/actions/review-performance', { period: '2026' })).status).toBe(400);
  });
});
