// The reconciliation example's own test: the mock marketplace plays January 2026 on its virtual clock against the
// example seller (which looks every order up in the mock's order-query Open API and records it in SQLite), one
// order is then recorded at a different amount in the seller's database — the deliberate discrepancy — and, on
// the bill day, the script (run as a process) reports exactly that one difference.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createClient } from '@koogallery-kit/sdk';
import { createMockMarketplace, DEMO_OPEN_API_CREDENTIALS } from '@koogallery-kit/mock-server';
import type { MockMarketplace } from '@koogallery-kit/mock-server';
import { createSellerApp } from '@koogallery-kit/example-express-seller';
import type { SellerApp } from '@koogallery-kit/example-express-seller';
import { downloadBillExport } from '../src';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const KEY = 'reconciliation-example-key-01';
/** 2026-02-07 00:00 UTC+8: the bill run of January (bill day 7). */
const BILL_DAY = '2026-02-06T16:00:00Z';

let dir: string;
let dbPath: string;
let seller: SellerApp;
let market: MockMarketplace;
const orders = { crmAlice: '', crmBob: '', report: '', trial: '', renewal: '' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kgk-reconciliation-'));
  dbPath = join(dir, 'seller.sqlite');
  // The seller looks orders up in the mock's Open API; the mock's URL is known once it listens.
  let openApiUrl = '';
  const client = () =>
    createClient({
      accessKey: DEMO_OPEN_API_CREDENTIALS.ak,
      secretKey: DEMO_OPEN_API_CREDENTIALS.sk,
      baseURL: openApiUrl,
    });
  seller = createSellerApp({
    accessKey: KEY,
    dbPath,
    provisioningPollMs: 0,
    logger: {},
    orderLookup: (query) => client().orders.query(query),
  });
  const { productionUrl } = await seller.listen(0);
  market = await createMockMarketplace({
    sellerUrl: productionUrl,
    accessKey: KEY,
    startAt: '2026-01-05T02:00:00Z',
  });
  openApiUrl = market.url;

  const alice = market.createBuyer({ customerName: 'alice' }).customerId;
  const bob = market.createBuyer({ customerName: 'bob' }).customerId;
  // January: two crm subscriptions (990 yuan each), a report (500 yuan), a trial (never billed).
  orders.crmAlice = market.purchase({ productCode: 'crm', autoPay: true, buyerId: alice }).orderId;
  orders.report = market.purchase({ productCode: 'report', autoPay: true, buyerId: alice }).orderId;
  await market.flush();
  await market.advanceTo('2026-01-12T02:00:00Z');
  orders.crmBob = market.purchase({ productCode: 'crm', autoPay: true, buyerId: bob }).orderId;
  orders.trial = market.purchase({ productCode: 'crm', trial: true, autoPay: true, buyerId: bob }).orderId;
  await market.flush();
  await market.advanceTo('2026-01-20T02:00:00Z');
  // Alice renews on Jan 20: in effect from Feb 5, so on February's bill.
  orders.renewal = market.renew(market.order(orders.crmAlice).instanceRefs[0] as string, {
    autoPay: true,
  }).orderId;
  await market.flush();
  await market.advanceTo(BILL_DAY);
}, 60_000);

afterAll(async () => {
  await market?.close();
  await seller?.close();
  rmSync(dir, { recursive: true, force: true });
});

function runScript(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts', ...args],
      {
        cwd: PACKAGE_DIR,
        env: { PATH: process.env['PATH'] ?? '', KOOGALLERY_MOCK_URL: market.url },
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error.code as number | undefined) ?? null) : 0, stdout, stderr }),
    );
  });
}

it('the seller recorded every order of the month from the order query', () => {
  const recorded = seller.orderRecords().map((o) => [o.orderId, o.orderType, o.amountCents]);
  expect(recorded).toEqual([
    [orders.crmAlice, 'NEW', 99_000],
    [orders.report, 'NEW', 50_000],
    [orders.crmBob, 'NEW', 99_000],
    [orders.trial, 'TRIAL', 0],
    [orders.renewal, 'RENEW', 99_000],
  ]);
});

it('with matching records: no differences, exit 0', async () => {
  const { code, stdout, stderr } = await runScript(['--period', '202601', '--seller-db', dbPath]);
  expect(stderr).toBe('');
  expect(stdout).toBe(
    [
      'Reconciliation of bill 202601 (general): 3 order lines on the bill (2480.00 yuan)',
      '  matched: 3 orders, 2480.00 yuan',
      `  not on this bill: ${orders.renewal} (RENEW) — billing period 202602 (BILL_DATE_NOT_REACHED)`,
      'no differences',
      '',
    ].join('\n'),
  );
  expect(code).toBe(0);
}, 60_000);

it('reports exactly the one order the seller recorded at another amount, exit 1', async () => {
  // The deliberate discrepancy: the seller's pricing code recorded the report at 450 yuan.
  const db = new Database(dbPath);
  db.prepare('UPDATE order_records SET amount_cents = 45000 WHERE order_id = ?').run(orders.report);
  db.close();
  // As the README does it: the bill exported as xlsx first, then the script on the file.
  const billFile = join(dir, 'bill-202601.xlsx');
  writeFileSync(billFile, await downloadBillExport({ url: market.url, pollMs: 10 }, '202601', 'general'));
  const { code, stdout, stderr } = await runScript([
    '--period',
    '202601',
    '--seller-db',
    dbPath,
    '--bill-file',
    billFile,
  ]);
  expect(stderr).toBe('');
  const differences = stdout.split('\n').filter((l) => l.includes('DIFFERENCE'));
  expect(differences).toEqual([
    `  DIFFERENCE amount mismatch: ${orders.report} (NEW) bill 500.00, seller 450.00 (bill − seller = 50.00)`,
  ]);
  expect(stdout).toContain('  matched: 2 orders, 1980.00 yuan\n');
  expect(stdout.endsWith('1 difference\n')).toBe(true);
  expect(code).toBe(1);
}, 60_000);

it('exits 2 naming what is wrong when a source cannot be read', async () => {
  const usage = await runScript(['--period', '2026-01', '--seller-db', dbPath]);
  expect(usage.code).toBe(2);
  expect(usage.stderr).toContain('--period must be the bill month YYYYMM');
  const noBill = await runScript(['--period', '202512', '--seller-db', dbPath]);
  expect(noBill.code).toBe(2);
  expect(noBill.stderr).toMatch(/NOT_FOUND/);
}, 60_000);
