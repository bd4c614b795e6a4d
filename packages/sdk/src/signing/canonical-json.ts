/**
 * Canonical JSON of a V2 request body (reference §7.1), as produced by Huawei's Java sample: the body parsed into a
 * map, top-level keys in ascending UTF-16 code-unit order (`TreeMap`, `String.compareTo`), top-level `null` values
 * dropped, serialised compactly by Jackson (non-ASCII left as is, `/` not escaped).
 *
 * Nested objects and arrays are not re-sorted (the sample only sorts the top level) unless `deep` is set.
 * Documented limits of the Jackson imitation: numbers are written the JavaScript way (`1.0` becomes `1`, Jackson
 * would write `1.0`), and nested objects parsed from a string list integer-like keys first (JavaScript property
 * order). V2 basic bodies are flat objects of strings, so neither affects real traffic.
 */
import { ErrorCodes, ValidationError } from '../errors';
import { describeType } from '../util/option-checks';

/** Options of {@link canonicalJson}. */
export interface CanonicalJsonOptions {
  /**
   * Sort the keys of nested objects too (used for usage-push bodies, whose keys are in "natural order" at every
   * level, §7.4). Default `false`: only the top level is sorted, as in Huawei's sample.
   */
  deep?: boolean;
}

const MAX_DEPTH = 64;
const HEX = '0123456789ABCDEF';

function notJson(message: string): ValidationError {
  return new ValidationError(message, [{ path: '', message, keyword: 'type' }], {
    code: ErrorCodes.BODY_NOT_JSON,
  });
}

/** Jackson string quoting: `"`, `\` and control characters escaped; `\u00XX` uses upper-case hex. */
function quote(s: string): string {
  let out = '"';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c) continue;
    out += s.slice(last, i);
    last = i + 1;
    switch (c) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += '\\\\';
        break;
      case 0x08:
        out += '\\b';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0c:
        out += '\\f';
        break;
      case 0x0d:
        out += '\\r';
        break;
      default:
        out += `\\u00${HEX[c >> 4]}${HEX[c & 0xf]}`;
    }
  }
  return `${out}${s.slice(last)}"`;
}

/** Objects whose content JSON.stringify would drop (`{}`), so serialising them would lose data. */
function isOpaque(value: object): boolean {
  return (
    value instanceof Map ||
    value instanceof Set ||
    value instanceof WeakMap ||
    value instanceof WeakSet ||
    value instanceof Promise ||
    value instanceof RegExp ||
    value instanceof ArrayBuffer ||
    ArrayBuffer.isView(value)
  );
}

/** True for values JSON.stringify leaves out of objects. */
function isSkippable(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

function write(value: unknown, deep: boolean, depth: number, path: string): string {
  if (depth > MAX_DEPTH)
    throw notJson(`The body nests deeper than ${MAX_DEPTH} levels (or is circular) at ${path}.`);
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw notJson(`${path} is ${value}, which JSON cannot represent.`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw notJson(`${path} is ${describeType(value)}, which JSON cannot represent.`);
  }
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return write(toJSON.call(value), deep, depth + 1, path);
  if (isOpaque(value)) {
    throw notJson(
      `${path} is a ${value.constructor.name}, which JSON would silently empty: convert it first.`,
    );
  }
  if (Array.isArray(value)) {
    const items = value.map((item: unknown, i) =>
      isSkippable(item) ? 'null' : write(item, deep, depth + 1, `${path}/${i}`),
    );
    return `[${items.join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = deep ? Object.keys(record).sort() : Object.keys(record);
  const parts: string[] = [];
  for (const key of keys) {
    const item = record[key];
    if (isSkippable(item)) continue;
    parts.push(`${quote(key)}:${write(item, deep, depth + 1, `${path}/${key}`)}`);
  }
  return `{${parts.join(',')}}`;
}

/** Parses a JSON text that must hold an object; throws `ValidationError` (code `BODY_NOT_JSON`) otherwise. */
export function parseJsonObject(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw notJson('The body is not valid JSON: send a UTF-8 JSON object.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw notJson(`The body is JSON but ${describeType(parsed)}, not an object: send a JSON object.`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * Canonical form of a request body: top-level keys ascending (UTF-16 code-unit order), top-level `null` and
 * `undefined` values dropped, compact, non-ASCII and `/` unescaped.
 *
 * @param body A JSON object, or a JSON text that parses to one.
 * @throws ValidationError with code `BODY_NOT_JSON` when `body` is not a JSON object (or a JSON text of one), or
 *   holds values JSON cannot represent or would silently empty (`bigint`, `NaN`, `Map`, `Set`, typed arrays).
 *   Functions and symbols are skipped in objects and written as `null` in arrays, like `JSON.stringify`.
 * @example
 * canonicalJson('{"b":"2","a":"1","c":null}'); // '{"a":"1","b":"2"}'
 */
export function canonicalJson(
  body: string | Record<string, unknown>,
  options: CanonicalJsonOptions = {},
): string {
  let record: Record<string, unknown>;
  if (typeof body === 'string') {
    record = parseJsonObject(body);
  } else {
    // A top-level toJSON() (a DTO class, a Date) is honoured like JSON.stringify does; its result must be an object.
    const toJSON =
      body !== null && typeof body === 'object' ? (body as { toJSON?: unknown }).toJSON : undefined;
    const top: unknown = typeof toJSON === 'function' ? toJSON.call(body) : body;
    if (top === null || typeof top !== 'object' || Array.isArray(top) || isOpaque(top)) {
      throw notJson(`The body must be a plain JSON object or a JSON text of one, got ${describeType(top)}.`);
    }
    record = top as Record<string, unknown>;
  }
  const deep = options.deep === true;
  // Built as one string (no parts array); string values, the whole of a V2 basic body, are quoted directly.
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    const value = record[key];
    if (value === null || isSkippable(value)) continue;
    if (out.length > 1) out += ',';
    out += `${quote(key)}:${typeof value === 'string' ? quote(value) : write(value, deep, 1, `/${key}`)}`;
  }
  return `${out}}`;
}
