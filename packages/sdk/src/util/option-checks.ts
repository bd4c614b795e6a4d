/**
 * The one module of argument and option-bag checks (handler, stores, client, signing). Every check throws a
 * `ConfigError` naming the option and saying what is expected; none echoes a string value (it may be a secret).
 */
import { ConfigError } from '../errors';

/** Non-empty string check that never throws. */
export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** Type name for error messages that never echo the value itself. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return 'a Uint8Array';
  return typeof value === 'string' && value.length === 0 ? 'an empty string' : `a ${typeof value}`;
}

/**
 * Returns `value` when it is a non-empty string, else throws `ConfigError` naming the option. The value itself is
 * never part of the message (it is a secret).
 */
export function requireSecret(name: string, value: unknown, hint: string): string {
  if (isNonEmptyString(value)) return value;
  throw new ConfigError(`${name} must be a non-empty string, got ${describeType(value)}: ${hint}`);
}

/** Throws `ConfigError` unless `value` is a string or a Uint8Array. */
export function requireBytes(name: string, value: unknown): string | Uint8Array {
  if (typeof value === 'string' || value instanceof Uint8Array) return value;
  throw new ConfigError(`${name} must be a string or a Uint8Array, got ${describeType(value)}.`);
}

// Option bags of factories: `where` names the factory, `name` the option.

export function checkPositiveInteger(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new ConfigError(`${where}: ${name} must be a positive integer, got ${describe(value)}.`);
  }
  return value;
}

export function checkPositiveNumber(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(
      `${where}: ${name} must be a positive, finite number of milliseconds, got ${describe(value)}.`,
    );
  }
  return value;
}

export function checkFunction<F>(where: string, name: string, value: unknown): F {
  if (typeof value !== 'function') {
    throw new ConfigError(`${where}: ${name} must be a function, got ${describe(value)}.`);
  }
  return value as F;
}

export function checkString(where: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ConfigError(`${where}: ${name} must be a non-empty string, got ${describe(value)}.`);
  }
  return value;
}

/** Short description of a value for messages; never the value itself when it is a string (it may be a secret). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return value.length === 0 ? 'an empty string' : `a string of ${value.length} characters`;
  if (typeof value === 'number') return Number.isFinite(value) ? `the number ${value}` : String(value);
  return typeof value;
}

// The client's options.

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
  // Checked as `unknown` for JavaScript callers (Array.isArray would turn `readonly string[]` into `any[]`).
  const given: unknown = baseURL;
  const list: unknown[] | undefined =
    typeof given === 'string' ? [given] : Array.isArray(given) ? [...(given as unknown[])] : undefined;
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
      `${name} must be ${o.integer ? 'a whole number' : 'a number'} from ${o.min} to ${o.max}, got ${typeof value === 'number' ? String(value) : describe(value)}.`,
    );
  }
  return value;
}

/** A function, or `fallback` when undefined. */
export function optionalFunction<T>(name: string, value: unknown, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'function') throw new ConfigError(`${name} must be a function.`);
  return value as T;
}
