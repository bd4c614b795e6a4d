/**
 * The settlement exports (seller-console.md §5, §6.2) of a month played on the virtual clock against a seller
 * that accepts every call: the bill-details export (详单导出) of January's bill, the bill export, the
 * transaction details filtered to what is not billed yet — each file opened as a seller opens it (exceljs, an
 * RFC 4180 reader) and its cells asserted against amounts worked out by hand from the demo catalogue.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockMarketplace, type MockMarketplace } from '../../src/index';
import type { ExportRecord } from '../../src/http/admin/exports/export-records';
import type { ErrorBody, Page } from '../http/admin-answers';
import { request } from '../http/helpers';
import { startConsoleSeller, type ConsoleSeller } from '../console/fixtures/seller';
import { parseCsv } from './csv-parse';

const KEY = 'settlement-export-key-01';
/** 2026-01-05 10:00 UTC+8. */
const START = Date.parse('2026-01-05T02:00:00Z');
/** 2026-02-07 00:00 UTC+8: the bill run of 202601 (bill day 7, §6.1 / §10 item 2). */
const BILL_DAY = Date.parse('2026-02-06T16:00:00Z');

let seller: ConsoleSeller;
let m: MockMarketplace;
let crm: string;
let report: string;
let renewal: string;

beforeAll(async () => {
  seller = await startConsoleSeller(KEY);
  m = await createMockMarketplace({
    sellerUrl: seller.url,
    accessKey: KEY,
    startAt: START,
    engine: { seed: 11 },
  });
  const buyer = m.createBuyer({ customerName: 'zhang.wei', customerRealName: '张伟' }).customerId;
  // crm Basic, 10 users, one month: 99 × 10 = 990 yuan; the report: 500 yuan once (demo catalogue).
  crm = m.purchase({ productCode: 'crm', autoPay: true, buyerId: buyer }).orderId;
  report = m.purchase({ productCode: 'report', autoPay: true, buyerId: buyer }).orderId;
  await m.flush();
  await m.advanceTo('2026-01-20T02:00:00Z');
  // Renewed on Jan 20, in effect from Feb 5 (the renewed period): billed in 202602, not in January's bill.
  renewal = m.renew(m.order(crm).instanceRefs[0] as string, { autoPay: true }).orderId;
  await m.flush();
  await m.advanceTo(BILL_DAY);
});
afterAll(async () => {
  await m?.close();
  await seller?.close();
});

async function exportFile(body: Record<string, unknown>) {
  const created = await request<ExportRecord>(`${m.adminUrl}/exports`, { json: body });
  expect(created.status, JSON.stringify(created.body)).toBe(202);
  await m.http.exports.idle();
  const record = (await request<ExportRecord>(`${m.adminUrl}/exports/${created.body.id}`)).body;
  expect(record.state, record.reason ?? '').toBe('DONE');
  const res = await fetch(`${m.adminUrl}/exports/${created.body.id}/file`);
  return { record, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function sheetOf(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.worksheets[0] as ExcelJS.Worksheet;
}

/** The sheet as objects keyed by the header row. */
function rowsOf(sheet: ExcelJS.Worksheet): Array<Record<string, unknown>> {
  const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  const out: Array<Record<string, unknown>> = [];
  for (let n = 2; n <= sheet.rowCount; n += 1) {
    const values = (sheet.getRow(n).values as unknown[]).slice(1);
    out.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
  }
  return out;
}

describe('bill-details export (账单详情 > 详单导出)', () => {
  it('holds every line of the bill with the console labels and typed cells', async () => {
    const { record, bytes } = await exportFile({ kind: 'bill-details', filters: { billId: '202601' } });
    expect(record).toMatchObject({ rows: 2, fileName: `账单详情-20260207-${record.id}.xlsx` });
    const sheet = await sheetOf(bytes);
    expect(sheet.name).toBe('账单详情');
    const rows = rowsOf(sheet);
    const byOrder = new Map(rows.map((r) => [r['订单号'], r]));
    expect([...byOrder.keys()].sort()).toEqual([crm, report].sort());
    // 990 yuan, platform fee 5 % = 49.5, to settle 940.5.
    expect(byOrder.get(crm)).toMatchObject({
      账单ID: '202601',
      商品类型: '通用商品',
      交易类型: '新购',
      订单类型: '新购',
      计费模式: '包周期',
      客户账号: 'zhang.wei',
      '交易金额(元)': 990,
      '平台服务费(元)': 49.5,
      '应结算金额(元)': 940.5,
      支付方式: '现金',
      往期结转: '否',
    });
    expect(byOrder.get(report)).toMatchObject({
      计费模式: '按次',
      '交易金额(元)': 500,
      '应结算金额(元)': 475,
    });
    // Paid on Jan 5 10:00 business time: the date reads the UTC+8 wall clock.
    expect((byOrder.get(crm)?.['交易时间'] as Date).toISOString()).toBe('2026-01-05T10:00:00.000Z');
    const amountColumn = (sheet.getRow(1).values as unknown[]).indexOf('交易金额(元)');
    expect(sheet.getRow(2).getCell(amountColumn).numFmt).toBe('#,##0.00');
  });

  it('is refused for a bill that does not exist (404) or without billId (400), and nothing is created', async () => {
    const before = (await request<Page<ExportRecord>>(`${m.adminUrl}/exports`)).body.total;
    const missing = await request<ErrorBody>(`${m.adminUrl}/exports`, {
      json: { kind: 'bill-details', filters: { billId: '202512' } },
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const none = await request<ErrorBody>(`${m.adminUrl}/exports`, { json: { kind: 'bill-details' } });
    expect(none.status).toBe(400);
    expect(none.body.error.issues?.map((i) => i.path)).toEqual(['/filters/billId']);
    expect((await request<Page<ExportRecord>>(`${m.adminUrl}/exports`)).body.total).toBe(before);
  });
});

describe('bill export (账单管理 > 导出)', () => {
  it('has one row per bill with its status and totals, in English with lang en', async () => {
    const { bytes } = await exportFile({ kind: 'bill', lang: 'en' });
    const [bill, ...others] = rowsOf(await sheetOf(bytes));
    expect(others).toEqual([]);
    expect(bill).toMatchObject({
      'Bill ID': '202601',
      'Product Type': 'General product',
      'Billing Period': '2026-01',
      'Bill Status': 'Pending approval',
      Lines: 2,
      'Transaction Amount (CNY)': 1490,
      'Platform Fee Rate (%)': 5,
      'Platform Fee (CNY)': 74.5,
      'Amount to Settle (CNY)': 1415.5,
    });
    expect((bill?.['Generated'] as Date).toISOString()).toBe('2026-02-07T00:00:00.000Z');
  });
});

describe('transaction-detail export (交易明细管理 > 导出)', () => {
  it('as CSV, filtered to the rows not billed yet: the renewal waiting for its period', async () => {
    const { bytes } = await exportFile({
      kind: 'transactions',
      format: 'csv',
      filters: { billStatus: 'UNBILLED' },
    });
    const [header, ...rows] = parseCsv(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    expect(rows).toHaveLength(1);
    const row = Object.fromEntries((header as string[]).map((h, i) => [h, rows[0]?.[i]]));
    expect(row).toMatchObject({
      订单号: renewal,
      交易类型: '续费',
      '交易金额(元)': '990.00',
      出账状态: '未出账',
      未出账原因: '未到出账日',
      账期: '202602',
      账单ID: '',
      客户还款状态: '不涉及',
      服务监管状态: '不涉及',
      生效时间: '2026-02-05 10:00:00',
    });
  });
});
