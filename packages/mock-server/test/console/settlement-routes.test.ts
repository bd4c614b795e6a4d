/**
 * What the settlement pages need from the admin API, without a browser: the exact requests the console sends
 * (src/console/js/pages/transactions.js, bills.js, credit.js, performance.js, export-history.js) and the fields
 * it reads from the answers (seller-console.md §5–§8). A change of a route that the console would not survive
 * fails here first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarketEngine } from '../../src/engine/engine';
import type {
  BillView,
  CreditSettings,
  PerformanceSheet,
  PerformanceSummary,
  TransactionRow,
} from '../../src/engine/model/settlement-types';
import type { ExportRecord } from '../../src/http/admin/exports/export-records';
import { createMockMarketplace, type MockMarketplace } from '../../src/index';
import type { ActionAnswer, ErrorBody, Page } from '../http/admin-answers';
import { request } from '../http/helpers';
import { startConsoleSeller, type ConsoleSeller } from './fixtures/seller';

const KEY = 'console-settlement-routes-0001';
const START = Date.parse('2026-01-10T10:00:00+08:00');
/** 2026-02-07 09:00 Beijing time: January's bill was generated at 00:00 (§6.1 bill day, §10.2). */
const MORNING_AFTER_BILL_DAY = Date.parse('2026-02-07T09:00:00+08:00');

let seller: ConsoleSeller;
let m: MockMarketplace;
let orderId: string;
let paidAt: number;

beforeAll(async () => {
  seller = await startConsoleSeller(KEY);
  m = await createMockMarketplace({ sellerUrl: seller.url, accessKey: KEY, startAt: START });
  const order = m.purchase({ productCode: 'crm', autoPay: true });
  await m.flush();
  orderId = order.orderId;
  paidAt = m.engine.getOrder(orderId).paidAt as number;
  await m.advance(MORNING_AFTER_BILL_DAY - m.engine.now());
});
afterAll(async () => {
  await m?.close();
  await seller?.close();
});

/** The answers the pages read (the server's own types). */
type TransactionsAnswer = Page<TransactionRow> & { timing: 'cn' | 'intl'; hidden: number };
type BillSummary = Omit<BillView, 'lines'> & { lines?: unknown };
type SettlementAnswer = ReturnType<MarketEngine['settlementStatus']>;
type BillAnswer = ActionAnswer & { result: BillView };

const get = <T>(path: string) => request<T>(`${m.adminUrl}${path}`);
const post = <T>(path: string, json: unknown) => request<T>(`${m.adminUrl}${path}`, { json });

