import { describe, expect, it } from 'vitest';
import { frozenFromJson, frozenRecord } from '../../src/store/frozen-records';

/** What the SQLite store gives back for a value: the JSON round trip the in-memory copy must equal. */
const viaJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;

describe('frozenRecord', () => {
  const cases: Array<[string, unknown]> = [
    ['nested record', { a: 1, b: 'x', c: [1, { d: null, e: [true, false] }], f: { g: { h: 'deep' } } }],
    ['undefined, function and symbol properties', { a: undefined, b: () => 1, c: Symbol('s'), d: 2 }],
    ['holes and undefined in arrays', [1, undefined, () => 2, Symbol('s'), , 3]], // eslint-disable-line no-sparse-arrays -- the hole is the case under test
    ['non-finite numbers', { a: NaN, b: Infinity, c: [-Infinity, -0] }],
    ['dates and toJSON', { at: new Date(Date.UTC(2025, 2, 1)), v: { toJSON: () => ({ z: 1 }) } }],
    ['class instances', { m: new Map([['k', 1]]), s: new Set([1]) }],
    ['null-prototype object', Object.assign(Object.create(null) as object, { k: 'v' })],
    ['primitives', 'text'],
  ];

  it.each(cases)('equals the JSON round trip: %s', (_name, value) => {
    expect(frozenRecord(value)).toStrictEqual(viaJson(value));
  });

  it('copies the caller objects and freezes the copy at every depth', () => {
    const original = { list: [{ n: 1 }], inner: { tags: ['a'] } };
    const copy = frozenRecord(original);
    expect(copy.list).not.toBe(original.list);
    expect(() => {
      copy.list[0]!.n = 2;
    }).toThrow(TypeError);
    expect(() => copy.inner.tags.push('b')).toThrow(TypeError);
    // The original is neither frozen nor linked to the copy.
    original.list[0]!.n = 3;
    original.inner.tags.push('c');
    expect(copy).toEqual({ list: [{ n: 1 }], inner: { tags: ['a'] } });
    expect(Object.isFrozen(original) || Object.isFrozen(original.list[0])).toBe(false);
  });

  it('shares the frozen parts of a previous version instead of copying them', () => {
    const v1 = frozenRecord({ state: 'A', body: { big: ['x', 'y'] }, refs: { id: 'J1' } });
    const v2 = frozenRecord({ ...v1, state: 'B' });
    expect(v2).not.toBe(v1);
    expect(v2.body).toBe(v1.body);
    expect(v2.refs).toBe(v1.refs);
    expect(v2).toEqual({ state: 'B', body: { big: ['x', 'y'] }, refs: { id: 'J1' } });
    // A frozen value that is not a plain object or array (here a Date) still goes through JSON.
    const at = Object.freeze(new Date(Date.UTC(2026, 0, 1)));
    expect(frozenRecord({ at }).at).toBe('2026-01-01T00:00:00.000Z');
  });

  it('freezes values parsed from JSON text in place', () => {
    const parsed = frozenFromJson<{ a: { b: number[] } }>('{"a":{"b":[1,2]}}');
    expect(parsed).toEqual({ a: { b: [1, 2] } });
    expect(Object.isFrozen(parsed.a.b)).toBe(true);
    // and such values are shared by a later write
    expect(frozenRecord({ a: parsed.a }).a).toBe(parsed.a);
  });

  it('copies records with many keys and empty containers like JSON does', () => {
    const wide: Record<string, unknown> = {};
    for (let i = 0; i < 30; i++) wide[`k${29 - i}`] = i % 4 === 0 ? undefined : i % 4 === 1 ? { n: [i] } : i;
    const copy = frozenRecord(wide);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(wide));
    expect(Object.keys(copy)).toEqual(Object.keys(viaJson(wide) as object));
    expect(Object.isFrozen(copy)).toBe(true);
    expect(Object.isFrozen((copy as Record<string, { n: number[] }>)['k28']?.n)).toBe(true);
    const allOmitted = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`u${i}`, undefined]));
    expect(frozenRecord(allOmitted)).toEqual({});
    // empty lists and maps come back empty and frozen (one shared frozen value each: nothing can change them)
    const empties = frozenRecord({ a: [], b: {}, c: [[], {}] });
    expect(JSON.stringify(empties)).toBe('{"a":[],"b":{},"c":[[],{}]}');
    expect(Object.isFrozen(empties.a) && Object.isFrozen(empties.b) && Object.isFrozen(empties.c[0])).toBe(
      true,
    );
    expect(() => (empties.a as unknown[]).push(1)).toThrow(TypeError);
  });

  it('throws on values JSON cannot hold', () => {
    expect(() => frozenRecord({ big: 1n })).toThrow(TypeError);
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(() => frozenRecord(cyclic)).toThrow();
  });
});
