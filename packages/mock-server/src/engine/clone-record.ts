/**
 * Deep copy of a store record with the semantics of a JSON round trip (`JSON.parse(JSON.stringify(v))`),
 * without producing and re-parsing text: the memory store copies every record in and out, so this is on the
 * engine's hot path. Like JSON, it drops object properties whose value is `undefined`, a function or a
 * symbol, turns such values inside arrays into `null`, turns non-finite numbers into `null` and -0 into 0,
 * and serialises anything that is not a plain object or array (a `Date`, a class instance, a value with
 * `toJSON`) exactly as JSON would, so the memory and SQLite stores keep giving identical records. It lives in
 * the engine (which imports no store code) so that the job runner can use it too, for the copy of the job it
 * hands to the delivery function.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const plainProto = Object.prototype;

/** True for values JSON leaves out of an object (and writes as `null` in an array). */
const omitted = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

function cloneValue(value: unknown): Json {
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
      // bigint throws in JSON.stringify; let it, so both paths report the same error.
      return JSON.parse(JSON.stringify(value) ?? 'null') as Json;
  }
  if (Array.isArray(value)) {
    const out: Json[] = new Array<Json>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out[i] = omitted(item) ? null : cloneValue(item);
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (
    (proto !== plainProto && proto !== null) ||
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    return JSON.parse(JSON.stringify(value)) as Json;
  }
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(value)) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (!omitted(item)) out[key] = cloneValue(item);
  }
  return out;
}

/**
 * A deep copy of `value` equal to `JSON.parse(JSON.stringify(value))` for the data a store holds.
 * Throws on bigints (like `JSON.stringify`) and on cycles (a `RangeError`, where `JSON.stringify` throws a
 * `TypeError`); store records are acyclic JSON data.
 */
export function cloneRecord<T>(value: T): T {
  return cloneValue(value) as T;
}
