/**
 * Billing periods (账期) as `YYYYMM` keys and the bill-run time of each (seller-console.md §6.1: one statement per
 * month for the previous calendar month, generated on the bill day; generated 2019-02-07 → `201901`). Calendar
 * arithmetic happens in the business time zone, like every day and month key of the engine.
 */
import { DAY_MS, MINUTE_MS, monthKey } from '../time/business-time';
import type { ResolvedSettlementOptions } from './settlement-options';

/** `YYYYMM` of the business month containing `ms`. */
export function periodOf(ms: number, offsetMinutes: number): string {
  return monthKey(ms, offsetMinutes).replace('-', '');
}

/** True for a `YYYYMM` key with a month from 01 to 12. */
export function isPeriod(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}(0[1-9]|1[0-2])$/.test(value);
}

/** The period `count` months after `period` (negative: before). */
export function shiftPeriod(period: string, count: number): string {
  const index = Number(period.slice(0, 4)) * 12 + Number(period.slice(4)) - 1 + count;
  return `${Math.floor(index / 12)}${String((index % 12) + 1).padStart(2, '0')}`;
}

/** `YYYY-MM` of a `YYYYMM` period. */
export function periodMonth(period: string): string {
  return `${period.slice(0, 4)}-${period.slice(4)}`;
}

/** Business ms of the start of `yyyy-MM-dd` in a zone `offsetMinutes` east of UTC. */
export function startOfDayKey(key: string, offsetMinutes: number): number {
  return Date.parse(`${key}T00:00:00Z`) - offsetMinutes * MINUTE_MS;
}

/** When the bills of `period` are generated: the bill day of the next month, at the bill minute (§6.1, §10 item 2). */
export function billRunAt(period: string, o: ResolvedSettlementOptions, offsetMinutes: number): number {
  const next = shiftPeriod(period, 1);
  const monthStart = startOfDayKey(`${periodMonth(next)}-01`, offsetMinutes);
  return monthStart + (o.billDay - 1) * DAY_MS + o.billMinute * MINUTE_MS;
}
