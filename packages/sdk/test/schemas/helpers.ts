import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { SCHEMA_FILES, type SchemaName } from '../../src/schemas';
import { VALID_SAMPLES } from './valid-samples';

/** `packages/sdk/schemas`. */
export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

/** The JSON of a body schema file, read from disk. */
export function readSchemaFile(name: SchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(SCHEMAS_DIR, SCHEMA_FILES[name]), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** A deep copy of the valid sample of `name`. */
export function sample(name: SchemaName): Record<string, unknown> {
  return structuredClone(VALID_SAMPLES[name]);
}

/**
 * A deep copy of the sample of `name` with the value at `pointer` (`/info/0/appInfo/memo`) replaced, or
 * removed when `value` is `undefined`.
 */
export function withValue(name: SchemaName, pointer: string, value: unknown): Record<string, unknown> {
  const copy = sample(name);
  const keys = pointer.split('/').slice(1);
  const last = keys.pop();
  if (last === undefined) throw new Error(`bad pointer ${pointer}`);
  let node: unknown = copy;
  for (const key of keys) {
    node = (node as Record<string, unknown>)[key];
    if (node === null || typeof node !== 'object') throw new Error(`${pointer}: no object at ${key}`);
  }
  const parent = node as Record<string, unknown>;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}
