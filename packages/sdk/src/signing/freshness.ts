/**
 * Timestamp and nonce checks shared by the V2 basic (§7.1), kit (§7.2) and usage-push (§7.4) verifiers, plus the
 * matching checks of caller-supplied timestamps and nonces on the signing side.
 *
 * Timestamp unit (reference §15 item 2): the pages disagree (seconds vs milliseconds) but every example is a
 * 13-digit millisecond value and Huawei's sample compares with `currentTimeMillis()`, so 11–13 digits are read as
 * milliseconds. A value of 10 digits or fewer can only be seconds (as milliseconds it would be January 1970), so
 * it is read as seconds rather than rejected. 14 digits or more (e.g. the 17-digit V1 `yyyyMMddHHmmssSSS` form) is
 * not a valid V2 timestamp.
 */
import { ConfigError } from '../errors';
import { fail, type VerifyFailure } from './verify-result';
import { NOT_A_STRING, type ParamValue } from './inputs';

/** Default freshness window: ±60 s (reference §2.2). */
export const DEFAULT_TOLERANCE_MS = 60_000;

const DIGITS = /^[0-9]{1,13}$/;

/** Reads a decimal timestamp string into epoch milliseconds, or `undefined` when it is not one. */
export function timestampToMs(text: string): number | undefined {
  const length = text.length;
  if (length === 0 || length > 13) return undefined;
  let n = 0;
  for (let i = 0; i < length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    n = n * 10 + digit;
  }
  return length <= 10 ? n * 1000 : n;
}

/** Validated verifier options: the clock and the window. */
export interface FreshnessOptions {
  now: () => number;
  toleranceMs: number;
}

const DEFAULTS: FreshnessOptions = Object.freeze({
  now: () => Date.now(),
  toleranceMs: DEFAULT_TOLERANCE_MS,
});

/**
 * Checks the verifier options `now` and `toleranceMs` (documented defaults: `Date.now`, 60 000 ms).
 * Returns the resolved options or an `INVALID_ARGUMENT` failure.
 */
export function resolveFreshness(now: unknown, toleranceMs: unknown): FreshnessOptions | VerifyFailure {
  if (now === undefined && toleranceMs === undefined) return DEFAULTS;
  if (now !== undefined && typeof now !== 'function') {
    return fail('INVALID_ARGUMENT', 'now must be a function returning epoch milliseconds, or be omitted.');
  }
  if (
    toleranceMs !== undefined &&
    !(typeof toleranceMs === 'number' && Number.isFinite(toleranceMs) && toleranceMs >= 0)
  ) {
    return fail(
      'INVALID_ARGUMENT',
      'toleranceMs must be a finite number >= 0 (default 60000), or be omitted.',
    );
  }
  return {
    now: (now as (() => number) | undefined) ?? Date.now,
    toleranceMs: toleranceMs ?? DEFAULT_TOLERANCE_MS,
  };
}

/**
 * Checks a received timestamp against the window, in both directions. `name` is the parameter or header name used
 * in messages (`timestamp`, `x-timestamp`, `ts`).
 */
export function checkTimestamp(raw: ParamValue, name: string, o: FreshnessOptions): number | VerifyFailure {
  if (raw === undefined || raw === '') {
    return fail(
      'TIMESTAMP_MISSING',
      `The ${name} parameter is missing: the caller must send the request time in epoch milliseconds.`,
    );
  }
  if (raw === NOT_A_STRING) return fail('TIMESTAMP_INVALID', `The ${name} parameter is not a string.`);
  const ms = timestampToMs(raw);
  if (ms === undefined) {
    const hint = /^[0-9]{17}$/.test(raw) ? ' (17 digits looks like the V1 yyyyMMddHHmmssSSS format)' : '';
    return fail(
      'TIMESTAMP_INVALID',
      `The ${name} parameter is not a 13-digit epoch-millisecond value${hint}; got ${raw.length} characters.`,
    );
  }
  let now: number;
  try {
    now = o.now();
  } catch {
    return fail('INVALID_ARGUMENT', 'The now() option threw: it must return epoch milliseconds.');
  }
  if (typeof now !== 'number' || !Number.isFinite(now)) {
    return fail('INVALID_ARGUMENT', 'The now() option must return a finite number of epoch milliseconds.');
  }
  const skew = ms - now;
  if (Math.abs(skew) > o.toleranceMs) {
    const direction = skew > 0 ? 'ahead of' : 'behind';
    return fail(
      'TIMESTAMP_OUT_OF_WINDOW',
      `The ${name} is ${Math.abs(skew)} ms ${direction} this server's clock (allowed ±${o.toleranceMs} ms): ` +
        'check the server clock (NTP) or resend the request.',
    );
  }
  return ms;
}

