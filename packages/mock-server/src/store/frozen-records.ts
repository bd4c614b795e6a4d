/**
 * Store records are immutable snapshots. Both stores hand out deeply frozen records (changing one throws a
 * `TypeError` in strict code: build a new record with a spread instead and put it), and neither ever keeps a
 * reference to an object a caller passed in. That lets the memory store return its own records without copying
 * them and share unchanged parts between the versions of a record: the engine's hot path reads a job, spreads
 * it into the next version and writes it back, so a write copies only what is new.
 *
 * {@link frozenRecord} is that write-side copy. It has the semantics of a JSON round trip
 * (`JSON.parse(JSON.stringify(v))`), so the memory and SQLite stores keep giving identical records: it drops
 * object properties whose value is `undefined`, a function or a symbol, turns such values inside arrays into
 * `null`, non-finite numbers into `null` and -0 into 0, and serialises anything that is not a plain object or
 * array (a `Date`, a class instance, a value with `toJSON`) exactly as JSON would. A frozen plain object or array
 * is taken to be a store record or a part of one (JSON-clean and immutable) and is shared instead of copied; to
 * have a value normalised, pass it unfrozen. (Frozenness is the mark rather than a `WeakSet` of what the stores
 * froze: a `WeakSet` insertion costs several times the freeze itself on this per-write path.)
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const plainProto = Object.prototype;

/** True for values JSON leaves out of an object (and writes as `null` in an array). */
const omitted = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** Freezes a new node. */
const seal = <T extends object>(node: T): T => Object.freeze(node);

/** True for a frozen plain object or array: a store record, or a part of one, to share as it is. */
function shareable(value: object): boolean {
  if (!Object.isFrozen(value)) return false;
  if (Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === plainProto || proto === null;
}

/** A JSON-semantics value frozen in place (for values built from JSON text, which are already clean). */
export function freezeParsed(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  if (Array.isArray(value)) for (const item of value) freezeParsed(item);
  else for (const key of Object.keys(value)) freezeParsed((value as Record<string, unknown>)[key]);
  seal(value);
}

/**
 * The one empty array and the one empty object every copy shares: records are full of empty lists and maps
 * (history, lines, extendParams...). bench virtual-clock-scale, 10 000 orders: 100 000 empty arrays and 30 000
 * empty objects, ≈ 7 MB of a 54 MB live heap (bench/RESULTS.md, issue 21 session 5).
 */
const EMPTY_ARRAY: Json[] = seal([]);
const EMPTY_OBJECT: { [key: string]: Json } = seal({});

function copyValue(value: unknown): Json {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // JSON writes -0 as 0 and non-finite numbers as null.
      return Number.isFinite(value) ? (value === 0 ? 0 : value) : null;
    case 'object':
      break;
    default:
      // bigint throws in JSON.stringify; let it, so both stores report the same error.
      return JSON.parse(JSON.stringify(value) ?? 'null') as Json;
  }
  if (shareable(value)) return value as Json;
  if (Array.isArray(value)) {
    if (value.length === 0) return EMPTY_ARRAY;
    const out: Json[] = new Array<Json>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out[i] = omitted(item) ? null : copyValue(item);
    }
    return seal(out);
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (
    (proto !== plainProto && proto !== null) ||
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    const parsed = JSON.parse(JSON.stringify(value)) as Json;
    freezeParsed(parsed);
    return parsed;
  }
  const out: { [key: string]: Json } = {};
  let empty = true;
  // for…in walks V8's cached key list without allocating one per record, as Object.keys does (a copy every write,
  // bench delivery case, issue 21); the own-property check skips anything inherited, as JSON does.
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const item: unknown = (value as Record<string, unknown>)[key];
    if (!omitted(item)) {
      out[key] = copyValue(item);
      empty = false;
    }
  }
  return empty ? EMPTY_OBJECT : seal(out);
}

/**
 * A deeply frozen copy of `value`, equal to `JSON.parse(JSON.stringify(value))`, that shares the parts of
 * `value` which are frozen plain objects or arrays (store records, or parts of one) instead of copying them. The caller's
 * objects are never frozen or kept. Throws on bigints (like `JSON.stringify`) and on cycles (a `RangeError`);
 * store records are acyclic JSON data.
 */
export function frozenRecord<T>(value: T): T {
  return copyValue(value) as T;
}

/** Deep-freezes a value just parsed from JSON text (no copy: nobody else holds it) and returns it. */
export function frozenFromJson<T>(text: string): T {
  const value = JSON.parse(text) as unknown;
  freezeParsed(value);
  return value as T;
}
