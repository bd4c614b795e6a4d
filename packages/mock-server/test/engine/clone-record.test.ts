import { describe, expect, it } from 'vitest';
import { cloneRecord } from '../../src/engine/clone-record';

/** What the SQLite store gives back for a value: the JSON round trip the in-memory copy must equal. */
const viaJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;

describe('cloneRecord', () => {
  const cases: Array<[string, unknown]> = [
    ['nested record', { a: 1, b: 'x', c: [1, { d: null, e: [true, false] }], f: { g: { h: 'deep' } } }],
    ['undefined, function and symbol properties', { a: undefined, b: () => 1, c: Symbol('s'), d: 2 }],
    ['holes and undefined in arrays', [1, undefined, () => 2, Symbol('s'), , 3]], // eslint-disable-line no-sparse-arrays
    ['non-finite numbers', { a: NaN, b: Infinity, c: [-Infinity, -0] }],
    ['dates and toJSON', { at: new Date(Date.UTC(2025, 2, 1)), v: { toJSON: () => ({ z: 1 }) } }],
    ['class instances', { m: new Map([['k', 1]]), s: new Set([1]) }],
    ['null-prototype object', Object.assign(Object.create(null) as object, { k: 'v' })],
    ['primitives', 'text'],
  ];

  it.each(cases)('equals the JSON round trip: %s', (_name, value) => {
    expect(cloneRecord(value)).toStrictEqual(viaJson(value));
  });

  it('shares nothing with the original', () => {
    const original = { list: [{ n: 1 }], inner: { tags: ['a'] } };
    const copy = cloneRecord(original);
    copy.list[0]!.n = 2;
    copy.inner.tags.push('b');
    expect(original).toEqual({ list: [{ n: 1 }], inner: { tags: ['a'] } });
    expect(copy.list).not.toBe(original.list);
  });

  it('throws on values JSON cannot hold', () => {
    expect(() => cloneRecord({ big: 1n })).toThrow(TypeError);
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(() => cloneRecord(cyclic)).toThrow();
  });
});
