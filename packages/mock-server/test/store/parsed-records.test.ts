/**
 * The SQLite store's cache of parsed records (store/parsed-records.ts): a row written or read once is handed
 * out again for the same JSON text without a parse, always deeply frozen and equal to the JSON round trip, never
 * the caller's object; lists only look up; the least recently stored record goes first past the limit. Through
 * the SQLite store: a read after a write gives the written record even when the caller changes its object
 * afterwards, and a rolled-back write is not read back.
 */
import { describe, expect, it } from 'vitest';
import { createParsedRecords } from '../../src/store/parsed-records';
import { createSqliteStore } from '../../src/store/sqlite-store';
import type { OrderRecord } from '../../src/engine/model/types';

const deepFrozen = (v: unknown): boolean =>
  v === null || typeof v !== 'object' || (Object.isFrozen(v) && Object.values(v).every((x) => deepFrozen(x)));

describe('parsed records', () => {
  it('parses a row once and hands out the same frozen record while its text is the same', () => {
    const cache = createParsedRecords();
    const text = '{"id":"J1","body":{"a":[1,{"b":2}]}}';
    const first = cache.read<{ id: string }>('J1', text);
    expect(first).toEqual(JSON.parse(text));
    expect(deepFrozen(first)).toBe(true);
    expect(cache.read('J1', text)).toBe(first);
    expect(cache.peek('J1', text)).toBe(first);
    const changed = '{"id":"J1","body":{"a":[2]}}';
    expect(cache.read('J1', changed)).toEqual({ id: 'J1', body: { a: [2] } });
    expect(cache.read('J2', text)).not.toBe(first);
  });

  it('keeps a frozen JSON round trip of a written value, not the value', () => {
    const cache = createParsedRecords();
    const value = { id: 'J1', at: -0, gone: undefined, when: new Date(0), list: [1, undefined] };
    const text = JSON.stringify(value);
    cache.wrote('J1', text, value);
    const kept = cache.read<Record<string, unknown>>('J1', text);
    expect(kept).not.toBe(value);
    expect(cache.read('J1', text)).toBe(kept);
    expect(kept).toEqual(JSON.parse(text));
    expect(Object.keys(kept)).toEqual(Object.keys(JSON.parse(text) as object));
    expect(deepFrozen(kept)).toBe(true);
    expect(Object.isFrozen(value)).toBe(false);
  });

  it('lists only look up, and the least recently stored row goes first past the limit', () => {
    const cache = createParsedRecords({ limit: 2 });
    const listed = cache.peek('A', '{"n":0}');
    expect(cache.peek('A', '{"n":0}')).not.toBe(listed);
    const a = cache.read('A', '{"n":1}');
    const b = cache.read('B', '{"n":2}');
    cache.read('C', '{"n":3}');
    expect(cache.read('B', '{"n":2}')).toBe(b);
    const again = cache.read('A', '{"n":1}');
    expect(again).not.toBe(a);
    expect(again).toEqual(a);
  });
});

describe('SQLite store reads through the cache', () => {
  // The columns the store indexes, and a field that changes (the store does not check records' shapes).
  const order = (state: string): OrderRecord =>
    ({
      orderId: 'O1',
      seq: 1,
      state,
      orderType: 'NEW',
      buyerId: 'B1',
      productCode: 'crm',
      lines: [{ amount: 1 }],
    }) as unknown as OrderRecord;

  it('a read after a write is the written record, whatever the caller does with its object', () => {
    const store = createSqliteStore({ path: ':memory:' });
    const mine = order('PAID');
    store.putOrder(mine);
    (mine as unknown as { state: string }).state = 'changed';
    (mine.lines as unknown as Array<{ amount: number }>)[0]!.amount = 2;
    const read = store.getOrder('O1');
    expect(read).toEqual(order('PAID'));
    expect(deepFrozen(read)).toBe(true);
    expect(store.getOrder('O1')).toBe(read);
    expect(store.listOrders()).toEqual([order('PAID')]);
    store.close();
  });

  it('a rolled-back write is not read back', () => {
    const store = createSqliteStore({ path: ':memory:' });
    store.putOrder(order('PAID'));
    expect(() =>
      store.transaction(() => {
        store.putOrder(order('CANCELED'));
        expect(store.getOrder('O1')).toEqual(order('CANCELED'));
        throw new Error('undo');
      }),
    ).toThrow('undo');
    expect(store.getOrder('O1')).toEqual(order('PAID'));
    store.close();
  });
});
