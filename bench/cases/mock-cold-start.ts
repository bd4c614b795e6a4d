/**
 * Issue 11 item 6 (mock half): `koogallery-mock start` to its first healthy answer. Each run spawns the built CLI
 * (`node packages/mock-server/dist/cli.js start --port 0 --db :memory: --quiet`), waits for the bound URL it prints,
 * then polls `GET /__admin/health` until it answers 200 `{"ok":true}`; the time from spawn to that answer is the
 * cold start. `node -e ''` is timed in the same interleaved loop as the floor every Node program pays.
 * Target: < 1 s (median).
 */
import { MOCK_CLI, mockBuildInfo } from '../lib/mock-dist';
import { spawnPlain } from '../lib/plain-child';
import { median, range, round } from '../lib/stats';
import { defineCase, target } from '../lib/types';

const URL_LINE = /listening\s+(http:\/\/127\.0\.0\.1:\d+)/;

/** Polls the health endpoint every 2 ms until it answers 200 with `ok: true`. */
async function firstHealthy(url: string, deadline: number, signal: AbortSignal): Promise<void> {
  let last = 'no answer';
  while (performance.now() < deadline) {
    signal.throwIfAborted();
    try {
      const res = await fetch(`${url}/__admin/health`, { signal });
      const body = (await res.json()) as { ok?: unknown };
      if (res.status === 200 && body.ok === true) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`GET ${url}/__admin/health never answered 200 {"ok":true} (last: ${last})`);
}

export default defineCase({
  id: 'mock-cold-start',
  title: 'Mock cold start: koogallery-mock start to first healthy answer',
  item: '6 (mock start)',
  order: 60,
  budgetMs: (o) => (o.quick ? 7 : 15) * 2 * 10_000 + 20_000,
  async run(ctx) {
    const build = mockBuildInfo();
    const runs = ctx.options.quick ? 7 : 15;
    const printed: number[] = [];
    const healthy: number[] = [];
    const bare: number[] = [];
    // One untimed pass first: the first spawn pays the cold file cache, which is not the start-up cost itself.
    for (let i = -1; i < runs; i++) {
      const t0 = performance.now();
      const child = spawnPlain(
        process.execPath,
        [MOCK_CLI, 'start', '--port', '0', '--db', ':memory:', '--quiet'],
        { signal: ctx.signal },
      );
      try {
        const m = await child.waitFor(URL_LINE, 10_000);
        const t1 = performance.now();
        await firstHealthy(m[1] as string, t0 + 10_000, ctx.signal);
        const t2 = performance.now();
        if (i >= 0) {
          printed.push(t1 - t0);
          healthy.push(t2 - t0);
        }
      } finally {
        await child.stop();
      }
      const b0 = performance.now();
      const node = spawnPlain(process.execPath, ['-e', ''], { signal: ctx.signal });
      const code = await node.exited();
      if (code !== 0) throw new Error(`node -e '' exited with ${code}`);
      if (i >= 0) bare.push(performance.now() - b0);
      ctx.log(`run ${i + 1}/${runs}: healthy after ${Math.round(healthy.at(-1) ?? NaN)} ms`);
    }
    const spread = (v: number[]): string => {
      const r = range(v);
      return `min ${r.min.toFixed(0)} / max ${r.max.toFixed(0)} ms over ${v.length} runs`;
    };
    const healthyMs = median(healthy);
    const bareMs = median(bare);
    return {
      method:
        `${runs} fresh \`node dist/cli.js start --port 0 --db :memory: --quiet\` processes (after one untimed pass), ` +
        'each timed from spawn to the printed URL and to the first `GET /__admin/health` answering 200; ' +
        "`node -e ''` spawned to exit in the same loop as the floor; medians.",
      rows: [
        {
          label: "floor: node -e '' (spawn to exit)",
          value: round(bareMs),
          unit: 'ms',
          detail: spread(bare),
        },
        {
          label: 'koogallery-mock start: URL printed',
          value: round(median(printed)),
          unit: 'ms',
          detail: spread(printed),
        },
        {
          label: 'koogallery-mock start: first healthy answer',
          value: round(healthyMs),
          unit: 'ms',
          ratio: round(healthyMs / bareMs, 3),
          ratioTo: "node -e ''",
          detail: spread(healthy),
        },
      ],
      targets: [
        target({
          id: 'mock.cold-start',
          description: 'koogallery-mock start → first healthy answer < 1 s (median)',
          actual: round(healthyMs),
          comparator: '<',
          limit: 1000,
          unit: 'ms',
        }),
      ],
      notes: [`Mock ${build.version}, dist built ${build.builtAt}.`],
      raw: { printed, healthy, bare },
    };
  },
});
