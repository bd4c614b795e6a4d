/**
 * Internal: an insertion-ordered map whose entries expire, bounded in size. Used by the in-memory nonce and
 * idempotency stores. Time comes from the injected `now` (ms).
 */

interface Entry<V> {
  value: V;
  expiresAt: number;
}

/** A bounded map with per-entry expiry. */
export interface TtlMap<V> {
  /** The live value under `key`, or `undefined`. */
  get(key: string): V | undefined;
  /** Stores `value` under `key` (replacing any earlier value); `ttlMs` undefined = no expiry. */
  set(key: string, value: V, ttlMs?: number): void;
  /** Removes `key`; true when a live entry was removed. */
  delete(key: string): boolean;
  /** Number of live entries (expired ones are swept first). */
  size(): number;
}

/** How many entries at the head are inspected for expiry on each write (keeps writes O(1) amortised). */
const SWEEP_BUDGET = 64;

export function createTtlMap<V>(o: { maxEntries: number; now: () => number }): TtlMap<V> {
  const entries = new Map<string, Entry<V>>();

  const sweep = (budget: number): void => {
    const t = o.now();
    let seen = 0;
    for (const [key, entry] of entries) {
      if (seen++ >= budget) break;
      if (entry.expiresAt <= t) entries.delete(key);
    }
  };

  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresAt <= o.now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value, ttlMs) {
      sweep(SWEEP_BUDGET);
      entries.delete(key); // re-insert at the tail so insertion order follows write time
      entries.set(key, { value, expiresAt: ttlMs === undefined ? Infinity : o.now() + ttlMs });
      while (entries.size > o.maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        entries.delete(oldest.value);
      }
    },
    delete(key) {
      const entry = entries.get(key);
      if (entry === undefined) return false;
      entries.delete(key);
      return entry.expiresAt > o.now();
    },
    size() {
      sweep(Infinity);
      return entries.size;
    },
  };
}
