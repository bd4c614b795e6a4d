/**
 * One throughput measurement of one server child: sanity request, warm-up load (discarded), pool top-up, counter
 * reset, measured load, counters. The load generator is autocannon in the runner's process; the server is alone
 * in its child process, so on a 2-core machine each side has one core.
 */
import autocannon from 'autocannon';
import type { ServerConfig, ServerStats } from '../servers/protocol';
import type { ChildRegistry } from './children';
import type { SignedPool } from './signed-pool';

/** Load shape (from the command line). */
export interface LoadSettings {
  connections: number;
  warmupSec: number;
  durationSec: number;
}

/** A reply to the sanity request, for {@link MeasureServerOptions.checkReply}. */
export interface SanityReply {
  status: number;
  headers: Headers;
  body: string;
}

/** Options of {@link measureServer}. */
export interface MeasureServerOptions {
  /** Server entry in `bench/servers/`. */
  entry: string;
  config: ServerConfig;
  children: ChildRegistry;
  pool: SignedPool;
  settings: LoadSettings;
  signal: AbortSignal;
  /** Returns what is wrong with the sanity reply, or undefined when it is the intended success answer. */
  checkReply: (reply: SanityReply) => string | undefined;
  /** Profile the server child into this directory (see `--cpu-prof`). */
  cpuProfDir?: string;
}

/** What one measurement produced. */
export interface ServerRun {
  entry: string;
  /** Completed requests per second over the measured phase. */
  reqPerSec: number;
  /** Requests completed in the measured phase. */
  total: number;
  /** Measured phase length as autocannon timed it, s. */
  durationSec: number;
  warmupReqPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Socket errors + timeouts + non-2xx answers during the measured phase. */
  transportProblems: number;
  /** The server's own counters for the measured phase. */
  server: ServerStats;
  /** Requests signed during the measured phase because the pool ran dry (0 in a clean run). */
  signedOnDemand: number;
  /** Server process CPU over the measured phase, % of one core (≈100 = the server was the bottleneck). */
  serverCpuPct: number;
  /** Server CPU time per request, µs: the load-independent cost of one request. */
  serverCpuUsPerReq: number;
  /** The kernel (system) part of {@link serverCpuUsPerReq}, µs. */
  serverSystemUsPerReq: number;
  /** Load generator (this process) CPU over the measured phase, % of one core. */
  generatorCpuPct: number;
}

const HEADERS = { 'Content-Type': 'application/json;charset=utf8', Accept: 'application/json' };

/** Runs autocannon once against `port`, taking every request path from `pool`. Bounded: duration + 15 s. */
export function runAutocannon(o: {
  port: number;
  pool: SignedPool;
  connections: number;
  durationSec: number;
  signal: AbortSignal;
}): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    if (o.signal.aborted) {
      reject(new Error('aborted before the load started'));
      return;
    }
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${o.port}`,
        connections: o.connections,
        duration: o.durationSec,
        pipelining: 1,
        timeout: 10,
        method: 'POST',
        headers: HEADERS,
        body: o.pool.body,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              request.path = o.pool.next();
              return request;
            },
          },
        ],
      },
      (error, result) => {
        clearTimeout(guard);
        o.signal.removeEventListener('abort', onAbort);
        if (error !== null) reject(error);
        else resolve(result);
      },
    );
    const onAbort = (): void => instance.stop();
    o.signal.addEventListener('abort', onAbort, { once: true });
    const guard = setTimeout(() => instance.stop(), (o.durationSec + 15) * 1000);
  });
}

async function sanityRequest(port: number, pool: SignedPool, signal: AbortSignal): Promise<SanityReply> {
  const response = await fetch(`http://127.0.0.1:${port}${pool.next()}`, {
    method: 'POST',
    headers: HEADERS,
    body: pool.body,
    signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]),
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/**
 * Starts the server, proves one signed request gets the intended answer, warms up, measures, stops the server.
 *
 * @throws Error when the sanity reply is wrong or the load fails.
 */
export async function measureServer(o: MeasureServerOptions): Promise<ServerRun> {
  const server = await o.children.spawnServer({
    entry: o.entry,
    config: o.config,
    ...(o.cpuProfDir === undefined ? {} : { cpuProfDir: o.cpuProfDir }),
  });
  try {
    // Enough entries for a warm-up at 10 000 req/s; a faster server gets the rest signed on demand (not measured).
    o.pool.topUp(Math.ceil(10_000 * o.settings.warmupSec) + 1_000);
    const reply = await sanityRequest(server.port, o.pool, o.signal);
    const problem = o.checkReply(reply);
    if (problem !== undefined)
      throw new Error(`${o.entry}: the sanity request was not answered as intended: ${problem}`);

    const warm = await runAutocannon({
      port: server.port,
      pool: o.pool,
      connections: o.settings.connections,
      durationSec: o.settings.warmupSec,
      signal: o.signal,
    });
    const warmRate = warm.requests.total / Math.max(warm.duration, 0.001);
    // Twice the warm-up rate (at least 10 000/s) plus slack: a JIT-warm server is faster than during its warm-up.
    o.pool.topUp(Math.ceil(Math.max(warmRate, 10_000) * 2 * o.settings.durationSec) + 2_000);
    o.pool.resetCounters();
    await server.reset();
    const cpuBefore = process.cpuUsage();

    const run = await runAutocannon({
      port: server.port,
      pool: o.pool,
      connections: o.settings.connections,
      durationSec: o.settings.durationSec,
      signal: o.signal,
    });
    const generatorCpu = process.cpuUsage(cpuBefore);
    const stats = await server.stats();
    const measuredMs = Math.max(run.duration, 0.001) * 1000;
    return {
      entry: o.entry,
      reqPerSec: run.requests.total / Math.max(run.duration, 0.001),
      total: run.requests.total,
      durationSec: run.duration,
      warmupReqPerSec: warmRate,
      latencyP50Ms: run.latency.p50,
      latencyP99Ms: run.latency.p99,
      transportProblems: run.errors + run.timeouts + run.non2xx,
      server: stats,
      signedOnDemand: o.pool.signedOnDemand(),
      serverCpuPct: (stats.cpuMs / measuredMs) * 100,
      serverCpuUsPerReq: (stats.cpuMs * 1000) / Math.max(stats.requests, 1),
      serverSystemUsPerReq: (stats.cpuSystemMs * 1000) / Math.max(stats.requests, 1),
      generatorCpuPct: ((generatorCpu.user + generatorCpu.system) / 1000 / measuredMs) * 100,
    };
  } finally {
    await server.stop();
  }
}
