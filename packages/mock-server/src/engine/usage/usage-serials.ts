/**
 * De-duplication of usage records on `metering_sn`, the "unique serial number per record (dedup key)" of
 * protocol.md §8.4: a record whose serial number was accepted before is accepted again and ignored.
 *
 * **How long a serial number is remembered.** The platform refuses a record whose `begin_time` is more than 21 days
 * before now (`MKT.9004`, the SDK's `USAGE_MAX_AGE_MS`), and it checks that before it de-duplicates. Once the window
 * has moved past a record's `begin_time`, a re-sent copy of the record gets `MKT.9004` whether or not its serial
 * number is remembered, so the mock forgets it:
 * - the window is counted from `checkedAt`, the instant the caller checked the records' age against. That is the
 *   Open API's clock (open-api-router.ts: wall time by default, not the business clock, which may run months
 *   ahead). A caller that checked nothing (a direct engine call without `checkedAt`) moves no window;
 * - the start of the window (`usage.snWindowStart`: the latest `checkedAt` − 21 days, saved by the push that stores
 *   a number; a refused push changes nothing) never moves back, and a record that begins before it is answered
 *   `MKT.9004` here too, as its serial number may be forgotten (only a clock set back, or a direct engine call, can
 *   bring one after the Open API's own check);
 * - a number is forgotten once the whole UTC day of its record's `begin_time` is before the window (up to a day
 *   late); a `begin_time` that cannot be read keeps it for ever;
 * - a serial number reused for another record more than 21 days after the first is counted as new: the reference
 *   makes the number unique per record and documents no rule for that case.
 *
 * **Representation** (the store's key/value table, so both stores keep it, a restart reads it back and `reset()`
 * clears it). The numbers are spread over {@link SN_BUCKETS} texts `usage.sns.<bucket>` by a hash of the number
 * (32-bit FNV-1a of its UTF-16 code units; fixed, since changing it would lose the numbers stored). A text starts
 * with the earliest day it holds (empty when none can be forgotten) and has one line per number: the number as a
 * JSON string, a tab, and the UTC day number (days since 1970-01-01) of its record's `begin_time`. Looking a number
 * up searches one short text, and a number found with a day before the window counts as forgotten; a text whose
 * earliest day has left the window is filtered when it is next written.
 * Why: one key per number (`usage.sn.<sn>`) cost ≈ 100 bytes of heap each — 72 MB of the 178 MB live heap of the
 * `marketplace-month` bench case (720 000 numbers, issue 21) — against ≈ 20 here.
 *
 * **Earlier versions** kept one key `usage.sn.<sn>` per number. A store that had usage before this format
 * (`usage.snLegacy` = `yes`, decided at its first push in this format) still has them looked up; they are never
 * forgotten (the store cannot list keys).
 */
import { USAGE_MAX_AGE_MS, parseUsageTime } from '@koogallery-kit/sdk';
import type { EngineContext } from '../context';
import type { UsageTimeReader } from './usage-log';

/**
 * Number of texts the serial numbers are spread over (fixed: the bucket of a number is part of the stored format).
 * 16 384 texts hold ≈ 30 numbers each at 500 000 numbers (≈ 650 characters): 65 536 cost 7 MB more heap in the
 * month bench case, in keys and entries of the store's table.
 */
export const SN_BUCKETS = 16_384;

const DAY = 86_400_000;
const WINDOW_START_KEY = 'usage.snWindowStart';
const LEGACY_KEY = 'usage.snLegacy';
const bucketKey = (sn: string): string => `usage.sns.${(fnv1a(sn) % SN_BUCKETS).toString(16)}`;
const legacyKey = (sn: string): string => `usage.sn.${sn}`;

/** 32-bit FNV-1a hash of the UTF-16 code units of `text`. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Whether every record beginning on UTC day `day` is before the window starting at `windowStart`. */
const beforeWindow = (day: number, windowStart: number | undefined): boolean =>
  windowStart !== undefined && (day + 1) * DAY <= windowStart;

/** The earliest day a bucket text holds (its first line), or undefined. */
function headerDay(text: string): number | undefined {
  const end = text.indexOf('\n');
  const head = end < 0 ? text : text.slice(0, end);
  return head === '' ? undefined : Number(head);
}

