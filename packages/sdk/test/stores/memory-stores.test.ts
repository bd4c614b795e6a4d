/**
 * In-memory nonce and idempotency stores: TTL expiry with an injected clock, bounded size, and racing
 * newInstance retries that must all get one instanceId.
 */
import { describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../src/errors';
import { createInstanceIdempotency, isProductionResult } from '../../src/handler';
import { createMemoryIdempotencyStore, createMemoryNonceStore } from '../../src/stores';
import { createClock } from '../handler/harness';

describe('createMemoryNonceStore', () => {
  it('accepts a nonce once, refuses it until its TTL passes, then accepts it again', () => {
    const clock = createClock();
    const store = createMemoryNonceStore({ now: clock.now });
    expect(store.claim('n-1', 120_000)).toBe(true);
    expect(store.claim('n-1', 120_000)).toBe(false);
    expect(store.claim('n-2', 120_000)).toBe(true);
    clock.advance(119_999);
    expect(store.claim('n-1', 120_000)).toBe(false);
    clock.advance(1);
    expect(store.claim('n-1', 120_000)).toBe(true);
  });

  it('stays within maxEntries however many nonces arrive, forgetting the oldest first', () => {
    const clock = createClock();
    const store = createMemoryNonceStore({ now: clock.now, maxEntries: 100 });
    for (let i = 0; i < 10_000; i++) void store.claim(`n-${i}`, 3_600_000);
    expect(store.size()).toBe(100);
    expect(store.claim('n-9999', 3_600_000)).toBe(false);
    expect(store.claim('n-0', 3_600_000)).toBe(true);
  });

  it('drops expired entries on its own (no leak while idle keys age out)', () => {
    const clock = createClock();
    const store = createMemoryNonceStore({ now: clock.now });
    for (let i = 0; i < 5_000; i++) void store.claim(`old-${i}`, 1_000);
    clock.advance(1_001);
    for (let i = 0; i < 200; i++) void store.claim(`new-${i}`, 1_000);
    expect(store.size()).toBe(200);
  });

  it('rejects bad options with a ConfigError', () => {
    expect(() => createMemoryNonceStore({ maxEntries: 0 })).toThrow(ConfigError);
    expect(() => createMemoryNonceStore({ maxEntries: 1.5 })).toThrow(/maxEntries/);
    expect(() => createMemoryNonceStore({ now: 5 as never })).toThrow(/now/);
  });
});

describe('createInstanceIdempotency over the memory store', () => {
  const make = (o: { now?: () => number; leaseMs?: number; ttlMs?: number; maxEntries?: number } = {}) => {
    let n = 0;
    const now = o.now ?? (() => 0);
    const store = createMemoryIdempotencyStore({
      now,
      ...(o.maxEntries ? { maxEntries: o.maxEntries } : {}),
    });
    const ids = createInstanceIdempotency({
      store,
      now,
      generateInstanceId: () => `inst-${++n}`,
      ...(o.leaseMs ? { leaseMs: o.leaseMs } : {}),
      ...(o.ttlMs ? { ttlMs: o.ttlMs } : {}),
    });
    return { store, ids };
  };
  const order = { orderId: 'CS1', orderLineId: 'CS1-000001' };

  it('gives 20 racing claims for one order the same instanceId, with exactly one first', async () => {
    const { ids } = make();
    const claims = await Promise.all(Array.from({ length: 20 }, () => ids.claim(order)));
    expect(new Set(claims.map((c) => c.instanceId))).toEqual(new Set(['inst-1']));
    expect(claims.filter((c) => c.first)).toHaveLength(1);
  });

  it('run(): racing retries create once; the others wait (000004) until the creation completed', async () => {
    const { ids } = make();
    let release!: () => void;
    const create = vi.fn(() => new Promise<void>((resolve) => (release = resolve)));
    const first = ids.run(order, create);
    const racing = await Promise.all([ids.run(order, create), ids.run(order, create)]);
    for (const r of racing) {
      expect(isProductionResult(r)).toBe(true);
      expect(r).toMatchObject({ resultCode: '000004', fields: { instanceId: 'inst-1' } });
    }
    release();
    expect(await first).toEqual({ instanceId: 'inst-1' });
    expect(await ids.run(order, create)).toEqual({ instanceId: 'inst-1' });
    expect(create).toHaveBeenCalledTimes(1);
    expect(create).toHaveBeenCalledWith('inst-1');
  });

  it('a failed creation is retried by the next call with the same instanceId', async () => {
    const { ids } = make();
    await expect(ids.run(order, () => Promise.reject(new Error('provisioning failed')))).rejects.toThrow(
      'provisioning failed',
    );
    const create = vi.fn();
    expect(await ids.run(order, create)).toEqual({ instanceId: 'inst-1' });
    expect(create).toHaveBeenCalledWith('inst-1');
  });

  it('a claim abandoned past its lease is taken over with the same instanceId', async () => {
    const clock = createClock(0);
    const { ids } = make({ now: clock.now, leaseMs: 60_000 });
    expect(await ids.claim(order)).toMatchObject({ instanceId: 'inst-1', first: true });
    clock.advance(59_999);
    expect(await ids.claim(order)).toMatchObject({ instanceId: 'inst-1', first: false, completed: false });
    clock.advance(1);
    expect(await ids.claim(order)).toMatchObject({ instanceId: 'inst-1', first: true });
  });

  it('keys pay-per-use orders on orderId + productId, other orders on orderId + orderLineId', async () => {
    const { ids } = make();
    expect(ids.keyFor({ orderId: 'CS1', productId: 'P-1' })).toBe('order:CS1:product:P-1');
    expect(ids.keyFor(order)).toBe('order:CS1:line:CS1-000001');
    const a = await ids.claim({ orderId: 'CS1', productId: 'P-1' });
    const b = await ids.claim({ orderId: 'CS1', productId: 'P-2' });
    const c = await ids.claim({ orderId: 'CS1', productId: 'P-1' });
    expect(a.instanceId).not.toBe(b.instanceId);
    expect(c.instanceId).toBe(a.instanceId);
  });

  it('completed records expire after ttlMs and the store stays bounded', async () => {
    const clock = createClock(0);
    const { ids, store } = make({ now: clock.now, ttlMs: 1_000, maxEntries: 50 });
    const claim = await ids.claim(order);
    await ids.complete(claim);
    clock.advance(999);
    expect(await ids.claim(order)).toMatchObject({ instanceId: 'inst-1', completed: true });
    clock.advance(1);
    const renewed = await ids.claim(order);
    expect(renewed.first).toBe(true);
    expect(renewed.instanceId).not.toBe('inst-1');
    for (let i = 0; i < 500; i++) await ids.claim({ orderId: `CS-${i}`, orderLineId: 'l' });
    expect(store.size()).toBeLessThanOrEqual(50);
  });

  it('rejects bad keys and generated ids with ConfigErrors', async () => {
    const { ids } = make();
    await expect(ids.claim({ orderId: '', orderLineId: 'x' })).rejects.toThrow(/orderId/);
    await expect(ids.claim({ orderId: 'CS1' } as never)).rejects.toThrow(/orderLineId, or productId/);
    const bad = createInstanceIdempotency({
      store: createMemoryIdempotencyStore(),
      generateInstanceId: () => 'x'.repeat(65),
    });
    await expect(bad.claim(order)).rejects.toThrow(ConfigError);
    expect(() => createInstanceIdempotency({ store: {} as never })).toThrow(/store/);
    expect(() => createInstanceIdempotency({ store: createMemoryIdempotencyStore(), leaseMs: -1 })).toThrow(
      /leaseMs/,
    );
  });

  it('default instanceIds are 32 hex characters', async () => {
    const ids = createInstanceIdempotency({ store: createMemoryIdempotencyStore() });
    expect((await ids.claim(order)).instanceId).toMatch(/^[0-9a-f]{32}$/);
  });
});
