/**
 * Public surface of the schemas module (re-exported from the package root): typed validation of every body on
 * the wire with validators compiled at build time from `packages/sdk/schemas/`, the interface catalogue, and
 * the protocol's code tables. Every generated body type is exported by name (`NewInstanceRequest`,
 * `OrderInfo`, `UsagePushData`, …) together with `SchemaTypes` (schema name → type).
 */
export type * from '../generated/types';
export { SCHEMA_FILES, SCHEMA_NAMES, getValidator, isSchemaName, type SchemaName } from './registry';
export type { RawValidationError, StandaloneValidator } from '../generated/validators';
export { validateSchema, assertSchema, type SchemaValidationResult } from './validate';
export { describeIssues, fieldLabel, type DescribeIssuesOptions } from './issues';
export {
  INTERFACES,
  INTERFACE_NAMES,
  findInterfaceByActivity,
  findInterfaceByKitPath,
  isInterfaceName,
  type BasicInterfaceName,
  type InterfaceFamily,
  type InterfaceInfo,
  type InterfaceName,
  type InterfaceRequest,
  type InterfaceResponse,
  type KitInterfaceName,
  type LicenceInterfaceName,
  type V1InterfaceName,
} from './interfaces';
export {
  RESULT_CODES,
  findResultCode,
  type ResultCodeInfo,
  type ResultCodeName,
  type ResultCodeScope,
} from './result-codes';
export {
  OPEN_API_CODES,
  findOpenApiCode,
  type OpenApiCode,
  type OpenApiCodeFamily,
  type OpenApiCodeInfo,
} from './open-api-codes';
export {
  CHARGING_MODES,
  INTERFACE_MATRIX,
  JOINT_OPERATIONS_INTERFACES,
  interfacesForChargingMode,
  type ChargingMode,
  type InterfaceMatrixRow,
  type InterfaceRequirement,
  type InterfacesForMode,
  type MatrixInterfaceName,
} from './interface-matrix';
