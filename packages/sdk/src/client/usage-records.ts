/**
 * Client-side checks of usage records before a usage push (new), protocol reference §8.4: the platform
 * would reject these records (MKT.9002–MKT.9004), so the client refuses them first and names the record.
 */
import { ConfigError, ErrorCodes } from '../errors';
import type { ValidationIssue } from '../errors';
import { validateSchema } from '../schemas';
import type { UsagePushData } from '../schemas';
import { formatCompactTime, parseCompactTime } from '../util/compact-time';
import { isObject } from '../util/is-object';

/** Most records one usage push accepts (§8.4; some pages say 100 — the current table says 1000). */
export const MAX_USAGE_RECORDS_PER_PUSH = 1000;

/** Oldest `begin_time` the platform accepts, counted back from now (MKT.9004). */
export const USAGE_MAX_AGE_MS = 21 * 24 * 60 * 60 * 1000;

/**
 * One usage record as the caller gives it: the schema's `UsagePushData` (§8.4). Times are UTC
 * `yyyyMMdd'T'HHmmss'Z'`; `usage_value` may be a number or a decimal string (e.g. `12.5` or `'12.5'`).
 */
export type UsageRecordInput = UsagePushData;

/** A usage record as sent on the wire: keys ascending, `usage_value` a decimal string. */
export interface UsageRecordWire {
  begin_time: string;
  end_time: string;
  instance_id: string;
  metering_sn: string;
  record_time: string;
  relate_pkg_instance?: string;
  usage_value: string;
}

/** The usage-push time format (§6.2). */
const USAGE_TIME = "yyyyMMdd'T'HHmmss'Z'";

/** Epoch ms of a `yyyyMMdd'T'HHmmss'Z'` time, or `undefined` when malformed or not a real calendar time. */
export function parseUsageTime(value: unknown): number | undefined {
  return parseCompactTime(value, USAGE_TIME);
}

/** Format epoch ms as `yyyyMMdd'T'HHmmss'Z'` (UTC), the usage-push time format. */
export function formatUsageTime(ms: number): string {
  return formatCompactTime(ms, 0, USAGE_TIME);
}

const DECIMAL_RE = /^\d+(\.\d+)?$/;

/** The decimal-string form of a usage value, or an explanation of why it is not acceptable. */
export function normalizeUsageValue(
  value: unknown,
): { ok: true; value: string } | { ok: false; message: string } {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, message: 'must be a finite number' };
    text = String(value);
    if (/e/i.test(text))
      return { ok: false, message: 'must be a plain decimal (no exponent), at most 4 decimals' };
  } else if (typeof value === 'string') {
    text = value;
  } else {
    return { ok: false, message: 'must be a number or a decimal string' };
  }
  if (!DECIMAL_RE.test(text))
    return { ok: false, message: 'must be a decimal number such as 12.5 (digits and one dot)' };
  const decimals = text.includes('.') ? (text.split('.')[1] ?? '').length : 0;
  if (decimals > 4) return { ok: false, message: `must have at most 4 decimals, has ${decimals}` };
  if (!/[1-9]/.test(text)) return { ok: false, message: 'must be greater than 0' };
  if (text.length > 20) return { ok: false, message: 'must be at most 20 characters' };
  return { ok: true, value: text };
}

/** Options of {@link checkUsageRecords}. */
export interface CheckUsageRecordsOptions {
  /** Current time, epoch ms (the 21-day limit is counted from it). */
  nowMs: number;
}

const issue = (path: string, message: string, keyword: string): ValidationIssue => ({
  path,
  message,
  keyword,
});

/**
 * Every problem of a batch of usage records, with JSON-pointer paths naming the record index
 * (`/usage_records/3/usage_value`). An empty list means the batch can be pushed.
 *
 * Shape, lengths and formats come from the `usagePushRequest` schema (1 to 1000 records); on top of it:
 * times must be real calendar times, `begin_time` at most 21 days before `nowMs` (MKT.9004), `end_time` not
 * before `begin_time`, `usage_value` a plain decimal (> 0, at most 4 decimals), `metering_sn` unique.
 */
