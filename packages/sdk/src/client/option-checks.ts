/** Checks of option bags: every bad option is a ConfigError naming the option, never echoing its value. */
import { ConfigError } from '../errors';
import { DEFAULT_RETRY_POLICY } from './retry-policy';
import type { RetryPolicyOptions } from './retry-policy';

/** Default `sleep`: a `setTimeout` promise. */
export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A non-empty string without surrounding whitespace (`optional`: may be undefined). */
export function requireKey(name: string, value: unknown, hint: string, optional = false): string | undefined {
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string' || value.length === 0) {
    throw new ConfigError(`${name} must be a non-empty string: ${hint}`);
  }
  if (value.trim() !== value) {
    throw new ConfigError(
      `${name} has leading or trailing whitespace: copy the value again without spaces or line breaks.`,
    );
  }
  return value;
}

/** Normalise and check base URLs: absolute http(s), no query or fragment, no trailing slash. */
export function normalizeBaseUrls(baseURL: string | readonly string[], optionName = 'baseURL'): string[] {
  const list = typeof baseURL === 'string' ? [baseURL] : Array.isArray(baseURL) ? [...baseURL] : undefined;
  if (!list || list.length === 0)
    throw new ConfigError(`${optionName} must be a URL or a non-empty list of URLs.`);
  return list.map((value: unknown) => {
    if (typeof value !== 'string') throw new ConfigError(`${optionName} entries must be strings.`);
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new ConfigError(
        `${optionName} "${value}" is not an absolute URL: use e.g. https://mkt.myhuaweicloud.com.`,
      );
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new ConfigError(`${optionName} "${value}" must use https (or http for a local mock).`);
    }
    if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
      throw new ConfigError(`${optionName} "${url.origin}" must not carry a query, fragment or credentials.`);
    }
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  });
}

/** A finite number within bounds, or `fallback` when undefined. */
export function checkNumber(
  name: string,
  value: unknown,
  o: { min: number; max: number; integer: boolean },
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < o.min ||
    value > o.max ||
    (o.integer && !Number.isInteger(value))
  ) {
    throw new ConfigError(
      `${name} must be ${o.integer ? 'a whole number' : 'a number'} from ${o.min} to ${o.max}, got ${String(value)}.`,
    );
  }
  return value;
}

/** The retry tunables, each checked. */
export function checkRetryPolicy(value: unknown): RetryPolicyOptions | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object')
    throw new ConfigError('retry must be an object { baseDelayMs?, maxDelayMs?, maxRetryAfterMs? }.');
  const r = value as Record<string, unknown>;
  const limits = { min: 0, max: 3_600_000, integer: false };
  return {
    baseDelayMs: checkNumber('retry.baseDelayMs', r.baseDelayMs, limits, DEFAULT_RETRY_POLICY.baseDelayMs),
    maxDelayMs: checkNumber('retry.maxDelayMs', r.maxDelayMs, limits, DEFAULT_RETRY_POLICY.maxDelayMs),
    maxRetryAfterMs: checkNumber(
      'retry.maxRetryAfterMs',
      r.maxRetryAfterMs,
      limits,
      DEFAULT_RETRY_POLICY.maxRetryAfterMs,
    ),
  };
}

/** A function, or `fallback` when undefined. */
export function checkFunction<T>(name: string, value: unknown, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'function') throw new ConfigError(`${name} must be a function.`);
  return value as T;
}
