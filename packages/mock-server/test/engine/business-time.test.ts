import { describe, expect, it } from 'vitest';
import { createSeededRandom, randomUuid } from '../../src/engine/model/random';
import {
  addPeriod,
  dayKey,
  formatAmount,
  formatOrderIdStamp,
  formatUtcCompact,
  monthKey,
  shiftDayKey,
  startOfBusinessDay,
} from '../../src/engine/time/business-time';
import { at } from './helpers';

describe('business time', () => {
  it('formats API times in UTC and order-id stamps in the business time zone', () => {
    const t = at('2022-11-18T10:19:05.123Z');
    expect(formatUtcCompact(t)).toBe('20221118101905');
    expect(formatOrderIdStamp(t, 480)).toBe('2211181819');
    expect(formatOrderIdStamp(t, 0)).toBe('2211181019');
  });

  it('adds months and years in the calendar, clamping to the month end', () => {
    expect(addPeriod(at('2025-01-31T04:00:00Z'), 'month', 1, 0)).toBe(at('2025-02-28T04:00:00Z'));
    expect(addPeriod(at('2024-01-31T04:00:00Z'), 'month', 1, 0)).toBe(at('2024-02-29T04:00:00Z'));
    expect(addPeriod(at('2024-02-29T04:00:00Z'), 'year', 1, 0)).toBe(at('2025-02-28T04:00:00Z'));
    expect(addPeriod(at('2025-03-10T02:00:00Z'), 'month', 13, 0)).toBe(at('2026-04-10T02:00:00Z'));
    expect(addPeriod(at('2025-03-10T02:00:00Z'), 'day', 7, 0)).toBe(at('2025-03-17T02:00:00Z'));
    // 2025-01-31T20:00Z is already 1 February in UTC+8: one month later is 1 March there
    expect(addPeriod(at('2025-01-31T20:00:00Z'), 'month', 1, 480)).toBe(at('2025-02-28T20:00:00Z'));
  });

  it('computes business day and month keys', () => {
    expect(dayKey(at('2025-03-10T17:00:00Z'), 480)).toBe('2025-03-11');
    expect(dayKey(at('2025-03-10T15:59:59Z'), 480)).toBe('2025-03-10');
    expect(monthKey(at('2025-03-31T16:00:00Z'), 480)).toBe('2025-04');
    expect(shiftDayKey('2025-03-01', -1)).toBe('2025-02-28');
    expect(startOfBusinessDay(at('2025-03-10T17:00:00Z'), 480)).toBe(at('2025-03-10T16:00:00Z'));
  });

  it('formats amounts as the platform does', () => {
    expect(formatAmount(100)).toBe('100');
    expect(formatAmount(12.78)).toBe('12.78');
    expect(formatAmount(-0)).toBe('0');
    expect(formatAmount(-33.333)).toBe('-33.33');
  });

  it('seeded randomness repeats for equal seeds and resumes from a saved state', () => {
    const a = createSeededRandom('seed');
    const b = createSeededRandom('seed');
    const xs = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(xs);
    const saved = a.state();
    const next = a.next();
    const c = createSeededRandom(1);
    c.restore(saved);
    expect(c.next()).toBe(next);
    expect(randomUuid(createSeededRandom(7))).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
