/**
 * Issue 21 item 4: a SIGKILL during a 10 000-order run on a SQLite file loses nothing. The approach of the CLI's
 * kill test (`packages/mock-server/test/cli/kill-loop.test.ts`) at benchmark size, here and not in CI: a worker
 * (`servers/virtual-clock-worker.mjs`, the built `createMockMarketplace` with `db`) buys the orders and plays the
 * failing seller's 3-hour newInstance schedule; once the retries run it is killed with SIGKILL; a second worker
 * reopens the file, completes the attempts the kill cut (INTERRUPTED, counted as failed calls) and plays the rest
 * of the schedule. Checks: every order is in the file, every job ended, every job's attempts are numbered
 * 1…attemptCount without a gap, no attempt is left RUNNING, at most one chunk (16) was cut, every failed or cut
 * attempt has its e-mail, the seller received no businessId twice, and it received at least the answered attempts
 * and at most all recorded ones (a cut attempt may or may not have reached it). Reports the times and the file size.
 * Size: `KGK_BENCH_KILL_ORDERS` (default 10 000; `--quick` 2 000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockBuildInfo } from '../lib/mock-dist';
import { BENCH_ACCESS_KEY } from '../lib/production-call';
import { round } from '../lib/stats';
import { defineCase, target } from '../lib/types';
import { startWorker } from '../lib/virtual-clock-runner';
import { PRODUCE_PATH } from '../servers/query-instance';
import type { ResumeResult } from '../servers/virtual-clock-protocol';

/** Engine concurrency: the most attempts one kill can cut. */
const CHUNK = 16;
/** How long after the first retries start the worker is killed, ms. */
const KILL_AFTER_MS = 1_500;

function orderCount(quick: boolean): number {
  const raw = process.env['KGK_BENCH_KILL_ORDERS'];
  if (raw === undefined || raw.trim() === '') return quick ? 2_000 : 10_000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 100 || n > 200_000) {
    throw new Error(
      `KGK_BENCH_KILL_ORDERS must be an order count from 100 to 200000, got ${JSON.stringify(raw)}.`,
    );
  }
  return n;
}

export default defineCase({
  id: 'sqlite-kill',
  title: 'SQLite store: SIGKILL during a large run, reopen, finish the schedule',
  item: '21.4',
  order: 45,
  budgetMs: (o) => 60_000 + orderCount(o.quick) * 20,
  async run(ctx) {
    const build = mockBuildInfo();
    const orders = orderCount(ctx.options.quick);
    const dir = mkdtempSync(join(tmpdir(), 'kgk-bench-kill-'));
    const db = join(dir, 'kill.db');
    const seller = await ctx.children.spawnServer({
      entry: 'failing-seller-server.ts',
      config: { accessKey: BENCH_ACCESS_KEY, path: PRODUCE_PATH, toleranceMs: 60_000 },
    });
    try {
      const sellerUrl = `http://127.0.0.1:${seller.port}${PRODUCE_PATH}`;
      const base = { sellerUrl, accessKey: BENCH_ACCESS_KEY, orders, db };
      const first = startWorker({ ...base, mode: 'run' }, ctx.signal);
      const t0 = performance.now();
      await first.reached('schedule');
      const scheduleAt = performance.now();
      await new Promise((resolve) => setTimeout(resolve, KILL_AFTER_MS));
      first.child.process.kill('SIGKILL');
      const code = await first.child.exited();
      if (code !== null) throw new Error(`the first worker ended by itself (exit ${code}) before the kill`);
      const killedAt = performance.now();
      ctx.log(
        `killed after ${Math.round(killedAt - t0)} ms (${Math.round(killedAt - scheduleAt)} ms into the retries)`,
      );
      const r = (await startWorker({ ...base, mode: 'resume' }, ctx.signal).done) as ResumeResult;
      const stats = await seller.stats();
      const count = (m: Record<string, number>, k: string): number => m[k] ?? 0;
      const recorded = Object.values(r.attemptStates).reduce((a, b) => a + b, 0);
      const interrupted = count(r.attemptStates, 'INTERRUPTED');
      const answered = recorded - interrupted;
      const ended =
        count(r.jobStates, 'SUCCEEDED') + count(r.jobStates, 'EXHAUSTED') + count(r.jobStates, 'FAILED');
      const failedCalls = count(r.attemptStates, 'FAILED') + interrupted;
      const problems: string[] = [];
      if (r.orders !== orders) problems.push(`${r.orders} of ${orders} orders in the file`);
      if (ended !== orders) problems.push(`jobs not ended: ${JSON.stringify(r.jobStates)}`);
      if (r.jobsWithGaps > 0)
        problems.push(`${r.jobsWithGaps} jobs whose attempts have a gap or a wrong count`);
      if (count(r.attemptStates, 'RUNNING') > 0) problems.push('attempts left RUNNING');
      if (interrupted > CHUNK) problems.push(`${interrupted} attempts cut, more than one chunk (${CHUNK})`);
      if (r.failureMails !== failedCalls)
        problems.push(`${r.failureMails} CALL_FAILED e-mails for ${failedCalls} failed or cut attempts`);
      if (stats.errors + stats.rejected > 0) problems.push(`seller: ${stats.firstProblem ?? 'problems'}`);
      if (stats.requests < answered || stats.requests > recorded)
        problems.push(
          `the seller received ${stats.requests} calls for ${answered}–${recorded} recorded attempts`,
        );
      if (problems.length > 0)
        throw new Error(`lost or duplicated work after the SIGKILL: ${problems.join('; ')}`);
      const lost = 0;
      return {
        method:
          `${orders} orders on a SQLite file in a fresh worker against the failing seller (000106 until the 4th ` +
          `call); SIGKILL ${KILL_AFTER_MS} ms after the first retries started; a second worker reopens the file ` +
          'and plays the rest of the 3-hour schedule; the file and the seller are then checked against each other.',
        rows: [
          {
            label: 'first run until the kill',
            value: round(killedAt - t0),
            unit: 'ms',
            detail: `purchases, first attempts and ${Math.round(killedAt - scheduleAt)} ms of retries`,
          },
          {
            label: 'reopen, recover and finish the schedule',
            value: round(r.resumeMs),
            unit: 'ms',
            detail: `${interrupted} attempts cut by the kill completed as INTERRUPTED; jobs ${JSON.stringify(r.jobStates)}`,
          },
          {
            label: 'attempts recorded',
            value: recorded,
            unit: 'attempts',
            detail: `${JSON.stringify(r.attemptStates)}; seller received ${stats.requests} calls, none twice; ${r.failureMails} CALL_FAILED e-mails`,
          },
          { label: 'database file at the end', value: round(r.fileBytes / (1024 * 1024), 3), unit: 'MB' },
        ],
        targets: [
          target({
            id: 'sqlite.kill.lost',
            description: `SIGKILL during a ${orders}-order SQLite run: nothing lost or sent twice`,
            actual: lost,
            comparator: '<=',
            limit: 0,
            unit: 'problems',
          }),
        ],
        notes: [`Mock ${build.version} (dist built ${build.builtAt}). Not run by CI (bench only).`],
        raw: { result: r, seller: stats, killedAfterMs: killedAt - t0 },
      };
    } finally {
      await seller.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
});
