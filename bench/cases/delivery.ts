/**
 * Issue 11 item 3: signed deliveries per second through the mock marketplace's real delivery path
 * (`createDeliverer` + `createUndiciTransport`: build and sign each newInstance call, send it, verify the reply's
 * Body-Sign and judge it) to a trivial local seller (the SDK handler in a child process, answering every
 * newInstance with a valid signed `000000`), 16 calls in flight. The floor is undici `Pool.request` sending
 * pre-signed calls (signed before the clock starts, replies read but not judged) to the same seller in the same run.
 * Target: mock ≥ 0.7× the floor.
 *
 * Issue 21 item 1, in the same rounds: the whole engine (the built `createMockMarketplace`: memory store, virtual
 * clock, concurrency 16) running the first newInstance attempt of freshly paid orders against the same seller
 * (intent, delivery, result, activation, events): its CPU per attempt against the floor's caller CPU per call.
 * Target: ≤ 2×. The purchases are made before the measured phase (they are not attempts).
 */
import { BENCH_ACCESS_KEY } from '../lib/production-call';
import {
  loadMockDelivery,
  loadMockDist,
  loadUndici,
  mockBuildInfo,
  type MockMarketplaceHandle,
} from '../lib/mock-dist';
import { median, range, round } from '../lib/stats';
import { defineCase, target } from '../lib/types';
import { PRODUCE_PATH } from '../servers/query-instance';

/** Calls in flight, as the issue specifies. */
const IN_FLIGHT = 16;

/** One measured batch: calls done, wall ms and this process's CPU ms. */
interface Batch {
  calls: number;
  wallMs: number;
  cpuMs: number;
}

