/**
 * `yyyyMMddHHmmssSSS` rendering of an epoch-milliseconds instant at a fixed UTC offset. The V1 `timeStamp`
 * query parameter uses UTC (offset 0, §9.2); the kit bodies' `timeStamp` uses UTC+8 (offset 480, §4.1).
 */
export function formatCompactTime(epochMs: number, offsetMinutes = 0): string {
  const d = new Date(Math.trunc(epochMs) + offsetMinutes * 60_000);
  if (Number.isNaN(d.getTime())) throw new RangeError(`Not a valid instant: ${String(epochMs)}`);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return (
    pad(d.getUTCFullYear(), 4) +
    pad(d.getUTCMonth() + 1) +
    pad(d.getUTCDate()) +
    pad(d.getUTCHours()) +
    pad(d.getUTCMinutes()) +
    pad(d.getUTCSeconds()) +
    pad(d.getUTCMilliseconds(), 3)
  );
}
