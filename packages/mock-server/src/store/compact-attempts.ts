/**
 * The compact form in which the memory store keeps a finished attempt (virtual-clock-scale bench case: attempts
 * are most of what a long run keeps). An attempt's record as JSON repeats the same text on every attempt: header
 * names and values, the problem texts and hints, the seller's URL, the body's keys. Here it is a JSON array of its
 * fields in a fixed order, and those repeated strings are numbers into a table of strings the store keeps once
 * ({@link StringTable}). Strings that differ on every attempt (body values, the signed query, ids) stay inline;
 * the request body, when it is the canonical JSON of the attempt's body, is a mark (`0`); the reply body and the
 * volatile header values (`Body-Sign`, `Date`) are numbered once they are frequent (a failing seller's reply).
 * Unpacking gives back the record with the same fields and values, deeply frozen like every store record.
 *
 * Layout: `[manual, scheduledAt, startedAt, finishedAt, body, request, response, elapsedMs, accepted, async,
 * resultCode, problems]`, where `body` is `[keys, ...values]` (`keys` the number of the JSON list of its keys),
 * `request` null or `[method, urlBeforeQuery, query, headers, body]` (that body null, the text, or 0 for the
 * canonical JSON of the attempt's body), `response` null or `[status, headers, body]`, `headers` a flat list of
 * name, value pairs and `problems` one flat list of key, value pairs per problem (keys in their order, so optional
 * fields stay as they were). A number in a string position is an index into the table.
 */
import type { AttemptProblem, AttemptRecord } from '../engine/model/types';
import type { RecordedRequest, RecordedResponse } from '../engine/model/delivery-types';
import { canonicalJson } from '@koogallery-kit/sdk';
import { freezeParsed } from './frozen-records';

/** Strings stored once and referred to by number. Append-only; {@link createStringTable} starts an empty one. */
export interface StringTable {
  /** The number of `s`, adding it when new. */
  id(s: string): number;
  /**
   * The number of `s` if it is frequent: already in the table, or offered {@link FREQUENT} times among the last
   * {@link RECENT_LIMIT} strings offered (then added); undefined otherwise (keep `s` inline). For texts that mix
   * fixed sentences with ids: an id repeats a few times (a job's mails), a fixed sentence on every message.
   */
  frequentId(s: string): number | undefined;
  /** The string numbered `n`. */
  text(n: number): string;
}

/** How many times a string is offered to {@link StringTable.frequentId} before it is numbered. */
export const FREQUENT = 16;
/** How many distinct not-yet-frequent strings are counted before the counts start again. */
const RECENT_LIMIT = 1024;

export function createStringTable(): StringTable {
  const ids = new Map<string, number>();
  const strings: string[] = [];
  /** Offers of strings not (yet) in the table. */
  let recent = new Map<string, number>();
  const id = (s: string): number => {
    let n = ids.get(s);
    if (n === undefined) {
      n = strings.length;
      strings.push(s);
      ids.set(s, n);
    }
    return n;
  };
  return {
    id,
    frequentId(s) {
      const n = ids.get(s);
      if (n !== undefined) return n;
      const seen = (recent.get(s) ?? 0) + 1;
      if (seen >= FREQUENT) {
        recent.delete(s);
        return id(s);
      }
      if (seen === 1 && recent.size >= RECENT_LIMIT) recent = new Map();
      recent.set(s, seen);
      return undefined;
    },
    text(n) {
      const s = strings[n];
      if (s === undefined) throw new RangeError(`no string ${n} in the attempts' string table`);
      return s;
    },
  };
}

/** A string that is the same on many attempts, or inline text (a number is a table reference). */
type Ref = number | string;

/**
 * Header values that may differ on every attempt: numbered only once frequent ({@link StringTable.frequentId}).
 * A seller's failure reply repeats its `Body-Sign` (a signature of the same body, recorded shortened) and a `Date`
 * repeats within its second; bench virtual-clock-scale, 10 000 orders: ≈ 80 B of a ≈ 560 B packed attempt
 * (bench/RESULTS.md, issue 21 session 5).
 */
const VOLATILE_HEADERS = new Set(['body-sign', 'date', 'x-request-id']);

/** `s` numbered when frequent, else inline. */
const frequent = (s: string, table: StringTable): Ref => table.frequentId(s) ?? s;

function packHeaders(pairs: Iterable<readonly [string, string]>, table: StringTable): Ref[] {
  const out: Ref[] = [];
  for (const [name, value] of pairs) {
    out.push(
      table.id(name),
      VOLATILE_HEADERS.has(name.toLowerCase()) ? frequent(value, table) : table.id(value),
    );
  }
  return out;
}

function unpackPairs(flat: readonly Ref[], table: StringTable): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < flat.length; i += 2)
    out.push([text(flat[i] as Ref, table), text(flat[i + 1] as Ref, table)]);
  return out;
}

const text = (r: Ref, table: StringTable): string => (typeof r === 'number' ? table.text(r) : r);

/** The request body stands for the canonical JSON of the attempt's body (the usual case: see below). */
const CANONICAL_BODY = 0;

/**
 * The canonical JSON (protocol.md §4) of an attempt's body, or null when it has none (a body JSON cannot hold is
 * not canonical: the request body then stays inline).
 */
function canonicalBody(body: Record<string, unknown>): string | null {
  try {
    return canonicalJson(body);
  } catch {
    return null;
  }
}

