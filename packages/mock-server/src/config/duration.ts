/**
 * Durations as people type them: `90000` (milliseconds), `30s`, `90m`, `1h30m`, `40d`, `2w`. Used by the admin
 * clock endpoints and `koogallery-mock trigger advance`.
 */

const UNIT_MS: Readonly<Record<string, number>> = Object.freeze({
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
});

/** Largest duration accepted: 100 years. */
export const MAX_DURATION_MS = 100 * 366 * 86_400_000;

/**
 * Milliseconds of a duration (a number of ms, or text such as `1h30m`), or an error message saying what is
 * accepted. Never throws.
 */
export function parseDuration(value: unknown): { ok: true; ms: number } | { ok: false; message: string } {
  const accepted = 'must be milliseconds (e.g. 90000) or a duration such as 30s, 90m, 1h30m, 40d, 2w';
  let ms: number;
  if (typeof value === 'number') ms = value;
  else if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) ms = Number(value);
  else if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;
    let total = 0;
    let matched = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      total += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
      matched = re.lastIndex;
    }
    if (text === '' || matched !== text.length) return { ok: false, message: accepted };
    ms = Math.round(total);
  } else return { ok: false, message: accepted };
  if (!Number.isFinite(ms) || ms < 0 || !Number.isInteger(ms)) {
    return { ok: false, message: `${accepted}; a whole number ≥ 0` };
  }
  if (ms > MAX_DURATION_MS) return { ok: false, message: 'must be at most 100 years' };
  return { ok: true, ms };
}
