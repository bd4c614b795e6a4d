/**
 * Service supervision and purchase limits from the command line (`koogallery-mock trigger …`) against a running
 * mock delivering to a real seller: a delivery document uploaded from a file comes back byte for byte from the
 * admin API's download route, the buyer rejects then accepts, and a purchase over the demo catalog's limit is
 * refused with exit 1.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTriggerCommand } from '../../src/cli/commands/trigger';
import { createMockMarketplace, type MockMarketplace } from '../../src/index';
import { startKitSeller, type KitSeller } from '../http/kit-seller';

const KEY = 'supervision-cli-basic-key-01';
const TOKEN = 'supervision-cli-admin-token';
const dir = mkdtempSync(join(tmpdir(), 'kgk-supervision-'));
let seller: KitSeller;
let market: MockMarketplace;

beforeAll(async () => {
  seller = await startKitSeller({ key: KEY, kitKey: KEY });
  market = await createMockMarketplace({ sellerUrl: seller.url, accessKey: KEY, adminToken: TOKEN });
});
afterAll(async () => {
  await market.close();
  await seller.close();
  rmSync(dir, { recursive: true, force: true });
});

async function trigger(...args: string[]) {
  let out = '';
  let err = '';
  const code = await runTriggerCommand(['trigger', ...args, '--url', market.url], {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    env: { KOOGALLERY_MOCK_ADMIN_TOKEN: TOKEN },
  });
  return { code, out, err };
}

describe('trigger: service supervision', () => {
  it('plays a manual-service supervision with a real document upload and download', async () => {
    const bought = await trigger('purchase', '--product', 'consulting', '--json');
    expect(bought.code).toBe(0);
    const orderId = (JSON.parse(bought.out) as { result: { orderId: string; state: string } }).result.orderId;
    expect((await trigger('supervision', '--order', orderId)).out).toMatch(/REQ_PENDING.*order PROCESSING/);
    expect(
      (await trigger('submit-requirement', '--order', orderId, '--description', 'Train 5 admins')).out,
    ).toMatch(/REQ_CONFIRM/);
    expect((await trigger('confirm-requirement', '--order', orderId)).code).toBe(0);
    const file = join(dir, 'acceptance.pdf');
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from([0, 1, 2, 250, 251, 252, 253])]);
    writeFileSync(file, bytes);
    const confirmed = await trigger(
      'confirm-completion',
      '--order',
      orderId,
      '--result-description',
      'Admins trained',
      '--document',
      file,
    );
    expect(confirmed.code).toBe(0);
    expect(confirmed.out).toMatch(/USER_ACCEPTANCE, 1 document/);
    const detail = await fetch(`${market.url}/__admin/supervisions/${orderId}`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    const view = (await detail.json()) as {
      documents: Array<{ id: string; name: string; contentBase64?: string }>;
    };
    expect(view.documents).toMatchObject([
      { name: 'acceptance.pdf', contentType: 'application/pdf', size: bytes.length },
    ]);
    expect(view.documents[0]).not.toHaveProperty('contentBase64');
    const download = await fetch(
      `${market.url}/__admin/supervisions/${orderId}/documents/${view.documents[0]!.id}`,
      {
        headers: { Authorization: `Bearer ${TOKEN}` },
      },
    );
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain('acceptance.pdf');
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect(
      (await trigger('reject-delivery', '--order', orderId, '--reason', 'one admin missing')).out,
    ).toMatch(/DELIVERING/);
    expect(
      (await trigger('confirm-completion', '--order', orderId, '--result-description', 'All trained')).code,
    ).toBe(0);
    expect((await trigger('accept-delivery', '--order', orderId)).out).toMatch(/COMPLETED/);
    expect((await trigger('advance', '3h')).code).toBe(0);
    expect(market.engine.getOrder(orderId).state).toBe('COMPLETED');
    expect((await trigger('supervisions')).out).toContain(`supervision of order ${orderId}`);

    // The demo catalog limits consulting to one purchase per buyer (seller-console §4).
    const refused = await trigger('purchase', '--product', 'consulting');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/PURCHASE_LIMIT_REACHED|Purchase limit reached/);
  });

  it('refuses a missing document file with exit 2, naming the flag', async () => {
    const r = await trigger(
      'confirm-completion',
      '--order',
      'CS1',
      '--result-description',
      'x',
      '--document',
      join(dir, 'nope.pdf'),
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--document .*nope\.pdf: cannot read the file/);
  });
});
