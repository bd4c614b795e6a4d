/**
 * mitata timing on the process CPU-time clock, for the in-process tools (bench/tools): time the process spends
 * preempted by other work on a shared machine is not charged to the call being measured.
 */
import { do_not_optimize, measure } from 'mitata';

/** Process CPU time (user + system) in nanoseconds, as a mitata clock. Microsecond resolution. */
export function cpuNow(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) * 1000;
}

/**
 * mitata's median time per call (p50, ns of process CPU time) of `fn`, sampled for at least `minCpuNs` ns with 256
 * calls per sample. A promise returned by `fn` is handed to mitata, which then awaits every call; any other result
 * is kept alive (`do_not_optimize`) so the call is not optimised away.
 */
export async function measureCpuP50(fn: () => unknown, minCpuNs: number): Promise<number> {
  const stats = await measure(
    () => {
      const result = fn();
      if (result instanceof Promise) return result;
      do_not_optimize(result);
      return undefined;
    },
    { min_cpu_time: minCpuNs, batch_samples: 256, now: cpuNow },
  );
  return stats.p50;
}
