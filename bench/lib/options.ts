/**
 * Command-line options of `bench/run.ts` (pass them after `--`: `npx pnpm@10 bench -- --quick`).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** Parsed options, defaults applied. */
export interface BenchOptions {
  /** Short run for a smoke check (`--quick`): 3 s load after 1 s warm-up, fewer rounds and runs. */
  quick: boolean;
  /** Measured load duration per server, seconds (`--duration`, default 10; quick 3). */
  durationSec: number;
  /** Warm-up load before each measurement, seconds, discarded (`--warmup`, default 2; quick 1). */
  warmupSec: number;
  /** Concurrent autocannon connections (`--connections`, default 10). */
  connections: number;
  /** Throughput rounds per comparison, alternating the order ABBA… (`--rounds`, default 2; quick 1). */
  rounds: number;
  /** Interleaved mitata rounds per body size (`--verify-rounds`, default 15; quick 4). */
  verifyRounds: number;
  /** Sampled time mitata spends per subject per round, ms (`--verify-ms`, default 100; quick 50). */
  verifyMs: number;
  /**
   * Clock of the verification benchmark (`--clock`): `cpu` (default) = this process's CPU time, so time the
   * process spends preempted by other work on a shared machine is not counted; `wall` = mitata's wall clock.
   */
  clock: 'cpu' | 'wall';
  /** Fresh `node` processes per import-time variant (`--import-runs`, default 21; quick 7). */
  importRuns: number;
  /** Case ids to run (`--only a,b`); empty = all. */
  only: string[];
  /** Where the JSON goes (`--out`, default `bench/results/latest.json`). */
  out: string;
  /** Run even when `packages/sdk/dist` is older than its sources (`--allow-stale`). */
  allowStale: boolean;
  /** Exit with status 2 when a target is missed (`--strict`). */
  strict: boolean;
  /** Hard cap on the whole run, seconds (`--max-seconds`, default 900): past it everything is killed. */
  maxSeconds: number;
  /**
   * Directory for V8 CPU profiles of the server children (`--cpu-prof <dir>`): each child runs with
   * `--cpu-prof --cpu-prof-dir=<dir>` and writes a `.cpuprofile` when stopped. Undefined = no profiling.
   */
  cpuProfDir?: string;
  /** Print usage and exit (`--help`). */
  help: boolean;
}

/** Usage text printed by `--help` and after a bad flag. */
export const USAGE = `Usage: npx pnpm@10 bench -- [options]

  --quick               smoke run: 1 s warm-up + 3 s load, 1 round, fewer samples
  --duration <s>        measured autocannon load per server (default 10)
  --warmup <s>          discarded warm-up load before each measurement (default 2)
  --connections <n>     autocannon connections (default 10)
  --rounds <n>          throughput rounds per comparison, order alternated ABBA (default 2)
  --verify-rounds <n>   interleaved mitata rounds per body size (default 15)
  --verify-ms <ms>      mitata sampled time per subject per round (default 100)
  --clock <cpu|wall>    clock of the verification benchmark (default cpu: process CPU time,
                        immune to preemption by other work; wall: mitata's wall clock)
  --import-runs <n>     fresh node processes per import variant (default 21)
  --only <ids>          comma-separated case ids (see the list printed at start)
  --out <file>          JSON output (default bench/results/latest.json)
  --allow-stale         run even if packages/sdk/dist is older than packages/sdk/src
  --strict              exit 2 when a target is missed
  --max-seconds <s>     hard cap on the whole run (default 900)
  --cpu-prof <dir>      write V8 CPU profiles of the server children into <dir>
                        (summarise with: npx tsx bench/tools/profile-summary.ts <file.cpuprofile>)
  --help                this text`;

/** A flag value that is not usable; the message names the flag and what is expected. */
export class OptionError extends Error {
  override name = 'OptionError';
}

function positive(name: string, raw: string | undefined, fallback: number, integer: boolean): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new OptionError(
      `--${name} must be a positive ${integer ? 'integer' : 'number'}, got ${JSON.stringify(raw)}.`,
    );
  }
  return n;
}

function clockOption(raw: string | undefined): 'cpu' | 'wall' {
  if (raw === undefined || raw === 'cpu') return 'cpu';
  if (raw === 'wall') return 'wall';
  throw new OptionError(`--clock must be cpu or wall, got ${JSON.stringify(raw)}.`);
}

/**
 * Parses `argv` (without the node and script paths).
 *
 * @throws OptionError for an unknown flag or a bad value.
 */
export function parseOptions(argv: readonly string[], defaultOut: string): BenchOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv].filter((a) => a !== '--'),
      allowPositionals: false,
      strict: true,
      options: {
        quick: { type: 'boolean', default: false },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        connections: { type: 'string' },
        rounds: { type: 'string' },
        'verify-rounds': { type: 'string' },
        'verify-ms': { type: 'string' },
        'import-runs': { type: 'string' },
        clock: { type: 'string' },
        only: { type: 'string' },
        out: { type: 'string' },
        'allow-stale': { type: 'boolean', default: false },
        strict: { type: 'boolean', default: false },
        'max-seconds': { type: 'string' },
        'cpu-prof': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new OptionError(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values;
  const quick = v.quick === true;
  return {
    quick,
    durationSec: positive('duration', v.duration, quick ? 3 : 10, false),
    warmupSec: positive('warmup', v.warmup, quick ? 1 : 2, false),
    connections: positive('connections', v.connections, 10, true),
    rounds: positive('rounds', v.rounds, quick ? 1 : 2, true),
    verifyRounds: positive('verify-rounds', v['verify-rounds'], quick ? 4 : 15, true),
    verifyMs: positive('verify-ms', v['verify-ms'], quick ? 50 : 100, false),
    clock: clockOption(v.clock),
    importRuns: positive('import-runs', v['import-runs'], quick ? 7 : 21, true),
    only: (v.only ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    out: v.out ?? defaultOut,
    allowStale: v['allow-stale'] === true,
    strict: v.strict === true,
    maxSeconds: positive('max-seconds', v['max-seconds'], 900, false),
    ...(v['cpu-prof'] === undefined ? {} : { cpuProfDir: resolve(v['cpu-prof']) }),
    help: v.help === true,
  };
}
