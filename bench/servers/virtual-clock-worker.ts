/**
 * Measurement worker of the virtual-clock case (a child process of its own, so its peak RSS is the mock's alone):
 * starts the built mock marketplace (`createMockMarketplace`: engine, in-memory store, virtual clock, undici
 * delivery) against the failing seller, buys `orders` paid orders, delivers the first newInstance attempts, then
 * plays the whole 3-hour retry schedule on the virtual clock, checks every order ended the intended way and reports
 * the timings and the peak RSS over IPC. Configuration: JSON in `KGK_BENCH_VCLOCK` ({@link WorkerConfig}).
 */
import { pathToFileURL } from 'node:url';
import { MOCK_INDEX } from '../lib/mock-dist';

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

interface Marketplace {
  purchase(input: { productCode: string; autoPay: boolean }): { orderId: string };
  flush(): Promise<void>;
  idle(): Promise<void>;
  advance(by: string): Promise<{ steps: number }>;
  jobs(filter?: { interface?: string }): Array<{ id: string; state: string; attemptCount: number }>;
  attempts(filter: { jobId: string }): unknown[];
  close(): Promise<void>;
}

interface MockModule {
  createMockMarketplace(o: Record<string, unknown>): Promise<Marketplace>;
}

const MB = 1024 * 1024;

function send(message: WorkerMessage): void {
  if (process.send !== undefined && process.connected) process.send(message);
}

async function main(): Promise<void> {
  process.on('disconnect', () => process.exit(0));
  const raw = process.env['KGK_BENCH_VCLOCK'];
  if (raw === undefined)
    throw new Error('KGK_BENCH_VCLOCK is not set: this worker is started by the bench case.');
  const config = JSON.parse(raw) as WorkerConfig;
  const { createMockMarketplace } = (await import(pathToFileURL(MOCK_INDEX).href)) as MockModule;
  const market = await createMockMarketplace({
    sellerUrl: config.sellerUrl,
    accessKey: config.accessKey,
    consoleDir: null,
    openApi: { enabled: false },
    oauth: { enabled: false },
    startAt: '2026-03-02T01:00:00Z',
    engine: { seed: 'bench-virtual-clock' },
  });
  try {
    const rssStartMb = process.memoryUsage().rss / MB;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < config.orders; i++) market.purchase({ productCode: 'crm', autoPay: true });
    const t1 = performance.now();
    await market.flush();
    await market.idle();
    const t2 = performance.now();
    // Retries are due 1 h, 2 h and 3 h after the first attempt; the clock stops at each due instant.
    const report = await market.advance('3h');
    await market.idle();
    const t3 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const jobs = market.jobs({ interface: 'newInstance' });
    const jobStates: Record<string, number> = {};
    let attempts = 0;
    for (const job of jobs) {
      jobStates[job.state] = (jobStates[job.state] ?? 0) + 1;
      attempts += job.attemptCount;
    }
    const peakRssMb = (process.resourceUsage().maxRSS * 1024) / MB;
    const heapEndMb = process.memoryUsage().heapUsed / MB;
    let sampled = 0;
    let bytes = 0;
    for (const job of jobs.slice(0, 50)) {
      for (const a of market.attempts({ jobId: job.id })) {
        sampled++;
        bytes += Buffer.byteLength(JSON.stringify(a));
      }
    }
    send({
      type: 'result',
      result: {
        orders: config.orders,
        attempts,
        jobStates,
        purchaseMs: t1 - t0,
        firstAttemptMs: t2 - t1,
        scheduleMs: t3 - t2,
        steps: report.steps,
        rssStartMb,
        peakRssMb,
        heapEndMb,
        cpuMs: (cpu.user + cpu.system) / 1000,
        attemptBytes: sampled === 0 ? NaN : bytes / sampled,
      },
    });
  } finally {
    await market.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    send({ type: 'fatal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  },
);
