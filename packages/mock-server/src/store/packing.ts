/**
 * The memory store's one speed tweak, fenced here: finished attempts and outbox messages (the bulk of a long run:
 * each holds an exact request and reply) are kept as UTF-8 JSON packed back to back in large buffers, instead of
 * as frozen records like every other table. Reading one gives the same frozen record a plain store would
 * (test/store/packing.test.ts); the memory store calls {@link packRecord}, {@link packAttempt} and
 * {@link unpackRecord} and otherwise reads like a plain map of records.
 */
import type { AttemptRecord } from '../engine/model/types';
import { compactAttempt, expandAttempt, type StringTable } from './compact-attempts';
import { frozenFromJson, frozenRecord } from './frozen-records';

// bench virtual-clock-scale, 10 000 orders: peak RSS 406 → 333 MB (−18 %), same CPU per attempt (bench/RESULTS.md).
// bench virtual-clock-scale, 10 000 orders: compact attempts, packed bytes 66 → 40 MB (bench/RESULTS.md, issue 21).

/** Where a record's bytes are: chunk number and byte range. */
interface ArenaRef {
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

/** A record as the memory store keeps it: a frozen record, or where its JSON is in the arena. */
export type Packed<T> = { readonly record: T } | { readonly ref: ArenaRef };

/** `value` kept as JSON in `arena`. */
export function packRecord<T>(arena: ByteArena, value: T): Packed<T> {
  return { ref: arena.put(JSON.stringify(value)) };
}

/**
 * An attempt kept in its compact JSON form once finished (compact-attempts.ts: repeated strings numbered in
 * `strings`); a RUNNING attempt (the intent written before a delivery, replaced by its result a moment later)
 * stays a frozen record, so it costs neither a serialisation nor arena space.
 */
export function packAttempt(
  arena: ByteArena,
  strings: StringTable,
  attempt: AttemptRecord,
): Packed<AttemptRecord> {
  return attempt.state === 'RUNNING'
    ? { record: frozenRecord(attempt) }
    : { ref: arena.put(compactAttempt(attempt, strings)) };
}

/** The frozen attempt of `packed`; `key` gives the fields kept beside it (jobId, no, state). */
export function unpackAttempt(
  arena: ByteArena,
  strings: StringTable,
  key: Pick<AttemptRecord, 'jobId' | 'no' | 'state'>,
  packed: Packed<AttemptRecord>,
): AttemptRecord {
  return 'record' in packed ? packed.record : expandAttempt(key, arena.get(packed.ref), strings);
}

/** The frozen record of `packed`. */
export function unpackRecord<T>(arena: ByteArena, packed: Packed<T>): T {
  return 'record' in packed ? packed.record : frozenFromJson<T>(arena.get(packed.ref));
}
