/**
 * Lookups of wire inputs shared by the verifiers: they never throw, and turn problems into results. (The signers'
 * argument checks are in `util/option-checks.ts`.)
 */

/** Query containers accepted by the verifiers. */
export type QueryInput = Record<string, string | string[] | undefined> | URLSearchParams;

/** Header containers accepted by the verifiers (plain record; a fetch `Headers` object also works). */
export type HeaderInput = Record<string, string | string[] | undefined>;

/** Marker for a parameter that is present but not a string (e.g. a nested object from a query parser). */
export const NOT_A_STRING = Symbol('not-a-string');

/** A single parameter value: the string, `undefined` when absent, or {@link NOT_A_STRING}. */
export type ParamValue = string | undefined | typeof NOT_A_STRING;

function single(value: unknown): ParamValue {
  const v = Array.isArray(value) ? (value as unknown[])[0] : value;
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : NOT_A_STRING;
}

/** Reads one query parameter; arrays (repeated parameters) yield their first element. Never throws. */
export function queryParam(query: unknown, name: string): ParamValue {
  if (query === null || typeof query !== 'object') return undefined;
  if (query instanceof URLSearchParams) return query.get(name) ?? undefined;
  const direct = (query as Record<string, unknown>)[name];
  if (typeof direct === 'string' && Object.prototype.hasOwnProperty.call(query, name)) return direct;
  return Object.prototype.hasOwnProperty.call(query, name)
    ? single((query as Record<string, unknown>)[name])
    : undefined;
}

/** True when `query` is something {@link queryParam} can read. */
export function isQueryContainer(query: unknown): boolean {
  return (
    query instanceof URLSearchParams || (query !== null && typeof query === 'object' && !Array.isArray(query))
  );
}

/**
 * Reads one header, case-insensitively (`name` must be lower-case). Accepts plain records (exact lower-case key
 * first, then a scan) and objects with a `get(name)` method such as fetch `Headers`. Never throws.
 */
export function headerParam(headers: unknown, name: string): ParamValue {
  if (headers === null || typeof headers !== 'object') return undefined;
  const getter = (headers as { get?: unknown }).get;
  if (typeof getter === 'function' && !Object.prototype.hasOwnProperty.call(headers, 'get')) {
    try {
      return single(getter.call(headers, name));
    } catch {
      return undefined;
    }
  }
  const record = headers as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(record, name)) return single(record[name]);
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() === name) return single(record[key]);
  }
  return undefined;
}

/** True when `headers` is something {@link headerParam} can read. */
export function isHeaderContainer(headers: unknown): boolean {
  return headers !== null && typeof headers === 'object' && !Array.isArray(headers);
}
