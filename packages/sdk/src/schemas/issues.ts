import type { ValidationIssue } from '../errors';
import { PATTERN_MESSAGES, type RawValidationError } from '../generated/validators';

/*
 * Turns the validators' raw errors into ValidationIssues that name the offending field and say what is wrong
 * in plain words. Messages never quote the offending value (it may be a password or a key), only the rule.
 */

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return value === '' ? '""' : value;
  return JSON.stringify(value) ?? String(value);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function numberParam(params: Record<string, unknown>, key: string): number {
  const value = params[key];
  return typeof value === 'number' ? value : Number(value);
}

/** Decimal places allowed by a `multipleOf` of 10^-k, or undefined for any other divisor. */
function decimalPlaces(divisor: number): number | undefined {
  for (let k = 0; k <= 10; k++) {
    if (Math.abs(divisor - 10 ** -k) < 1e-15) return k;
  }
  return undefined;
}

/** One raw error → issue (or `undefined` for errors that only summarise others, such as `if`/`then`). */
function toIssue(error: RawValidationError): ValidationIssue | undefined {
  const params = error.params ?? {};
  const at = error.instancePath;
  const issue = (message: string, path = at): ValidationIssue => ({ path, message, keyword: error.keyword });
  switch (error.keyword) {
    case 'required':
      return issue('is required', `${at}/${escapePointer(String(params.missingProperty))}`);
    case 'additionalProperties':
      return issue('is not an allowed field', `${at}/${escapePointer(String(params.additionalProperty))}`);
    case 'type': {
      const types = Array.isArray(params.type) ? params.type.map(String) : String(params.type).split(',');
      return issue(`must be ${listWords(types.map((t) => TYPE_WORDS[t] ?? t))}`);
    }
    case 'maxLength':
      return issue(`must be at most ${plural(numberParam(params, 'limit'), 'character')}`);
    case 'minLength': {
      const limit = numberParam(params, 'limit');
      return issue(limit === 1 ? 'must not be empty' : `must be at least ${plural(limit, 'character')}`);
    }
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues : [];
      return issue(`must be one of ${allowed.map(formatValue).join(', ')}`);
    }
    case 'const':
      return issue(`must be ${formatValue(params.allowedValue)}`);
    case 'pattern': {
      const pattern = String(params.pattern);
      return issue(PATTERN_MESSAGES[pattern] ?? `must match the pattern ${pattern}`);
    }
    case 'maxItems':
      return issue(`must contain at most ${plural(numberParam(params, 'limit'), 'item')}`);
    case 'minItems':
      return issue(`must contain at least ${plural(numberParam(params, 'limit'), 'item')}`);
    case 'minimum':
      return issue(`must be at least ${numberParam(params, 'limit')}`);
    case 'maximum':
      return issue(`must be at most ${numberParam(params, 'limit')}`);
    case 'exclusiveMinimum':
      return issue(`must be greater than ${numberParam(params, 'limit')}`);
    case 'exclusiveMaximum':
      return issue(`must be less than ${numberParam(params, 'limit')}`);
    case 'multipleOf': {
      const divisor = numberParam(params, 'multipleOf');
      const places = decimalPlaces(divisor);
      return issue(
        places === undefined
          ? `must be a multiple of ${divisor}`
          : places === 0
            ? 'must be a whole number'
            : `must have at most ${plural(places, 'decimal place')}`,
      );
    }
    case 'if':
      // "must match then schema": the failing `then` keywords are reported on their own.
      return undefined;
    default:
      return issue(error.message ?? `fails the ${error.keyword} rule`);
  }
}

/**
 * The raw errors of a standalone validator as {@link ValidationIssue}s, duplicates removed. A missing field is
 * reported at its own path (`/info/0/instanceId`, keyword `required`), not at its parent object.
 */
export function toIssues(errors: readonly RawValidationError[]): ValidationIssue[] {
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const error of errors) {
    const issue = toIssue(error);
    if (!issue) continue;
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

/**
 * A readable field label for an issue path: `/info/0/appInfo/frontEndUrl` → `info[0].appInfo.frontEndUrl`,
 * `` → `(root)`.
 */
export function fieldLabel(path: string): string {
  if (path === '') return '(root)';
  let label = '';
  for (const raw of path.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^(0|[1-9][0-9]*)$/.test(segment)) label += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(segment)) label += label === '' ? segment : `.${segment}`;
    else label += `[${JSON.stringify(segment)}]`;
  }
  return label;
}

/** Options of {@link describeIssues}. */
export interface DescribeIssuesOptions {
  /** Most issues to spell out; the rest are counted ("… and 3 more"). Default: 10. */
  max?: number;
}

/**
 * One line describing the issues, e.g. `instanceId: must be at most 64 characters; status: must be one of
 * FREEZE, UNFREEZE`. Field values are never quoted.
 */
export function describeIssues(
  issues: readonly ValidationIssue[],
  options: DescribeIssuesOptions = {},
): string {
  if (issues.length === 0) return 'no issues';
  const max = Math.max(1, Math.floor(options.max ?? 10));
  const shown = issues.slice(0, max).map((i) => `${fieldLabel(i.path)}: ${i.message}`);
  const rest = issues.length - shown.length;
  return rest > 0 ? `${shown.join('; ')}; … and ${rest} more` : shown.join('; ');
}
