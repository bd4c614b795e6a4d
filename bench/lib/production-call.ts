/**
 * The production call the throughput cases send, and the server configuration they share.
 */
import { PRODUCE_PATH } from '../servers/query-instance';
import type { ServerConfig } from '../servers/protocol';
import type { BenchOptions } from './options';

/** A benchmark-only KooGallery key (32 characters, like the keys Seller Center issues). */
export const BENCH_ACCESS_KEY = 'bench-access-key-0001-0123456789';

/** Instance id the queryInstance calls ask for (36 characters, a UUID as sellers commonly use). */
export const BENCH_INSTANCE_ID = '10e758d0-31ad-4c4b-8f1b-81d03469a10e';

/** The queryInstance body (the platform sends it with ascending keys, compact). */
export const QUERY_INSTANCE_BODY: Record<string, unknown> = {
  activity: 'queryInstance',
  instanceId: BENCH_INSTANCE_ID,
};

/** The SDK's default timestamp window, ms. */
const DEFAULT_TOLERANCE_MS = 60_000;

/**
 * Server configuration. Requests are signed at most warm-up + duration (+ slack) seconds before they are sent, so
 * the default ±60 s window holds for the default 12 s; for longer runs the window is widened (and the report says
 * so) to keep measuring the success path.
 */
export function serverConfig(options: BenchOptions): { config: ServerConfig; note?: string } {
  const needed = (options.warmupSec + options.durationSec + 30) * 1000;
  if (needed <= DEFAULT_TOLERANCE_MS) {
    return { config: { accessKey: BENCH_ACCESS_KEY, path: PRODUCE_PATH, toleranceMs: DEFAULT_TOLERANCE_MS } };
  }
  return {
    config: { accessKey: BENCH_ACCESS_KEY, path: PRODUCE_PATH, toleranceMs: needed },
    note: `Runs longer than the ±60 s window: servers accept timestamps within ±${needed / 1000} s instead.`,
  };
}
