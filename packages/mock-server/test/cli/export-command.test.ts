/**
 * `koogallery-mock export` against a running mock (createMockMarketplace on 127.0.0.1, admin token on): the file
 * is created, waited for, downloaded and saved under its own name (or at --out), opened here with exceljs / an
 * RFC 4180 reader; a failed export and one still generating after --wait exit 1 with the reason; bad arguments
 * and the mock's 400 exit 2 naming the field; `export history` lists the records. The token is never printed.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { createMockMarketplace, type MockMarketplace } from '../../src/index';
import { parseCsv } from '../exports/csv-parse';

const TOKEN = 'export-cli-admin-token-01';
const START = Date.parse('2025-03-10T02:00:00Z');

let m: MockMarketplace;
let slow: MockMarketplace;
let failing: MockMarketplace;
let dir: string;

beforeAll(async () => {
  const market = (exports: { delayMs?: number; maxRows?: number }) =>
    createMockMarketplace({ startAt: START, adminToken: TOKEN, exports });
  [m, slow, failing] = await Promise.all([market({}), market({ delayMs: 600_000 }), market({ maxRows: 0 })]);
  for (const x of [m, slow, failing]) x.purchase({ productCode: 'report' });
  dir = mkdtempSync(join(tmpdir(), 'kgk-export-'));
});
afterAll(async () => {
  await Promise.all([m?.close(), slow?.close(), failing?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[], target: MockMarketplace = m) {
  let out = '';
  let err = '';
  const code = await runCli(['export', ...args, '--url', target.url], {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    env: { KOOGALLERY_MOCK_ADMIN_TOKEN: TOKEN },
    cwd: dir,
    pollMs: 10,
  } as Parameters<typeof runCli>[1]);
  expect(out + err).not.toContain(TOKEN);
  return { code, out, err };
}

describe('koogallery-mock export', () => {
  it('saves the xlsx under its own name in the working directory', async () => {
    const { code, out, err } = await run(['orders']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/^export E000001 \(orders, xlsx, zh\): 1 rows, [\d.]+ kB\nsaved /);
    const name = '订单列表-20250310-E000001.xlsx';
    expect(readdirSync(dir)).toContain(name);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(dir, name));
    const sheet = workbook.getWorksheet('订单列表') as ExcelJS.Worksheet;
    expect(sheet.getCell('A1').value).toBe('订单号');
    expect(sheet.getCell('A2').value).toBe(m.orders()[0]?.orderId);
  });

  it('saves a CSV in English with filters at --out', async () => {
    const { code, out } = await run([
      'orders',
      '--format',
      'csv',
      '--lang',
      'en',
      '--filter',
      'state=PENDING_PAYMENT',
      '--filter',
      'product=report',
      '--out',
      'pending.csv',
    ]);
    expect(code).toBe(0);
    expect(out).toContain(`saved ${join(dir, 'pending.csv')}`);
    const rows = parseCsv(readFileSync(join(dir, 'pending.csv'), 'utf8').replace(/^\uFEFF/, ''));
    expect(rows[0]?.slice(0, 3)).toEqual(['Order No.', 'Order Type', 'Order Status']);
    expect(rows[1]?.slice(1, 3)).toEqual(['New purchase', 'Pending payment']);
    expect(rows).toHaveLength(2);
  });

  it('exits 1 with the reason when the export fails, or is still generating after --wait', async () => {
    const failed = await run(['orders'], failing);
    expect(failed.code).toBe(1);
    expect(failed.err).toBe(
      'koogallery-mock export: E000001 failed: 1 rows are more than the 0 one export may hold; narrow the filters and export again.\n',
    );
    const waiting = await run(['orders', '--wait', '0'], slow);
    expect(waiting.code).toBe(1);
    expect(waiting.err).toMatch(
      /E000001 is still generating after 0 ms; download it later with GET http:\/\/127\.0\.0\.1:\d+\/__admin\/exports\/E000001\/file/,
    );
  });

  it('exits 2 on bad arguments and on the mock refusing a filter, naming it', async () => {
    const kind = await run(['invoices']);
    expect(kind.code).toBe(2);
    expect(kind.err).toMatch(
      /--kind must be one of orders, transactions, bill, bill-details, got "invoices"/,
    );
    const filter = await run(['orders', '--filter', 'state']);
    expect(filter.code).toBe(2);
    expect(filter.err).toMatch(/--filter takes NAME=VALUE/);
    const refused = await run(['orders', '--filter', 'colour=red', '--filter', 'state=DONE']);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(
      /answered INVALID_ARGUMENT: .*\n {2}- filters\.colour: unknown filter.*\n {2}- filters\.state: must be one of/,
    );
    const unreachable = await runCli(['export', 'orders', '--url', 'http://127.0.0.1:9'], {
      stdout: () => undefined,
      stderr: () => undefined,
    });
    expect(unreachable).toBe(2);
  });

  it('lists the export history', async () => {
    const { code, out } = await run(['history']);
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^E000002 {2}orders {6}csv {2}en {2}DONE {7}2025-03-10 10:00:00 UTC\+08:00 {2}orders-20250310-E000002\.csv {2}\[state=PENDING_PAYMENT product=report\] {2}1 rows, \d+ B$/,
    );
    expect(lines[1]).toMatch(
      /^E000001 {2}orders {6}xlsx zh {2}DONE .* 订单列表-20250310-E000001\.xlsx {2}1 rows/,
    );
  });
});