/** Checks that a nonce was sent. Replay detection is the caller's job (it needs a store). */
export function checkNonce(raw: ParamValue, name: string): string | VerifyFailure {
  if (raw === undefined || raw === '' || raw === NOT_A_STRING) {
    return fail(
      'NONCE_MISSING',
      `The ${name} parameter is missing or not a string: every signed request needs a random nonce.`,
    );
  }
  return raw;
}

/**
 * Signing side: validates a caller-supplied timestamp (1–13 decimal digits, or a non-negative safe integer) and
 * returns its decimal text; `undefined` means "now" in milliseconds.
 *
 * @throws ConfigError for anything else.
 */
export function timestampOption(name: string, value: unknown, now: () => number = Date.now): string {
  if (value === undefined) return String(Math.trunc(now()));
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    const text = String(value);
    if (text.length <= 13) return text;
  }
  if (typeof value === 'string' && DIGITS.test(value)) return value;
  throw new ConfigError(
    `${name} must be epoch milliseconds (up to 13 decimal digits, number or string), or be omitted for now.`,
  );
}

/**
 * Signing side: validates a caller-supplied nonce (non-empty string of at most `maxLength` printable ASCII
 * characters); `undefined` means "generate one" with `generate`.
 *
 * @throws ConfigError for anything else.
 */
export function nonceOption(name: string, value: unknown, generate: () => string, maxLength = 256): string {
  if (value === undefined) return generate();
  if (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= maxLength &&
    /^[\x21-\x7e]+$/.test(value)
  ) {
    return value;
  }
  throw new ConfigError(
    `${name} must be 1–${maxLength} printable ASCII characters without spaces, or be omitted to generate a random one.`,
  );
}

/** What {@link checkVerifyArguments} hands back when every argument is usable. */
export interface VerifyArguments {
  key: string;
  rawBody: string | Uint8Array;
  freshness: FreshnessOptions;
}

/**
 * The argument checks every V2 verifier (§7.1 basic, §7.2 kit, §7.4 usage push) starts with, in this order: the key
 * (named `keyName` in the message, followed by `keyHint`), the raw body, the container the signature travels in
 * (`carrier`: true when it is usable, else the message saying what it must be), then `now` and `toleranceMs`.
 * Returns the first failure as `INVALID_ARGUMENT`, or the checked values.
 */
export function checkVerifyArguments(a: {
  keyName: string;
  key: unknown;
  keyHint: string;
  rawBody: unknown;
  carrier: true | string;
  now: unknown;
  toleranceMs: unknown;
}): VerifyArguments | VerifyFailure {
  if (typeof a.key !== 'string' || a.key.length === 0) {
    return fail('INVALID_ARGUMENT', `${a.keyName} must be a non-empty string: ${a.keyHint}`);
  }
  if (typeof a.rawBody !== 'string' && !(a.rawBody instanceof Uint8Array)) {
    return fail('INVALID_ARGUMENT', 'rawBody must be the received body as a string or Uint8Array.');
  }
  if (a.carrier !== true) return fail('INVALID_ARGUMENT', a.carrier);
  const freshness = resolveFreshness(a.now, a.toleranceMs);
  if ('valid' in freshness) return freshness;
  return { key: a.key, rawBody: a.rawBody, freshness };
}
