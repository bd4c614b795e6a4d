/**
 * Internal: an insertion-ordered map whose entries expire, bounded in size. Used by the in-memory nonce and
 * idempotency stores. Time comes from the injected `now` (ms).
 *
 * Write order is kept in a queue (parallel `keys`/`seqs` arrays with a head index) next to the `Map`, so eviction
 * and the expiry sweep take entries from the head of the queue and never iterate the `Map`. Iterating a `Map` from
 * its head walks over every slot deleted since V8 last rehashed the table, which made each write O(deleted so far)
 * once the store was full (bench/RESULTS.md, "Missed targets", fix 1). A queue slot whose key was rewritten or
 * deleted since is stale (its sequence number no longer matches the `Map` entry) and is skipped.
 */

interface Entry<V> {
  value: V;
  expiresAt: number;
  /** Sequence number of the write that stored this entry; matches exactly one queue slot. */
  seq: number;
}

/** Work counters of a {@link TtlMap}, for tests and diagnostics. */
export interface TtlMapStats {
  /** Queue slots currently held (live entries plus stale slots not yet dropped). */
  queued: number;
  /** Queue slots examined by eviction and expiry sweeps since creation (each slot is examined at most once). */
  visited: number;
}

/** A bounded map with per-entry expiry. */
export interface TtlMap<V> {
  /** The live value under `key`, or `undefined`. */
  get(key: string): V | undefined;
  /** Stores `value` under `key` (replacing any earlier value); `ttlMs` undefined = no expiry. */
  set(key: string, value: V, ttlMs?: number): void;
  /** Removes `key`; true when a live entry was removed. */
  delete(key: string): boolean;
  /** Number of live entries (expired ones are swept first; O(entries)). */
  size(): number;
  /** Work counters (see {@link TtlMapStats}). */
  stats(): TtlMapStats;
}

/**
 * At most this many expired or stale queue slots are dropped from the head on each write. With uniform TTLs about
 * one entry expires per write, so the sweep keeps up while a burst of expiries is spread over later writes.
 */
const SWEEP_BUDGET = 64;

/** The queue is compacted when its dead prefix or its stale slots exceed this many and the live count. */
const COMPACT_MIN = 1024;

/**
 * Creates a {@link TtlMap}. `maxEntries`: writes beyond it evict the oldest-written entries; `now`: clock in ms.
 */
export function createTtlMap<V>(o: { maxEntries: number; now: () => number }): TtlMap<V> {
  const entries = new Map<string, Entry<V>>();
  let keys: string[] = [];
  let seqs: number[] = [];
  let head = 0;
  let nextSeq = 0;
  let visited = 0;

  /** Whether the queue slot at `i` still stands for the current entry of its key; returns that entry. */
  const liveAt = (i: number): Entry<V> | undefined => {
    const entry = entries.get(keys[i] as string);
    return entry !== undefined && entry.seq === seqs[i] ? entry : undefined;
  };

  /** Drops the dead prefix, or every stale slot when they outnumber the live entries (amortised O(1) per write). */
  const compact = (): void => {
    const held = keys.length - head;
    if (head > COMPACT_MIN && head * 2 > keys.length) {
      keys = keys.slice(head);
      seqs = seqs.slice(head);
      head = 0;
    }
    if (held > COMPACT_MIN && held > 2 * entries.size) {
      const k: string[] = [];
      const s: number[] = [];
      for (let i = head; i < keys.length; i++) {
        if (liveAt(i) !== undefined) {
          k.push(keys[i] as string);
          s.push(seqs[i] as number);
        }
      }
      keys = k;
      seqs = s;
      head = 0;
    }
  };

  /** Drops stale or expired slots from the head, stopping at the first live unexpired one or after `budget`. */
  const sweepHead = (budget: number): void => {
    const t = o.now();
    let done = 0;
    while (head < keys.length && done < budget) {
      const entry = liveAt(head);
      if (entry !== undefined && entry.expiresAt > t) break;
      visited++;
      done++;
      if (entry !== undefined) entries.delete(keys[head] as string);
      head++;
    }
  };

  /** Evicts the oldest-written live entries until the map is within `maxEntries`. */
  const evict = (): void => {
    while (entries.size > o.maxEntries && head < keys.length) {
      visited++;
      if (liveAt(head) !== undefined) entries.delete(keys[head] as string);
      head++;
    }
  };

  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresAt <= o.now()) {
        entries.delete(key); // its queue slot becomes stale
        return undefined;
      }
      return entry.value;
    },
    set(key, value, ttlMs) {
      sweepHead(SWEEP_BUDGET);
      const seq = nextSeq++;
      entries.set(key, { value, expiresAt: ttlMs === undefined ? Infinity : o.now() + ttlMs, seq });
      keys.push(key);
      seqs.push(seq);
      evict();
      compact();
    },
    delete(key) {
      const entry = entries.get(key);
      if (entry === undefined) return false;
      entries.delete(key);
      return entry.expiresAt > o.now();
    },
    size() {
      // TTLs may differ per entry, so an unexpired head can hide expired entries behind it: scan them all.
      const t = o.now();
      for (const [key, entry] of entries) if (entry.expiresAt <= t) entries.delete(key);
      return entries.size;
    },
    stats: () => ({ queued: keys.length - head, visited }),
  };
}
