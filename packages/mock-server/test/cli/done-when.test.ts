/**
 * The issue's "Done when", end to end with the built CLI: `koogallery-mock start --seller-url … --key …` plus
 * `koogallery-mock trigger purchase --product …` drive a real seller (the SDK's production handler, strict ±60 s
 * window) through new → renew → expire → freeze → release on the virtual clock; the banner and the live log
 * never show the key; SIGTERM stops the mock gracefully.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestSeller, type TestSeller } from '../delivery/fixtures/test-seller';
import { admin, killAll, requireBuiltCli, runCli, startMock } from './cli-process';
import type { InstanceRecord, JobView, OrderRecord, Page } from '../http/admin-answers';

// Each test spawns the built CLI several times; on a loaded machine a spawn can take seconds.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const KEY = 'done-when-cli-key-7c1e55';
let seller: TestSeller;

beforeAll(async () => {
  requireBuiltCli();
  seller = await startTestSeller({ key: KEY });
});
afterAll(async () => {
  killAll();
  await seller.close();
});

describe('koogallery-mock start + trigger', () => {
  it('drives a real seller through new → renew → expire → freeze → release', async () => {
    const mock = await startMock([
      '--seller-url',
      seller.url,
      '--key',
      KEY,
      '--port',
      '0',
      '--db',
      ':memory:',
      '--start-at',
      '2025-03-10T02:00:00Z',
    ]);
    const trigger = (...args: string[]) => runCli(['trigger', ...args, '--url', mock.url]);

    const purchase = await trigger('purchase', '--product', 'crm');
    expect(purchase.stderr).toBe('');
    expect(purchase.code).toBe(0);
    expect(purchase.stdout).toMatch(/purchase: order CS\w+ \(NEW\) COMPLETED, instance\(s\) I000001/);
    expect(purchase.stdout).toContain('J000001 newInstance SUCCEEDED after 1 attempt(s)');
    const [tenant] = [...seller.tenants.keys()];
    expect(seller.tenants.get(tenant!)).toBe('active');

    const renew = await trigger('renew', '--instance', 'I000001');
    expect(renew.code).toBe(0);
    expect(renew.stdout).toMatch(/renew: order CS\w+ \(RENEW\) COMPLETED/);
    expect(renew.stdout).toContain('refreshInstance SUCCEEDED');

    const expire = await trigger('advance', '62d');
    expect(expire.code).toBe(0);
    // The mock it talked to, the times with their zone as the console shows them, and each call it caused.
    expect(expire.stdout.split('\n')[0]).toBe(`mock ${mock.url}`);
    expect(expire.stdout).toContain(
      'business time 2025-03-10 10:00:00 UTC+08:00 → 2025-05-11 10:00:00 UTC+08:00',
    );
    expect(expire.stdout).toMatch(
      /\n {2}J\d+ updateInstanceStatus FREEZE instance I000001 \(\S+\) attempt #1 SUCCEEDED resultCode 000000\n/,
    );
    expect(seller.tenants.get(tenant!)).toBe('frozen');
    expect((await admin<InstanceRecord>(mock.url, '/instances/I000001')).state).toBe('frozen');

    const release = await trigger('advance', '16d');
    expect(release.code).toBe(0);
    expect(release.stdout).toMatch(
      /\n {2}J\d+ releaseInstance instance I000001 \(\S+\) attempt #1 SUCCEEDED resultCode 000000\n/,
    );
    expect(seller.tenants.get(tenant!)).toBe('released');
    expect((await admin<InstanceRecord>(mock.url, '/instances/I000001')).state).toBe('released');

    expect(
      seller.requests.map(
        (r) => `${r.activity}${typeof r.body.status === 'string' ? `:${r.body.status}` : ''}`,
      ),
    ).toEqual(['newInstance', 'refreshInstance', 'updateInstanceStatus:FREEZE', 'releaseInstance']);
    expect(seller.requests.every((r) => r.signatureValid)).toBe(true);

    const stopped = await mock.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    const out = mock.stdout();
    expect(out).toContain('koogallery-mock 0.1.0');
    expect(out).toContain(`seller       ${seller.url}`);
    expect(out).toContain('key          [REDACTED]');
    expect(out).toMatch(/J000001 newInstance #1 SUCCEEDED resultCode 000000 \(\d+ ms\)/);
    expect(out).toMatch(/instance I000001 \(\S+\) active → frozen/);
    expect(out).toContain('koogallery-mock: SIGTERM received');
    expect(out).toContain('koogallery-mock: stopped.');
    expect(out + mock.stderr()).not.toContain(KEY);
  });

  it('shows retries, failure reasons and a manual restart through the CLI', async () => {
    let broken = true;
    const flaky = await startTestSeller({ key: KEY, defect: () => (broken ? 'wrong-key' : undefined) });
    try {
      const mock = await startMock(
        ['--seller-url', flaky.url, '--port', '0', '--db', ':memory:', '--start-at', '2025-03-10T02:00:00Z'],
        {
          env: { KOOGALLERY_ACCESS_KEY: KEY },
        },
      );
      const trigger = (...args: string[]) => runCli(['trigger', ...args, '--url', mock.url]);
      const purchase = await trigger('purchase', '--product', 'crm');
      expect(purchase.code).toBe(0);
      expect(purchase.stdout).toMatch(
        /J000001 newInstance PENDING after 1 attempt\(s\), next attempt 2025-03-10 11:00:00 UTC\+08:00 — BODY_SIGN_INVALID/,
      );
      const retried = await trigger('advance', '3h');
      expect(retried.code).toBe(0);
      const job = await admin<JobView>(mock.url, '/jobs/J000001');
      expect(job.state).toBe('EXHAUSTED');
      expect(job.attempts.map((a: { state: string }) => a.state)).toEqual([
        'FAILED',
        'FAILED',
        'FAILED',
        'FAILED',
      ]);
      const orders = await admin<Page<OrderRecord>>(mock.url, '/orders');
      expect(
        orders.items.map((o: { orderType: string; state: string }) => `${o.orderType}:${o.state}`),
      ).toEqual(['NEW:CANCELED', 'UNSUBSCRIBE:COMPLETED']);

      broken = false;
      const restart = await trigger('restart', '--job', 'J000001');
      expect(restart.code).toBe(0);
      expect(restart.stdout).toContain('J000001 newInstance SUCCEEDED after 5 attempt(s)');
      expect(mock.stdout()).toMatch(/J000001 newInstance #1 FAILED[^\n]*\n {4}- BODY_SIGN_INVALID/);
      expect(mock.stdout()).toContain('next attempt at 2025-03-10 11:00:00 UTC+08:00');
      expect(mock.stdout()).toContain('gave up after 4 attempt(s)');
      expect((await mock.stop('SIGINT')).code).toBe(0);
    } finally {
      await flaky.close();
    }
  });
});
