/**
 * The usage records kept per pay-per-use instance for display (§8.4): the last {@link USAGE_LOG_LIMIT} records of
 * each instance, in the store's key/value table (both stores keep them, `reset()` clears them).
 *
 * Representation — chosen for the memory a month of hourly pushes holds (bench case `marketplace-month`, issue 21:
 * a log kept as one text of whole JSON records, cut back by copying, was 44 MB of a 178 MB live heap and the
 * largest source of old-generation garbage — with no log at all the peak RSS fell from ≈ 690 to ≈ 450 MB):
 * - records are written in chunks of {@link USAGE_LOG_CHUNK} lines under `usage.logChunk.<ref>.<slot>`, the slots
 *   used as a ring of {@link USAGE_LOG_SLOTS} (a new chunk overwrites the oldest one), and the number of records ever
 *   logged is kept under `usage.logCount.<ref>`. A push appends its lines to the chunk in use: nothing is parsed,
 *   cut or copied, except that the push which fills a chunk writes it as one joined text (appending keeps every
 *   appended piece as its own string; the full chunk stays as it is for the next 200 records);
 * - a line is the record's own fields as JSON values separated by commas (a JSON array without its brackets),
 *   without the `instance_id` every line would repeat: `begin_time, end_time, metering_sn, record_time,
 *   usage_value, acceptedAt`, plus `relate_pkg_instance` when the record has one. Records are only accepted for
 *   the instance's own `instanceId` (set once, when the instance is activated), which is what reading puts back.
 *   When `begin_time` is a readable time, `end_time` and `record_time` are stored as seconds after it (when
 *   readable: a readable time is one that formats back to the same text, so the text is restored exactly) and
 *   `acceptedAt` as milliseconds after it — about 50 characters a line instead of 200 for a whole JSON record.
 *
 * Earlier versions kept the log under `usage.log.<ref>`: JSON lines of whole records (with `usage.logLines.<ref>`)
 * or, before that, one JSON array. Such a log is read as it is; the first push after the upgrade moves its last
 * records into chunks and empties the old key.
 */
import { formatUsageTime, parseUsageTime, type UsageRecordWire } from '@koogallery-kit/sdk';
import type { EngineContext } from '../context';

/** Most records kept per instance for display (totals count every record). */
export const USAGE_LOG_LIMIT = 200;
/** Records per chunk of the log. */
export const USAGE_LOG_CHUNK = USAGE_LOG_LIMIT / 4;
/** Chunks kept per instance: enough for the last {@link USAGE_LOG_LIMIT} records whatever the chunk in use holds. */
export const USAGE_LOG_SLOTS = USAGE_LOG_LIMIT / USAGE_LOG_CHUNK + 1;

const countKey = (ref: string): string => `usage.logCount.${ref}`;
const chunkKey = (ref: string, chunk: number): string => `usage.logChunk.${ref}.${chunk % USAGE_LOG_SLOTS}`;
const legacyLogKey = (ref: string): string => `usage.log.${ref}`;
const legacyLinesKey = (ref: string): string => `usage.logLines.${ref}`;

/** Epoch ms of a usage time (`yyyyMMdd'T'HHmmss'Z'`), or undefined; a push passes one memo for all its records. */
export type UsageTimeReader = (text: string) => number | undefined;

/** One stored usage record. */
export interface UsageLogEntry extends UsageRecordWire {
  /** Business time the push was accepted. */
  acceptedAt: number;
}

/** A field stored relative to `begin` (seconds after it) when both times are readable, else as it is. */
function relative(text: string, beginMs: number | undefined, read: UsageTimeReader): string | number {
  const ms = beginMs === undefined ? undefined : read(text);
  return beginMs === undefined || ms === undefined ? text : (ms - beginMs) / 1000;
}

/** The stored line of a record. */
function toLine(e: UsageLogEntry, read: UsageTimeReader): string {
  const begin = read(e.begin_time);
  const fields: Array<string | number> = [
    e.begin_time,
    relative(e.end_time, begin, read),
    e.metering_sn,
    relative(e.record_time, begin, read),
    e.usage_value,
    begin === undefined ? e.acceptedAt : e.acceptedAt - begin,
  ];
  if (e.relate_pkg_instance !== undefined) fields.push(e.relate_pkg_instance);
  return fields.map((f) => JSON.stringify(f)).join(',');
}

