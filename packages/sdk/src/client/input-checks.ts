/** Checks of the caller's arguments: problems become one ValidationError (code INVALID_ARGUMENT) naming each field. */
import { ErrorCodes, ValidationError } from '../errors';
import type { ValidationIssue } from '../errors';
import { describeIssues, validateSchema } from '../schemas';
import type { SchemaName, SchemaTypes } from '../schemas';
import { isObject } from '../util/is-object';

/**
 * Validate a call's arguments against the request schema of the API.
 *
 * @throws ValidationError (code `INVALID_ARGUMENT`) listing every problem, before any request is sent.
 */
export function checkArguments<N extends SchemaName>(
  name: N,
  data: unknown,
  operation: string,
): SchemaTypes[N] {
  const result = validateSchema(name, data);
  if (result.ok) return result.value;
  throw new ValidationError(
    `${operation}: invalid argument — ${describeIssues(result.issues)}.`,
    result.issues,
    {
      code: ErrorCodes.INVALID_ARGUMENT,
    },
  );
}

/** Collects argument problems for one call. */
export class ArgumentIssues {
  readonly issues: ValidationIssue[] = [];

  /** Records a problem at `path` (`/orderId`). */
  add(path: string, message: string, keyword: string): void {
    this.issues.push({ path, message, keyword });
  }

  /** Checks a string field: mandatory (unless `optional`), at most `max` characters. */
  string(
    value: unknown,
    path: string,
    o: { max: number; optional?: boolean; pattern?: RegExp; patternMessage?: string },
  ): void {
    if (value === undefined || value === null) {
      if (!o.optional) this.add(path, 'is required', 'required');
      return;
    }
    if (typeof value !== 'string') return this.add(path, 'must be a string', 'type');
    if (value.length === 0) return this.add(path, 'must not be empty', 'minLength');
    if (value.length > o.max) return this.add(path, `must be at most ${o.max} characters`, 'maxLength');
    if (o.pattern && !o.pattern.test(value))
      this.add(path, o.patternMessage ?? `must match ${String(o.pattern)}`, 'pattern');
  }

  /** Throws the collected problems as one ValidationError; does nothing when there are none. */
  throwIfAny(operation: string): void {
    if (this.issues.length === 0) return;
    const list = this.issues
      .map((i) => `${i.path.replace(/^\//, '') || '(argument)'} ${i.message}`)
      .join('; ');
    throw new ValidationError(`${operation}: invalid argument — ${list}.`, this.issues, {
      code: ErrorCodes.INVALID_ARGUMENT,
    });
  }
}

/** Throws ValidationError (INVALID_ARGUMENT) unless `value` is a plain object. */
export function requireObject(value: unknown, operation: string, what: string): Record<string, unknown> {
  if (isObject(value)) return value;
  throw new ValidationError(
    `${operation}: ${what} must be an object.`,
    [{ path: '', message: 'must be an object', keyword: 'type' }],
    {
      code: ErrorCodes.INVALID_ARGUMENT,
    },
  );
}

/** UTC time `yyyyMMddHHmmss` (14 digits). */
export const TIME14_RE = /^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d[0-5]\d$/;
