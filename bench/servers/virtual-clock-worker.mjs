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
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** @typedef {import('./virtual-clock-protocol').WorkerConfig} WorkerConfig */
/** @typedef {import('./virtual-clock-protocol').WorkerMessage} WorkerMessage */

/**
 * The members of the built mock this worker uses.
 * @typedef {{
 *   purchase(input: { productCode: string; autoPay: boolean }): { orderId: string };
 *   flush(): Promise<void>;
 *   idle(): Promise<void>;
 *   advance(by: string): Promise<{ steps: number }>;
 *   jobs(filter?: { interface?: string }): Array<{ id: string; state: string; attemptCount: number }>;
 *   attempts(filter: { jobId: string }): unknown[];
 *   close(): Promise<void>;
 * }} Marketplace
 */

/** The built mock (`packages/mock-server/dist/index.js`), what `lib/mock-dist.ts` names `MOCK_INDEX`. */
const MOCK_INDEX = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'packages',
  'mock-server',
  'dist',
  'index.js',
);

const MB = 1024 * 1024;

/** @param {WorkerMessage} message */
function send(message) {
  if (process.send !== undefined && process.connected) process.send(message);
}

async function main() {
  process.on('disconnect', () => process.exit(0));
  const raw = process.env['KGK_BENCH_VCLOCK'];
  if (raw === undefined)
    throw new Error('KGK_BENCH_VCLOCK is not set: this worker is started by the bench case.');
  const config = /** @type {WorkerConfig} */ (JSON.parse(raw));
  const { createMockMarketplace } = await import(pathToFileURL(MOCK_INDEX).href);
  const market = /** @type {Marketplace} */ (
    await createMockMarketplace({
      sellerUrl: config.sellerUrl,
      accessKey: config.accessKey,
      consoleDir: null,
      openApi: { enabled: false },
      oauth: { enabled: false },
      startAt: '2026-03-02T01:00:00Z',
      engine: { seed: 'bench-virtual-clock' },
    })
  );
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
      },
    });
  } finally {
    await market.close();
  }
}

main().then(
  () => process.exit(0),
  (/** @type {unknown} */ error) => {
    send({ type: 'fatal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  },
);
