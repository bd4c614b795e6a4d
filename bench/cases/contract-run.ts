/**
 * Issue 11 item 5: wall time of the full `koogallery-mock contract` suite (`runContract` from the built mock, default
 * options: every check that applies to a PERIOD product, an in-process mock per scenario) against the example
 * express seller (`packages/examples/express-seller`, its `main.ts` run with tsx in a child process, in-memory
 * SQLite). A fresh seller serves each run; only `runContract` is timed. Target: < 5 s (median).
 */
import { join } from 'node:path';
import { loadMockDist, mockBuildInfo } from '../lib/mock-dist';
import { REPO_ROOT } from '../lib/paths';
import { spawnPlain } from '../lib/plain-child';
import { BENCH_ACCESS_KEY } from '../lib/production-call';
import { median, range, round } from '../lib/stats';
import { defineCase, target } from '../lib/types';

const SELLER_MAIN = join(REPO_ROOT, 'packages', 'examples', 'express-seller', 'src', 'main.ts');
const PRODUCTION_URL = /production URL:\s+(http:\/\/\S+)/;

export default defineCase({
  id: 'contract-run',
  title: 'Contract run: koogallery-mock contract suite against the example express seller',
  item: '5',
  order: 50,
  budgetMs: (o) => (o.quick ? 2 : 5) * 45_000 + 30_000,
  async run(ctx) {
    const build = mockBuildInfo();
    const mock = await loadMockDist();
    const runs = ctx.options.quick ? 2 : 5;
    const wall: number[] = [];
    const reported: number[] = [];
    const notes: string[] = [];
    let summary = { total: 0, passed: 0, failed: 0, skipped: 0 };
    // One untimed run first (module and JIT warm-up of this process, as a CI job's first run is not repeated).
    for (let i = -1; i < runs; i++) {
      const seller = spawnPlain(process.execPath, ['--import', 'tsx', SELLER_MAIN], {
        signal: ctx.signal,
        env: { KEY: BENCH_ACCESS_KEY, PORT: '0', DB_PATH: ':memory:', NODE_ENV: 'production' },
      });
      try {
        const m = await seller.waitFor(PRODUCTION_URL, 30_000);
        const sellerUrl = m[1] as string;
        const t0 = performance.now();
        const report = await mock.runContract({ sellerUrl, key: BENCH_ACCESS_KEY });
        const ms = performance.now() - t0;
        ctx.signal.throwIfAborted();
        summary = report.summary;
        if (i === runs - 1) {
          const ids = (status: string): string[] =>
            report.results.filter((r) => r.status === status).map((r) => r.id);
          if (!report.ok) notes.push(`The example seller FAILED check(s): ${ids('failed').join(', ')}.`);
          if (report.summary.skipped > 0) notes.push(`Skipped by the suite: ${ids('skipped').join(', ')}.`);
        }
        if (i >= 0) {
          wall.push(ms);
          reported.push(report.durationMs);
        }
        ctx.log(
          `run ${i + 1}/${runs}: ${Math.round(ms)} ms, ${report.summary.passed} passed, ` +
            `${report.summary.failed} failed, ${report.summary.skipped} skipped`,
        );
      } finally {
        await seller.stop();
      }
    }
    const wallMs = median(wall);
    const r = range(wall);
    return {
      method:
        `${runs} timed \`runContract({ sellerUrl, key })\` runs (default options) after one untimed run, each against ` +
        'a fresh example express seller (`tsx src/main.ts`, `DB_PATH=:memory:`) in a child process on 127.0.0.1; median ' +
        'of the wall time measured around the call.',
      rows: [
        {
          label: 'runContract, full suite (wall time)',
          value: round(wallMs),
          unit: 'ms',
          detail: `min ${r.min.toFixed(0)} / max ${r.max.toFixed(0)} ms over ${runs} runs; report.durationMs median ${median(reported).toFixed(0)} ms; ${summary.total} checks: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`,
        },
      ],
      targets: [
        target({
          id: 'contract.wall',
          description: 'full contract suite against the example seller < 5 s (median)',
          actual: round(wallMs),
          comparator: '<',
          limit: 5_000,
          unit: 'ms',
        }),
      ],
      notes: [
        `Mock ${build.version} (dist built ${build.builtAt}); the seller runs from its TypeScript sources through tsx.`,
        ...notes,
      ],
      raw: { wall, reported, summary },
    };
  },
});
