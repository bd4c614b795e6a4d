/** Internal: the framework-neutral request, normalised once at the start of the pipeline. */

/** Header values as frameworks deliver them. */
export type HeaderBag = Record<string, string | string[] | undefined>;

/** Query values as frameworks deliver them. */
export type QueryBag = Record<string, string | string[] | undefined>;

/** What {@link ProductionHandler.handle} takes: enough of an HTTP request to authenticate and answer it. */
export interface HandlerRequest {
  /** HTTP method, any case. */
  method: string;
  /**
   * Request target: path plus query (`/isv/produce?signature=…`) or an absolute URL. Its path tells basic calls
   * from kit calls (`…/produceAPI/v2/<name>`); its query carries the V2 signature or the V1 parameters.
   */
  url?: string;
  /** Already-parsed query parameters; when given they take precedence over the query part of `url`. */
  query?: QueryBag | URLSearchParams;
  /** Request headers (any name case), or a Fetch `Headers`. */
  headers?: HeaderBag | Headers;
  /** The exact body bytes received (a string is taken as UTF-8). `undefined`/`null` = empty body. */
  rawBody?: string | Uint8Array | null;
}

/** Internal: normalised request. */
export interface NormalisedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[]>;
  body: Uint8Array;
}

const encoder = new TextEncoder();

function splitTarget(url: string | undefined): { path: string; search: string } {
  if (typeof url !== 'string' || url.length === 0) return { path: '/', search: '' };
  let target = url;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    // Absolute URL: drop scheme and authority, keep path and query as sent.
    const afterScheme = target.slice(target.indexOf('//') + 2);
    const slash = afterScheme.search(/[/?#]/);
    target = slash === -1 ? '/' : afterScheme.slice(slash);
  }
  const hash = target.indexOf('#');
  if (hash !== -1) target = target.slice(0, hash);
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  return { path: path.length === 0 ? '/' : path, search: q === -1 ? '' : target.slice(q + 1) };
}

function addValue(into: Record<string, string | string[]>, key: string, value: string): void {
  const prev = into[key];
  if (prev === undefined) into[key] = value;
  else if (Array.isArray(prev)) prev.push(value);
  else into[key] = [prev, value];
}

type Rec = Record<string, string | string[]>;

/**
 * Copies a header or query bag into a fresh prototype-less record. Repeated names become arrays in arrival order;
 * non-string values are dropped; `lowerKeys` folds header-name case.
 */
function toRecord(
  bag: QueryBag | HeaderBag | URLSearchParams | Headers | undefined | null,
  lowerKeys: boolean,
): Rec {
  const out = Object.create(null) as Rec;
  if (bag === undefined || bag === null || typeof bag !== 'object') return out;
  if (bag instanceof URLSearchParams || (typeof Headers !== 'undefined' && bag instanceof Headers)) {
    (bag as URLSearchParams).forEach((v, k) => addValue(out, lowerKeys ? k.toLowerCase() : k, v));
    return out;
  }
  const record = bag as QueryBag | HeaderBag;
  for (const k of Object.keys(record)) {
    const v = record[k];
    const key = lowerKeys ? k.toLowerCase() : k;
    if (typeof v === 'string') addValue(out, key, v);
    else if (Array.isArray(v)) for (const item of v) if (typeof item === 'string') addValue(out, key, item);
  }
  return out;
}

/** Byte length of a raw body without copying it. */
export function rawBodyLength(rawBody: string | Uint8Array | null | undefined): number {
  if (rawBody === undefined || rawBody === null) return 0;
  if (typeof rawBody === 'string') return Buffer.byteLength(rawBody, 'utf8');
  return rawBody.byteLength;
}

export function normaliseRequest(req: HandlerRequest): NormalisedRequest {
  const { path, search } = splitTarget(req.url);
  const query =
    req.query !== undefined && req.query !== null
      ? toRecord(req.query, false)
      : toRecord(new URLSearchParams(search), false);
  const raw = req.rawBody;
  const body =
    raw === undefined || raw === null
      ? new Uint8Array(0)
      : typeof raw === 'string'
        ? encoder.encode(raw)
        : raw;
  return {
    method: typeof req.method === 'string' ? req.method.toUpperCase() : '',
    path,
    query,
    headers: toRecord(req.headers, true),
    body,
  };
}

/** First value of a query parameter or header. */
export function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
