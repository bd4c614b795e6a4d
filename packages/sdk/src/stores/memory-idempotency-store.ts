import type { IdempotencyStore } from './idempotency-store';
import { checkFunction, checkPositiveInteger } from '../util/option-checks';
import { createTtlMap } from './ttl-map';

/** Options of {@link createMemoryIdempotencyStore}. */
export interface MemoryIdempotencyStoreOptions {
  /**
   * Most order keys kept; past it the oldest are forgotten. Default `100_000`. A forgotten key would get a new
   * instanceId on its next call, so size it above the number of orders a process must remember, or use Redis
   * (or your database) in production.
   */
  maxEntries?: number;
  /** Clock in ms, used for record expiry. Default `Date.now`. */
  now?: () => number;
}

interface ClaimRecord {
  instanceId: string;
  state: 'pending' | 'completed' | 'failed';
  since: number;
  /** Absolute expiry (ms) so a state change keeps the original lifetime; undefined = none. */
  expiresAt: number | undefined;
}

/**
 * In-process {@link IdempotencyStore}: atomic because JavaScript runs one callback at a time; for one process
 * only (tests, single-instance sellers).
 */
export function createMemoryIdempotencyStore(
  options: MemoryIdempotencyStoreOptions = {},
): IdempotencyStore & {
  size(): number;
} {
  const where = 'createMemoryIdempotencyStore';
  const maxEntries = checkPositiveInteger(where, 'maxEntries', options.maxEntries ?? 100_000);
  const now = checkFunction<() => number>(where, 'now', options.now ?? Date.now);
  const records = createTtlMap<ClaimRecord>({ maxEntries, now });

  const put = (key: string, record: ClaimRecord): void =>
    records.set(
      key,
      record,
      record.expiresAt === undefined ? undefined : Math.max(1, record.expiresAt - now()),
    );

  const update = (
    key: string,
    instanceId: string,
    change: (r: ClaimRecord) => ClaimRecord | undefined,
  ): void => {
    const record = records.get(key);
    if (record === undefined || record.instanceId !== instanceId) return;
    const next = change(record);
    if (next !== undefined) put(key, next);
  };

  return {
    async claim(key, candidateId, o) {
      const record = records.get(key);
      if (record === undefined) {
        const expiresAt = o.ttlMs === undefined ? undefined : now() + o.ttlMs;
        put(key, { instanceId: candidateId, state: 'pending', since: o.now, expiresAt });
        return { instanceId: candidateId, state: 'new' };
      }
      if (record.state === 'completed') return { instanceId: record.instanceId, state: 'completed' };
      if (record.state === 'pending' && o.now - record.since < o.leaseMs) {
        return { instanceId: record.instanceId, state: 'pending' };
      }
      put(key, { ...record, state: 'pending', since: o.now });
      return { instanceId: record.instanceId, state: 'new' };
    },
    async complete(key, instanceId, at) {
      update(key, instanceId, (r) => ({ ...r, state: 'completed', since: at }));
    },
    async fail(key, instanceId, at) {
      update(key, instanceId, (r) =>
        r.state === 'pending' ? { ...r, state: 'failed', since: at } : undefined,
      );
    },
    size: () => records.size(),
  };
}
