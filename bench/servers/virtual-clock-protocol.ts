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
  /** SQLite file (`--db FILE`); default: the in-memory store. */
  db?: string;
  /**
   * `run` (default): buy `orders` orders and play the schedule. `resume`: reopen `db` after a SIGKILL of a `run`
   * worker, play the rest of the schedule and report what the file holds ({@link ResumeResult}).
   */
  mode?: 'run' | 'resume';
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
  /** CPU ms of the purchases alone (part of `cpuMs`); `cpuMs - purchaseCpuMs` is the attempts' CPU. */
  purchaseCpuMs: number;
  /** Size of the database file at the end (SQLite runs), bytes. */
  fileBytes?: number;
}

/** What a `resume` worker finds in the file, once the rest of the schedule has played. */
export interface ResumeResult {
  /** Purchases (NEW orders) in the file. */
  orders: number;
  /** newInstance jobs by final state. */
  jobStates: Record<string, number>;
  /** Attempts by state (INTERRUPTED: the ones the kill cut, completed on reopening). */
  attemptStates: Record<string, number>;
  /** Jobs whose attempts are not numbered 1…attemptCount without a gap, or whose count differs. */
  jobsWithGaps: number;
  /** CALL_FAILED e-mails in the outbox. */
  failureMails: number;
  /** Wall ms from opening the file to the end of the schedule (crash recovery included). */
  resumeMs: number;
  /** Size of the database file at the end, bytes. */
  fileBytes: number;
}

/** Worker → case message. `progress` tells the case the schedule has started (the kill case waits for it). */
export type WorkerMessage =
  | { type: 'result'; result: WorkerResult }
  | { type: 'resumed'; result: ResumeResult }
  | { type: 'progress'; phase: 'purchased' | 'schedule' }
  | { type: 'fatal'; message: string };
