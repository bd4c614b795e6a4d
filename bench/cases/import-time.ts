/**
 * Issue 11 item 6 (SDK half): time to import the SDK's root entry (ESM, built) in a fresh `node` process, against
 * `node -e ''`. Target: < 60 ms over the baseline.
 *
 * Method: N interleaved iterations; each iteration runs every variant once in a fresh process (order rotating)
 * and times spawn-to-exit. Costs are medians of the per-iteration differences to the baseline. Besides the
 * measured entries, two diagnostic variants split the cost: axios alone, and the root entry of a copy of the dist
 * whose axios import is stubbed (what lazy-loading axios would give; see bench/lib/dist-without-axios.ts). The
 * in-process variant times only the `await import()` inside the process (module graph load and evaluation).
 */
import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createDistWithoutAxios } from '../lib/dist-without-axios';
import { REPO_ROOT, SDK_DIR } from '../lib/paths';
import { distEntryUrl } from '../lib/sdk-dist';
import { median, range, round } from '../lib/stats';
import { defineCase, target, type Measurement } from '../lib/types';

interface Variant {
  id: string;
  label: string;
  args: string[];
  /** Working directory (bare specifiers given to `--import` resolve from here). Default: the repository root. */
  cwd?: string;
  /** The variant prints its own in-process measurement (ms) on stdout. */
  reportsItself?: boolean;
}

/**
 * The `-e` script of every `--import` variant: prints the process's CPU time (user + system, ms) at the end, so
 * the cost can also be read on a clock that time spent preempted by other work does not inflate.
 */
const PRINT_CPU = 'const u = process.cpuUsage(); process.stdout.write(String((u.user + u.system) / 1000));';

function variants(noAxiosRootUrl: string): Variant[] {
  const root = distEntryUrl('index');
  return [
    { id: 'baseline', label: "node -e ''", args: ['-e', PRINT_CPU] },
    {
      id: 'root',
      label: 'node --import @koogallery-kit/sdk (dist/index.js)',
      args: ['--import', root, '-e', PRINT_CPU],
    },
    {
      id: 'node-entry',
      label: 'node --import @koogallery-kit/sdk/node (dist/node.js)',
      args: ['--import', distEntryUrl('node'), '-e', PRINT_CPU],
    },
    {
      id: 'axios',
      label: 'diagnostic: node --import axios (the SDK dependency alone)',
      args: ['--import', 'axios', '-e', PRINT_CPU],
      cwd: SDK_DIR,
    },
    {
      id: 'root-no-axios',
      label: 'diagnostic: root entry with axios stubbed (≈ lazy axios)',
      args: ['--import', noAxiosRootUrl, '-e', PRINT_CPU],
    },
    {
      id: 'in-process',
      label: 'await import(@koogallery-kit/sdk) inside the process',
      args: [
        '--input-type=module',
        '-e',
        `const t = performance.now(); await import(${JSON.stringify(root)}); ` +
          'process.stdout.write(String(performance.now() - t));',
      ],
      reportsItself: true,
    },
  ];
}

/** Runs `node <args>` once; resolves wall ms (and stdout). Bounded at 30 s. */
function timeNode(v: Variant, signal: AbortSignal): Promise<{ wallMs: number; stdout: string }> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // measure plain node, whatever the runner itself was started with
  return new Promise((resolve, reject) => {
    const started = performance.now();
    execFile(
      process.execPath,
      v.args,
      { cwd: v.cwd ?? REPO_ROOT, env, timeout: 30_000, signal, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const wallMs = performance.now() - started;
        if (error !== null) {
          reject(new Error(`${v.label} failed: ${error.message}\n${stderr.slice(0, 500)}`));
        } else resolve({ wallMs, stdout });
      },
    );
  });
}

