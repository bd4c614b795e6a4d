/**
 * The protocol's compact times, written and read by one module: the kit `timeStamp` of protocol §4.1 (UTC+8, the
 * documented example `20220420114117642`), the V1 `timeStamp` (UTC, §9.2), order times (`yyyyMMddHHmmss`) and the
 * usage-push / X-Sdk-Date form (`yyyyMMdd'T'HHmmss'Z'`). Expected values are computed by hand from the calendar.
 */
import { describe, expect, it } from 'vitest';
import { formatCompactTime, parseCompactTime } from '../../src/util/compact-time';

// 2022-04-20 03:41:17.642 UTC = 11:41:17.642 in UTC+8
const T = Date.UTC(2022, 3, 20, 3, 41, 17, 642);

describe('formatCompactTime / parseCompactTime', () => {
  it('writes each format at the offset given', () => {
    expect(formatCompactTime(T, 480)).toBe('20220420114117642');
    expect(formatCompactTime(T)).toBe('20220420034117642');
    expect(formatCompactTime(T, 0, 'yyyyMMddHHmmss')).toBe('20220420034117');
    expect(formatCompactTime(T, 0, "yyyyMMdd'T'HHmmss'Z'")).toBe('20220420T034117Z');
    // the offset moves the calendar day too
    expect(formatCompactTime(Date.UTC(2022, 11, 31, 20), 480, 'yyyyMMddHHmmss')).toBe('20230101040000');
  });

  it('reads each format back to the same instant', () => {
    expect(parseCompactTime('20220420114117642', 'yyyyMMddHHmmssSSS', 480)).toBe(T);
    expect(parseCompactTime('20220420034117642')).toBe(T);
    expect(parseCompactTime('20220420034117', 'yyyyMMddHHmmss')).toBe(T - 642);
    expect(parseCompactTime('20220420T034117Z', "yyyyMMdd'T'HHmmss'Z'")).toBe(T - 642);
  });

  it('refuses other shapes and times that are not on the calendar', () => {
    for (const text of [
      '20240230000000000',
      '20220420244117642',
      '2022042003411764',
      '20220420T034117',
      42,
    ]) {
      expect(parseCompactTime(text)).toBeUndefined();
    }
    expect(parseCompactTime('20220420034117', 'yyyyMMddHHmmssSSS')).toBeUndefined();
    expect(parseCompactTime('20220420T034117Z', 'yyyyMMddHHmmss')).toBeUndefined();
    expect(() => formatCompactTime(Number.NaN)).toThrow(RangeError);
  });
});
