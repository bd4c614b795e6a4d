/**
 * The programmatic API's options and resources: validation listing every problem, 127.0.0.1 with a free port,
 * the SQLite store surviving a restart, the real clock refusing to be moved, idempotent close, no seller.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@koogallery-kit/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { createMockMarketplace } from '../../src/index';
import { startTestSeller } from '../delivery/fixtures/test-seller';
import type { ClockView } from '../../src/http/admin/clock-routes';

const KEY = 'options-test-key-0001';
const dir = mkdtempSync(join(tmpdir(), 'kgk-market-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createMockMarketplace options', () => {
  it('lists every invalid option at once', async () => {
    const error = await createMockMarketplace({
      sellerUrl: 'http://127.0.0.1:1/produce',
      port: 70_000,
      timeoutMs: 0,
      clock: 'sometimes' as never,
      timeScale: 2,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const field of ['accessKey:', 'port:', 'timeoutMs:', 'clock:', 'timeScale:'])
      expect(message).toContain(field);
  });

  it('binds 127.0.0.1 on a free port, and close is idempotent', async () => {
    const m = await createMockMarketplace();
    expect(m.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(m.listener.port).toBeGreaterThan(0);
    expect((await fetch(`${m.adminUrl}/health`)).status).toBe(200);
    await Promise.all([m.close(), m.close()]);
    await expect(fetch(`${m.adminUrl}/health`)).rejects.toThrow();
  });

  it('without a seller URL, attempts are recorded as UNREACHABLE with the fix', async () => {
    const m = await createMockMarketplace({ startAt: '2025-03-10T02:00:00Z' });
    try {
      m.purchase({ productCode: 'crm', autoPay: true });
      await m.flush();
      const [attempt] = m.attempts();
      expect(attempt!.problems.map((p) => p.code)).toEqual(['UNREACHABLE']);
      expect(attempt!.problems[0]!.message).toContain('--seller-url');
      expect(m.jobs()[0]!.state).toBe('PENDING');
    } finally {
      await m.close();
    }
  });

  it('keeps orders, instances and pending jobs in a SQLite file across restarts', async () => {
    const seller = await startTestSeller({ key: KEY, defect: () => 'http-500' });
    const db = join(dir, 'market.db');
    try {
      const first = await createMockMarketplace({
        sellerUrl: seller.url,
        accessKey: KEY,
        db,
        startAt: '2025-03-10T02:00:00Z',
      });
      const order = first.purchase({ productCode: 'crm', autoPay: true });
      await first.flush();
      await first.advance('90m');
      await first.close();

      const second = await createMockMarketplace({ sellerUrl: seller.url, accessKey: KEY, db });
      try {
        expect(second.engine.now()).toBe(Date.parse('2025-03-10T03:30:00Z'));
        expect(second.order(order.orderId).state).toBe('PROCESSING');
        expect(second.engine.recovery.pendingJobs).toBe(1);
        await second.advance('2h');
        expect(second.order(order.orderId).state).toBe('CANCELED');
        expect(second.attempts().map((a) => a.no)).toEqual([1, 2, 3, 4]);
      } finally {
        await second.close();
      }
    } finally {
      await seller.close();
    }
  });

  it('refuses to move the real clock, naming the option to use', async () => {
    const m = await createMockMarketplace({ clock: 'real', timeScale: 60 });
    try {
      await expect(m.advance('1h')).rejects.toMatchObject({ code: 'CLOCK_NOT_VIRTUAL' });
      await expect(m.advance('1h')).rejects.toThrow(/clock: "virtual"/);
      const view = (await (await fetch(`${m.adminUrl}/clock`)).json()) as ClockView;
      expect(view).toMatchObject({ kind: 'real', timeScale: 60 });
    } finally {
      await m.close();
    }
  });

  it('rejects a bad duration for advance', async () => {
    const m = await createMockMarketplace();
    try {
      await expect(m.advance('soon')).rejects.toThrow(ConfigError);
    } finally {
      await m.close();
    }
  });
});
