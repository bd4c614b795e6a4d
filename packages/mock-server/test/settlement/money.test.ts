/** Amounts in cents (seller-console.md §6.1): decimal rounding, half away from zero, despite binary noise. */
import { describe, expect, it } from 'vitest';
import { fromCents, percentOf, toCents } from '../../src/engine/settlement/money';

describe('settlement amounts', () => {
  it('rounds decimals half away from zero, as written, not as binary floating point holds them', () => {
    expect([
      toCents('1.005'),
      toCents(1.005),
      toCents('-1.005'),
      toCents('99'),
      toCents(''),
      toCents('x'),
    ]).toEqual([101, 101, -101, 9900, 0, 0]);
    expect(toCents(120.5 * 0.05)).toBe(603); // 6.025
    expect(toCents(1.15)).toBe(115);
  });

  it('takes a percentage of cents and writes amounts as the order queries do', () => {
    expect([percentOf(51097, 5), percentOf(-67065, 5), percentOf(1, 50), percentOf(-1, 50)]).toEqual([
      2555, -3353, 1, -1,
    ]);
    expect([fromCents(287232), fromCents(272870), fromCents(-67065), fromCents(0)]).toEqual([
      '2872.32',
      '2728.7',
      '-670.65',
      '0',
    ]);
  });
});
