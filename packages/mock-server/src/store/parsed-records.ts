/**
 * The SQLite store's cache of parsed records, by row key, each with the JSON text it was parsed from. The engine reads a record back right
 * after writing it and again on its next step (a job is read five times per attempt), and parsing and freezing
 * its JSON on every read cost more than the SQLite read itself (virtual-clock-scale bench case, `db` size).
 * The store still reads the row from the database on every read and hands out the kept record only when the
 * row's JSON text is the very text it was kept for: records are immutable snapshots and the text is the whole
 * record, so a hit can never be stale, and nothing has to be forgotten when a transaction rolls back or another
 * connection wrote the row. Only the parse is saved.
 */
import { frozenFromJson, frozenRecord } from './frozen-records';

/** Options of {@link createParsedRecords}. */
export interface ParsedRecordsOptions {
  /** Most records kept; the least recently stored goes first. Default 2048 (a few MB of job records). */
  limit?: number;
}

/** The parsed records of one table, by row key. */
export interface ParsedRecords {
  /** The frozen record of row `key` whose JSON is `text`: the kept one when its text is `text`, else parsed and kept. */
  read<T>(key: string, text: string): T;
  /** The same without keeping a parse (for lists, whose rows would push out the records read one by one). */
  peek<T>(key: string, text: string): T;
  /** Keeps a frozen copy of `value` (equal to its JSON round trip) as row `key`, whose JSON is `text`. */
  wrote(key: string, text: string, value: unknown): void;
}

interface Kept {
  text: string;
  record: unknown;
}

/** Creates an empty cache. */
export function createParsedRecords(options: ParsedRecordsOptions = {}): ParsedRecords {
  const limit = options.limit ?? 2048;
  const byKey = new Map<string, Kept>();

  const keep = (key: string, text: string, record: unknown): void => {
    // Map order is insertion order: delete first so a rewritten row goes last, then drop the oldest.
    byKey.delete(key);
    byKey.set(key, { text, record });
    if (byKey.size > limit) byKey.delete(byKey.keys().next().value as string);
  };
  // Comparing the texts (same length, then the bytes) costs far less than parsing one; a row's key is a short
  // string whose hash V8 keeps, where hashing the text itself on every lookup cost as much as the parse saved.
  const kept = (key: string, text: string): unknown => {
    const k = byKey.get(key);
    return k !== undefined && k.text === text ? k.record : undefined;
  };

  return {
    read<T>(key: string, text: string): T {
      const hit = kept(key, text);
      if (hit !== undefined) return hit as T;
      const record = frozenFromJson<T>(text);
      keep(key, text, record);
      return record;
    },
    peek: <T>(key: string, text: string): T => (kept(key, text) as T | undefined) ?? frozenFromJson<T>(text),
    wrote(key, text, value) {
      keep(key, text, frozenRecord(value));
    },
  };
}
