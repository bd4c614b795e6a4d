/**
 * koogallery-kit benchmarks (issue 11) — one command: `npx pnpm@10 bench` (flags after `--`, see `--help`).
 *
 * Runs every case in bench/cases/ (or those named with `--only`), each within its time budget, prints Markdown
 * tables on stdout (progress on stderr) and writes bench/results/latest.json with the machine line and versions.
 * Server child processes are killed when their case ends, on Ctrl-C, and when the whole run hits `--max-seconds`.
 *
 * Exit status: 0 done (targets may be missed: see the table), 1 a case failed or the setup is broken,
 * 2 a target was missed under `--strict`, 64 bad flags, 124 the run hit --max-seconds.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { createChildRegistry, installExitHooks, killAllChildren } from './lib/children';
import { discoverCases } from './lib/discover';
import { collectMachine, machineLine, versionsLine } from './lib/machine';
import { OptionError, USAGE, parseOptions } from './lib/options';
import { BENCH_DIR, REPO_ROOT } from './lib/paths';
import { loadSdkDist } from './lib/sdk-dist';
import { renderCase, renderTargets } from './lib/table';
import type { BenchCase, CaseContext, CaseResult } from './lib/types';

const log = (message: string): void => {
  process.stderr.write(`[bench] ${message}\n`);
};

function runWithBudget(c: BenchCase, ctx: Omit<CaseContext, 'signal'>, budgetMs: number, outer: AbortSignal) {
  const controller = new AbortController();
  const onOuter = (): void => controller.abort(outer.reason);
  outer.addEventListener('abort', onOuter, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`exceeded its budget of ${Math.round(budgetMs / 1000)} s and was stopped`);
      controller.abort(error);
      reject(error);
    }, budgetMs);
  });
  return Promise.race([c.run({ ...ctx, signal: controller.signal }), timedOut]).finally(() => {
    clearTimeout(timer);
    outer.removeEventListener('abort', onOuter);
  });
}

async function main(): Promise<number> {
  const defaultOut = join(BENCH_DIR, 'results', 'latest.json');
  let options;
  try {
    options = parseOptions(process.argv.slice(2), defaultOut);
  } catch (error) {
    if (!(error instanceof OptionError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 64;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  installExitHooks();
  const runAbort = new AbortController();
  const watchdog = setTimeout(() => {
    log(`the run exceeded --max-seconds ${options.maxSeconds}: killing every child process and stopping.`);
    runAbort.abort(new Error('--max-seconds reached'));
    killAllChildren();
    process.exit(124);
  }, options.maxSeconds * 1000);
  watchdog.unref();

  const startedAt = new Date();
  const machine = collectMachine();
  const sdk = await loadSdkDist({ allowStale: options.allowStale });
  const all = await discoverCases();
  const unknown = options.only.filter((id) => !all.some((c) => c.id === id));
  if (unknown.length > 0) {
    process.stderr.write(
      `Unknown case id(s) ${unknown.join(', ')}; known: ${all.map((c) => c.id).join(', ')}\n`,
    );
    return 64;
  }
  const selected = options.only.length === 0 ? all : all.filter((c) => options.only.includes(c.id));
  const command = `npx pnpm@10 bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;

  process.stdout.write(
    `## koogallery-kit benchmarks\n\nCommand: \`${command}\`\n\nMachine: ${machineLine(machine)}\n\n` +
      `Versions: ${versionsLine(machine)}; SDK dist built ${sdk.builtAt}${sdk.stale ? ' (STALE: older than its sources)' : ''}\n\n`,
  );
  log(`cases: ${selected.map((c) => c.id).join(', ')} (available: ${all.map((c) => c.id).join(', ')})`);

  const results: CaseResult[] = [];
  for (const c of selected) {
    const children = createChildRegistry();
    const started = performance.now();
    const budgetMs = c.budgetMs(options);
    log(`${c.id}: ${c.title} (budget ${Math.round(budgetMs / 1000)} s)`);
    let result: CaseResult;
    try {
      const outcome = await runWithBudget(
        c,
        { options, sdk, children, log: (m) => log(`${c.id}: ${m}`) },
        budgetMs,
        runAbort.signal,
      );
      result = { id: c.id, title: c.title, item: c.item, status: 'ok', elapsedMs: 0, ...outcome };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`${c.id}: FAILED: ${message}`);
      result = { id: c.id, title: c.title, item: c.item, status: 'failed', elapsedMs: 0, error: message };
    } finally {
      await children.stopAll();
    }
    result.elapsedMs = Math.round(performance.now() - started);
    results.push(result);
    process.stdout.write(`${renderCase(result)}\n`);
  }

  const targets = results.flatMap((r) => r.targets ?? []);
  const missed = targets.filter((t) => !t.met);
  const failed = results.filter((r) => r.status === 'failed');
  process.stdout.write(
    `### Targets\n\n${renderTargets(targets)}\n\n` +
      `${targets.length - missed.length} of ${targets.length} targets met` +
      ` (load average ${loadavg()
        .map((n) => n.toFixed(2))
        .join('/')} at the end)` +
      `${failed.length > 0 ? `; ${failed.length} case(s) FAILED: ${failed.map((r) => r.id).join(', ')}` : ''}.\n`,
  );

  const report = {
    schema: 1,
    command,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine,
    machineLine: machineLine(machine),
    /** Load averages when the run ended: compare with `machine.loadAverage` (start) to judge the noise. */
    loadAverageEnd: loadavg().map((n) => Math.round(n * 100) / 100),
    sdk: { version: sdk.version, builtAt: sdk.builtAt, stale: sdk.stale },
    options,
    cases: results,
    summary: {
      targets: targets.length,
      met: targets.length - missed.length,
      missed: missed.map((t) => t.id),
    },
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
  log(`wrote ${relative(REPO_ROOT, options.out)}`);
  clearTimeout(watchdog);
  if (failed.length > 0) return 1;
  if (options.strict && missed.length > 0) return 2;
  return 0;
}

main().then(
  (code) => {
    killAllChildren();
    process.exitCode = code;
  },
  (error: unknown) => {
    killAllChildren();
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
