import { ConfigError } from '../errors';

/** Internal: option-bag checks shared by the handler's factories. Each throws a ConfigError naming the option. */

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