export default defineCase({
  id: 'import-time',
  title: 'SDK root entry import time (fresh node process, median)',
  item: '6 (SDK import)',
  order: 40,
  budgetMs: (o) => (o.importRuns + 1) * 6 * 5_000 + 10_000,
  async run(ctx) {
    const copy = createDistWithoutAxios();
    try {
      const list = variants(copy.rootUrl);
      const wall: Record<string, number[]> = Object.fromEntries(list.map((v) => [v.id, []]));
      const delta: Record<string, number[]> = Object.fromEntries(list.map((v) => [v.id, []]));
      const cpu: Record<string, number[]> = Object.fromEntries(list.map((v) => [v.id, []]));
      const cpuDelta: Record<string, number[]> = Object.fromEntries(list.map((v) => [v.id, []]));
      const inProcess: number[] = [];
      // One untimed pass: the first spawn pays for cold file-system caches.
      for (const v of list) await timeNode(v, ctx.signal);
      for (let i = 0; i < ctx.options.importRuns; i++) {
        const iteration: Record<string, number> = {};
        const iterationCpu: Record<string, number> = {};
        for (let k = 0; k < list.length; k++) {
          const v = list[(i + k) % list.length]!;
          const { wallMs, stdout } = await timeNode(v, ctx.signal);
          iteration[v.id] = wallMs;
          wall[v.id]!.push(wallMs);
          const ms = Number(stdout);
          if (stdout === '' || !Number.isFinite(ms)) {
            throw new Error(`${v.label} printed ${JSON.stringify(stdout.slice(0, 80))} instead of a number`);
          }
          if (v.reportsItself === true) inProcess.push(ms);
          else {
            iterationCpu[v.id] = ms;
            cpu[v.id]!.push(ms);
          }
        }
        for (const v of list) {
          delta[v.id]!.push(iteration[v.id]! - iteration.baseline!);
          if (v.reportsItself !== true) cpuDelta[v.id]!.push(iterationCpu[v.id]! - iterationCpu.baseline!);
        }
      }
      ctx.log(
        `baseline ${median(wall.baseline!).toFixed(1)} ms, root +${median(delta.root!).toFixed(1)} ms, ` +
          `axios alone +${median(delta.axios!).toFixed(1)} ms, root without axios +${median(delta['root-no-axios']!).toFixed(1)} ms`,
      );

      const rows: Measurement[] = list
        .filter((v) => v.reportsItself !== true)
        .map((v) => {
          const spread = range(wall[v.id]!);
          const extra =
            v.id === 'baseline'
              ? `CPU ${median(cpu[v.id]!).toFixed(1)} ms; `
              : `+${median(delta[v.id]!).toFixed(1)} ms over baseline (CPU time +${median(cpuDelta[v.id]!).toFixed(1)} ms); `;
          return {
            label: v.label,
            value: round(median(wall[v.id]!), 4),
            unit: 'ms',
            detail: `${extra}wall spread ${spread.min.toFixed(1)}–${spread.max.toFixed(1)} ms`,
          };
        });
      const inSpread = range(inProcess);
      rows.push({
        label: list.find((v) => v.reportsItself === true)!.label,
        value: round(median(inProcess), 4),
        unit: 'ms',
        detail: `spread ${inSpread.min.toFixed(1)}–${inSpread.max.toFixed(1)} ms`,
      });
      return {
        method:
          `${ctx.options.importRuns} interleaved iterations (after one untimed pass), each variant a fresh node ` +
          "process, spawn-to-exit wall time; cost = median of per-iteration differences to `node -e ''`; the CPU " +
          'time each process reports for itself at exit is given alongside (immune to preemption, but it also ' +
          "counts V8's background compiler threads).",
        rows,
        targets: [
          target({
            id: 'import.root-over-baseline',
            description: "SDK root entry import < 60 ms over node -e ''",
            actual: round(median(delta.root!), 4),
            comparator: '<',
            limit: 60,
            unit: 'ms',
          }),
        ],
        notes: [
          'Diagnostic rows are not shipped code: they split the cost between axios and the rest of the SDK.',
        ],
        raw: { wallMs: wall, deltaMs: delta, cpuMs: cpu, cpuDeltaMs: cpuDelta, inProcessMs: inProcess },
      };
    } finally {
      copy.remove();
    }
  },
});