export function checkUsageRecords(records: unknown, options: CheckUsageRecordsOptions): ValidationIssue[] {
  if (!Array.isArray(records)) return [issue('/usage_records', 'must be an array of usage records', 'type')];
  const own: ValidationIssue[] = [];
  // usage_value is validated (and sent) as a decimal string; numbers are converted first.
  const normalized = records.map((raw: unknown, index) => {
    if (!isObject(raw)) return raw;
    const value = normalizeUsageValue(raw.usage_value);
    if (!value.ok) {
      if (raw.usage_value !== undefined)
        own.push(issue(`/usage_records/${index}/usage_value`, value.message, 'usageValue'));
      return raw;
    }
    return { ...raw, usage_value: value.value };
  });
  const schema = validateSchema('usagePushRequest', { usage_records: normalized });
  const issues: ValidationIssue[] = schema.ok
    ? []
    : schema.issues.map((i) =>
        i.keyword === 'maxItems' ? { ...i, message: `${i.message}: split them with splitUsageRecords()` } : i,
      );
  const flagged = new Set(issues.map((i) => i.path));
  const add = (i: ValidationIssue) => {
    if (flagged.has(i.path)) return;
    flagged.add(i.path);
    issues.push(i);
  };
  for (const i of own) {
    const at = issues.findIndex((x) => x.path === i.path);
    if (at >= 0) issues.splice(at, 1, i);
    else add(i);
  }
  const firstIndexOfSn = new Map<string, number>();
  const oldest = options.nowMs - USAGE_MAX_AGE_MS;
  records.forEach((raw: unknown, index) => {
    if (!isObject(raw)) return;
    const base = `/usage_records/${index}`;
    const times: Record<string, number | undefined> = {};
    for (const field of ['record_time', 'begin_time', 'end_time'] as const) {
      times[field] = parseUsageTime(raw[field]);
      if (times[field] === undefined && typeof raw[field] === 'string') {
        add(
          issue(
            `${base}/${field}`,
            "must be a real UTC time in the form yyyyMMdd'T'HHmmss'Z', e.g. 20240306T010000Z",
            'pattern',
          ),
        );
      }
    }
    const begin = times.begin_time;
    const end = times.end_time;
    if (begin !== undefined && begin < oldest) {
      add(
        issue(
          `${base}/begin_time`,
          'must not be more than 21 days in the past (the platform answers MKT.9004)',
          'maxAge',
        ),
      );
    }
    if (begin !== undefined && end !== undefined && end < begin)
      add(issue(`${base}/end_time`, 'must not be before begin_time', 'order'));
    const sn = raw.metering_sn;
    if (typeof sn === 'string' && sn.length > 0) {
      const first = firstIndexOfSn.get(sn);
      if (first === undefined) firstIndexOfSn.set(sn, index);
      else
        add(
          issue(
            `${base}/metering_sn`,
            `must be unique in the push; record ${first} has the same metering_sn`,
            'uniqueItems',
          ),
        );
    }
  });
  return issues;
}

/** One line per problem: `record 3 usage_value: must have at most 4 decimals, has 5`. */
export function describeUsageIssue(i: ValidationIssue): string {
  const m = /^\/usage_records\/(\d+)(?:\/(.+))?$/.exec(i.path);
  if (m) return `record ${m[1]}${m[2] ? ` ${m[2]}` : ''}: ${i.message}`;
  return `${i.path.replace(/^\//, '') || 'records'}: ${i.message}`;
}

/** The wire form of a checked record: `usage_value` as a decimal string (the signer sorts the keys). */
export function toWireRecord(record: UsageRecordInput): UsageRecordWire {
  const value = normalizeUsageValue(record.usage_value);
  const wire: UsageRecordWire = {
    begin_time: record.begin_time,
    end_time: record.end_time,
    instance_id: record.instance_id,
    metering_sn: record.metering_sn,
    record_time: record.record_time,
    usage_value: value.ok ? value.value : String(record.usage_value),
  };
  if (record.relate_pkg_instance !== undefined) wire.relate_pkg_instance = record.relate_pkg_instance;
  return wire;
}

/**
 * Split records into batches of at most `size` (default 1000) for successive pushes, keeping their order.
 * Each batch is pushed (and retried) on its own; the platform de-duplicates on `metering_sn`.
 *
 * @throws ConfigError (code `INVALID_ARGUMENT`) when `records` is not an array or `size` is not a whole
 *   number from 1 to 1000.
 */
export function splitUsageRecords<T>(
  records: readonly T[],
  size: number = MAX_USAGE_RECORDS_PER_PUSH,
): T[][] {
  // Checked as `unknown` for JavaScript callers (Array.isArray would turn `readonly T[]` into `any[]`).
  const given: unknown = records;
  if (!Array.isArray(given)) {
    throw new ConfigError('splitUsageRecords: records must be an array of usage records.', {
      code: ErrorCodes.INVALID_ARGUMENT,
    });
  }
  if (!Number.isInteger(size) || size < 1 || size > MAX_USAGE_RECORDS_PER_PUSH) {
    throw new ConfigError(
      `splitUsageRecords: size must be a whole number from 1 to ${MAX_USAGE_RECORDS_PER_PUSH}, got ${String(size)}.`,
      {
        code: ErrorCodes.INVALID_ARGUMENT,
      },
    );
  }
  const batches: T[][] = [];
  for (let i = 0; i < records.length; i += size) batches.push(records.slice(i, i + size));
  return batches;
}
