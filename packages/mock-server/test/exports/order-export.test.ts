/**
 * The order list export through the admin API, its files opened as a seller would open them: the workbook with
 * exceljs (sheet name, header labels in Chinese and English, typed cells and their number formats, business
 * times), the CSV with an RFC 4180 reader written from the RFC (BOM, quoting of a name with a comma and a
 * quote, formula defusing), filters applied, and the download's headers (seller-console.md §1 [P] columns).
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockMarketplace, type MockMarketplace } from '../../src/index';
import type { ExportRecord } from '../../src/http/admin/exports/export-records';
import { request } from '../http/helpers';
import { startConsoleSeller, type ConsoleSeller } from '../console/fixtures/seller';
import { parseCsv } from './csv-parse';

const KEY = 'order-export-key-0001';
/** 2025-03-10 10:00:00 in UTC+8. */
const START = Date.parse('2025-03-10T02:00:00Z');
const HOUR = 3_600_000;

let seller: ConsoleSeller;
let m: MockMarketplace;
let report: string;
let pending: string;

beforeAll(async () => {
  seller = await startConsoleSeller(KEY);
  m = await createMockMarketplace({
    sellerUrl: seller.url,
    accessKey: KEY,
    startAt: START,
    engine: { seed: 7 },
  });
  const alice = m.createBuyer({ customerName: 'alice', customerRealName: '陈爱丽, "Ali"' }).customerId;
  const mallory = m.createBuyer({ customerName: '=1+2', customerRealName: 'Mallory' }).customerId;
  report = m.purchase({ productCode: 'report', autoPay: true, buyerId: alice }).orderId;
  await m.flush();
  await m.advance(HOUR);
  pending = m.purchase({ productCode: 'report', buyerId: mallory }).orderId;
});
afterAll(async () => {
  await m?.close();
  await seller?.close();
});

/** Creates an export, waits until it leaves GENERATING, returns its record and file. */
async function exportFile(body: Record<string, unknown>) {
  const created = await request<ExportRecord>(`${m.adminUrl}/exports`, { json: body });
  expect(created.status).toBe(202);
  expect(created.body.state).toBe('GENERATING');
  expect(created.headers.get('location')).toBe(`/__admin/exports/${created.body.id}`);
  await m.http.exports.idle();
  const record = (await request<ExportRecord>(`${m.adminUrl}/exports/${created.body.id}`)).body;
  const res = await fetch(`${m.adminUrl}/exports/${created.body.id}/file`);
  return { record, res, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function openWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** The values of a row of the sheet, columns 1..n. */
const rowValues = (sheet: ExcelJS.Worksheet, n: number): unknown[] =>
  (sheet.getRow(n).values as unknown[]).slice(1);

describe('order list export as xlsx', () => {
  it('has the console labels in Chinese by default, one typed row per order, newest first', async () => {
    const { record, res, bytes } = await exportFile({ kind: 'orders' });
    expect(record).toMatchObject({
      state: 'DONE',
      stateLabel: '已完成',
      format: 'xlsx',
      lang: 'zh',
      rows: 2,
    });
    expect(record.size).toBe(bytes.length);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const sheet = (await openWorkbook(bytes)).getWorksheet('订单列表');
    expect(sheet).toBeDefined();
    const s = sheet as ExcelJS.Worksheet;
    expect(rowValues(s, 1)).toEqual([
      '订单号',
      '订单类型',
      '订单状态',
      '商品名称',
      '规格编码',
      '客户名称',
      '用户名',
      '创建时间',
      '支付时间',
      '完成时间',
      '计费模式',
      '订单金额(元)',
      '服务监管状态',
      '关联订单号',
      '取消时间',
      '取消原因',
    ]);
    expect(s.rowCount).toBe(3);
    // Row 2: the pending order (newest), row 3: the completed one.
    expect(s.getCell('A2').value).toBe(pending);
    expect(s.getCell('C2').value).toBe('待支付');
    expect(s.getCell('I2').value).toBeNull();
    expect(s.getCell('A3').value).toBe(report);
    expect(s.getCell('B3').value).toBe('新购');
    expect(s.getCell('C3').value).toBe('已完成');
    expect(s.getCell('D3').value).toBe('Demo Compliance Report, Standard report');
    expect(s.getCell('F3').value).toBe('陈爱丽, "Ali"');
    expect(s.getCell('G3').value).toBe('alice');
    expect(s.getCell('K3').value).toBe('按次');
    // The amount is a number of yuan with two decimals shown; the report costs 500 (demo catalog).
    expect(s.getCell('L3').value).toBe(500);
    expect(s.getCell('L3').numFmt).toBe('#,##0.00');
    // Times are dates reading the business time in UTC+8: created 2025-03-10 10:00:00.
    const created = s.getCell('H3').value as Date;
    expect(created).toBeInstanceOf(Date);
    expect(created.toISOString()).toBe('2025-03-10T10:00:00.000Z');
    expect(s.getCell('H3').numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(s.getCell('M3').value).toBeNull(); // not supervised
    expect(record.fileName).toMatch(new RegExp(`^订单列表-20250310-${record.id}\\.xlsx$`));
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="orders-20250310-${record.id}.xlsx"; ` +
        `filename*=UTF-8''%E8%AE%A2%E5%8D%95%E5%88%97%E8%A1%A8-20250310-${record.id}.xlsx`,
    );
  });

  it('has the English labels with lang en, and applies the filters', async () => {
    const { record, bytes } = await exportFile({
      kind: 'orders',
      lang: 'en',
      filters: { state: 'COMPLETED' },
      tz: 0,
    });
    expect(record).toMatchObject({ stateLabel: 'Completed', rows: 1, filters: { state: 'COMPLETED' } });
    expect(record.timeZoneOffsetMinutes).toBe(0);
    const s = (await openWorkbook(bytes)).getWorksheet('Order list') as ExcelJS.Worksheet;
    expect(rowValues(s, 1).slice(0, 3)).toEqual(['Order No.', 'Order Type', 'Order Status']);
    expect(rowValues(s, 1)[11]).toBe('Amount (CNY)');
    expect(rowValues(s, 2).slice(0, 3)).toEqual([report, 'New purchase', 'Completed']);
    expect(s.getCell('K2').value).toBe('One-time');
    // tz 0: the same instant reads 02:00 UTC.
    expect((s.getCell('H2').value as Date).toISOString()).toBe('2025-03-10T02:00:00.000Z');
    expect(s.rowCount).toBe(2);
  });
});

describe('order list export as CSV', () => {
  it('is UTF-8 with a BOM, RFC 4180 quoted, formulas defused, amounts with two decimals', async () => {
    const { record, res, bytes } = await exportFile({ kind: 'orders', format: 'csv' });
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(record.fileName).toBe(`订单列表-20250310-${record.id}.csv`);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.toString('utf8').slice(1));
    expect(rows).toHaveLength(3);
    expect(rows[0]?.slice(0, 3)).toEqual(['订单号', '订单类型', '订单状态']);
    const [, newest, oldest] = rows as [string[], string[], string[]];
    expect(newest[0]).toBe(pending);
    expect(newest[6]).toBe("'=1+2"); // a spreadsheet shows it as text
    expect(newest[8]).toBe('');
    expect(oldest[5]).toBe('陈爱丽, "Ali"');
    expect(oldest[7]).toBe('2025-03-10 10:00:00');
    expect(oldest[11]).toBe('500.00');
  });
});
