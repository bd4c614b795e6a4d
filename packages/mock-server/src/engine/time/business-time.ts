/**
 * Business-time arithmetic and formatting. All inputs are milliseconds since the epoch read from the injected
 * clock; nothing here reads the wall clock. Calendar arithmetic (adding months, day and month keys) happens in
 * the marketplace's time zone, given as a fixed offset from UTC (China Standard Time, +480 minutes, by default).
 */
import { formatCompactTime } from '@koogallery-kit/sdk/platform';
import type { PeriodType } from '../model/types';

/** Milliseconds in one minute, hour and day. */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The calendar fields of `ms` shifted by `offsetMinutes` (read with the UTC getters). */
function shifted(ms: number, offsetMinutes: number): Date {
  return new Date(ms + offsetMinutes * MINUTE_MS);
}

/** `yyyyMMddHHmmss` in UTC: the format of `createTime`/`expireTime` in production calls and order queries. */
export function formatUtcCompact(ms: number): string {
  return formatCompactTime(ms, 0, 'yyyyMMddHHmmss');
}

/** `yyMMddHHmm` in the business time zone: the date part of a platform order id (`CS2211181819…`). */
export function formatOrderIdStamp(ms: number, offsetMinutes: number): string {
  return formatCompactTime(ms, offsetMinutes, 'yyyyMMddHHmmss').slice(2, 12);
}

/** `yyyy-MM-dd` of `ms` in the business time zone. */
export function dayKey(ms: number, offsetMinutes: number): string {
  const d = shifted(ms, offsetMinutes);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** `yyyy-MM` of `ms` in the business time zone. */
export function monthKey(ms: number, offsetMinutes: number): string {
  return dayKey(ms, offsetMinutes).slice(0, 7);
}

/** The day key `days` days before `key` (`yyyy-MM-dd`). */
export function shiftDayKey(key: string, days: number): string {
  const t = Date.parse(`${key}T00:00:00Z`) + days * DAY_MS;
  return dayKey(t, 0);
}

/** Start of the business day containing `ms`, as epoch milliseconds. */
export function startOfBusinessDay(ms: number, offsetMinutes: number): number {
  const local = ms + offsetMinutes * MINUTE_MS;
  return local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - offsetMinutes * MINUTE_MS;
}

/**
 * `ms` plus `count` periods in the business calendar. Months and years keep the day of month, clamped to the
 * target month's length (31 January + 1 month = 28/29 February), like the platform's billing.
 */
export function addPeriod(ms: number, periodType: PeriodType, count: number, offsetMinutes: number): number {
  if (periodType === 'day') return ms + count * DAY_MS;
  const d = shifted(ms, offsetMinutes);
  const months = periodType === 'year' ? count * 12 : count;
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const targetYear = y + Math.floor(m / 12);
  const targetMonth = ((m % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  const local = Date.UTC(
    targetYear,
    targetMonth,
    day,
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
  return local - offsetMinutes * MINUTE_MS;
}

/** Formats an amount as the platform does in order queries: a decimal string without trailing zeros. */
export function formatAmount(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/**
 * `yyyyMMddHHmmssSSS` in the business time zone: the kit interfaces' `timeStamp` (UTC+8 by default, §4.1,
 * e.g. `20220420114117642`).
 */
export function formatLocalCompactMs(ms: number, offsetMinutes: number): string {
  return formatCompactTime(ms, offsetMinutes);
}
