import { checkFunction, checkPositiveInteger } from '../util/option-checks';
import { createTtlMap } from './ttl-map';

/**
 * Remembers the nonces of authenticated requests so a replay inside the timestamp window is refused (`000001`).
 * Implement it over any shared store to run several replicas; {@link createMemoryNonceStore} and
 * {@link createRedisNonceStore} are provided.
 */
export interface NonceStore {
  /**
   * Records `nonce` for `ttlMs` milliseconds. Resolves `true` when this is its first sighting, `false` when it was
   * already recorded and has not expired. Must be atomic across every process sharing the store. A rejection makes
   * the handler answer `000005` (it cannot tell whether the request is a replay).
   */
  claim(nonce: string, ttlMs: number): Promise<boolean> | boolean;
}

/** Options of {@link createMemoryNonceStore}. */
export interface MemoryNonceStoreOptions {
  /**
   * Most nonces kept; past it the oldest are forgotten first, so memory stays bounded whatever the traffic.
   * Only authenticated requests are recorded, so the platform's own call rate is what fills it.
   * Default `100_000` (over a 120 s retention that is ~830 requests/s).
   */
  maxEntries?: number;
  /** Clock in ms. Default `Date.now`. */
  now?: () => number;
}

/** In-process nonce store with a TTL per entry and a bounded size. For one process; use Redis for replicas. */
export function createMemoryNonceStore(
  options: MemoryNonceStoreOptions = {},
): NonceStore & { size(): number } {
  const where = 'createMemoryNonceStore';
  const maxEntries = checkPositiveInteger(where, 'maxEntries', options.maxEntries ?? 100_000);
  const now = checkFunction<() => number>(where, 'now', options.now ?? Date.now);
  const seen = createTtlMap<true>({ maxEntries, now });
  return {
    claim(nonce, ttlMs) {
      if (seen.get(nonce) !== undefined) return false;
      seen.set(nonce, true, ttlMs);
      return true;
    },
    size: () => seen.size(),
  };
}
