/**
 * Issue 11 item 3: signed deliveries per second through the mock marketplace's real delivery path
 * (`createDeliverer` + `createUndiciTransport` from the built mock: build and sign each newInstance call, send it,
 * verify the reply's Body-Sign and judge it) to a trivial local seller (the SDK handler in a child process, answering
 * every newInstance with a valid signed `000000`), 16 calls in flight. The floor is undici `Pool.request` sending
 * pre-signed calls (signed before the clock starts, replies read but not judged) to the same seller in the same run.
 * Target: mock ≥ 0.7× the floor.
 */
import { BENCH_ACCESS_KEY } from '../lib/production-call';
import { loadMockDist, loadUndici, mockBuildInfo } from '../lib/mock-dist';
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
    const mock = await loadMockDist();
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

    const samples: Record<'floor' | 'mock', Batch[]> = { floor: [], mock: [] };
    try {
      ctx.log(`warm-up: ${warmup} calls each`);
      await runFloor(warmup);
      await runMock(warmup);
      await server.reset();
      const rounds = ctx.options.rounds * 2;
      for (let r = 0; r < rounds; r++) {
        // ABBA…: the order alternates so drift (heat, other load) does not favour one side.
        const order: Array<'floor' | 'mock'> = r % 2 === 0 ? ['floor', 'mock'] : ['mock', 'floor'];
        for (const side of order) {
          const b = side === 'floor' ? await runFloor(perBatch) : await runMock(perBatch);
          samples[side].push(b);
          ctx.log(`round ${r + 1}/${rounds} ${side}: ${Math.round((b.calls / b.wallMs) * 1000)} calls/s`);
        }
      }
    } finally {
      await pool.close();
      await transport.close();
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
    return {
      method:
        `${IN_FLIGHT} calls in flight, ${ctx.options.rounds * 2} rounds of ${perBatch} calls per side after ` +
        `${warmup} warm-up calls each, order alternated every round; newInstance to the SDK handler in one child ` +
        'process on 127.0.0.1; ratio = median of per-round ratios. CPU is the caller process (this one) per call.',
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
      ],
      notes: [
        `Mock ${build.version} (dist built ${build.builtAt}), undici ${undiciVersion}; seller counted ` +
          `${stats.accepted} accepted newInstance calls, none refused.`,
        `Caller CPU per call: mock ${mockCpu.toFixed(1)} µs vs floor ${floorCpu.toFixed(1)} µs ` +
          `(${(mockCpu / floorCpu).toFixed(2)}×): signing, reply Body-Sign check and judging are the difference.`,
      ],
      raw: { samples, ratios },
    };
  },
});