/** Runs `count` calls with {@link IN_FLIGHT} workers pulling from one counter; throws on the first failure. */
async function inFlight(
  count: number,
  call: (i: number) => Promise<void>,
  signal: AbortSignal,
): Promise<Batch> {
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) {
        signal.throwIfAborted();
        await call(next++);
      }
    }),
  );
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { calls: count, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

export default defineCase({
  id: 'delivery',
  title: 'Delivery engine: mock deliverer vs undici Pool.request with pre-signed calls',
  item: '3',
  order: 30,
  budgetMs: (o) => o.rounds * 2 * 60_000 + 60_000,
  async run(ctx) {
    const build = mockBuildInfo();
    const mock = await loadMockDelivery();
    const mockDist = await loadMockDist();
    const { undici, version: undiciVersion } = loadUndici();
    const { buildProductionCall } = ctx.sdk.platform;
    const server = await ctx.children.spawnServer({
      entry: 'delivery-seller-server.ts',
      config: { accessKey: BENCH_ACCESS_KEY, path: PRODUCE_PATH, toleranceMs: 60_000 },
      ...(ctx.options.cpuProfDir === undefined ? {} : { cpuProfDir: ctx.options.cpuProfDir }),
    });
    const origin = `http://127.0.0.1:${server.port}`;
    const sellerUrl = `${origin}${PRODUCE_PATH}`;
    const transport = mock.createUndiciTransport({ connections: IN_FLIGHT });
    const deliver = mock.createDeliverer({ sellerUrl, accessKey: BENCH_ACCESS_KEY, transport });
    const pool = new undici.Pool(origin, { connections: IN_FLIGHT });
    const market: MockMarketplaceHandle = await mockDist.createMockMarketplace({
      sellerUrl,
      accessKey: BENCH_ACCESS_KEY,
      consoleDir: null,
      openApi: { enabled: false },
      oauth: { enabled: false },
      startAt: '2026-03-02T01:00:00Z',
      engine: { seed: 'bench-delivery', concurrency: IN_FLIGHT },
    });
    const perBatch = ctx.options.quick ? 2_000 : 6_000;
    const warmup = ctx.options.quick ? 300 : 1_000;
    let seq = 0;
    // Every call is a distinct order line (the seller refuses a replayed nonce, and ids stay realistic).
    const body = (): Record<string, unknown> => {
      seq++;
      const line = String(seq).padStart(9, '0');
      return {
        activity: 'newInstance',
        orderId: `CS2611220000${line}`,
        orderLineId: `CS2611220000${line}-000001`,
        businessId: `bench-business-${line}`,
      };
    };

    const runMock = async (count: number): Promise<Batch> => {
      const failures: string[] = [];
      const batch = await inFlight(
        count,
        async () => {
          const outcome = await deliver({ id: `J${seq}`, interface: 'newInstance', body: body() }, 1);
          if (!outcome.verdict.accepted)
            failures.push(outcome.verdict.problems.map((p) => `${p.code}: ${p.message}`).join('; '));
        },
        ctx.signal,
      );
      if (failures.length > 0)
        throw new Error(`${failures.length} of ${count} deliveries were not accepted: ${failures[0] ?? ''}`);
      return batch;
    };

    const runFloor = async (count: number): Promise<Batch> => {
      // Signed before the clock starts: the floor pays no HMAC and no JSON work.
      const calls = Array.from({ length: count }, () =>
        buildProductionCall({
          sellerUrl,
          accessKey: BENCH_ACCESS_KEY,
          interface: 'newInstance',
          body: body(),
        }),
      );
      let bad = 0;
      let firstBad = '';
      const batch = await inFlight(
        count,
        async (i) => {
          const c = calls[i];
          if (c === undefined) throw new Error(`no pre-signed call ${i}`);
          const u = new URL(c.url);
          const res = await pool.request({
            path: `${u.pathname}${u.search}`,
            method: c.method,
            headers: c.headers,
            ...(c.body === undefined ? {} : { body: c.body }),
          });
          const text = await res.body.text();
          if (res.statusCode !== 200 || !text.includes('"000000"')) {
            bad++;
            firstBad ||= `HTTP ${res.statusCode} ${text.slice(0, 200)}`;
          }
        },
        ctx.signal,
      );
      if (bad > 0) throw new Error(`floor: ${bad} of ${count} calls were not answered 000000: ${firstBad}`);
      return batch;
    };

    /** The engine: `count` paid orders (not measured), then their first newInstance attempts (measured). */
    const runEngine = async (count: number): Promise<Batch> => {
      await market.reset();
      for (let i = 0; i < count; i++) market.purchase({ productCode: 'crm', autoPay: true });
      ctx.signal.throwIfAborted();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await market.flush();
      await market.idle();
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const jobs = market.jobs({ interface: 'newInstance' });
      const done = jobs.filter((j) => j.state === 'SUCCEEDED' && j.attemptCount === 1).length;
      if (done !== count) {
        throw new Error(`engine: ${done} of ${count} newInstance jobs succeeded on their first attempt`);
      }
      return { calls: count, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
    };

    const sides = { floor: runFloor, mock: runMock, engine: runEngine };
    type Side = keyof typeof sides;
    const samples: Record<Side, Batch[]> = { floor: [], mock: [], engine: [] };
    try {
      ctx.log(`warm-up: ${warmup} calls each`);
      await runFloor(warmup);
      await runMock(warmup);
      await runEngine(warmup);
      await server.reset();
      const rounds = ctx.options.rounds * 2;
      for (let r = 0; r < rounds; r++) {
        // The order rotates so drift (heat, other load) does not favour one side.
        const all: Side[] = ['floor', 'mock', 'engine'];
        const order = [...all.slice(r % 3), ...all.slice(0, r % 3)];
        for (const side of order) {
          const b = await sides[side](perBatch);
          samples[side].push(b);
          ctx.log(`round ${r + 1}/${rounds} ${side}: ${Math.round((b.calls / b.wallMs) * 1000)} calls/s`);
        }
      }
    } finally {
      await pool.close();
      await transport.close();
      await market.close();
    }
    const stats = await server.stats();
    if (stats.rejected + stats.errors > 0) {
      throw new Error(
        `the seller refused ${stats.rejected} and failed ${stats.errors} calls (${stats.firstProblem ?? ''}): void run`,
      );
    }
    const rate = (b: Batch): number => (b.calls / b.wallMs) * 1000;
    const cpuPerCall = (b: Batch): number => (b.cpuMs / b.calls) * 1000;
    const ratios = samples.mock.map((m, i) => {
      const f = samples.floor[i];
      return f === undefined ? NaN : rate(m) / rate(f);
    });
    const floorRate = median(samples.floor.map(rate));
    const mockRate = median(samples.mock.map(rate));
    const ratio = median(ratios);
    const spread = (b: Batch[]): string => {
      const r = range(b.map(rate));
      return `${b.length} batches of ${perBatch}, min ${r.min.toFixed(0)} / max ${r.max.toFixed(0)}`;
    };
    const floorCpu = median(samples.floor.map(cpuPerCall));
    const mockCpu = median(samples.mock.map(cpuPerCall));
    const engineCpu = median(samples.engine.map(cpuPerCall));
    const cpuRatio = (side: Side): number[] =>
      samples[side].map((b, i) => {
        const f = samples.floor[i];
        return f === undefined ? NaN : cpuPerCall(b) / cpuPerCall(f);
      });
    const engineCpuRatio = median(cpuRatio('engine'));
    const mockCpuRatio = median(cpuRatio('mock'));
    const cpuSpread = (side: Side): string => {
      const r = range(cpuRatio(side));
      return `per-round ${r.min.toFixed(2)}–${r.max.toFixed(2)}×`;
    };
    return {
      method:
        `${IN_FLIGHT} calls in flight, ${ctx.options.rounds * 2} rounds of ${perBatch} calls per side after ` +
        `${warmup} warm-up calls each, order alternated every round; newInstance to the SDK handler in one child ` +
        'process on 127.0.0.1; ratio = median of per-round ratios. CPU is the caller process (this one) per call. ' +
        'Engine: the built createMockMarketplace running the first newInstance attempt of as many freshly paid ' +
        'orders per round (purchases before the measured phase, store reset every round), CPU per attempt.',
      rows: [
        {
          label: 'floor: undici Pool.request, pre-signed',
          value: round(floorRate),
          unit: 'calls/s',
          detail: `${spread(samples.floor)}; caller CPU ${floorCpu.toFixed(1)} µs/call`,
        },
        {
          label: 'mock createDeliverer + createUndiciTransport',
          value: round(mockRate),
          unit: 'calls/s',
          ratio: round(ratio, 3),
          ratioTo: 'floor',
          detail: `${spread(samples.mock)}; caller CPU ${mockCpu.toFixed(1)} µs/call`,
        },
        {
          label: 'engine (createMockMarketplace, first attempts)',
          value: round(median(samples.engine.map(rate))),
          unit: 'attempts/s',
          ratio: round(median(samples.engine.map((m, i) => rate(m) / rate(samples.floor[i] as Batch))), 3),
          ratioTo: 'floor',
          detail: `${spread(samples.engine)}; CPU ${engineCpu.toFixed(1)} µs/attempt`,
        },
        {
          label: 'caller CPU per call: floor',
          value: round(floorCpu, 3),
          unit: 'µs/call',
        },
        {
          label: 'caller CPU per call: mock deliverer',
          value: round(mockCpu, 3),
          unit: 'µs/call',
          ratio: round(mockCpuRatio, 3),
          ratioTo: 'floor CPU',
          detail: `${cpuSpread('mock')}; ratio = this CPU ÷ the floor's (lower is better)`,
        },
        {
          label: 'CPU per attempt: engine',
          value: round(engineCpu, 3),
          unit: 'µs/attempt',
          ratio: round(engineCpuRatio, 3),
          ratioTo: 'floor CPU',
          detail: `${cpuSpread('engine')}; ratio = this CPU ÷ the floor's (lower is better)`,
        },
      ],
      targets: [
        target({
          id: 'delivery.mock-vs-floor',
          description: 'mock deliveries ≥ 0.7× undici Pool.request (16 in flight)',
          actual: round(ratio, 3),
          comparator: '>=',
          limit: 0.7,
          unit: '×',
        }),
        target({
          id: 'delivery.engine-cpu-vs-floor',
          description: 'engine CPU per attempt ≤ 2× the floor caller CPU per call',
          actual: round(engineCpuRatio, 3),
          comparator: '<=',
          limit: 2,
          unit: '×',
        }),
      ],
      notes: [
        `Mock ${build.version} (dist built ${build.builtAt}), undici ${undiciVersion}; seller counted ` +
          `${stats.accepted} accepted newInstance calls, none refused.`,
        `Caller CPU per call: mock ${mockCpu.toFixed(1)} µs vs floor ${floorCpu.toFixed(1)} µs ` +
          `(${(mockCpu / floorCpu).toFixed(2)}×): signing, reply Body-Sign check and judging are the difference.`,
      ],
      raw: { samples, ratios, engineCpuRatios: cpuRatio('engine') },
    };
  },
});