/** `text` without the numbers of days before the window, its header recomputed. */
function withoutForgotten(text: string, windowStart: number | undefined): string {
  const kept: string[] = [];
  let earliest: number | undefined;
  for (const line of text.split('\n').slice(1)) {
    const day = line.slice(line.lastIndexOf('\t') + 1);
    if (day !== '') {
      const d = Number(day);
      if (beforeWindow(d, windowStart)) continue;
      earliest = earliest === undefined ? d : Math.min(earliest, d);
    }
    kept.push(line);
  }
  return kept.length === 0 ? '' : [earliest === undefined ? '' : String(earliest), ...kept].join('\n');
}

/** The serial numbers seen so far, for one push (see the module comment). */
export interface SerialBook {
  /** Start of the 21-day window (epoch ms): records beginning before it are refused with `MKT.9004`. */
  readonly windowStart: number | undefined;
  /** Whether `beginTime` (the record's `begin_time`) is before the window. */
  tooOld(beginTime: string): boolean;
  /** Whether a record with serial number `sn` was accepted before. */
  has(sn: string): boolean;
  /** Remembers `sn`, of a record beginning at `beginTime`, until the window passes that day. Writes. */
  add(sn: string, beginTime: string): void;
}

/**
 * The serial-number book of a push checked against `checkedAt` (epoch ms; undefined: no check, the window stays).
 * Reads only; the first {@link SerialBook.add} of the push records the window's new start.
 */
export function openSerialBook(
  ctx: EngineContext,
  checkedAt: number | undefined,
  read: UsageTimeReader = parseUsageTime,
): SerialBook {
  const stored = ctx.store.getMeta(WINDOW_START_KEY);
  const before = stored === undefined ? undefined : Number(stored);
  const proposed = checkedAt === undefined ? undefined : checkedAt - USAGE_MAX_AGE_MS;
  const windowStart =
    proposed === undefined ? before : before === undefined ? proposed : Math.max(before, proposed);
  let windowSaved = windowStart === before;
  let legacy = ctx.store.getMeta(LEGACY_KEY);
  return {
    windowStart,
    tooOld(beginTime) {
      const begin = read(beginTime);
      return windowStart !== undefined && begin !== undefined && begin < windowStart;
    },
    has(sn) {
      const text = ctx.store.getMeta(bucketKey(sn)) ?? '';
      const token = `\n${JSON.stringify(sn)}\t`;
      const at = text.indexOf(token);
      if (at >= 0) {
        // Found: unless its day has left the window (forgotten, the text not yet filtered).
        const from = at + token.length;
        const end = text.indexOf('\n', from);
        const day = text.slice(from, end < 0 ? text.length : end);
        return day === '' || !beforeWindow(Number(day), windowStart);
      }
      if (legacy === undefined) {
        // First push in this format: earlier versions' keys can only exist if some instance had usage.
        legacy = ctx.store.listInstances().some((i) => i.usage.records > 0) ? 'yes' : 'no';
        ctx.store.setMeta(LEGACY_KEY, legacy);
      }
      return legacy === 'yes' && ctx.store.getMeta(legacyKey(sn)) !== undefined;
    },
    add(sn, beginTime) {
      if (!windowSaved && windowStart !== undefined) {
        ctx.store.setMeta(WINDOW_START_KEY, String(windowStart));
        windowSaved = true;
      }
      const begin = read(beginTime);
      const day = begin === undefined ? undefined : Math.floor(begin / DAY);
      const key = bucketKey(sn);
      let text = ctx.store.getMeta(key) ?? '';
      const earliest = headerDay(text);
      if (earliest !== undefined && beforeWindow(earliest, windowStart))
        text = withoutForgotten(text, windowStart);
      const head = headerDay(text);
      if (day !== undefined && (head === undefined || day < head)) {
        // A new earliest day: the header line changes.
        const end = text.indexOf('\n');
        text = `${day}${end < 0 ? '' : text.slice(end)}`;
      }
      // One joined text: the next look-up searches it as it is, and the store holds one string per bucket.
      ctx.store.setMeta(key, [text, '\n', JSON.stringify(sn), '\t', day ?? ''].join(''));
    },
  };
}
