/**
 * Credentials a seller returns (appInfo.userName / password, §3.2) are masked in the mock's stored attempts, in
 * what the resource page reports and in the admin API — like signatures: first characters and length kept. The
 * seller is written from the spec (test/contract/spec-sellers.ts), not with the SDK.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createMockMarketplace } from '../../src/index';
import { PLANTED_PASSWORD, PLANTED_USER, closeSpecSellers, startSpecSeller } from '../contract/spec-sellers';

const KEY = 'returned-credentials-key-0001';
const closers: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(closers.map((c) => c.close()));
  await closeSpecSellers();
});

describe('credentials the seller returned', () => {
  it('never reach the stored attempts, the resource page or the admin API', async () => {
    const seller = await startSpecSeller(KEY, 'returns-credentials');
    const m = await createMockMarketplace({ sellerUrl: seller.url, accessKey: KEY, engine: { seed: 3 } });
    closers.push(m);
    m.purchase({ productCode: 'crm', autoPay: true });
    await m.flush();
    const [instance] = m.instances();
    const page = await m.openResourcePage(instance!.ref);
    expect(page.reported).toBe(true);
    expect(page.appInfo?.['password']).toBe(`Pl…(${PLANTED_PASSWORD.length} chars)`);
    expect(page.appInfo?.['userName']).toBe(`pl…(${PLANTED_USER.length} chars)`);
    // The rest of the reply keeps its bytes: the seller's \uXXXX-escaped memo stays escaped.
    const stored = m.attempts().map((a) => a.response?.body ?? '');
    expect(stored.some((b) => b.includes('"memo":"\\u4e2d\\u6587'))).toBe(true);

    const fromAdmin = await Promise.all(
      ['/attempts', '/jobs', `/instances/${instance!.ref}`].map(async (path) =>
        (await fetch(`${m.adminUrl}${path}`)).text(),
      ),
    );
    for (const text of [JSON.stringify(m.attempts()), JSON.stringify(page), ...fromAdmin]) {
      expect(text).not.toContain(PLANTED_PASSWORD);
      expect(text).not.toContain(PLANTED_USER);
    }
    expect(fromAdmin[0]).toContain('chars)');
  });
});
