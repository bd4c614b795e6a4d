/**
 * The memory store's one speed tweak, fenced here: finished attempts and outbox messages (the bulk of a long run:
 * each holds an exact request and reply) are kept as UTF-8 JSON packed back to back in large buffers, instead of
 * as frozen records like every other table. Reading one gives the same frozen record a plain store would
 * (test/store/packing.test.ts); the memory store calls {@link packAttempt}, {@link packMessage} and their
 * `unpack` twins and otherwise reads like a plain map of records.
 */
import type { AttemptRecord, AttemptState, OutboxMessage } from '../engine/model/types';
import { compactAttempt, expandAttempt, type StringTable } from './compact-attempts';
import { compactMessage, expandMessage } from './compact-messages';
import { frozenRecord } from './frozen-records';

// bench virtual-clock-scale, 10 000 orders: peak RSS 406 → 333 MB (−18 %), same CPU per attempt (bench/RESULTS.md).
// bench virtual-clock-scale, 10 000 orders: compact attempts, packed bytes 66 → 40 MB (bench/RESULTS.md, issue 21).

/** Where a record's bytes are: chunk number and byte range. */
export interface ArenaRef {
  readonly chunk: number;
  readonly start: number;
  readonly end: number;
}

/**
 * Append-only UTF-8 storage in chunks of their own (not slices of Node's shared buffer pool, whose slabs a
 * retained slice would keep alive). Space of a replaced record is not reused: the store rewrites a finished
 * record only on crash recovery or a job restarted by hand.
 */
export interface ByteArena {
  /** Stores `text` as UTF-8 and returns where. */
  put(text: string): ArenaRef;
  /** The text stored at `ref`. */
  get(ref: ArenaRef): string;
}

/** Size of a chunk (a record larger than this gets a chunk of its own). */
const CHUNK_BYTES = 1024 * 1024;

/** Creates an empty arena. `chunkBytes` (default 1 MiB) is for tests. */
export function createByteArena(chunkBytes: number = CHUNK_BYTES): ByteArena {
  const chunks: Buffer[] = [];
  let current: Buffer | null = null;
  let used = 0;
  return {
    put(text) {
      const size = Buffer.byteLength(text, 'utf8');
      if (current === null || size > current.length - used) {
        current = Buffer.allocUnsafeSlow(Math.max(chunkBytes, size));
        chunks.push(current);
        used = 0;
      }
      const start = used;
      used += current.write(text, start, size, 'utf8');
      return { chunk: chunks.length - 1, start, end: used };
    },
    get(ref) {
      return (chunks[ref.chunk] as Buffer).toString('utf8', ref.start, ref.end);
    },
  };
}

/**
 * An attempt as the memory store keeps it: its number and state (what the queries read), and where its compact
 * JSON is in the arena (compact-attempts.ts: repeated strings numbered in the string table), inline. A RUNNING
 * attempt (the intent written before a delivery, replaced by its result a moment later) keeps its frozen record
 * instead, so it costs neither a serialisation nor arena space.
 */
export interface PackedAttempt extends ArenaRef {
  readonly no: number;
  readonly state: AttemptState;
  /** The frozen record of a RUNNING attempt; null once finished (the record is in the arena). */
  readonly running: AttemptRecord | null;
}

// bench virtual-clock-scale, 10 000 orders: one object per attempt, its arena position inline, in a list per job
// instead of a row object, a packed-record object, an arena reference, a `J000001#1` key, a map entry and an
// entry in a per-job index set (≈ 250 B of heap per attempt, 40 000 attempts): bench/RESULTS.md, issue 21
// session 5.

/** `attempt` packed for the memory store (see {@link PackedAttempt}). */
export function packAttempt(arena: ByteArena, strings: StringTable, attempt: AttemptRecord): PackedAttempt {
  const { no, state } = attempt;
  if (state === 'RUNNING') return { no, state, running: frozenRecord(attempt), chunk: -1, start: 0, end: 0 };
  const { chunk, start, end } = arena.put(compactAttempt(attempt, strings));
  return { no, state, running: null, chunk, start, end };
}

/** The frozen attempt of job `jobId` packed as `packed`. */
export function unpackAttempt(
  arena: ByteArena,
  strings: StringTable,
  jobId: string,
  packed: PackedAttempt,
): AttemptRecord {
  return (
    packed.running ?? expandAttempt({ jobId, no: packed.no, state: packed.state }, arena.get(packed), strings)
  );
}

/**
 * An outbox message as the memory store keeps it: its seq, and where its compact JSON is in the arena
 * (compact-messages.ts: frequent lines numbered in the string table), in one object.
 */
export interface PackedMessage extends ArenaRef {
  readonly seq: number;
}

// bench virtual-clock-scale, 10 000 orders: 30 000 CALL_FAILED mails of ≈ 560 B of JSON each, kept as three objects
// each ({seq, packed: {ref: {chunk, start, end}}}): bench/RESULTS.md, issue 21 session 5.

/** `message` packed for the memory store (see {@link PackedMessage}). */
export function packMessage(arena: ByteArena, strings: StringTable, message: OutboxMessage): PackedMessage {
  const { chunk, start, end } = arena.put(compactMessage(message, strings));
  return { seq: message.seq, chunk, start, end };
}

/** The frozen message of `packed`. */
export function unpackMessage(arena: ByteArena, strings: StringTable, packed: PackedMessage): OutboxMessage {
  return expandMessage(arena.get(packed), strings);
}
