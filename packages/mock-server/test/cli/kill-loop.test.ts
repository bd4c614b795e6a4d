/**
 * The kill loop: the built CLI on one SQLite file is killed with SIGKILL at pseudo-random moments (a fixed seed)
 * while the virtual clock plays three failing newInstance schedules against a slow seller, restarted each time
 * (taking over the stale lock), and finally runs the schedules to their end. No attempt is lost or sent twice:
 * every job has exactly its four attempts at their scheduled times, every request the seller received is a
 * recorded attempt, no request was received twice, and every failed call has its e-mail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { admin, killAll, requireBuiltCli, startMock, type RunningMock } from './cli-process';
import type {
  AdvanceAnswer,
  AttemptRecord,
  JobView,
  OrderActionAnswer,
  OutboxPage,
  Page,
} from '../http/admin-answers';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const KEY = 'kill-loop-test-key-0001';
const START = Date.parse('2025-03-10T02:00:00Z');
const HOUR = 3_600_000;
const KILLS = 8;
const dir = mkdtempSync(join(tmpdir(), 'kgk-kill-loop-'));
let seller: Server | undefined;

beforeAll(() => requireBuiltCli());
afterEach(() => killAll());
afterAll(() => {
  seller?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** mulberry32: a small seeded generator, so the kill moments are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A seller that answers every call HTTP 500 after 300 ms (a failed call), recording each businessId it got. */
async function slowFailingSeller(): Promise<{ url: string; businessIds: string[] }> {
  const businessIds: string[] = [];
  seller = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      try {
        businessIds.push(String((JSON.parse(body) as { businessId?: unknown }).businessId));
      } catch {
        businessIds.push('(unreadable)');
      }
      setTimeout(() => {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end('{"resultCode":"000005","resultMsg":"internal error"}');
      }, 300);
    });
  });
  await new Promise<void>((resolve) => seller!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(seller.address() as AddressInfo).port}/produce`, businessIds };
}

describe('kill loop', () => {
  it('random SIGKILLs, restart, finish the schedule: zero attempts lost or duplicated', async () => {
    const target = await slowFailingSeller();
    const db = join(dir, 'loop.db');
    const start = (extra: string[] = []): Promise<RunningMock> =>
      startMock(
        ['--seller-url', target.url, '--db', db, '--port', '0', '--timeout', '20000', '--quiet', ...extra],
        {
          env: { KOOGALLERY_ACCESS_KEY: KEY },
        },
      );
    const random = seeded(16);

    const first = await start(['--start-at', new Date(START).toISOString()]);
    for (let i = 0; i < 3; i++)
      await admin<OrderActionAnswer>(first.url, '/actions/purchase', { productCode: 'crm', autoPay: true });
    let mock = first;
    for (let k = 0; k < KILLS; k++) {
      // move the clock in small steps until the kill, which lands at a pseudo-random moment
      const stepping = (async () => {
        for (;;) await admin<AdvanceAnswer>(mock.url, '/clock/advance', { by: '10m' });
      })().catch(() => 'killed');
      await new Promise((r) => setTimeout(r, 30 + Math.floor(random() * 300)));
      await mock.stop('SIGKILL');
      expect(await stepping).toBe('killed');
      mock = await start();
    }
    await admin<AdvanceAnswer>(mock.url, '/clock/advance', { by: '4h' });

    const jobs = (await admin<Page<JobView>>(mock.url, '/jobs?interface=newInstance')).items;
    expect(jobs).toHaveLength(3);
    const recorded: string[] = [];
    for (const { id } of jobs) {
      const job = await admin<JobView>(mock.url, `/jobs/${id}`);
      expect(job.state).toBe('EXHAUSTED');
      const attempts = job.attempts;
      expect(attempts.map((a) => [a.no, a.scheduledAt - START])).toEqual([
        [1, 0],
        [2, HOUR],
        [3, 2 * HOUR],
        [4, 3 * HOUR],
      ]);
      for (const a of attempts) {
        expect(['FAILED', 'INTERRUPTED']).toContain(a.state);
        // a call that failed with an answer reached the seller
        const businessId = String(a.body.businessId);
        if (a.state === 'FAILED') expect(target.businessIds).toContain(businessId);
        recorded.push(businessId);
      }
    }
    expect(new Set(recorded).size).toBe(12);
    // nothing sent twice, nothing sent that is not a recorded attempt
    expect(new Set(target.businessIds).size).toBe(target.businessIds.length);
    for (const sent of target.businessIds) expect(recorded).toContain(sent);
    expect((await admin<Page<AttemptRecord>>(mock.url, '/attempts?state=RUNNING')).total).toBe(0);
    const mails = (await admin<OutboxPage>(mock.url, '/outbox')).items as Array<{ kind: string }>;
    expect(mails.filter((m) => m.kind === 'CALL_FAILED')).toHaveLength(12);
    expect((await mock.stop('SIGTERM')).code).toBe(0);
  });
});
