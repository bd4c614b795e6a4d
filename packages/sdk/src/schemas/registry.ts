import { ConfigError, ErrorCodes } from '../errors';
import { SCHEMA_FILES } from '../generated/schema-files';
import type { SchemaTypes } from '../generated/types';
import { validators, type StandaloneValidator } from '../generated/validators';

/** Name of one body schema, e.g. `newInstanceRequest`, `orderQueryResponse`, `usagePushRequest`. */
export type SchemaName = keyof SchemaTypes;

/**
 * Every schema name and its file relative to the package's `schemas/` directory (published with the package
 * as `@koogallery-kit/sdk/schemas/<file>`), e.g. `newInstanceRequest: 'v2/new-instance-request.json'`.
 */
export { SCHEMA_FILES };

/** Every schema name, in the order of their files. */
export const SCHEMA_NAMES: readonly SchemaName[] = Object.freeze(Object.keys(SCHEMA_FILES) as SchemaName[]);

// Compile-time proof that the generated file list and the generated types name the same schemas.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const filesMatchTypes: Same<keyof typeof SCHEMA_FILES, SchemaName> = true;
void filesMatchTypes;

/** True when `name` is one of the schema names. */
export function isSchemaName(name: unknown): name is SchemaName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(SCHEMA_FILES, name);
}

/**
 * The prebuilt (build-time compiled) validator of a schema. Nothing is compiled at run time: every call
 * returns the same function.
 *
 * @throws ConfigError (code `INVALID_ARGUMENT`) for an unknown schema name.
 */
export function getValidator(name: SchemaName): StandaloneValidator {
  if (!isSchemaName(name)) {
    throw new ConfigError(
      `Unknown schema name ${JSON.stringify(name)}. Use one of the names in SCHEMA_NAMES, e.g. "newInstanceRequest".`,
      { code: ErrorCodes.INVALID_ARGUMENT },
    );
  }
  return validators[name];
}