// A call's body is sent as the canonical JSON of the attempt's body, so the request body is that text a second
// time: kept as a mark instead. bench virtual-clock-scale, 10 000 orders: ≈ 170 B of the ≈ 700 B of a packed
// attempt, for ≈ 1 µs of CPU per attempt (the canonical text computed and compared; bench/RESULTS.md, issue 21
// session 5).
function packRequest(r: RecordedRequest | null, body: Record<string, unknown>, table: StringTable): unknown {
  if (r === null) return null;
  const q = r.url.indexOf('?');
  const head = q < 0 ? r.url : r.url.slice(0, q);
  return [
    table.id(r.method),
    table.id(head),
    q < 0 ? null : r.url.slice(q),
    packHeaders(Object.entries(r.headers), table),
    r.body === undefined ? null : r.body === canonicalBody(body) ? CANONICAL_BODY : r.body,
  ];
}

function unpackRequest(
  packed: unknown,
  body: Record<string, unknown>,
  table: StringTable,
): RecordedRequest | null {
  if (packed === null) return null;
  const [method, head, query, headers, sent] = packed as [
    number,
    number,
    string | null,
    Ref[],
    string | typeof CANONICAL_BODY | null,
  ];
  const out: RecordedRequest = {
    method: table.text(method),
    url: table.text(head) + (query ?? ''),
    headers: Object.fromEntries(unpackPairs(headers, table)),
  };
  if (sent !== null) out.body = sent === CANONICAL_BODY ? (canonicalBody(body) as string) : sent;
  return out;
}

function packResponse(r: RecordedResponse | null, table: StringTable): unknown {
  // The reply body: the same text on every failure of a seller (bench: ≈ 50 B per attempt), numbered once frequent.
  return r === null ? null : [r.status, packHeaders(r.headers, table), frequent(r.body, table)];
}

function unpackResponse(packed: unknown, table: StringTable): RecordedResponse | null {
  if (packed === null) return null;
  const [status, headers, body] = packed as [number, Ref[], Ref];
  return { status, headers: unpackPairs(headers, table), body: text(body, table) };
}

function packProblems(problems: readonly AttemptProblem[], table: StringTable): number[][] {
  return problems.map((p) => {
    const flat: number[] = [];
    for (const [k, v] of Object.entries(p)) if (v !== undefined) flat.push(table.id(k), table.id(String(v)));
    return flat;
  });
}

function unpackProblems(packed: readonly number[][], table: StringTable): AttemptProblem[] {
  return packed.map((flat) => Object.fromEntries(unpackPairs(flat, table)) as unknown as AttemptProblem);
}

/**
 * The attempt's body as `[keys, ...values]`, `keys` the number of the JSON list of its keys (the same on every call
 * of an interface: bench virtual-clock-scale, ≈ 45 B per attempt), or the body itself when it is not a plain
 * object.
 */
function packBody(body: Record<string, unknown>, table: StringTable): unknown {
  if (Object.getPrototypeOf(body) !== Object.prototype) return body;
  const keys: string[] = [];
  const out: unknown[] = [0];
  for (const key of Object.keys(body)) {
    const value = body[key];
    // JSON leaves these out of an object
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    keys.push(key);
    out.push(value);
  }
  out[0] = table.id(JSON.stringify(keys));
  return out;
}

function unpackBody(packed: unknown, table: StringTable): Record<string, unknown> {
  if (!Array.isArray(packed)) return packed as Record<string, unknown>;
  const values = packed as unknown[];
  const keys = JSON.parse(table.text(values[0] as number)) as string[];
  const body: Record<string, unknown> = {};
  keys.forEach((key, i) => {
    body[key] = values[i + 1];
  });
  return body;
}

/** The compact JSON text of a finished attempt (its jobId, no and state are kept beside it by the store). */
export function compactAttempt(a: AttemptRecord, table: StringTable): string {
  return JSON.stringify([
    a.manual,
    a.scheduledAt,
    a.startedAt,
    a.finishedAt,
    packBody(a.body, table),
    packRequest(a.request, a.body, table),
    packResponse(a.response, table),
    a.elapsedMs,
    a.accepted,
    a.async,
    a.resultCode,
    packProblems(a.problems, table),
  ]);
}

/** The attempt packed by {@link compactAttempt}, deeply frozen. */
export function expandAttempt(
  key: Pick<AttemptRecord, 'jobId' | 'no' | 'state'>,
  packed: string,
  table: StringTable,
): AttemptRecord {
  const [
    manual,
    scheduledAt,
    startedAt,
    finishedAt,
    packedBody,
    request,
    response,
    elapsedMs,
    accepted,
    async,
    resultCode,
    problems,
  ] = JSON.parse(packed) as [
    boolean,
    number,
    number,
    number | null,
    unknown,
    unknown,
    unknown,
    number | null,
    boolean | null,
    boolean | null,
    string | null,
    number[][],
  ];
  const body = unpackBody(packedBody, table);
  const record: AttemptRecord = {
    jobId: key.jobId,
    no: key.no,
    state: key.state,
    manual,
    scheduledAt,
    startedAt,
    finishedAt,
    body,
    request: unpackRequest(request, body, table),
    response: unpackResponse(response, table),
    elapsedMs,
    accepted,
    async,
    resultCode,
    problems: unpackProblems(problems, table),
  };
  freezeParsed(record);
  return record;
}
