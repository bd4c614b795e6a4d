/**
 * The business-flow pages in a real browser (headless Chromium, playwright-core) against a mock delivering to a
 * real seller: a supervised order bought on the buyer-actions page, its requirement submitted by the buyer, then
 * on Delivery management › Service supervision the seller confirms it and confirms completion with a file
 * uploaded through the file input; the document downloads byte for byte; the buyer rejects, the seller confirms
 * again, the buyer accepts; auto-renewal is switched on; a purchase over the limit shows the refusal.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockMarketplace, type MockMarketplace } from '../../src/index';
import { launchBrowser, runBrowserSuite, type TestBrowser } from './fixtures/browser';
import { startConsoleSeller, type ConsoleSeller } from './fixtures/seller';

const KEY = 'console-flows-key-0001';
const START = Date.parse('2025-03-10T02:00:00Z');

describe.skipIf(!runBrowserSuite)('business-flow pages in Chromium', () => {
  let seller: ConsoleSeller;
  let market: MockMarketplace;
  let browser: TestBrowser;
  let page: Page;
  let base: string;
  const dir = mkdtempSync(join(tmpdir(), 'kgk-console-flows-'));

  beforeAll(async () => {
    seller = await startConsoleSeller(KEY);
    market = await createMockMarketplace({
      sellerUrl: seller.url,
      accessKey: KEY,
      startAt: START,
      engine: { seed: 5 },
    });
    base = `${market.url}/console/`;
    browser = await launchBrowser();
    page = await browser.open(`${base}#/actions`);
  }, 40_000);

  afterAll(async () => {
    await browser?.close();
    await market?.close();
    await seller?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Plays one buyer supervision step on the buyer-actions page. */
  const buyerStep = async (orderId: string, action: string, text = '') => {
    await page.goto(`${base}#/actions`);
    await page.locator('#buyer-supervision-step').waitFor();
    await page.selectOption('#buyer-supervision-step', `${orderId}|${action}`);
    await page.fill('#buyer-supervision-text', text);
    await page.locator('#buyer-supervision button[type=submit]').click();
    await page.locator('.result h2', { hasText: 'Service supervision' }).waitFor();
  };

  it('plays a supervised order with a real file upload and download, and shows the purchase limit', async () => {
    await page.selectOption('#buy-product', 'consulting');
    await page.locator('#purchase-form button[type=submit]').click();
    await page.locator('.result .result-summary [data-state="PROCESSING"]').waitFor();
    const order = market.engine.listOrders({ productCode: 'consulting' })[0]!;
    expect(market.engine.getSupervision(order.orderId).data.node).toBe('REQ_PENDING');

    await buyerStep(order.orderId, 'submit-requirement', 'Train 5 administrators');
    await page.goto(`${base}#/supervision?order=${order.orderId}`);
    await page.getByRole('button', { name: /Confirm requirement/ }).click();
    await page.locator('#confirm-completion').waitFor();

    const file = join(dir, 'acceptance.pdf');
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4 acceptance\n'), Buffer.from([0, 255, 1, 254, 2])]);
    writeFileSync(file, bytes);
    await page.fill('#completion-description', 'Administrators trained');
    await page.setInputFiles('#completion-files', file);
    await page.locator('#confirm-completion button[type=submit]').click();
    await page.locator(`tr[data-order="${order.orderId}"][data-node="USER_ACCEPTANCE"]`).waitFor();
    const stored = market.engine.getSupervision(order.orderId).data.documents;
    expect(stored.map((d) => [d.name, d.contentType, d.size])).toEqual([
      ['acceptance.pdf', 'application/pdf', bytes.length],
    ]);

    const download = page.waitForEvent('download');
    await page.locator('button.download').first().click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe('acceptance.pdf');
    expect(readFileSync(await saved.path()).equals(bytes)).toBe(true);
    await browser.screenshot(page, 'supervision');

    await buyerStep(order.orderId, 'reject-delivery', 'one administrator missing');
    expect(market.engine.getSupervision(order.orderId).data).toMatchObject({
      node: 'DELIVERING',
      rejections: 1,
    });
    await page.goto(`${base}#/supervision?order=${order.orderId}`);
    await page.fill('#completion-description', 'All administrators trained');
    await page.locator('#confirm-completion button[type=submit]').click();
    await page.locator(`tr[data-order="${order.orderId}"][data-node="USER_ACCEPTANCE"]`).waitFor();
    await buyerStep(order.orderId, 'accept-delivery');
    expect(market.engine.getSupervision(order.orderId).data.node).toBe('COMPLETED');

    // Auto-renewal of the consulting instance, from the buyer-actions page.
    await page.goto(`${base}#/actions`);
    await page.fill('#auto-renew-days', '3');
    await page.locator('#auto-renew button[type=submit]').click();
    await page.locator('.result h2', { hasText: 'Auto-renewal' }).waitFor();
    expect(market.engine.listAutoRenewals()[0]!.data).toMatchObject({ enabled: true, deductionDays: 3 });

    // The timeline shows the supervision steps of the order and the instance's next auto-renewal charge.
    const ref = market.engine.getOrder(order.orderId).instanceRefs[0]!;
    await page.goto(`${base}#/timeline?order=${order.orderId}`);
    await page.locator('tr[data-flow="supervision"]', { hasText: 'accept delivery' }).waitFor();
    // every step, plus the scheduled completion of the order 3 h after the acceptance
    expect(await page.locator('tr[data-flow="supervision"]').count()).toBe(
      market.engine.getSupervision(order.orderId).data.steps.length + 1,
    );
    await page.locator('tr.scheduled[data-flow="supervision"]', { hasText: 'order completes' }).waitFor();
    await page.goto(`${base}#/timeline?instance=${ref}`);
    await page.locator('tr[data-flow="autoRenewal"]', { hasText: 'next auto-renewal charge' }).waitFor();
    await browser.screenshot(page, 'timeline-flows');

    // The order list shows the supervision status and the kit activity of each order (§1, §9).
    await page.goto(`${base}#/orders`);
    await page.locator('tr', { hasText: order.orderId }).locator('td', { hasText: 'COMPLETED' }).waitFor();
    await page
      .locator('tr', { hasText: order.orderId })
      .locator('td.kit', { hasText: 'not opened · 0/0 active (—)' })
      .waitFor();

    // consulting is limited to one purchase per buyer (seller-console §4).
    await page.goto(`${base}#/actions`);
    await page.selectOption('#buy-product', 'consulting');
    await page.locator('#purchase-form button[type=submit]').click();
    await page.locator('#notice-alert', { hasText: 'PURCHASE_LIMIT_REACHED' }).waitFor();
    expect(browser.pageErrors).toEqual([]);
  }, 60_000);
});
