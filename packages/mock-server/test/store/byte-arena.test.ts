import { describe, expect, it } from 'vitest';
import { createByteArena } from '../../src/store/byte-arena';

describe('createByteArena', () => {
  it('gives back every text exactly, across chunks and with multi-byte characters', () => {
    const arena = createByteArena(64);
    const texts = ['{"a":1}', 'x'.repeat(63), 'é…—→ 中文', '', 'y'.repeat(200), '{"b":"…"}'];
    const refs = texts.map((t) => arena.put(t));
    expect(refs.map((r) => arena.get(r))).toEqual(texts);
    // 'y' × 200 does not fit a 64-byte chunk: it gets a chunk of its own, and later texts start a new one.
    expect(refs[4]).toEqual({ chunk: refs[4]!.chunk, start: 0, end: 200 });
    expect(refs[5]!.chunk).toBe(refs[4]!.chunk + 1);
  });

  it('packs texts back to back in one chunk while they fit', () => {
    const arena = createByteArena(1024);
    const a = arena.put('abc');
    const b = arena.put('é');
    expect(a).toEqual({ chunk: 0, start: 0, end: 3 });
    expect(b).toEqual({ chunk: 0, start: 3, end: 5 });
    expect(arena.allocatedBytes()).toBe(1024);
  });

  it('forgets everything on clear, and says so for a stale reference', () => {
    const arena = createByteArena(16);
    const ref = arena.put('hello');
    arena.clear();
    expect(arena.allocatedBytes()).toBe(0);
    expect(() => arena.get(ref)).toThrow(/cleared/);
    expect(arena.get(arena.put('again'))).toBe('again');
  });
});
