/**
 * Messages between the virtual-clock case (`cases/virtual-clock-scale.ts`) and its measurement worker
 * (`servers/virtual-clock-worker.mjs`). The worker is plain JavaScript so that it runs on bare `node`: under tsx
 * its TypeScript loader (a worker thread with esbuild) would add ~50 MB to the RSS charged to the mock.
 */

/** What the case passes to the worker. */
export interface WorkerConfig {
  sellerUrl: string;
  accessKey: string;
  orders: number;
}

/** What the worker reports (`{ type: 'result', result }` over IPC). */
export interface WorkerResult {
  orders: number;
  /** Attempts of newInstance jobs (4 per order expected: the first and 3 hourly retries). */
  attempts: number;
  /** newInstance jobs by final state. */
  jobStates: Record<string, number>;
  /** Wall ms of the purchases (orders created, jobs queued). */
  purchaseMs: number;
  /** Wall ms of the first attempts (`flush`). */
  firstAttemptMs: number;
  /** Wall ms of the 3-hour schedule on the virtual clock (`advance('3h')`), retries included. */
  scheduleMs: number;
  /** Due instants the clock stopped at during the advance. */
  steps: number;
  /** RSS after the mock started, before any order, MB. */
  rssStartMb: number;
  /** Peak RSS of the whole process (`process.resourceUsage().maxRSS`), MB. */
  peakRssMb: number;
  /** Heap used at the end (after the schedule, before closing), MB. */
  heapEndMb: number;
  /** CPU time (user + system) of this process from the first purchase to the end of the schedule, ms. */
  cpuMs: number;
  /** Mean JSON size of one stored attempt record (sampled on the first 50 jobs, after the peak was read), bytes. */
  attemptBytes: number;
}

/** Worker → case message. */
export type WorkerMessage = { type: 'result'; result: WorkerResult } | { type: 'fatal'; message: string };
