/**
 * The crash test with the built CLI: `koogallery-mock start` on a SQLite file with a failing seller, the virtual
 * clock advanced into the middle of the retry schedule, the process killed with SIGKILL, restarted on the same
 * file — every job then completes exactly as scheduled, with no attempt lost or sent twice (checked on the
 * attempts list and on what the seller received).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestSeller, type TestSeller } from '../delivery/fixtures/test-seller';
import { admin, killAll, requireBuiltCli, startMock, type RunningMock } from './cli-process';
import type {
  AdvanceAnswer,
  AttemptRecord,
  ClockView,
  JobView,
  OrderActionAnswer,
  OrderRecord,
  Page,
  StateAnswer,
} from '../http/admin-answers';

// Each test spawns the built CLI several times; on a loaded machine a spawn can take seconds.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const KEY = 'crash-test-cli-key-2b9d';
const START = Date.parse('2025-03-10T02:00:00Z');
const HOUR = 3_600_000;
const dir = mkdtempSync(join(tmpdir(), 'kgk-crash-'));

beforeAll(() => requireBuiltCli());
afterEach(() => killAll());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const start = (seller: TestSeller, db: string, extra: string[] = []): Promise<RunningMock> =>
  startMock(
    ['--seller-url', seller.url, '--port', '0', '--db', db, '--timeout', '20000', '--quiet', ...extra],
    {
      env: { KOOGALLERY_ACCESS_KEY: KEY },
    },
  );

/** Purchases three orders; their newInstance attempts fail at once. */
async function purchaseThree(url: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const answer = await admin<OrderActionAnswer>(url, '/actions/purchase', {
      productCode: 'crm',
      autoPay: true,
    });
    ids.push(answer.result.orderId);
  }
  return ids;
}

/** newInstance requests the seller received, per orderId. */
function receivedPerOrder(seller: TestSeller): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of seller.requests) {
    if (r.activity !== 'newInstance') continue;
    const id = String(r.body.orderId);
    out[id] = (out[id] ?? 0) + 1;
  }
  return out;
}

/** Every newInstance job ran its four scheduled attempts, with the given states. */
async function expectExactSchedule(url: string, states: string[]): Promise<void> {
  const jobs = (await admin<Page<JobView>>(url, '/jobs?interface=newInstance')).items as Array<{
    id: string;
  }>;
  expect(jobs).toHaveLength(3);
  for (const { id } of jobs) {
    const job = await admin<JobView>(url, `/jobs/${id}`);
    expect(job.state).toBe('EXHAUSTED');
    expect(
      job.attempts.map((a: { no: number; scheduledAt: number; startedAt: number; state: string }) => [
        a.no,
        a.scheduledAt - START,
        a.startedAt - START,
        a.state,
      ]),
    ).toEqual(states.map((state, k) => [k + 1, k * HOUR, k * HOUR, state]));
  }
  expect((await admin<Page<AttemptRecord>>(url, '/attempts?state=RUNNING')).total).toBe(0);
  const orders = await admin<Page<OrderRecord>>(url, '/orders?orderType=NEW');
  expect(orders.items.every((o: { state: string }) => o.state === 'CANCELED')).toBe(true);
  expect((await admin<Page<OrderRecord>>(url, '/orders?orderType=UNSUBSCRIBE')).total).toBe(3);
}

describe('SIGKILL in the middle of a retry schedule', () => {
  it('between attempts: the restarted mock resumes the clock and every job keeps its schedule', async () => {
    const seller = await startTestSeller({ key: KEY, defect: () => 'http-500' });
    try {
      const db = join(dir, 'between.db');
      const first = await start(seller, db, ['--start-at', new Date(START).toISOString()]);
      const orderIds = await purchaseThree(first.url);
      await admin<AdvanceAnswer>(first.url, '/clock/advance', { by: '90m' });
      expect((await admin<Page<AttemptRecord>>(first.url, '/attempts')).total).toBe(6);
      const killed = await first.stop('SIGKILL');
      expect(killed.signal).toBe('SIGKILL');

      const second = await start(seller, db);
      const clock = await admin<ClockView>(second.url, '/clock');
      expect(clock.now).toBe(START + 1.5 * HOUR);
      const state = await admin<StateAnswer>(second.url, '/state');
      expect(state.recovery).toMatchObject({ pendingJobs: 3, interruptedAttempts: [] });
      expect(second.stdout()).toContain('resumed: 3 pending job(s)');
      await admin<AdvanceAnswer>(second.url, '/clock/advance', { by: '2h' });
      await expectExactSchedule(second.url, ['FAILED', 'FAILED', 'FAILED', 'FAILED']);
      expect(receivedPerOrder(seller)).toEqual(Object.fromEntries(orderIds.map((id) => [id, 4])));
      expect((await second.stop('SIGTERM')).code).toBe(0);
    } finally {
      await seller.close();
    }
  });

  it('with attempts in flight: they are recorded as INTERRUPTED, never re-sent, and the schedule continues', async () => {
    const perOrder = new Map<string, number>();
    const seller = await startTestSeller({
      key: KEY,
      defect: (r) => {
        const id = String(r.body.orderId);
        const n = (perOrder.get(id) ?? 0) + 1;
        perOrder.set(id, n);
        return n === 3 ? 'hang' : 'http-500';
      },
    });
    try {
      const db = join(dir, 'in-flight.db');
      const first = await start(seller, db, ['--start-at', new Date(START).toISOString()]);
      const orderIds = await purchaseThree(first.url);
      await admin<AdvanceAnswer>(first.url, '/clock/advance', { by: '1h' });
      // the 2 h attempts hang at the seller; the advance call does not answer before the kill
      const pending = admin<AdvanceAnswer>(first.url, '/clock/advance', { by: '1h' }).catch(() => 'killed');
      for (let i = 0; i < 500 && seller.requests.length < 9; i++) await new Promise((r) => setTimeout(r, 20));
      expect(seller.requests).toHaveLength(9);
      await first.stop('SIGKILL');
      expect(await pending).toBe('killed');

      const second = await start(seller, db);
      expect((await admin<ClockView>(second.url, '/clock')).now).toBe(START + 2 * HOUR);
      const state = await admin<StateAnswer>(second.url, '/state');
      expect(state.recovery.interruptedAttempts).toEqual([
        { jobId: 'J000001', no: 3 },
        { jobId: 'J000002', no: 3 },
        { jobId: 'J000003', no: 3 },
      ]);
      expect(second.stdout()).toContain('3 interrupted attempt(s) recorded');
      await admin<AdvanceAnswer>(second.url, '/clock/advance', { by: '2h' });
      await expectExactSchedule(second.url, ['FAILED', 'FAILED', 'INTERRUPTED', 'FAILED']);
      expect(receivedPerOrder(seller)).toEqual(Object.fromEntries(orderIds.map((id) => [id, 4])));
      expect((await second.stop('SIGTERM')).code).toBe(0);
    } finally {
      await seller.close();
    }
  });
});
