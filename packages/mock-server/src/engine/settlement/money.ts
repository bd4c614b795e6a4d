/**
 * Amounts in whole cents (分): decimal strings of the order lines in, decimal strings out, rounding half away from
 * zero once per row so that a bill's totals are the exact sums of its lines (seller-console.md §6.1 amounts).
 */
import { formatAmount } from '../time/business-time';

/** Cents of a decimal amount (`"99.5"` → 9950); 0 for an empty or invalid string. */
export function toCents(value: string | number): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return 0;
  // Through 6 decimals first, so that binary noise (1.005 × 100 = 100.49999…) rounds as the decimal would.
  return Math.sign(n) * Math.round(Number((Math.abs(n) * 100).toFixed(6)));
}

/** The decimal string of `cents` (9950 → `"99.5"`), as order queries write amounts. */
export function fromCents(cents: number): string {
  return formatAmount(cents / 100);
}

/** `percent` % of `cents`, rounded half away from zero. */
export function percentOf(cents: number, percent: number): number {
  return Math.sign(cents) * Math.round((Math.abs(cents) * percent) / 100);
}
