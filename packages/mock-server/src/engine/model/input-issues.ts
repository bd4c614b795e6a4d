/**
 * Input checking shared by the engine's actions: collect every problem as a `ValidationIssue`, then throw one
 * `ValidationError` (INVALID_ARGUMENT) that lists them all.
 */
import { ErrorCodes, ValidationError } from '@koogallery-kit/sdk';
import type { ValidationIssue } from '@koogallery-kit/sdk';
import { isObject } from '@koogallery-kit/sdk/platform';

/** True for a plain object (not null, not an array). */
// The one `isObject` of both packages, re-exported with the engine's other input helpers.
export { isObject };

/** True for an integer greater than 0 (the mock's option checks: counts, sizes, milliseconds). */
export const isPositiveInt = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v > 0;

/** One input problem at a JSON pointer `path` (`''` for the whole input); `keyword` defaults to `type`. */
export const issue = (path: string, message: string, keyword = 'type'): ValidationIssue => ({
  path,
  message,
  keyword,
});

/** The `ValidationError` (INVALID_ARGUMENT) naming `what` and every issue; `whole` names the root path. */
export function invalidInput(what: string, issues: ValidationIssue[], whole = '(input)'): ValidationError {
  return new ValidationError(
    `Invalid ${what}: ${issues.map((i) => `${i.path.slice(1) || whole}: ${i.message}`).join('; ')}.`,
    issues,
    { code: ErrorCodes.INVALID_ARGUMENT },
  );
}

/** Throws {@link invalidInput} when `issues` is not empty. */
export function assertNoIssues(what: string, issues: ValidationIssue[], whole = '(input)'): void {
  if (issues.length > 0) throw invalidInput(what, issues, whole);
}
