/**
 * Issue 21 item 3: a month of a realistic marketplace on the virtual clock, against the example express seller
 * (`packages/examples/express-seller`, `tsx src/main.ts`, `DB_PATH=:memory:`, a fresh one per run). The worker
 * (`servers/month-worker.mjs`, bare node, the built `createMockMarketplace`) buys 5 000 period instances — manual
 * renewals, auto-renewals, upgrades, unsubscribes, trials that expire (frozen, then released) and supervised
 * orders taken to acceptance — and 1 000 pay-per-use instances whose seller pushes one usage record each every hour,
 * plays March hour by hour, checks every group ended the intended way, then moves the clock to April 7, when it
 * generates March's bill (the bill run, issue 19), and checks the bill has lines of every type that took effect in March (renewals take effect in April).
 * Reports wall time, attempts per second and peak RSS. Targets: < 60 s and < 500 MB, the bill run included.
 * Sizes: `KGK_BENCH_MONTH=periodInstances,payPerUse[,days]` (default 5000,1000,30; `--quick` 500,100,30).
 */
import { join } from 'node:path';
import { mockBuildInfo } from '../lib/mock-dist';
import { REPO_ROOT, SERVERS_DIR } from '../lib/paths';
import { spawnPlain } from '../lib/plain-child';
import { BENCH_ACCESS_KEY } from '../lib/production-call';
import { round } from '../lib/stats';
import { defineCase, target, type TargetCheck } from '../lib/types';
import type { MonthConfig, MonthMessage, MonthResult } from '../servers/month-protocol';

const SELLER_MAIN = join(REPO_ROOT, 'packages', 'examples', 'express-seller', 'src', 'main.ts');
const PRODUCTION_URL = /production URL:\s+(http:\/\/\S+)/;
const ENV = 'KGK_BENCH_MONTH';

/** The sizes to play: the environment override, else the issue's (or a tenth with `--quick`). */
function sizes(quick: boolean): Omit<MonthConfig, 'sellerUrl' | 'accessKey'> {
  const raw = process.env[ENV];
  if (raw === undefined || raw.trim() === '')
    return quick
      ? { periodInstances: 500, payPerUse: 100, days: 30 }
      : { periodInstances: 5_000, payPerUse: 1_000, days: 30 };
  const [p, u, d = 30] = raw.split(',').map((s) => Number(s.trim()));
  const ok = (n: number | undefined, max: number): boolean =>
    Number.isInteger(n) && (n as number) >= 0 && (n as number) <= max;
  if (!ok(p, 100_000) || !ok(u, 100_000) || !ok(d, 366) || d < 25) {
    throw new Error(`${ENV} must be periodInstances,payPerUse[,days ≥ 25], got ${JSON.stringify(raw)}.`);
  }
  return { periodInstances: p as number, payPerUse: u as number, days: d };
}

