import { ValidationError, type ValidationIssue } from '../errors';
import type { SchemaTypes } from '../generated/types';
import { describeIssues, toIssues } from './issues';
import { getValidator, type SchemaName } from './registry';

/** Outcome of {@link validateSchema}: the typed value, or every issue found. */
export type SchemaValidationResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/**
 * Validates `data` (an already parsed JSON value) against one schema with its prebuilt validator and reports
 * every problem, not just the first. `data` is neither copied nor modified: on success `value` is `data`,
 * typed. Unknown extra fields are tolerated (the platform may add fields).
 *
 * @example
 * const r = validateSchema('newInstanceRequest', JSON.parse(rawBody));
 * if (!r.ok) console.log(describeIssues(r.issues)); // "orderLineId: is required"
 * @throws ConfigError (code `INVALID_ARGUMENT`) for an unknown schema name.
 */
export function validateSchema<N extends SchemaName>(
  name: N,
  data: unknown,
): SchemaValidationResult<SchemaTypes[N]> {
  const validate = getValidator(name);
  if (validate(data)) return { ok: true, value: data as SchemaTypes[N] };
  const issues = toIssues(validate.errors ?? []);
  // A validator that fails always leaves at least one error; keep the result meaningful regardless.
  return {
    ok: false,
    issues:
      issues.length > 0 ? issues : [{ path: '', message: 'does not match the schema', keyword: 'schema' }],
  };
}

/**
 * Like {@link validateSchema} but returns the typed value or throws.
 *
 * @param what how to call the data in the error message, e.g. `"the newInstance request body"`
 *   (default: `"the <name> data"`).
 * @throws ValidationError (code `SCHEMA_VIOLATION`) whose `issues` list every problem; the message names the
 *   fields and rules, never the values.
 * @throws ConfigError (code `INVALID_ARGUMENT`) for an unknown schema name.
 */
export function assertSchema<N extends SchemaName>(name: N, data: unknown, what?: string): SchemaTypes[N] {
  const result = validateSchema(name, data);
  if (result.ok) return result.value;
  const subject = what ?? `the ${name} data`;
  throw new ValidationError(
    `${subject} does not match the ${name} schema: ${describeIssues(result.issues)}. Fix the listed fields and try again.`,
    result.issues,
  );
}
