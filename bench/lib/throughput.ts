/**
 * Throughput comparison of servers against a baseline in alternating rounds. Each measurement is a fresh child
 * process (fresh nonce store) fed from a fresh pool of distinct signed requests.
 */
import type { ServerConfig } from '../servers/protocol';
import type { CaseContext, Measurement } from './types';
import { measureServer, type SanityReply, type ServerRun } from './load';
import { createSignedPool } from './signed-pool';
import { median, range, round } from './stats';

/** One server in a comparison. */
export interface Contender {
  /** Stable id, e.g. `sdk`. */
  id: string;
  /** Row label, e.g. `SDK node adapter`. */
  label: string;
  /** Server entry in `bench/servers/`. */
  entry: string;
  /** See {@link import('./load').MeasureServerOptions.checkReply}. */
  checkReply: (reply: SanityReply) => string | undefined;
}

/** Result of {@link compareThroughput}. */
export interface ThroughputComparison {
  rows: Measurement[];
  /** median(req/s of `id`) / median(req/s of the baseline, the first contender). */
  rateRatio(id: string): number;
  /**
   * median(baseline server CPU µs/request) / median(server CPU µs/request of `id`): the req/s ratio the two would
   * show if the server alone were the bottleneck (independent of the load generator's speed).
   */
  capacityRatio(id: string): number;
  notes: string[];
  /** Every run, by contender id. */
  raw: Record<string, ServerRun[]>;
}

/** Share of refused or failed requests above which a measurement is not trusted. */
const MAX_PROBLEM_SHARE = 0.001;

function check(run: ServerRun, label: string, notes: string[]): void {
  const problems = run.server.rejected + run.server.errors + run.transportProblems;
  const share = problems / Math.max(run.total, 1);
  if (share > MAX_PROBLEM_SHARE) {
    throw new Error(
      `${label}: ${problems} of ${run.total} measured requests were refused or failed ` +
        `(${run.server.firstProblem ?? 'transport errors/timeouts/non-2xx'}); the numbers would not describe the ` +
        'success path, so the comparison is void.',
    );
  }
  if (problems > 0)
    notes.push(
      `${label}: ${problems} of ${run.total} requests refused/failed (${run.server.firstProblem ?? 'transport'}).`,
    );
  if (run.signedOnDemand > 0) {
    notes.push(
      `${label}: the pool ran dry; ${run.signedOnDemand} requests were signed during the measured phase.`,
    );
  }
}

function row(label: string, runs: ServerRun[], ratioTo?: { label: string; value: number }): Measurement {
  const rates = runs.map((r) => r.reqPerSec);
  const value = median(rates);
  const spread = range(rates);
  const accepted = runs.reduce((n, r) => n + r.server.accepted, 0);
  const requests = runs.reduce((n, r) => n + r.server.requests, 0);
  return {
    label,
    value: round(value, 5),
    unit: 'req/s',
    ...(ratioTo === undefined ? {} : { ratio: round(value / ratioTo.value, 4), ratioTo: ratioTo.label }),
    detail:
      `rounds ${rates.map((r) => Math.round(r)).join('/')} (spread ${Math.round(spread.min)}–${Math.round(spread.max)}), ` +
      `latency p50 ${median(runs.map((r) => r.latencyP50Ms))} ms p99 ${median(runs.map((r) => r.latencyP99Ms))} ms, ` +
      `success answers ${accepted}/${requests}; server CPU ${median(runs.map((r) => r.serverCpuPct)).toFixed(0)}% ` +
      `(${median(runs.map((r) => r.serverCpuUsPerReq)).toFixed(1)} µs/req, of which kernel ` +
      `${median(runs.map((r) => r.serverSystemUsPerReq)).toFixed(1)}), ` +
      `load generator CPU ${median(runs.map((r) => r.generatorCpuPct)).toFixed(0)}%`,
  };
}

/**
 * Measures every contender in `ctx.options.rounds` rounds; the order alternates between rounds (A B C, then
 * C B A, …) so slow drift of the machine's load affects every contender alike. The first contender is the baseline
 * every ratio is taken against.
 *
 * @param o.body - the request body object (signed in canonical form).
 * @throws Error when a measurement is void (see {@link MAX_PROBLEM_SHARE}) or a server misbehaves.
 */
export async function compareThroughput(
  ctx: CaseContext,
  o: { contenders: readonly Contender[]; body: Record<string, unknown>; config: ServerConfig },
): Promise<ThroughputComparison> {
  const { options } = ctx;
  const [baseline] = o.contenders;
  if (baseline === undefined || o.contenders.length < 2)
    throw new Error('compareThroughput needs 2+ contenders');
  const settings = {
    connections: options.connections,
    warmupSec: options.warmupSec,
    durationSec: options.durationSec,
  };
  const runs: Record<string, ServerRun[]> = Object.fromEntries(o.contenders.map((c) => [c.id, []]));
  const notes: string[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? [...o.contenders] : [...o.contenders].reverse();
    for (const contender of order) {
      if (ctx.signal.aborted) throw new Error('aborted');
      const pool = createSignedPool({
        sign: ctx.sdk.root.signRequest,
        accessKey: o.config.accessKey,
        body: JSON.stringify(o.body),
        path: o.config.path,
      });
      ctx.log(`round ${round + 1}/${options.rounds}: ${contender.label} (${contender.entry})`);
      const run = await measureServer({
        entry: contender.entry,
        config: o.config,
        children: ctx.children,
        pool,
        settings,
        signal: ctx.signal,
        checkReply: contender.checkReply,
        ...(options.cpuProfDir === undefined ? {} : { cpuProfDir: options.cpuProfDir }),
      });
      check(run, contender.label, notes);
      ctx.log(
        `  ${Math.round(run.reqPerSec)} req/s, p99 ${run.latencyP99Ms} ms, success ${run.server.accepted}/` +
          `${run.server.requests}, server CPU ${run.serverCpuPct.toFixed(0)}% (${run.serverCpuUsPerReq.toFixed(1)} µs/req, ` +
          `kernel ${run.serverSystemUsPerReq.toFixed(1)}), generator CPU ${run.generatorCpuPct.toFixed(0)}%`,
      );
      runs[contender.id]!.push(run);
    }
  }
  const rate = (id: string): number => median(runs[id]!.map((r) => r.reqPerSec));
  const cpu = (id: string): number => median(runs[id]!.map((r) => r.serverCpuUsPerReq));
  const rateRatio = (id: string): number => rate(id) / rate(baseline.id);
  const capacityRatio = (id: string): number => cpu(baseline.id) / cpu(id);
  const rows: Measurement[] = o.contenders.map((c) =>
    row(
      c.label,
      runs[c.id]!,
      c === baseline ? undefined : { label: baseline.label, value: rate(baseline.id) },
    ),
  );
  for (const c of o.contenders) {
    rows.push({
      label: `server CPU per request: ${c.label}`,
      value: round(cpu(c.id), 4),
      unit: 'µs/req',
      ...(c === baseline
        ? { detail: 'server process user+system CPU ÷ requests, measured phase' }
        : {
            ratio: round(capacityRatio(c.id), 4),
            ratioTo: `capacity vs ${baseline.label}`,
            detail:
              'ratio = baseline CPU/req ÷ this CPU/req: the req/s ratio if the server alone were the bottleneck',
          }),
    });
  }
  return { rows, rateRatio, capacityRatio, notes, raw: runs };
}
