/**
 * Starts the virtual-clock measurement worker (`servers/virtual-clock-worker.mjs`) on bare node and collects what
 * it reports: shared by the virtual-clock scale case (memory and SQLite stores) and the SQLite kill case, which
 * kills a worker once the schedule runs and reopens its file in a second one.
 */
import { join } from 'node:path';
import { SERVERS_DIR } from './paths';
import { spawnPlain, type PlainChild } from './plain-child';
import type {
  ResumeResult,
  WorkerConfig,
  WorkerMessage,
  WorkerResult,
} from '../servers/virtual-clock-protocol';

/** A running worker. */
export interface RunningWorker {
  readonly child: PlainChild;
  /** Resolves when the worker reports `phase` (rejects if it ends first). */
  reached(phase: 'purchased' | 'schedule'): Promise<void>;
  /** The worker's report: a {@link WorkerResult} (`run`) or a {@link ResumeResult} (`resume`). */
  readonly done: Promise<WorkerResult | ResumeResult>;
}

/** Starts a worker with `config`; `cpuProfDir` writes a V8 CPU profile of it. */
export function startWorker(config: WorkerConfig, signal: AbortSignal, cpuProfDir?: string): RunningWorker {
  const profile = cpuProfDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`];
  // Bare node, no tsx: the worker is plain JavaScript, so the process holds the mock and nothing else.
  const child = spawnPlain(process.execPath, [...profile, join(SERVERS_DIR, 'virtual-clock-worker.mjs')], {
    signal,
    ipc: true,
    env: { KGK_BENCH_VCLOCK: JSON.stringify(config), NODE_ENV: 'production' },
  });
  const phases = new Set<string>();
  const waiting = new Map<string, Array<() => void>>();
  let report: WorkerResult | ResumeResult | undefined;
  let failure: string | undefined;
  child.process.on('message', (m: WorkerMessage) => {
    if (m.type === 'result' || m.type === 'resumed') report = m.result;
    else if (m.type === 'progress') {
      phases.add(m.phase);
      for (const resolve of waiting.get(m.phase) ?? []) resolve();
    } else failure = m.message.split('\n')[0] ?? '';
  });
  const done = child.exited().then((code) => {
    if (report !== undefined && code === 0) return report;
    throw new Error(
      `the worker exited with ${code}${failure === undefined ? '' : ` (${failure})`} without a result: ` +
        child.stderr().trim().slice(-500),
    );
  });
  // A case that kills the worker on purpose does not await `done`: keep its rejection from ending the run.
  done.catch(() => undefined);
  return {
    child,
    done,
    reached: (phase) =>
      phases.has(phase)
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((resolve) => waiting.set(phase, [...(waiting.get(phase) ?? []), resolve])),
            child.exited().then(() => {
              throw new Error(`the worker ended before ${phase}: ${child.stderr().trim().slice(-500)}`);
            }),
          ]),
  };
}

/** Runs a `run` worker to its end and returns its result. */
export async function runWorker(
  config: WorkerConfig,
  signal: AbortSignal,
  cpuProfDir?: string,
): Promise<WorkerResult> {
  return (await startWorker({ ...config, mode: 'run' }, signal, cpuProfDir).done) as WorkerResult;
}
