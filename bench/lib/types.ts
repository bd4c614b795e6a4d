/**
 * The contract between the runner (`bench/run.ts`) and the cases (`bench/cases/*.ts`). A case is one file whose
 * default export is a {@link BenchCase}; the runner discovers it, runs it within its time budget and renders what
 * it returns. Nothing here measures anything.
 */
import type { BenchOptions } from './options';
import type { ChildRegistry } from './children';
import type { SdkDist } from './sdk-dist';

/** One measured (or derived) number in a case's table. */
export interface Measurement {
  /** What was measured, e.g. `sdk verifyRequest (1 KB)`. */
  label: string;
  /** The value in `unit`. */
  value: number;
  /** Unit of `value`: `ns/op`, `req/s`, `ms`, `MB`, … */
  unit: string;
  /** Ratio of this row to the case's reference row (`ratioTo`), when the case defines one. */
  ratio?: number;
  /** Label of the reference the ratio is taken against (e.g. `floor (1 KB)`). */
  ratioTo?: string;
  /** Extra facts for the reader (spread, latency percentiles, accepted/total…). */
  detail?: string;
}

/** A target of the issue, checked against a measured value. */
export interface TargetCheck {
  /** Stable id, e.g. `verify.sdk-vs-floor.1kb`. */
  id: string;
  /** The target in words, e.g. `SDK verifyRequest ≤ 1.15× floor at 1 KB`. */
  description: string;
  /** The measured value compared with `limit`. */
  actual: number;
  /** How `actual` must relate to `limit`. */
  comparator: '<' | '<=' | '>' | '>=';
  /** The threshold. */
  limit: number;
  /** Unit of `actual` and `limit` (`×`, `ms`, …). */
  unit: string;
  /** Whether the target is met. */
  met: boolean;
}

/** What a case returns; the runner adds identity and timing. */
export interface CaseOutcome {
  /** How the numbers were obtained, in one or two sentences (printed and stored). */
  method: string;
  /** The table rows, in display order. */
  rows: Measurement[];
  /** The issue's targets this case checks. */
  targets: TargetCheck[];
  /** Caveats the reader must know (e.g. a run whose requests were partly rejected). */
  notes: string[];
  /** Machine-readable raw data (per-round samples…), stored in the JSON only. */
  raw?: unknown;
}

/** A case as stored in `latest.json`. */
export interface CaseResult extends Partial<CaseOutcome> {
  id: string;
  title: string;
  /** Which item of issue 11 the case answers. */
  item: string;
  /** Wall time of the case, ms. */
  elapsedMs: number;
  /** `ok`, `failed` (threw; see `error`) or `skipped` (see `error` for why). */
  status: 'ok' | 'failed' | 'skipped';
  error?: string;
}

/** What the runner hands to a case. */
export interface CaseContext {
  /** Parsed command-line options. */
  options: BenchOptions;
  /** The built SDK under test (`packages/sdk/dist`). */
  sdk: SdkDist;
  /** Spawns server child processes; everything spawned through it is killed when the case ends. */
  children: ChildRegistry;
  /** Aborted when the case runs out of time or the run is interrupted. */
  signal: AbortSignal;
  /** Progress line on stderr (kept out of the table on stdout). */
  log(message: string): void;
}

/** One benchmark case: one file in `bench/cases/`, default-exported. */
export interface BenchCase {
  /** Stable id used by `--only` and in the JSON, kebab-case. */
  id: string;
  /** Human title for the table. */
  title: string;
  /** Which item of issue 11 it answers (e.g. `1`, `2`, `6 (SDK import)`). */
  item: string;
  /** Sort key: cases run in ascending order. */
  order: number;
  /** Upper bound of the case's wall time for the given options, ms; the runner aborts it past this. */
  budgetMs(options: BenchOptions): number;
  /** Runs the case. Must stop promptly when `ctx.signal` aborts. */
  run(ctx: CaseContext): Promise<CaseOutcome>;
}

/** Identity helper that type-checks a case definition. */
export function defineCase(c: BenchCase): BenchCase {
  return c;
}

/** Builds a {@link TargetCheck}, computing `met`. */
export function target(o: Omit<TargetCheck, 'met'>): TargetCheck {
  const { actual, limit } = o;
  const met =
    Number.isFinite(actual) &&
    (o.comparator === '<'
      ? actual < limit
      : o.comparator === '<='
        ? actual <= limit
        : o.comparator === '>'
          ? actual > limit
          : actual >= limit);
  return { ...o, met };
}
