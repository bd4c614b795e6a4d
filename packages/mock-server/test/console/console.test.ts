/**
 * The web console in a real browser (headless Chromium driven by playwright-core) against a mock marketplace
 * delivering to a real seller (the SDK's production handler): a purchase made in the console reaches the
 * seller and appears live on the messages page; a failed call shows its reason and Restart succeeds once the
 * seller is fixed; the clock buttons drive an expiry to a freeze; the CSV export downloads exactly the filtered
 * orders; the outbox shows the failed-order counter. A screenshot of every page lands in
 * test-artifacts/console/.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockMarketplace, type MockMarketplace } from '../../src/index';
import { expectText, launchBrowser, runBrowserSuite, type TestBrowser } from './fixtures/browser';
import { startConsoleSeller, type ConsoleSeller } from './fixtures/seller';

const KEY = 'console-test-key-0001';
const START = Date.parse('2025-03-10T02:00:00Z');
const HOUR = 3_600_000;

/** `2025-03-10 10:00:00 UTC+08:00`, as the header shows business time. */
const headerTime = (ms: number): string =>
  `${new Date(ms + 8 * HOUR).toISOString().slice(0, 19).replace('T', ' ')} UTC+08:00`;

describe.skipIf(!runBrowserSuite)('web console in Chromium', () => {
  let seller: ConsoleSeller;
  let market: MockMarketplace;
  let browser: TestBrowser;
  let messages: Page;
  let work: Page;
  let base: string;

  beforeAll(async () => {
    seller = await startConsoleSeller(KEY);
    market = await createMockMarketplace({
      sellerUrl: seller.url,
      accessKey: KEY,
      startAt: START,
      timeoutMs: 3000,
      engine: { seed: 9 },
    });
    base = `${market.url}/console/`;
    browser = await launchBrowser();
    messages = await browser.open(`${base}#/messages`);
    work = await browser.open(`${base}#/actions`);
  }, 40_000);

  afterAll(async () => {
    await browser?.close();
    await market?.close();
    await seller?.close();
  });

  const jobRow = (page: Page, iface: string, state: string) =>
    page.locator(`tr[data-job][data-state="${state}"]`, { has: page.locator('code', { hasText: iface }) });

  it('a purchase made in the console is delivered to the seller and appears live on the messages page', async () => {
    await work.selectOption('#buy-product', 'crm');
    await work.selectOption('#buy-period-type', 'month');
    await work.locator('#purchase-form button[type=submit]').click();
    await work.locator('.result .result-summary [data-state="COMPLETED"]').waitFor();

    // The messages page was opened before the purchase and never reloaded: the row arrives over the event stream.
    const row = jobRow(messages, 'newInstance', 'SUCCEEDED');
    await row.waitFor();
    const newInstance = seller.requests.filter((r) => r.activity === 'newInstance');
    expect(newInstance).toHaveLength(1);
    expect(newInstance[0]?.signatureValid).toBe(true);
    const [instance] = market.instances();
    expect(instance?.state).toBe('active');
    expect(seller.tenants.get(instance?.instanceId ?? '')).toBe('active');

    // Attempt details: the request as sent, signature shortened, no key. (A page in a background tab gets no
    // animation frames, which Playwright's click waits for: bring it to the front first.)
    await messages.bringToFront();
    await row.getByRole('button', { name: /Show attempts/ }).click();
    const attempt = messages.locator('tr.detail article.attempt').first();
    await attempt.waitFor();
    await attempt.locator('summary', { hasText: 'Request: POST' }).click();
    await attempt.locator('summary', { hasText: 'Response: HTTP 200' }).click();
    const shown = await messages.locator('main').innerText();
    const fullSignature = new URL(newInstance[0]?.url ?? '', 'http://x').searchParams.get('signature') ?? '';
    expect(fullSignature.length).toBeGreaterThan(20);
    expect(shown).not.toContain(fullSignature);
    expect(shown).not.toContain(KEY);
    expect(shown).toContain(`"instanceId"`);
  });

  it('a failed call shows its reason, and Restart succeeds after the seller is fixed', async () => {
    const ref = market.instances()[0]?.ref as string;
    seller.broken.add('refreshInstance');
    await work.bringToFront();
    await work.goto(`${base}#/instances`);
    await work
      .locator(`tr[data-ref="${ref}"]`)
      .getByRole('button', { name: `Renew ${ref}` })
      .click();

    const failed = jobRow(messages, 'refreshInstance', 'FAILED');
    await failed.waitFor();
    await expectText(failed.locator('td.reason'), 'BODY_SIGN_MISSING');
    await expectText(messages.locator('#nav-attention'), '1');
    await messages.bringToFront();
    await failed.getByRole('button', { name: /Show attempts/ }).click();
    await messages
      .locator('tr.detail article.attempt .problem-code', { hasText: 'BODY_SIGN_MISSING' })
      .waitFor();
    await browser.screenshot(messages, 'messages-failed');

    // A Restart while the seller is still broken is announced as a failure: the red notice, with the reason.
    await failed.getByRole('button', { name: /^Restart / }).click();
    const alert = messages.locator('#notice-alert .notice-error');
    await expectText(alert, 'attempt #2 failed');
    await expectText(alert, 'BODY_SIGN_MISSING');
    expect(await messages.locator('#notice-status .notice-ok').count()).toBe(0);
    await browser.screenshot(messages, 'messages-restart-failed');

    seller.broken.clear();
    await jobRow(messages, 'refreshInstance', 'FAILED')
      .getByRole('button', { name: /^Restart / })
      .click();
    await jobRow(messages, 'refreshInstance', 'SUCCEEDED').waitFor();
    await expectText(messages.locator('#notice-status'), 'attempt #3 succeeded');
    expect(seller.requests.filter((r) => r.activity === 'refreshInstance')).toHaveLength(3);
    expect(market.jobs({ interface: 'refreshInstance' })[0]?.state).toBe('SUCCEEDED');
    await messages.locator('#nav-attention').waitFor({ state: 'hidden' });
    await browser.screenshot(messages, 'messages');
  });

  it('the clock buttons drive an expiry to a freeze', async () => {
    const instance = market.instances()[0];
    const ref = instance?.ref as string;
    await work.bringToFront();
    await work.goto(`${base}#/instances`);
    await work.locator(`tr[data-ref="${ref}"][data-state="active"]`).waitFor();

    const before = market.engine.now();
    await work.getByRole('button', { name: 'Advance the clock by 1 hour' }).click();
    await expectText(work.locator('#clock-now'), headerTime(before + HOUR));
    await work.getByRole('button', { name: 'Advance the clock by 1 day' }).click();
    await expectText(work.locator('#clock-now'), headerTime(before + 25 * HOUR));

    // Next job jumps to the next due instant: the expiry, where the platform freezes the instance.
    for (let i = 0; i < 4 && market.instance(ref).state !== 'frozen'; i++) {
      await work.getByRole('button', { name: 'Advance the clock to the next scheduled job' }).click();
      await work.locator('#notice-status .notice').waitFor();
      await work.locator('#notice-status .notice').evaluate((el) => el.remove());
    }
    await work.locator(`tr[data-ref="${ref}"][data-state="frozen"]`).waitFor();
    expect(market.instance(ref).freezeReasons).toEqual(['EXPIRED']);
    expect(market.engine.now()).toBeGreaterThanOrEqual(instance?.expireAt ?? Infinity);
    const freeze = market.jobs({ interface: 'updateInstanceStatus' });
    expect(freeze.map((j) => [j.body.status, j.state])).toEqual([['FREEZE', 'SUCCEEDED']]);
    expect(seller.tenants.get(instance?.instanceId ?? '')).toBe('frozen');
    await jobRow(messages, 'updateInstanceStatus', 'SUCCEEDED').waitFor();

    // The timeline of the instance: its calls, two failed attempts (the failure and the failed Restart), the rest
    // succeeded.
    await work.goto(`${base}#/timeline?instance=${ref}`);
    await work.locator('svg.timeline').waitFor();
    expect(await work.locator('svg.timeline .lane').count()).toBe(3);
    expect(await work.locator('svg.timeline .mark-bad').count()).toBe(2);
    expect(await work.locator('svg.timeline .mark-ok').count()).toBe(3);
    await browser.screenshot(work, 'timeline');
  });

  it('shows usage pushed for a pay-per-use instance as a chart', async () => {
    const order = market.purchase({
      productCode: 'sms',
      autoPay: true,
      items: [{ skuCode: '5f0d1b2c-0004-4a6e-9c11-sms00000sms' }],
    });
    await market.flush();
    const instance = market.instances({ orderId: order.orderId })[0];
    const instanceId = instance?.instanceId as string;
    const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z';
    const now = market.engine.now();
    const outcome = market.engine.acceptUsagePush(
      [3, 7, 5].map((v, k) => ({
        instance_id: instanceId,
        metering_sn: `sn-${k}`,
        usage_value: String(v),
        begin_time: stamp(now - (3 - k) * HOUR),
        end_time: stamp(now - (2 - k) * HOUR),
        record_time: stamp(now),
      })),
    );
    expect(outcome.ok).toBe(true);
    await work.goto(`${base}#/instances`);
    const row = work.locator(`tr[data-ref="${instance?.ref}"]`);
    await row.locator('svg.usage-chart').waitFor();
    expect(await row.locator('svg.usage-chart rect.bar').count()).toBe(3);
    await expectText(row, '15 in 3 records');
    await browser.screenshot(work, 'instances');
    // Violation freezes are for yearly/monthly instances only: no Freeze button here.
    expect(await row.getByRole('button', { name: `Freeze ${instance?.ref}` }).count()).toBe(0);
  });

  it('exports exactly the filtered orders as CSV', async () => {
    await work.goto(`${base}#/actions`);
    await work.fill('#buyer-name', 'Zhang, "Wei" 张伟');
    await work.locator('#create-buyer button[type=submit]').click();
    await expectText(work.locator('#notice-status'), 'created');
    const buyer = market.engine.listBuyers().find((b) => b.customerName === 'Zhang, "Wei" 张伟');
    expect(buyer).toBeDefined();
    const mine = market.purchase({ productCode: 'report', buyerId: buyer?.customerId });
    const other = market.purchase({ productCode: 'crm' });
    await browser.screenshot(work, 'actions');

    await work.goto(`${base}#/orders`);
    await work.selectOption('#q-state', 'PENDING_PAYMENT');
    await work.fill('#q-customer', 'zhang');
    await work.getByRole('button', { name: 'Search', exact: true }).click();
    await expectText(work.locator('#orders-count'), '1 order;');
    const download = work.waitForEvent('download');
    await work.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^koogallery-orders-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync(await file.path(), 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toMatch(
      /^Order no\.,Order type,Status,Product code,Product,SKU,Customer ID,Customer name,Account name,Created \(UTC\+08:00\)/,
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`${mine.orderId},NEW,Pending payment,report,`);
    expect(lines[1]).toContain(`,"Zhang, ""Wei"" 张伟",`);

    // Without the customer filter: both unpaid orders, newest first — as the admin API lists them.
    await work.fill('#q-customer', '');
    await work.getByRole('button', { name: 'Search', exact: true }).click();
    await expectText(work.locator('#orders-count'), '2 orders;');
    const second = work.waitForEvent('download');
    await work.getByRole('button', { name: 'Export CSV' }).click();
    const rows = readFileSync(await (await second).path(), 'utf8')
      .split('\r\n')
      .slice(1, -1);
    expect(rows.map((r) => r.split(',')[0])).toEqual([other.orderId, mine.orderId]);
    const unpaid = market.orders({ state: 'PENDING_PAYMENT' }).map((o) => o.orderId);
    expect([...unpaid].sort()).toEqual([mine.orderId, other.orderId].sort());

    await work.getByRole('button', { name: `Details of order ${mine.orderId}` }).click();
    await expectText(work.locator('#order-detail'), 'Zhang, "Wei" 张伟');
    await browser.screenshot(work, 'orders');

    // Paying in the console completes the order: newInstance reaches the seller.
    await work.goto(`${base}#/actions`);
    await work.selectOption('#pay-order', other.orderId);
    await work.locator('#pay-form').getByRole('button', { name: 'Pay', exact: true }).click();
    await work.locator('.result .result-summary [data-state="COMPLETED"]').waitFor();
    expect(market.order(other.orderId).state).toBe('COMPLETED');
    expect(seller.requests.filter((r) => r.activity === 'newInstance')).toHaveLength(3);
  });

  it('freezes and unfreezes an instance for a violation from the instances page', async () => {
    const order = market.purchase({ productCode: 'crm', autoPay: true });
    await market.flush();
    const instance = market.instances({ orderId: order.orderId })[0];
    const ref = instance?.ref as string;
    await work.goto(`${base}#/instances`);
    await work.getByRole('button', { name: `Freeze ${ref}` }).click();
    await work.locator(`tr[data-ref="${ref}"][data-state="frozen"]`).waitFor();
    expect(market.instance(ref).freezeReasons).toEqual(['VIOLATION']);
    expect(seller.tenants.get(instance?.instanceId as string)).toBe('frozen');
    await work.getByRole('button', { name: `Unfreeze ${ref}` }).click();
    await work.locator(`tr[data-ref="${ref}"][data-state="active"]`).waitFor();
    expect(seller.tenants.get(instance?.instanceId as string)).toBe('active');
    const calls = market.jobs({ instanceRef: ref, interface: 'updateInstanceStatus' });
    expect(calls.map((j) => [j.body.status, j.state])).toEqual([
      ['FREEZE', 'SUCCEEDED'],
      ['UNFREEZE', 'SUCCEEDED'],
    ]);
  });

  it('counts a failed order on the outbox page after its retries run out', async () => {
    seller.broken.add('newInstance');
    const order = market.purchase({ productCode: 'sms-pack', autoPay: true });
    await market.flush();

    // The timeline shows the failed first attempt and the retry scheduled an hour later.
    await work.goto(`${base}#/timeline?order=${order.orderId}`);
    await work.locator('svg.timeline .mark-next').waitFor();
    // One diamond per failed attempt of the order's calls.
    const failedAttempts = market
      .jobs({ orderId: order.orderId })
      .flatMap((j) => market.attempts({ jobId: j.id }))
      .filter((a) => a.state === 'FAILED').length;
    expect(failedAttempts).toBeGreaterThan(0);
    await expect.poll(() => work.locator('svg.timeline .mark-bad').count()).toBe(failedAttempts);
    const next = market.jobs({ orderId: order.orderId })[0]?.nextAttemptAt as number;
    expect(next - market.engine.now()).toBe(HOUR);
    await expectText(work.locator('figcaption'), `next attempt at ${headerTime(next).slice(0, 19)}`);
    await browser.screenshot(work, 'timeline-retry');

    await work.goto(`${base}#/outbox`);
    await work.locator('tr[data-product="sms-pack"]').waitFor();
    for (let i = 0; i < 3; i++) {
      await work.getByRole('button', { name: 'Advance the clock by 1 hour' }).click();
      await work.locator('#notice-status .notice').waitFor();
      await work.locator('#notice-status .notice').evaluate((el) => el.remove());
    }
    seller.broken.clear();
    expect(market.order(order.orderId).state).toBe('CANCELED');
    await work.locator('tr[data-product="sms-pack"] .failed-orders[data-count="1"]').waitFor();
    await work.locator('li.mail[data-kind="ORDER_FAILED"]').first().waitFor();
    expect(await work.locator('li.mail[data-kind="CALL_FAILED"]').count()).toBeGreaterThanOrEqual(2);
    await jobRow(messages, 'newInstance', 'EXHAUSTED').waitFor();
    await browser.screenshot(work, 'outbox');
  });

  it('is usable with the keyboard and labels every control', async () => {
    for (const name of ['orders', 'messages', 'timeline', 'instances', 'actions', 'outbox']) {
      await work.goto(`${base}#/${name}`);
      await work.locator(`.page[data-page="${name}"] h1`).waitFor();
      const unlabeled = await work.evaluate(() =>
        [...document.querySelectorAll('input, select, textarea, button')]
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
    // A navigation link followed with Enter opens the page and moves the focus to its heading.
    await work.locator('nav a[data-page="instances"]').focus();
    await work.keyboard.press('Enter');
    await work.locator('.page[data-page="instances"]').waitFor();
    await work.waitForFunction(() => document.activeElement?.tagName === 'H1');
    expect(await work.evaluate(() => document.activeElement?.textContent)).toBe('Instances');
    expect(browser.pageErrors).toEqual([]);
  });

  it('shows dates as yyyy-MM-dd whatever the locale, amounts with currency, SKUs unbroken; keeps the creation range together at 1400 px', async () => {
    const page = await browser.context.newPage();
    try {
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.goto(`${base}#/orders`);
      await page.locator('#orders-count').waitFor();
      // Time inputs are the page's format, not the browser's locale (a datetime-local input would follow it).
      for (const id of ['#q-from', '#q-to']) {
        expect(await page.locator(id).getAttribute('type')).toBe('text');
        expect(await page.locator(id).getAttribute('placeholder')).toBe('yyyy-MM-dd HH:mm');
      }
      await page.fill('#q-from', '2025-03-10 00:00');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.waitForFunction(() => location.hash.includes('createdFrom='));
      expect(await page.locator('#q-from').inputValue()).toBe('2025-03-10 00:00');
      // "Created to" never wraps alone: it sits on the row of "Created from".
      const top = async (id: string): Promise<number> =>
        (await page.locator(`label[for="${id}"]`).boundingBox())?.y ?? -1;
      expect(await top('q-to')).toBe(await top('q-from'));
      // Amounts carry their currency.
      const amounts = await page.locator('td.amount').allInnerTexts();
      expect(amounts.length).toBeGreaterThan(0);
      for (const a of amounts) expect(a).toMatch(/^(-?\d+(\.\d+)? CNY|—)$/);
      await browser.screenshot(page, 'orders-1400');

      // SKU codes stay on one line.
      await page.goto(`${base}#/instances`);
      const sku = page.locator('.sku').first();
      await sku.waitFor();
      const lineHeight = await sku.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || 16);
      expect((await sku.boundingBox())?.height ?? 99).toBeLessThan(lineHeight * 1.5);
      expect(await sku.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('nowrap');

      // An empty order number in the address gets a message, not an admin-route error.
      await page.goto(`${base}#/orders?order=`);
      await expectText(page.locator('.empty-selection'), 'No order chosen');
      expect(await page.locator('#notice-alert .notice').count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('shows the only order on the timeline without choosing; a released instance in #/actions?ref= is named as such', async () => {
    const small = await createMockMarketplace({ sellerUrl: seller.url, accessKey: KEY, startAt: START });
    const page = await browser.context.newPage();
    try {
      const order = small.purchase({ productCode: 'crm', autoPay: true });
      await small.flush();
      await page.goto(`${small.url}/console/#/timeline`);
      await page.locator('svg.timeline').waitFor();
      expect(await page.locator('#timeline-subject').inputValue()).toBe(`order=${order.orderId}`);

      const ref = small.instances()[0]?.ref as string;
      const res = await fetch(`${small.url}/__admin/actions/unsubscribe`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ref }),
      });
      expect(res.status).toBe(200);
      await small.flush();
      expect(small.instance(ref).state).toBe('released');
      await page.goto(`${small.url}/console/#/actions?ref=${ref}`);
      await expectText(page.locator('.unusable-ref'), `Instance ${ref}`);
      await expectText(page.locator('.unusable-ref'), 'is released');
      expect(await page.locator('#act-instance').inputValue()).toBe('');
      await page.goto(`${small.url}/console/#/actions?ref=I999999`);
      await expectText(page.locator('.unusable-ref'), 'There is no instance I999999');
    } finally {
      await page.close();
      await small.close();
    }
  });

  it('asks for the admin token when the mock has one', async () => {
    const locked = await createMockMarketplace({ adminToken: 'console-token-0001', startAt: START });
    const page = await browser.context.newPage();
    try {
      await page.goto(`${locked.url}/console/#/orders`);
      await page.locator('#token-dialog[open]').waitFor();
      await page.fill('#token-input', 'not-the-token');
      await page.getByRole('button', { name: 'Use token' }).click();
      await expectText(page.locator('#token-error'), 'did not accept');
      await page.locator('#token-dialog[open]').waitFor();
      await page.fill('#token-input', 'console-token-0001');
      await page.getByRole('button', { name: 'Use token' }).click();
      await page.locator('#live.live-live').waitFor();
      await page.locator('.page[data-page="orders"] #orders-count').waitFor();
      expect(await page.locator('#token-dialog[open]').count()).toBe(0);
      expect(await page.evaluate(() => sessionStorage.length)).toBe(1);
    } finally {
      await page.close();
      await locked.close();
    }
  });
});
