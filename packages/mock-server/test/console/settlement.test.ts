/**
 * The settlement pages in a real browser (headless Chromium, playwright-core) against a mock delivering to a real
 * seller: a month played on the virtual clock so that a bill exists; one bill from 结算管理 › 账单管理, through its
 * details (lines with 交易金额 and 应结算金额, the timeline), to the export (导出): the record in 导出记录 goes
 * from 生成中 to 已完成, 下载 saves a real .xlsx, opened here with exceljs. Then the other pages: 交易明细管理 rows
 * with their bill flag and 查看账单, the operators' actions on the bill's timeline, 信控设置 and the buyer's
 * repayment, the Partner Center's 业绩汇总; every control labelled.
 */
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../src/engine/model/demo-catalog';
import { createMockMarketplace, type MockMarketplace } from '../../src/index';
import { expectText, launchBrowser, runBrowserSuite, type TestBrowser } from './fixtures/browser';
import { startConsoleSeller, type ConsoleSeller } from './fixtures/seller';

const KEY = 'console-settlement-key-0001';
/** 2026-01-10 10:00 Beijing time: bills of 2026 need no confirmation (seller-console §6.3) and start at 待会签. */
const START = Date.parse('2026-01-10T10:00:00+08:00');
/** The bill day of January's bill: the 7th of the next month, 00:00 Beijing time (§6.1, §10.2). */
const BILL_DAY = Date.parse('2026-02-07T00:00:00+08:00');
/** The demo catalog with `report` a joint-operations product: credit payment applies to it (§8). */
const CATALOG = {
  products: DEMO_CATALOG.products.map((p) =>
    p.code === 'report' ? { ...p, productType: 'joint-operations' as const } : p,
  ),
};