/** The record of a stored line (fields in the wire's order), or undefined when the line cannot be read. */
function fromLine(line: string, instanceId: string): UsageLogEntry | undefined {
  try {
    const f = JSON.parse(`[${line}]`) as unknown;
    if (!Array.isArray(f) || f.length < 6) return undefined;
    const [begin_time, end, metering_sn, record, usage_value, accepted, relate] = f as [
      string,
      string | number,
      string,
      string | number,
      string,
      number,
      string | undefined,
    ];
    const begin = parseUsageTime(begin_time);
    const time = (v: string | number): string =>
      typeof v === 'number' && begin !== undefined ? formatUsageTime(begin + v * 1000) : String(v);
    return {
      begin_time,
      end_time: time(end),
      instance_id: instanceId,
      metering_sn,
      record_time: time(record),
      ...(relate === undefined ? {} : { relate_pkg_instance: relate }),
      usage_value,
      acceptedAt: begin === undefined ? accepted : begin + accepted,
    };
  } catch {
    return undefined; // a damaged line: the others still show
  }
}

/** The entries of a log of an earlier version (JSON lines of records, or a JSON array); unreadable lines skipped. */
function parseLegacyLog(text: string): UsageLogEntry[] {
  if (text.startsWith('[')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      return Array.isArray(parsed) ? (parsed as UsageLogEntry[]) : [];
    } catch {
      return [];
    }
  }
  const out: UsageLogEntry[] = [];
  for (const line of text.split('\n')) {
    try {
      if (line !== '') out.push(JSON.parse(line) as UsageLogEntry);
    } catch {
      // a damaged line: the others still show
    }
  }
  return out;
}

/** Records ever logged for `ref` in chunks, or undefined when the instance has no chunked log yet. */
function loggedCount(ctx: EngineContext, ref: string): number | undefined {
  const text = ctx.store.getMeta(countKey(ref));
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** The stored usage records of instance `ref` (seller id `instanceId`), oldest first, the last {@link USAGE_LOG_LIMIT}. */
export function readUsageLog(ctx: EngineContext, ref: string, instanceId: string): UsageLogEntry[] {
  const count = loggedCount(ctx, ref);
  if (count === undefined) {
    const legacy = ctx.store.getMeta(legacyLogKey(ref));
    return legacy === undefined ? [] : parseLegacyLog(legacy).slice(-USAGE_LOG_LIMIT);
  }
  const from = Math.max(0, count - USAGE_LOG_LIMIT);
  const out: UsageLogEntry[] = [];
  for (let chunk = Math.floor(from / USAGE_LOG_CHUNK); chunk * USAGE_LOG_CHUNK < count; chunk++) {
    const lines = (ctx.store.getMeta(chunkKey(ref, chunk)) ?? '').split('\n');
    // The first record the chunk should show: lines before `from` belong to records past the limit.
    const skip = Math.max(0, from - chunk * USAGE_LOG_CHUNK);
    for (const line of lines.slice(skip)) {
      const entry = line === '' ? undefined : fromLine(line, instanceId);
      if (entry !== undefined) out.push(entry);
    }
  }
  return out;
}

/** Appends `entries` to the log of instance `ref` (one write per chunk touched, plus the count). */
export function appendUsageLog(
  ctx: EngineContext,
  ref: string,
  entries: readonly UsageLogEntry[],
  read: UsageTimeReader = parseUsageTime,
): void {
  let count = loggedCount(ctx, ref);
  const toLines = (list: readonly UsageLogEntry[]): string[] => list.map((e) => toLine(e, read));
  let lines = toLines(entries);
  if (count === undefined) {
    // First push in this form: the last records of an earlier version's log come first.
    const legacy = ctx.store.getMeta(legacyLogKey(ref));
    if (legacy !== undefined && legacy !== '') {
      lines = [...toLines(parseLegacyLog(legacy).slice(-USAGE_LOG_LIMIT)), ...lines];
      ctx.store.setMeta(legacyLogKey(ref), '');
      ctx.store.setMeta(legacyLinesKey(ref), '');
    }
    count = 0;
  }
  let at = 0;
  while (at < lines.length) {
    const chunk = Math.floor(count / USAGE_LOG_CHUNK);
    const room = (chunk + 1) * USAGE_LOG_CHUNK - count;
    const part = lines.slice(at, at + room).join('\n');
    const before = count % USAGE_LOG_CHUNK === 0 ? undefined : ctx.store.getMeta(chunkKey(ref, chunk));
    const written = Math.min(room, lines.length - at);
    const full = written === room;
    ctx.store.setMeta(
      chunkKey(ref, chunk),
      before === undefined ? part : full ? [before, part].join('\n') : `${before}\n${part}`,
    );
    at += written;
    count += written;
  }
  ctx.store.setMeta(countKey(ref), String(count));
}