describe('交易明细管理 (transactions.js)', () => {
  it('answers the tab and time range the console sends (epoch ms, "to" one minute past the chosen minute)', async () => {
    const minute = Math.floor(paidAt / 60_000) * 60_000;
    const res = await get<TransactionsAnswer>(
      `/transactions?productType=general&from=${minute}&to=${minute + 60_000}&limit=100&offset=0`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ timing: 'cn', hidden: 0, total: 1, offset: 0 });
    expect(res.body.items[0]).toMatchObject({
      rowId: orderId,
      orderId,
      productType: 'general',
      transactionType: 'NEW',
      billStatus: 'BILLED',
      unbilledReason: null,
      billId: '202601',
      billingPeriod: '202601',
      repaymentStatus: 'NOT_APPLICABLE',
      supervisionStatus: 'NA',
      paymentInstrument: 'CASH',
    });
    for (const key of [
      'amount',
      'platformFee',
      'settlementAmount',
      'effectiveAt',
      'visibleAt',
      'transactionAt',
    ])
      expect(res.body.items[0], key).toHaveProperty(key);
    expect(
      (await get<TransactionsAnswer>(`/transactions?productType=general&from=${minute + 60_000}`)).body.total,
    ).toBe(0);
    expect(
      (await get<TransactionsAnswer>('/transactions?productType=joint-operations&limit=100')).body.items,
    ).toEqual([]);
  });

  it('reads every filter of the search form, and all=true for rows not visible yet', async () => {
    const q = `orderId=${orderId}&billingPeriod=202601&customer=${m.engine.getOrder(orderId).buyerId}&billStatus=BILLED&repaymentStatus=NOT_APPLICABLE&supervisionStatus=NA&all=true`;
    const res = await get<TransactionsAnswer>(`/transactions?productType=general&${q}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((r) => r.orderId)).toEqual([orderId]);
    const bad = await get<ErrorBody>('/transactions?billingPeriod=2026-01');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('billingPeriod');
  });

  it('the credit page lists unpaid credit rows with the same route (repaymentStatus=UNPAID, all=true)', async () => {
    const res = await get<TransactionsAnswer>('/transactions?repaymentStatus=UNPAID&all=true&limit=10000');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });
});

describe('账单管理 (bills.js)', () => {
  it('lists bills without lines, with the status label, totals and the actions allowed', async () => {
    const res = await get<Page<BillSummary>>('/bills?productType=general&limit=1000');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    const bill = res.body.items[0] as BillSummary;
    expect(bill).toMatchObject({
      billId: '202601',
      period: '2026-01',
      productType: 'general',
      status: 'PENDING_COUNTERSIGN',
      statusLabel: '待会签',
      lineCount: 1,
      platformFeePercent: 5,
      generatedAt: Date.parse('2026-02-07T00:00:00+08:00'),
    });
    expect(bill.lines).toBeUndefined();
    expect(bill.allowedActions).toEqual(['advance']);
    const amount = m.engine.getOrder(orderId).lines[0]?.currencyAfterDiscount as string;
    expect(bill.transactionTotal).toBe(amount);
    // 5 % fee in whole cents; to settle = amount − fee (§6.1).
    const fee = Math.round(Number(amount) * 5) / 100;
    expect(Number(bill.platformFeeTotal)).toBe(fee);
    expect(Number(bill.settlementTotal)).toBe((Math.round(Number(amount) * 100) - fee * 100) / 100);
    expect(
      (await get<Page<BillSummary>>('/bills?productType=general&status=PAID&limit=1000')).body.items,
    ).toEqual([]);
  });

  it('gives one bill with its lines and timeline, and the settlement facts of the page', async () => {
    const bill = (await get<BillView>('/bills/202601?productType=general')).body;
    expect(bill.lines.map((l) => l.orderId)).toEqual([orderId]);
    expect(bill.lines[0]).toMatchObject({
      transactionType: 'NEW',
      carriedOver: false,
      paymentInstrument: 'CASH',
    });
    expect(bill.timeline).toEqual([
      expect.objectContaining({ from: null, to: 'PENDING_COUNTERSIGN', action: 'generate', actor: 'system' }),
    ]);
    const settlement = (await get<SettlementAnswer>('/settlement')).body;
    expect(settlement).toMatchObject({ lastBilledPeriod: '202601' });
    expect(settlement.nextBillRunAt).toBe(Date.parse('2026-03-07T00:00:00+08:00'));
    expect(settlement.options).toMatchObject({ billDay: 7, platformFeePercent: 5 });
  });

  it('moves a bill with the actions the buttons post; a refused one names what is allowed', async () => {
    const refused = await post<ErrorBody>('/actions/confirm-bill', {
      billId: '202601',
      productType: 'general',
    });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain('advance');
    const moved = await post<BillAnswer>('/actions/advance-bill', {
      billId: '202601',
      productType: 'general',
      note: 'countersign started',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.result).toMatchObject({ status: 'COUNTERSIGNING', statusLabel: '会签中' });
    expect(moved.body.result.allowedActions.sort()).toEqual(['advance', 'reject']);
    expect(moved.body.result.timeline.at(-1)).toMatchObject({
      actor: 'operator',
      note: 'countersign started',
    });
  });
});

describe('信控设置 and 业绩汇总 (credit.js, performance.js)', () => {
  it('lists every product with its switches', async () => {
    const res = await get<Page<CreditSettings>>('/credit-settings?limit=10000');
    expect(res.status).toBe(200);
    const crm = res.body.items.find((s) => s.productCode === 'crm');
    expect(crm).toEqual({
      productCode: 'crm',
      productType: 'general',
      creditCoupon: false,
      creditLimit: false,
      creditLimitWhitelist: [],
      updatedAt: null,
    });
  });

  it('lists the performance sheets as a Partner Center view, with their lines', async () => {
    const res = await get<Page<PerformanceSummary>>('/performance?limit=1000');
    expect(res.status).toBe(200);
    const jan = res.body.items.find((s) => s.sheetId === 'PS202601');
    expect(jan).toMatchObject({
      period: '202601',
      status: 'DRAFT',
      statusLabel: '初稿',
      view: 'PARTNER_CENTER',
    });
    const sheet = (await get<PerformanceSheet>('/performance/PS202601')).body;
    expect(sheet.lines.map((l) => l.orderId)).toEqual([orderId]);
  });
});

describe('导出 and 导出记录 (export-history.js)', () => {
  it('takes the body the export buttons post, lists the record, and serves the file once done', async () => {
    const created = await post<ExportRecord>('/exports', {
      kind: 'bill',
      format: 'xlsx',
      lang: 'zh',
      filters: { billId: '202601', productType: 'general' },
      tz: 480,
    });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ kind: 'bill', state: 'GENERATING', stateLabel: '生成中' });
    const details = await post<ExportRecord>('/exports', {
      kind: 'bill-details',
      format: 'csv',
      lang: 'en',
      filters: { billId: '202601', productType: 'general' },
      tz: 480,
    });
    expect(details.status).toBe(202);
    const transactions = await post<ExportRecord>('/exports', {
      kind: 'transactions',
      format: 'xlsx',
      lang: 'zh',
      filters: { productType: 'general', billStatus: 'BILLED' },
      tz: 480,
    });
    expect(transactions.status).toBe(202);
    await m.http.exports.idle();

    const history = await get<Page<ExportRecord>>('/exports?limit=200');
    expect(history.status).toBe(200);
    expect(history.body.items.map((r) => r.id)).toEqual([
      transactions.body.id,
      details.body.id,
      created.body.id,
    ]);
    const bill = history.body.items[2] as ExportRecord;
    expect(bill).toMatchObject({ state: 'DONE', stateLabel: '已完成', rows: 1, reason: null });
    expect(bill.fileName).toMatch(/\.xlsx$/);
    const file = await fetch(`${m.adminUrl}/exports/${bill.id}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('spreadsheetml');
    // The CSV of the bill details: one line, its order.
    const csv = await (await fetch(`${m.adminUrl}/exports/${details.body.id}/file`)).text();
    expect(csv).toContain(orderId);
  });

  it('refuses a bill that does not exist when the export is created (the button shows the error)', async () => {
    const res = await post('/exports', {
      kind: 'bill-details',
      filters: { billId: '209912', productType: 'general' },
    });
    expect(res.status).toBe(404);
  });
});