function runMonth(config: MonthConfig, signal: AbortSignal, cpuProfDir?: string): Promise<MonthResult> {
  const profile = cpuProfDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`];
  const child = spawnPlain(process.execPath, [...profile, join(SERVERS_DIR, 'month-worker.mjs')], {
    signal,
    ipc: true,
    env: { KGK_BENCH_MONTH: JSON.stringify(config), NODE_ENV: 'production' },
  });
  return new Promise<MonthResult>((resolve, reject) => {
    let result: MonthResult | undefined;
    let failure = '';
    child.process.on('message', (m: MonthMessage) => {
      if (m.type === 'result') result = m.result;
      else failure = m.message.split('\n')[0] ?? '';
    });
    void child.exited().then((code) => {
      if (result !== undefined && code === 0) resolve(result);
      else
        reject(
          new Error(
            `the month worker exited with ${code} (${failure}): ${child.stderr().trim().slice(-500)}`,
          ),
        );
    });
  });
}

export default defineCase({
  id: 'marketplace-month',
  title: 'A month of a busy marketplace on the virtual clock, against the example seller',
  item: '21.3',
  order: 47,
  budgetMs: (o) => (o.quick ? 120_000 : 300_000),
  async run(ctx) {
    const build = mockBuildInfo();
    const size = sizes(ctx.options.quick);
    const seller = spawnPlain(process.execPath, ['--import', 'tsx', SELLER_MAIN], {
      signal: ctx.signal,
      env: { KEY: BENCH_ACCESS_KEY, PORT: '0', DB_PATH: ':memory:', NODE_ENV: 'production' },
    });
    let r: MonthResult;
    try {
      const sellerUrl = (await seller.waitFor(PRODUCTION_URL, 30_000))[1] as string;
      r = await runMonth(
        { sellerUrl, accessKey: BENCH_ACCESS_KEY, ...size },
        ctx.signal,
        ctx.options.cpuProfDir,
      );
    } finally {
      await seller.stop();
    }
    if (r.problems.length > 0)
      throw new Error(`the month did not play as intended: ${r.problems.join('; ')}`);
    ctx.log(`${Math.round(r.wallMs)} ms, ${r.attempts} attempts, peak RSS ${Math.round(r.peakRssMb)} MB`);
    const perSecond = (r.attempts / r.wallWithBillMs) * 1000;
    const targets: TargetCheck[] = [];
    const atIssueSize = size.periodInstances === 5_000 && size.payPerUse === 1_000 && size.days === 30;
    if (atIssueSize) {
      targets.push(
        target({
          id: 'month.wall',
          description:
            'a month (5 000 period + 1 000 pay-per-use instances) and its bill run: wall time < 60 s',
          actual: round(r.wallWithBillMs),
          comparator: '<',
          limit: 60_000,
          unit: 'ms',
        }),
        target({
          id: 'month.rss',
          description: 'a month (5 000 period + 1 000 pay-per-use instances): peak RSS < 500 MB',
          actual: round(r.peakRssMb),
          comparator: '<',
          limit: 500,
          unit: 'MB',
        }),
      );
    }
    return {
      method:
        `${size.periodInstances} period instances (groups ${JSON.stringify(r.groups)}) and ${size.payPerUse} ` +
        `pay-per-use instances pushing one usage record each per hour (pushes of 100), ${size.days} days played ` +
        'hour by hour on the virtual clock by the built createMockMarketplace (memory store, concurrency 16) in a ' +
        'fresh worker, against a fresh example express seller; every group checked at the end.',
      rows: [
        {
          label: 'the month and its bill run: wall time',
          value: round(r.wallWithBillMs),
          unit: 'ms',
          detail:
            `March ${r.wallMs.toFixed(0)} ms, then to the bill day ${(r.wallWithBillMs - r.wallMs).toFixed(0)} ms; ` +
            `setup (buyers, purchases, first attempts) ${r.setupMs.toFixed(0)} ms, usage pushes ` +
            `${r.usageMs.toFixed(0)} ms (${r.usageRecords} records, ` +
            `${((r.usageMs / Math.max(1, r.usageRecords)) * 1000).toFixed(1)} µs each); CPU ${r.cpuMs.toFixed(0)} ms`,
        },
        {
          label: 'the month: attempts/s',
          value: round(perSecond),
          unit: 'attempts/s',
          detail: `${r.attempts} attempts ${JSON.stringify(r.attemptsByInterface)}; jobs ${JSON.stringify(r.jobStates)}`,
        },
        {
          label: 'the month: peak RSS',
          value: round(r.peakRssMb),
          unit: 'MB',
          detail: `${r.rssStartMb.toFixed(0)} MB after start`,
        },
        {
          label: "bill run: March's bill",
          value: round(r.billRunMs),
          unit: 'ms',
          detail:
            r.bill === null
              ? 'no bill'
              : `${r.bill.lineCount} lines ${JSON.stringify(r.bill.lines)}, settlement total ${r.bill.settlementTotal}, ` +
                `status ${r.bill.status}`,
        },
        {
          label: 'the month: orders',
          value: Object.values(r.orders).reduce((a, b) => a + b, 0),
          unit: 'orders',
          detail:
            `${JSON.stringify(r.orders)}; instances ${JSON.stringify(r.instances)}; auto-renewal charges ` +
            `${r.autoRenewalsPaid}; supervisions ${JSON.stringify(r.supervisions)}`,
        },
      ],
      targets,
      notes: [
        `Mock ${build.version} (dist built ${build.builtAt}); the seller runs from its TypeScript sources through tsx.`,
        ...(atIssueSize
          ? []
          : [`Sizes ${JSON.stringify(size)} are not the issue's: the targets were not checked.`]),
      ],
      raw: r,
    };
  },
});
