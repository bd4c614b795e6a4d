import { describe, expect, it } from 'vitest';
import { frozenRecord } from '../../src/store/frozen-records';
import { createStringTable } from '../../src/store/compact-attempts';
import {
  createByteArena,
  packAttempt,
  packMessage,
  unpackAttempt,
  unpackMessage,
} from '../../src/store/packing';
import type { OutboxMessage } from '../../src/engine/model/types';
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
  it('gives a finished attempt back equal to its frozen copy, deeply frozen, its position inline', () => {
    const arena = createByteArena(256);
    const finished = {
      ...attemptRecord('job-1', 2, 'FAILED'),
      response: { status: 500, headers: [['Content-Type', 'text/plain']], body: 'error — retry…' },
      problems: [{ code: 'HTTP_STATUS', message: 'HTTP 500', skipped: undefined }],
    } as unknown as Parameters<typeof packAttempt>[2];
    const strings = createStringTable();
    const packed = packAttempt(arena, strings, finished);
    expect(packed).toMatchObject({ no: 2, state: 'FAILED', running: null, chunk: 0, start: 0 });
    const back = unpackAttempt(arena, strings, 'job-1', packed);
    expect(back).toEqual(frozenRecord(finished));
    expect(JSON.stringify(back)).toBe(JSON.stringify(finished));
    expect(Object.isFrozen(back)).toBe(true);
    expect(Object.isFrozen(back.problems[0])).toBe(true);
  });

  it('keeps a RUNNING attempt as a frozen record, without the arena', () => {
    const arena = createByteArena(16);
    const running = attemptRecord('job-1', 1, 'RUNNING');
    const strings = createStringTable();
    const packed = packAttempt(arena, strings, running);
    expect(packed).toMatchObject({ no: 1, state: 'RUNNING', running });
    expect(Object.isFrozen(packed.running)).toBe(true);
    expect(unpackAttempt(arena, strings, 'job-1', packed)).toBe(packed.running);
    expect(arena.put('x')).toEqual({ chunk: 0, start: 0, end: 1 }); // nothing was written before
  });

  it('packs an outbox message in one object with its seq, and gives back its JSON round trip', () => {
    const arena = createByteArena(64);
    const strings = createStringTable();
    const message: OutboxMessage = {
      id: 'M000003',
      seq: 3,
      at: 1_772_413_200_000,
      to: 'seller@example.com',
      kind: 'CALL_FAILED',
      subject: 'Paid — thanks',
      text: 'line one\nline two',
      refs: { jobId: 'J1', orderId: null, productCode: 'crm' },
    };
    const packed = packMessage(arena, strings, message);
    expect(Object.keys(packed).sort()).toEqual(['chunk', 'end', 'seq', 'start']);
    expect(packed.seq).toBe(3);
    const back = unpackMessage(arena, strings, packed);
    expect(JSON.stringify(back)).toBe(JSON.stringify(message));
    expect(Object.isFrozen(back.refs)).toBe(true);
  });
});
