/**
 * The protocol's compact time texts, in one place: digits only, read and written at a fixed offset from UTC.
 * - `yyyyMMddHHmmssSSS`: the V1 `timeStamp` query parameter (UTC, protocol §9.2), the kit bodies' `timeStamp`
 *   (UTC+8, §4.1), usage `statisticalTime`;
 * - `yyyyMMddHHmmss`: `createTime`/`expireTime` of production calls and order queries (UTC, §3, §8.3);
 * - `yyyyMMdd'T'HHmmss'Z'`: usage-push times (§6.2) and the API gateway's `X-Sdk-Date` (UTC).
 */

/** A compact time format of the protocol. */
export type CompactTimeFormat = 'yyyyMMddHHmmssSSS' | 'yyyyMMddHHmmss' | "yyyyMMdd'T'HHmmss'Z'";

const MINUTE_MS = 60_000;

const PATTERNS: Record<CompactTimeFormat, RegExp> = {
  yyyyMMddHHmmssSSS: /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})$/,
  yyyyMMddHHmmss: /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/,
  "yyyyMMdd'T'HHmmss'Z'": /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/,
};

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Renders an epoch-milliseconds instant in `format` at `offsetMinutes` from UTC (0 = UTC, 480 = UTC+8).
 *
 * @throws RangeError for a value that is not a valid instant.
 * @example
 * formatCompactTime(Date.UTC(2024, 2, 6, 1, 2, 3, 4)); // '20240306010203004'
 */
export function formatCompactTime(
  epochMs: number,
  offsetMinutes = 0,
  format: CompactTimeFormat = 'yyyyMMddHHmmssSSS',
): string {
  const d = new Date(Math.trunc(epochMs) + offsetMinutes * MINUTE_MS);
  if (Number.isNaN(d.getTime())) throw new RangeError(`Not a valid instant: ${String(epochMs)}`);
  const date = `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
  if (format === 'yyyyMMddHHmmss') return date + time;
  if (format === "yyyyMMdd'T'HHmmss'Z'") return `${date}T${time}Z`;
  return date + time + pad(d.getUTCMilliseconds(), 3);
}

/**
 * Reads a text in `format` at `offsetMinutes` from UTC into epoch milliseconds.
 *
 * @returns `undefined` for anything but that exact shape of a real calendar time (`20240230…` included).
 */
export function parseCompactTime(
  text: unknown,
  format: CompactTimeFormat = 'yyyyMMddHHmmssSSS',
  offsetMinutes = 0,
): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = PATTERNS[format].exec(text);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s, ms = 0] = m.slice(1).map(Number);
  const local = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s, ms);
  const epochMs = local - offsetMinutes * MINUTE_MS;
  // A date that rolled over (30 February, hour 24) does not render back to the same text.
  return formatCompactTime(epochMs, offsetMinutes, format) === text ? epochMs : undefined;
}
