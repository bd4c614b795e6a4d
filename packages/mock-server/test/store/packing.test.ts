import { describe, expect, it } from 'vitest';
import { frozenRecord } from '../../src/store/frozen-records';
import { createStringTable } from '../../src/store/compact-attempts';
import {
  createByteArena,
  packAttempt,
  packRecord,
  unpackAttempt,
  unpackRecord,
} from '../../src/store/packing';
import { attemptRecord } from './fixtures/records';

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
  });
});

describe('packed records read back like plain frozen records', () => {
  it('gives a finished attempt back equal to its frozen copy, deeply frozen', () => {
    const arena = createByteArena(256);
    const finished = {
      ...attemptRecord('job-1', 2, 'FAILED'),
      response: { status: 500, headers: [['Content-Type', 'text/plain']], body: 'error — retry…' },
      problems: [{ code: 'HTTP_STATUS', message: 'HTTP 500', skipped: undefined }],
    } as unknown as Parameters<typeof packAttempt>[2];
    const strings = createStringTable();
    const packed = packAttempt(arena, strings, finished);
    expect('ref' in packed).toBe(true);
    const back = unpackAttempt(arena, strings, finished, packed);
    expect(back).toEqual(frozenRecord(finished));
    expect(Object.isFrozen(back)).toBe(true);
    expect(Object.isFrozen(back.problems[0])).toBe(true);
  });

  it('keeps a RUNNING attempt as a frozen record, without the arena', () => {
    const arena = createByteArena(16);
    const running = attemptRecord('job-1', 1, 'RUNNING');
    const strings = createStringTable();
    const packed = packAttempt(arena, strings, running);
    expect(packed).toEqual({ record: running });
    expect(unpackAttempt(arena, strings, running, packed)).toEqual(running);
    expect(Object.isFrozen(unpackAttempt(arena, strings, running, packed))).toBe(true);
  });

  it('packs any record (outbox messages) with JSON semantics', () => {
    const arena = createByteArena(64);
    const message = { seq: 3, to: 'buyer@example.com', subject: 'Paid — thanks', dropped: undefined };
    expect(unpackRecord(arena, packRecord(arena, message))).toEqual({
      seq: 3,
      to: 'buyer@example.com',
      subject: 'Paid — thanks',
    });
  });
});
