/**
 * The bounded TTL map behind the memory nonce and idempotency stores: eviction and expiry take entries from the
 * head of a write-order queue, so each write does a constant amount of work even when the map is full (the
 * benchmark found every write rescanning the map past its cap). Work is counted through `stats().visited`, not timed.
 */
import { describe, expect, it } from 'vitest';
import { createTtlMap } from '../../src/stores/ttl-map';
import { createClock } from '../handler/harness';

const HOUR = 3_600_000;

describe('createTtlMap work per write', () => {
  it('at its cap, each new key evicts exactly the oldest entry and examines only that one slot', () => {
    const clock = createClock(0);
    const cap = 1_000;
    const map = createTtlMap<number>({ maxEntries: cap, now: clock.now });
    for (let i = 0; i < cap; i++) map.set(`k-${i}`, i, HOUR);
    expect(map.stats()).toEqual({ queued: cap, visited: 0 });

    const claims = 5_000;
    for (let i = cap; i < cap + claims; i++) {
      const before = map.stats().visited;
      map.set(`k-${i}`, i, HOUR);
      expect(map.stats().visited - before).toBe(1);
      expect(map.get(`k-${i - cap}`)).toBeUndefined();
      expect(map.get(`k-${i - cap + 1}`)).toBe(i - cap + 1);
      clock.advance(1);
    }
    expect(map.stats()).toEqual({ queued: cap, visited: claims });
    expect(map.size()).toBe(cap);
  });

  it('drops a burst of expired entries at most 64 per write, each slot once, until none is left', () => {
    const clock = createClock(0);
    const map = createTtlMap<number>({ maxEntries: 100_000, now: clock.now });
    for (let i = 0; i < 1_000; i++) map.set(`old-${i}`, i, 1_000);
    clock.advance(1_000);
    let writes = 0;
    while (map.stats().queued > writes) {
      const before = map.stats().visited;
      map.set(`new-${writes}`, writes, HOUR);
      writes++;
      expect(map.stats().visited - before).toBeGreaterThan(0);
      expect(map.stats().visited - before).toBeLessThanOrEqual(64);
    }
    expect(writes).toBe(Math.ceil(1_000 / 64));
    expect(map.stats()).toEqual({ queued: writes, visited: 1_000 });
    expect(map.size()).toBe(writes);
    expect(map.get('old-999')).toBeUndefined();
  });

  it('keeps its queue bounded when one key is rewritten many times behind a live head, and returns the latest', () => {
    const map = createTtlMap<number>({ maxEntries: 10, now: () => 0 });
    map.set('pin', -1); // a live head: stale slots pile up behind it until the queue is compacted
    let maxQueued = 0;
    for (let i = 0; i < 20_000; i++) {
      map.set('same', i, HOUR);
      maxQueued = Math.max(maxQueued, map.stats().queued);
    }
    expect(maxQueued).toBeGreaterThan(2); // stale slots did pile up behind the head…
    expect(maxQueued).toBeLessThanOrEqual(2_100); // …and were compacted away
    expect(map.get('same')).toBe(19_999);
    expect(map.get('pin')).toBe(-1);
    expect(map.size()).toBe(2);
    expect(map.stats().visited).toBe(0);
  });

  it('keeps its queue bounded under deletes without expiry', () => {
    const map = createTtlMap<number>({ maxEntries: 10, now: () => 0 });
    map.set('pin', -1);
    let maxQueued = 0;
    let deleted = 0;
    for (let i = 0; i < 20_000; i++) {
      map.set(`k-${i}`, i);
      if (map.delete(`k-${i}`)) deleted++;
      maxQueued = Math.max(maxQueued, map.stats().queued);
    }
    expect(deleted).toBe(20_000);
    expect(maxQueued).toBeLessThanOrEqual(2_100);
    expect(map.size()).toBe(1);
  });
});

describe('createTtlMap semantics', () => {
  it('a rewrite moves a key to the tail, so the oldest-written key is evicted first', () => {
    const map = createTtlMap<string>({ maxEntries: 2, now: () => 0 });
    map.set('a', 'a1');
    map.set('b', 'b1');
    map.set('a', 'a2');
    map.set('c', 'c1');
    expect(map.get('b')).toBeUndefined();
    expect(map.get('a')).toBe('a2');
    expect(map.get('c')).toBe('c1');
    expect(map.size()).toBe(2);
  });

  it('with mixed TTLs, an entry expires on time even behind a longer-lived one', () => {
    const clock = createClock(0);
    const map = createTtlMap<string>({ maxEntries: 100, now: clock.now });
    map.set('long', 'L', HOUR);
    map.set('short', 'S', 10);
    map.set('forever', 'F');
    clock.advance(9);
    expect(map.get('short')).toBe('S');
    expect(map.size()).toBe(3);
    clock.advance(1);
    expect(map.get('short')).toBeUndefined();
    expect(map.size()).toBe(2);
    clock.advance(HOUR);
    map.set('x', 'X', 5);
    expect(map.get('long')).toBeUndefined();
    expect(map.get('forever')).toBe('F');
    expect(map.size()).toBe(2);
  });

  it('delete reports whether a live entry went away, and a deleted key can be written again', () => {
    const clock = createClock(0);
    const map = createTtlMap<number>({ maxEntries: 2, now: clock.now });
    map.set('a', 1, 100);
    expect(map.delete('a')).toBe(true);
    expect(map.delete('a')).toBe(false);
    map.set('a', 2, 100);
    map.set('b', 3, 100);
    map.set('c', 4, 100);
    expect(map.get('a')).toBeUndefined();
    expect(map.get('b')).toBe(3);
    clock.advance(100);
    expect(map.delete('b')).toBe(false);
    expect(map.size()).toBe(0);
  });
});
