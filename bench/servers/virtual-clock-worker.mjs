// @ts-check
/**
 * Measurement worker of the virtual-clock case (a child process of its own, so its peak RSS is the mock's alone):
 * starts the built mock marketplace (`createMockMarketplace`: engine, in-memory store, virtual clock, undici
 * delivery) against the failing seller, buys `orders` paid orders, delivers the first newInstance attempts, then
 * plays the whole 3-hour retry schedule on the virtual clock, checks every order ended the intended way and reports
 * the timings and the peak RSS over IPC. Configuration: JSON in `KGK_BENCH_VCLOCK` (`WorkerConfig` in
 * `virtual-clock-protocol.ts`, which also types the messages).
 *
 * Plain JavaScript on purpose: the case starts it with bare `node` (no tsx), so nothing but the mock and Node
 * itself is in the measured process.
 */
import { statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { MB, MOCK_INDEX, runWorker, send, workerConfig } from './worker-common.mjs';

/** @typedef {import('./virtual-clock-protocol').WorkerConfig} WorkerConfig */
/** @typedef {import('./virtual-clock-protocol').WorkerMessage} WorkerMessage */
/** @typedef {import('./virtual-clock-protocol').ResumeResult} ResumeResult */

/**
 * The members of the built mock this worker uses.
 * @typedef {{
 *   purchase(input: { productCode: string; autoPay: boolean }): { orderId: string };
 *   flush(): Promise<void>;
 *   idle(): Promise<void>;
 *   advance(by: string): Promise<{ steps: number }>;
 *   advanceTo(time: string): Promise<{ steps: number }>;
 *   orders(): Array<{ orderType: string }>;
 *   jobs(filter?: { interface?: string }): Array<{ id: string; state: string; attemptCount: number }>;
 *   attempts(filter?: { jobId?: string }): Array<{ jobId: string; no: number; state: string }>;
 *   outbox(): Array<{ kind: string }>;
 *   close(): Promise<void>;
 * }} Marketplace
 */

/** Business time of the first purchase; the schedule ends 3 hours later. */
const START_AT = '2026-03-02T01:00:00Z';
const SCHEDULE_END = '2026-03-02T04:00:00Z';

/** Size of the database file with its write-ahead log, bytes (0 for the memory store). */
function fileBytes(/** @type {string | undefined} */ db) {
  if (db === undefined) return 0;
  let total = 0;
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      total += statSync(db + suffix).size;
    } catch {
      // no such file (the log is folded into the database on close)
    }
  }
  return total;
}

/** Counts `values` by their `state`. */
function countStates(/** @type {Array<{ state: string }>} */ values) {
  /** @type {Record<string, number>} */
  const out = {};
  for (const v of values) out[v.state] = (out[v.state] ?? 0) + 1;
  return out;
}

/**
 * Reopens the file a killed `run` worker left, plays the rest of the schedule (the engine first completes the
 * attempts the kill cut as INTERRUPTED) and reports what the file holds.
 * @param {Marketplace} market
 * @param {WorkerConfig} config
 * @param {number} t0
 */
async function resume(market, config, t0) {
  await market.advanceTo(SCHEDULE_END);
  await market.idle();
  const resumeMs = performance.now() - t0;
  const jobs = market.jobs({ interface: 'newInstance' });
  const attempts = market.attempts();
  /** @type {Map<string, number[]>} */
  const numbers = new Map();
  for (const a of attempts) {
    const list = numbers.get(a.jobId) ?? [];
    list.push(a.no);
    numbers.set(a.jobId, list);
  }
  let jobsWithGaps = 0;
  for (const job of jobs) {
    const nos = (numbers.get(job.id) ?? []).sort((a, b) => a - b);
    if (nos.length !== job.attemptCount || nos.some((no, i) => no !== i + 1)) jobsWithGaps++;
  }
  /** @type {ResumeResult} */
  const result = {
    // The purchases; an attempt the kill cut before it reached the seller makes its order fail after the last
    // retry (the seller counts one call fewer), which adds a refund (UNSUBSCRIBE) order: not a purchase.
    orders: market.orders().filter((o) => o.orderType === 'NEW').length,
    jobStates: countStates(jobs),
    attemptStates: countStates(attempts),
    jobsWithGaps,
    failureMails: market.outbox().filter((m) => m.kind === 'CALL_FAILED').length,
    resumeMs,
    fileBytes: 0,
  };
  return result;
}
async function main() {
  const config = /** @type {WorkerConfig} */ (workerConfig('KGK_BENCH_VCLOCK'));
  const { createMockMarketplace } = await import(pathToFileURL(MOCK_INDEX).href);
  const resuming = config.mode === 'resume';
  const t0open = performance.now();
  const market = /** @type {Marketplace} */ (
    await createMockMarketplace({
      sellerUrl: config.sellerUrl,
      accessKey: config.accessKey,
      consoleDir: null,
      openApi: { enabled: false },
      oauth: { enabled: false },
      ...(config.db === undefined ? {} : { db: config.db }),
      // A reopened file resumes its own business time.
      ...(resuming ? {} : { startAt: START_AT }),
      engine: { seed: 'bench-virtual-clock' },
    })
  );
  if (resuming) {
    try {
      const result = await resume(market, config, t0open);
      await market.close();
      result.fileBytes = fileBytes(config.db);
      send({ type: 'resumed', result });
    } finally {
      await market.close();
    }
    return;
  }
  try {
    const rssStartMb = process.memoryUsage().rss / MB;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < config.orders; i++) market.purchase({ productCode: 'crm', autoPay: true });
    const t1 = performance.now();
    const purchaseCpu = process.cpuUsage(cpu0);
    send({ type: 'progress', phase: 'purchased' });
    await market.flush();
    await market.idle();
    const t2 = performance.now();
    send({ type: 'progress', phase: 'schedule' });
    // Retries are due 1 h, 2 h and 3 h after the first attempt; the clock stops at each due instant.
    const report = await market.advance('3h');
    await market.idle();
    const t3 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const jobs = market.jobs({ interface: 'newInstance' });
    /** @type {Record<string, number>} */
    const jobStates = {};
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
        purchaseCpuMs: (purchaseCpu.user + purchaseCpu.system) / 1000,
        fileBytes: fileBytes(config.db),
      },
    });
  } finally {
    await market.close();
  }
}

runWorker(main);