describe.skipIf(!runBrowserSuite)('settlement pages in Chromium', () => {
  let seller: ConsoleSeller;
  let market: MockMarketplace;
  let browser: TestBrowser;
  let page: Page;
  let base: string;
  let orderId: string;

  beforeAll(async () => {
    seller = await startConsoleSeller(KEY);
    market = await createMockMarketplace({
      sellerUrl: seller.url,
      accessKey: KEY,
      startAt: START,
      engine: { seed: 11, catalog: CATALOG },
      // Each file takes at least 1 s of wall-clock time: 导出记录 shows 生成中 first and must refresh by itself.
      exports: { delayMs: 1000 },
    });
    base = `${market.url}/console/`;
    browser = await launchBrowser();
    // The month: one paid purchase on 2026-01-10, then the clock to the morning after the bill day.
    orderId = market.purchase({ productCode: 'crm', autoPay: true }).orderId;
    await market.flush();
    await market.advance(BILL_DAY + 9 * 3_600_000 - market.engine.now());
    page = await browser.open(`${base}#/bills`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await market?.close();
    await seller?.close();
  });

  it('one bill from the list, through its details, to the export download', async () => {
    const amount = Number(market.engine.getOrder(orderId).lines[0]?.currencyAfterDiscount);
    expect(amount).toBeGreaterThan(0);
    // 5 % platform fee (the default), in cents: 应结算金额 = 交易金额 − fee.
    const settle = (Math.round(amount * 100) - Math.round(amount * 5)) / 100;

    const row = page.locator('tr[data-bill="202601"]');
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('PENDING_COUNTERSIGN');
    await expectText(row.locator('td.status'), '待会签');
    await expectText(row, `${amount} CNY`);

    await row.getByRole('button', { name: '详情 of bill 202601' }).click();
    const detail = page.locator('#bill-detail');
    await detail.waitFor();
    const line = detail.locator(`tr[data-order="${orderId}"]`);
    await expectText(line, '新购');
    expect(await line.locator('td.amount').allInnerTexts()).toEqual([
      `${amount} CNY`,
      `${(Math.round(amount * 5) / 100).toString()} CNY`,
      `${settle} CNY`,
    ]);
    await detail.locator('tr[data-action="generate"][data-actor="system"]').waitFor();
    // 2026 bills cannot be confirmed by the seller (§6.3): no 确认账单.
    expect(await detail.getByRole('button', { name: /确认账单/ }).count()).toBe(0);
    await browser.screenshot(page, 'bill-detail');

    await page.locator('#bill-export-button').click();
    await page.locator('.page[data-page="exports"]').waitFor();
    const record = page.locator('tr[data-export][data-kind="bill"]').first();
    await record.waitFor();
    // 下载 only once the file is done; the page refreshes itself while the record is 生成中.
    await page.locator('tr[data-export][data-kind="bill"][data-state="DONE"]').waitFor();
    await expectText(record.locator('td.status'), '已完成');
    const download = page.waitForEvent('download');
    await record.getByRole('button', { name: /^下载 / }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await file.path());
    // One sheet; row 1 the console's Chinese column names, row 2 the bill (docs/exports.md).
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    const header = (sheet.getRow(1).values as unknown[]).map((v) => (typeof v === 'string' ? v : ''));
    const column = (name: string): number => {
      const at = header.indexOf(name);
      expect(at, `column ${name} in ${header.join(' | ')}`).toBeGreaterThan(0);
      return at;
    };
    expect(sheet.getRow(2).getCell(column('账单ID')).value).toBe('202601');
    expect(sheet.getRow(2).getCell(column('交易金额(元)')).value).toBe(amount);
    expect(sheet.getRow(2).getCell(column('应结算金额(元)')).value).toBe(settle);
    expect(sheet.getRow(2).getCell(column('账单状态')).value).toBe('待会签');
    expect(sheet.rowCount).toBe(2);
    await browser.screenshot(page, 'exports');
  });

  it('transaction details: the billed row links to its bill; the operators move the bill on its timeline', async () => {
    await page.goto(`${base}#/transactions`);
    const row = page.locator(`tr[data-order="${orderId}"][data-bill="BILLED"]`);
    await row.waitFor();
    await expectText(row.locator('td.status'), '已出账');
    await row.getByRole('button', { name: /Show the bill details/ }).click();
    await expectText(page.locator('tr.detail'), 'Effective time');
    await browser.screenshot(page, 'transactions');
    await row.getByRole('link', { name: /查看账单 202601/ }).click();
    const detail = page.locator('#bill-detail[data-bill="202601"]');
    await detail.waitFor();

    await detail.getByRole('button', { name: /^Operator: Advance/ }).click();
    await page.locator('#bill-detail[data-state="COUNTERSIGNING"]').waitFor();
    await page.fill('#bill-operator-note', 'amount disputed');
    await page.getByRole('button', { name: /^Operator: Reject/ }).click();
    await page.locator('#bill-detail[data-state="COUNTERSIGN_REJECTED"]').waitFor();
    await expectText(page.locator('tr[data-action="reject"][data-actor="operator"]'), 'amount disputed');
    await page.getByRole('button', { name: /^Operator: Resolve/ }).click();
    await page.locator('#bill-detail[data-state="PENDING_COUNTERSIGN"]').waitFor();
    expect(market.engine.getBill('202601', 'general').timeline.map((t) => t.to)).toEqual([
      'PENDING_COUNTERSIGN',
      'COUNTERSIGNING',
      'COUNTERSIGN_REJECTED',
      'PENDING_COUNTERSIGN',
    ]);
  });

  it('credit settings: a credit-paid order waits for the buyer to repay; the switches reach the engine', async () => {
    const order = market.purchase({ productCode: 'report' });
    await page.goto(`${base}#/actions`);
    await page.selectOption('#pay-order', order.orderId);
    await page.selectOption('#pay-instrument', 'CREDIT_COUPON');
    await page.locator('#pay-form').getByRole('button', { name: 'Pay', exact: true }).click();
    await page.locator('.result .result-summary').waitFor();
    expect(market.engine.orderPayment(order.orderId)).toMatchObject({
      paymentInstrument: 'CREDIT_COUPON',
      repaymentStatus: 'UNPAID',
    });

    // 交易明细管理, joint-operations tab, rows not visible yet included: unbilled, credit not repaid, no bill.
    await page.goto(`${base}#/transactions?productType=joint-operations&all=true`);
    const row = page.locator(`tr[data-order="${order.orderId}"][data-bill="UNBILLED"]`);
    await row.waitFor();
    await expectText(row.locator('td.status'), '客户未还款');
    await expectText(row, '未还款');
    expect(await row.locator('.link-disabled[aria-disabled="true"]', { hasText: '查看账单' }).count()).toBe(
      1,
    );
    expect(await row.getByRole('link', { name: /查看账单/ }).count()).toBe(0);

    await page.goto(`${base}#/credit`);
    const settings = page.locator('tr[data-product="report"]');
    await settings.waitFor();
    expect(await settings.getByRole('switch', { name: '授信现金券支付: report' }).isChecked()).toBe(true);
    await settings.getByRole('switch', { name: '信用额度支付: report' }).check();
    await expect.poll(() => market.engine.creditSettings('report').creditLimit).toBe(true);
    // General goods: the switches are locked off.
    expect(
      await page
        .locator('tr[data-product="crm"]')
        .getByRole('switch', { name: '信用额度支付: crm' })
        .isDisabled(),
    ).toBe(true);
    await browser.screenshot(page, 'credit');

    await page.getByRole('button', { name: `Repay order ${order.orderId}` }).click();
    await expectText(page.locator('#notice-status'), 'repaid');
    expect(market.engine.orderPayment(order.orderId).repaymentStatus).toBe('REPAID');
    await page.goto(`${base}#/transactions?productType=joint-operations&all=true`);
    await expectText(page.locator(`tr[data-order="${order.orderId}"] td.status`), '未到出账日');
  });

  it('Partner Center: an operator reviews the previous month (初稿 → 终稿)', async () => {
    await page.goto(`${base}#/performance`);
    const sheet = page.locator('tr[data-sheet="PS202601"][data-state="DRAFT"]');
    await sheet.waitFor();
    await sheet.getByRole('button', { name: 'Operator: review PS202601' }).click();
    await page.locator('tr[data-sheet="PS202601"][data-state="FINAL"]').waitFor();
    await expectText(page.locator('tr[data-sheet="PS202601"] td.status'), '终稿');
    await page.getByRole('button', { name: '查看业绩明细 PS202601' }).click();
    await page.locator(`#performance-detail tr`, { hasText: orderId }).waitFor();
  });

  it('the order list exports to 导出记录 too, in English when asked', async () => {
    await page.goto(`${base}#/orders`);
    await page.locator('#orders-count').waitFor();
    await page.selectOption('#q-state', 'COMPLETED');
    await page.selectOption('#orders-export-lang', 'en');
    await page.locator('#orders-export-record').click();
    const record = page.locator('tr[data-export][data-kind="orders"][data-state="DONE"]');
    await record.waitFor();
    expect(await record.getAttribute('class')).toBe('selected');
    await expectText(record, 'state=COMPLETED');
    await expectText(record, 'xlsx · en');
  });

  it('labels every control of the settlement pages and shows the Partner Center view as such', async () => {
    for (const name of ['transactions', 'bills', 'exports', 'credit', 'performance']) {
      await page.goto(`${base}#/${name}`);
      await page.locator(`.page[data-page="${name}"] h1`).waitFor();
      await page.waitForLoadState('networkidle');
      const unlabeled = await page.evaluate(() =>
        [...document.querySelectorAll('main input, main select, main textarea, main button')]
          .filter((el) => (el as HTMLElement).offsetParent !== null)
          .filter((el) => {
            const labels = (el as HTMLInputElement).labels;
            const text = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
            return el.tagName === 'BUTTON'
              ? text === ''
              : (labels?.length ?? 0) === 0 && !el.getAttribute('aria-label');
          })
          .map((el) => el.outerHTML.slice(0, 80)),
      );
      expect(unlabeled, `${name}: controls without a label`).toEqual([]);
    }
    await expectText(page.locator('.partner-center'), 'Partner Center view');
    await page.locator('tr[data-sheet="PS202601"]').waitFor();
    await browser.screenshot(page, 'performance');
    expect(browser.pageErrors).toEqual([]);
  });
});
