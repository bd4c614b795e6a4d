/**
 * Secondary indexes of the in-memory store, so that the engine's hot queries (jobs due by a time, jobs
 * waiting for a job, an instance's pending jobs, an instance by seller id) touch only the matching records
 * instead of scanning every record of a table.
 */

/** Keys ordered by (time, seq): the earliest time and every key due by a time without a scan. */
export interface TimeIndex {
  /** Records that `key` moved from time `before` to `after` (null: not indexed), with its `seq`. */
  move(key: string, seq: number, before: number | null, after: number | null): void;
  /** The smallest indexed time, or undefined when empty. */
  earliest(): number | undefined;
  /** Keys whose time is ≤ `time`, ordered by (time, seq). */
  dueBy(time: number): string[];
  /** Number of indexed keys. */
  readonly size: number;
}

/**
 * Creates an empty {@link TimeIndex}. Keys are bucketed by time (many jobs share a due time: a retry schedule
 * gives every order the same offsets), with the distinct times kept sorted; adding or removing a key is a map
 * operation, plus a binary search when a time appears or disappears.
 */
export function createTimeIndex(): TimeIndex {
  /** Keys (with their seq) per time. */
  const buckets = new Map<number, Map<string, number>>();
  /** The times of `buckets`, ascending. */
  const times: number[] = [];
  let size = 0;
  /** First position in `times` not below `at`. */
  const lowerBound = (at: number): number => {
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((times[mid] as number) < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    move(key, seq, before, after) {
      if (before === after) {
        const bucket = before === null ? undefined : buckets.get(before);
        if (bucket?.has(key) === true) bucket.set(key, seq);
        return;
      }
      if (before !== null) {
        const bucket = buckets.get(before);
        if (bucket?.delete(key) === true) {
          size--;
          if (bucket.size === 0) {
            buckets.delete(before);
            times.splice(lowerBound(before), 1);
          }
        }
      }
      if (after !== null) {
        let bucket = buckets.get(after);
        if (bucket === undefined) {
          buckets.set(after, (bucket = new Map<string, number>()));
          times.splice(lowerBound(after), 0, after);
        }
        if (!bucket.has(key)) size++;
        bucket.set(key, seq);
      }
    },
    earliest: () => times[0],
    dueBy(time) {
      const keys: string[] = [];
      for (const at of times) {
        if (at > time) break;
        const bucket = buckets.get(at) as Map<string, number>;
        const entries = [...bucket].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        for (const [key] of entries) keys.push(key);
      }
      return keys;
    },
    get size() {
      return size;
    },
  };
}

/** Keys grouped by a value of their record (e.g. jobs by `waitingFor`); null values are not indexed. */
export interface GroupIndex {
  /** Records that `key` moved from group `before` to `after` (null: in no group). */
  move(key: string, before: string | null, after: string | null): void;
  /** The keys in group `value`, in the order they joined it (a live view: do not modify, copy before writing
   * while iterating). */
  keys(value: string): Iterable<string>;
  /** The number of keys in group `value`. */
  count(value: string): number;
}

const NO_KEYS: readonly string[] = Object.freeze([]);

/**
 * Creates an empty {@link GroupIndex}. Most groups have a single member (a job's order, an instance's seller id,
 * a job's attempts...): such a group is its key itself, and becomes a `Set` when a second key joins it (and its
 * key again when it is back to one). bench virtual-clock-scale, 10 000 orders: 40 000 one-member `Set`s were
 * 6.5 MB of the 65 MB live heap (≈ 150 B each with their hash tables; bench/RESULTS.md, issue 21 session 5).
 */
export function createGroupIndex(): GroupIndex {
  const groups = new Map<string, string | Set<string>>();
  return {
    move(key, before, after) {
      if (before === after) return;
      if (before !== null) {
        const g = groups.get(before);
        if (g === key) groups.delete(before);
        else if (typeof g === 'object' && g.delete(key) && g.size === 1) {
          groups.set(before, g.values().next().value as string);
        }
      }
      if (after !== null) {
        const g = groups.get(after);
        if (g === undefined) groups.set(after, key);
        else if (typeof g === 'string') {
          if (g !== key) groups.set(after, new Set([g, key]));
        } else g.add(key);
      }
    },
    keys(value) {
      const g = groups.get(value);
      return g === undefined ? NO_KEYS : typeof g === 'string' ? [g] : g;
    },
    count(value) {
      const g = groups.get(value);
      return g === undefined ? 0 : typeof g === 'string' ? 1 : g.size;
    },
  };
}
