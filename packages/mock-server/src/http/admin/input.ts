/**
 * Input checks of the admin API. Every problem of a request is collected and reported at once as a
 * `ValidationError` (code INVALID_ARGUMENT → HTTP 400) whose issues name the fields.
 */
import type { Request } from 'express';
import { ErrorCodes, ValidationError, type ValidationIssue } from '@koogallery-kit/sdk';
import { isObject } from '@koogallery-kit/sdk/platform';

/** One issue. */
export const issue = (path: string, message: string, keyword = 'type'): ValidationIssue => ({
  path,
  message,
  keyword,
});

/** Throws a `ValidationError` listing `issues` (no-op when empty). */
export function throwIssues(what: string, issues: readonly ValidationIssue[]): void {
  if (issues.length === 0) return;
  const list = issues.map(
    (i) => `${i.path.replace(/^\//, '').split('/').join('.') || '(body)'}: ${i.message}`,
  );
  throw new ValidationError(`Invalid ${what}: ${list.join('; ')}.`, issues, {
    code: ErrorCodes.INVALID_ARGUMENT,
  });
}

// The one `isObject` of both packages, re-exported with the admin API's other input helpers.
export { isObject };

/** The JSON body as an object (`{}` when there is none); anything else is a 400 naming the body. */
export function objectBody(req: Request, what: string): Record<string, unknown> {
  const body: unknown = req.body;
  if (body === undefined || (typeof body === 'string' && body === '')) return {};
  if (!isObject(body)) {
    throwIssues(what, [issue('', 'the body must be one JSON object (Content-Type: application/json)')]);
  }
  return body as Record<string, unknown>;
}

/** Adds an issue for every key of `body` not in `allowed`. */
export function checkKnownFields(
  body: Record<string, unknown>,
  allowed: readonly string[],
  issues: ValidationIssue[],
): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) {
      issues.push(
        issue(
          `/${key}`,
          allowed.length === 0
            ? 'unknown field: this request takes no fields'
            : `unknown field; allowed: ${allowed.join(', ')}`,
          'additionalProperties',
        ),
      );
    }
  }
}

/**
 * Where query parameters are read from: a request, or any object of the same shape (the `filters` of an export
 * request are read with the same checks as the query of the list they export).
 */
export type QuerySource = Pick<Request, 'query'>;

/** A single string query parameter (repeated parameters are an issue). */
export function queryString(req: QuerySource, name: string, issues: ValidationIssue[]): string | undefined {
  const v = (req.query as Record<string, unknown>)[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') {
    issues.push(issue(`/${name}`, 'give this query parameter once, as a plain value'));
    return undefined;
  }
  return v;
}

/** A query parameter that must be one of `values`. */
export function queryEnum<T extends string>(
  req: QuerySource,
  name: string,
  values: readonly T[],
  issues: ValidationIssue[],
): T | undefined {
  const v = queryString(req, name, issues);
  if (v === undefined) return undefined;
  if (!(values as readonly string[]).includes(v)) {
    issues.push(issue(`/${name}`, `must be one of ${values.join(', ')}`, 'enum'));
    return undefined;
  }
  return v as T;
}

/** A whole-number query parameter within bounds. */
export function queryInt(
  req: QuerySource,
  name: string,
  min: number,
  max: number,
  issues: ValidationIssue[],
): number | undefined {
  const v = queryString(req, name, issues);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < min || n > max) {
    issues.push(issue(`/${name}`, `must be a whole number from ${min} to ${max}`, 'maximum'));
    return undefined;
  }
  return n;
}

/** Adds an issue for every query parameter not in `allowed`. */
export function checkKnownQuery(
  req: QuerySource,
  allowed: readonly string[],
  issues: ValidationIssue[],
): void {
  for (const key of Object.keys(req.query)) {
    if (!allowed.includes(key)) {
      issues.push(
        issue(
          `/${key}`,
          allowed.length === 0
            ? 'unknown query parameter: this request takes none'
            : `unknown query parameter; allowed: ${allowed.join(', ')}`,
          'additionalProperties',
        ),
      );
    }
  }
}

/** A page of a list: `{ items, total, offset }` (query `limit` 1..10000, `offset` ≥ 0). */
export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
}

/** Query parameters every list endpoint accepts. */
export const PAGE_PARAMS = ['limit', 'offset'] as const;

/** Reads `limit`/`offset` into `issues`; returns a function cutting a list into a page. */
export function pager(req: QuerySource, issues: ValidationIssue[]): <T>(items: T[]) => Page<T> {
  const limit = queryInt(req, 'limit', 1, 10_000, issues);
  const offset = queryInt(req, 'offset', 0, Number.MAX_SAFE_INTEGER, issues) ?? 0;
  return <T>(items: T[]): Page<T> => ({
    items: items.slice(offset, limit === undefined ? undefined : offset + limit),
    total: items.length,
    offset,
  });
}

/** Runs `read` with the query checked against `allowed` (+ limit/offset) and answers one page. */
export function list<T>(
  req: Request,
  allowed: readonly string[],
  read: (issues: ValidationIssue[]) => () => T[],
  what: string,
): { items: T[]; total: number; offset: number } {
  const issues: ValidationIssue[] = [];
  checkKnownQuery(req, [...allowed, ...PAGE_PARAMS], issues);
  const page = pager(req, issues);
  const fetch = read(issues);
  throwIssues(what, issues);
  return page(fetch());
}

/** Drops undefined entries so store filters only see what was given. */
export const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
