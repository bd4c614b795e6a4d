import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { ConfigError } from '@koogallery-kit/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore, type DeliverFn, type MarketEngine } from '../../src/index';
import { createMarketEngine } from '../../src/engine/engine';
import { createVirtualClock } from '../../src/engine/time/clock';
import { MIGRATIONS } from '../../src/store/migrations';
import { failing } from './fixtures/failing-seller';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const PACKAGE_DIR = resolve(HERE, '../..');
const START = Date.parse('2025-03-10T02:00:00Z');
const HOUR = 3_600_000;
const dir = mkdtempSync(join(tmpdir(), 'kgk-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const brokenSeller: DeliverFn = async (job) => failing(job.body);

/** Every newInstance job ran exactly its four scheduled attempts and gave up. */
function expectExactSchedule(engine: MarketEngine, thirdAttempt: 'FAILED' | 'INTERRUPTED'): void {
  const jobs = engine.listJobs({ interface: 'newInstance' });
  expect(jobs).toHaveLength(3);
  for (const job of jobs) {
    const view = engine.getJob(job.id);
    expect(view.state).toBe('EXHAUSTED');
    expect(view.attempts.map((a) => [a.no, a.scheduledAt - START, a.startedAt - START, a.state])).toEqual([
      [1, 0, 0, 'FAILED'],
      [2, HOUR, HOUR, 'FAILED'],
      [3, 2 * HOUR, 2 * HOUR, thirdAttempt],
      [4, 3 * HOUR, 3 * HOUR, 'FAILED'],
    ]);
  }
  expect(engine.listOrders({ orderType: 'NEW' }).every((o) => o.state === 'CANCELED')).toBe(true);
  expect(engine.listOrders({ orderType: 'UNSUBSCRIBE' })).toHaveLength(3);
  expect(engine.listAttempts({ state: 'RUNNING' })).toEqual([]);
}

/** Runs the crash child until it prints `marker`, then kills it with SIGKILL. */
function runAndKill(dbPath: string, mode: string, marker: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(HERE, 'fixtures/crash-child.ts'), dbPath, mode],
      {
        cwd: PACKAGE_DIR,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not reach ${marker}: ${err}`));
    }, 15_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(marker)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' && out.includes(marker)) resolvePromise(out);
      else reject(new Error(`child exited (${String(signal)}) before ${marker}: ${err}`));
    });
  });
}

describe('SQLite store', () => {
  it('uses WAL on files, records versioned migrations and applies them once', () => {
    const path = join(dir, 'nested/dir/mock.db');
    const store = createSqliteStore({ path, now: () => Date.UTC(2025, 0, 1) });
    expect(store.schemaVersion()).toBe(MIGRATIONS.length);
    store.setMeta('k', 'v');
    store.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT version, name, applied_at FROM schema_migrations').all()).toEqual([
      ...MIGRATIONS.map((m) => ({
        version: m.version,
        name: m.name,
        applied_at: '2025-01-01T00:00:00.000Z',
      })),
    ]);
    db.close();
    const again = createSqliteStore({ path });
    expect(again.getMeta('k')).toBe('v');
    again.close();
  });

  it('applies a new migration to an existing file and refuses files from a newer version', () => {
    const path = join(dir, 'migrate.db');
    createSqliteStore({ path }).close();
    const newer = MIGRATIONS.length + 1;
    const next = [
      ...MIGRATIONS,
      { version: newer, name: 'extra table', sql: 'CREATE TABLE extra (x INTEGER)' },
    ];
    const upgraded = createSqliteStore({ path, migrations: next });
    expect(upgraded.schemaVersion()).toBe(newer);
    upgraded.close();
    expect(() => createSqliteStore({ path })).toThrow(
      new RegExp(`schema version ${newer}, newer than this build understands \\(${MIGRATIONS.length}\\)`),
    );
  });

  it('reports unusable files as configuration errors', () => {
    const path = join(dir, 'garbage.db');
    writeFileSync(
      path,
      'this is not a database, just some text that is long enough to look like a header'.repeat(20),
    );
    expect(() => createSqliteStore({ path })).toThrow(ConfigError);
    expect(() => createSqliteStore({ path: '' })).toThrow(/needs a `path`/);
  });

  it('reopened mid-schedule, continues every job exactly as scheduled (clean stop)', async () => {
    const path = join(dir, 'reopen.db');
    const firstClock = createVirtualClock(START);
    const first = createMarketEngine({
      store: createSqliteStore({ path }),
      clock: firstClock,
      deliver: brokenSeller,
      seed: 's',
    });
    for (let n = 0; n < 3; n++) first.purchase({ productCode: 'crm', autoPay: true });
    await firstClock.advance(1.5 * HOUR);
    const firstIds = first.listOrders().map((o) => o.orderId);
    // the first engine is abandoned without close(), as after a crash
    first.store.close();

    const store = createSqliteStore({ path });
    const clock = createVirtualClock(START);
    const engine = createMarketEngine({ store, clock, deliver: brokenSeller, seed: 's' });
    expect(engine.recovery).toMatchObject({
      resumedClockAt: START + 1.5 * HOUR,
      interruptedAttempts: [],
      pendingJobs: 3,
    });
    expect(clock.now()).toBe(START + 1.5 * HOUR);
    await clock.advance(2 * HOUR);
    expectExactSchedule(engine, 'FAILED');
    // the id generator continued instead of repeating the first run's ids
    const refunds = engine.listOrders({ orderType: 'UNSUBSCRIBE' }).map((o) => o.orderId);
    expect(refunds.some((id) => firstIds.includes(id))).toBe(false);
    store.close();
  });

  it('survives SIGKILL between attempts: every job completes exactly as scheduled', async () => {
    const path = join(dir, 'kill-between.db');
    await runAndKill(path, 'between', 'BETWEEN');
    const store = createSqliteStore({ path });
    const clock = createVirtualClock(START);
    const engine = createMarketEngine({ store, clock, deliver: brokenSeller });
    expect(engine.recovery.resumedClockAt).toBe(START + 1.5 * HOUR);
    expect(engine.recovery.interruptedAttempts).toEqual([]);
    await clock.advance(2 * HOUR);
    expectExactSchedule(engine, 'FAILED');
    expect(engine.outbox().filter((m) => m.kind === 'CALL_FAILED')).toHaveLength(12);
    store.close();
  });

  it('survives SIGKILL with attempts in flight: they are completed as INTERRUPTED, never lost or sent twice', async () => {
    const path = join(dir, 'kill-in-flight.db');
    const out = await runAndKill(path, 'in-flight', 'IN_FLIGHT');
    expect(out).toContain('IN_FLIGHT J00000');
    const store = createSqliteStore({ path });
    const clock = createVirtualClock(START);
    const sent: string[] = [];
    const engine = createMarketEngine({
      store,
      clock,
      deliver: async (job, n) => {
        sent.push(`${job.id}#${n}`);
        return failing(job.body);
      },
    });
    expect(clock.now()).toBe(START + 2 * HOUR);
    expect(engine.recovery.interruptedAttempts.map((a) => [a.jobId, a.no, a.state])).toEqual([
      ['J000001', 3, 'INTERRUPTED'],
      ['J000002', 3, 'INTERRUPTED'],
      ['J000003', 3, 'INTERRUPTED'],
    ]);
    expect(engine.recovery.interruptedAttempts[0]!.problems[0]!.code).toBe('INTERRUPTED');
    await clock.advance(2 * HOUR);
    // only the fourth attempts were sent after the restart
    expect(sent).toEqual(['J000001#4', 'J000002#4', 'J000003#4']);
    expectExactSchedule(engine, 'INTERRUPTED');
    // every failed call is mailed, the interrupted ones too (4 attempts × 3 jobs, as without the crash)
    expect(engine.outbox().filter((m) => m.kind === 'CALL_FAILED')).toHaveLength(12);
    const interruptedMails = engine.outbox().filter((m) => m.text.includes('- INTERRUPTED:'));
    expect(interruptedMails.map((m) => m.refs.jobId)).toEqual(['J000001', 'J000002', 'J000003']);
    store.close();
  });
});
