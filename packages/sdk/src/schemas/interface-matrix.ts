import { ConfigError, ErrorCodes } from '../errors';
import type { BasicInterfaceName, KitInterfaceName } from './interfaces';

/**
 * Which V2 production interfaces a seller must implement for each charging mode (protocol reference §1, the
 * interface matrix of the V2 guide). Data only.
 *
 * The published matrix has three columns (period, one-time, on-demand). The pay-per-use package
 * (`ON_DEMAND_PKG`) has no column of its own: it is read like `ON_DEMAND`, which the queryInstance page
 * supports ("mandatory to debug for on-demand and package products"). `orderNotify` is not part of the matrix
 * (it serves access types that do not use the SaaS instance interfaces).
 */

/** Charging modes as the order query names them. */
export const CHARGING_MODES = Object.freeze(['PERIOD', 'ONE_TIME', 'ON_DEMAND', 'ON_DEMAND_PKG'] as const);

/** `PERIOD` (yearly/monthly), `ONE_TIME`, `ON_DEMAND` (pay-per-use), `ON_DEMAND_PKG` (pay-per-use package). */
export type ChargingMode = (typeof CHARGING_MODES)[number];

/** `required` = must be implemented (and pass debugging); `optional`; `notApplicable` = never called. */
export type InterfaceRequirement = 'required' | 'optional' | 'notApplicable';

/** One row of {@link INTERFACE_MATRIX}. */
export interface InterfaceMatrixRow {
  interface: MatrixInterfaceName;
  /** Whether the interface must be implemented, per charging mode. */
  implement: Readonly<Record<ChargingMode, InterfaceRequirement>>;
  /** Whether the seller-console debugging of the interface is mandatory, per charging mode. */
  debug: Readonly<Record<ChargingMode, InterfaceRequirement>>;
  note: string;
}

/** The interfaces of the matrix: the V2 basic interfaces except orderNotify. */
export type MatrixInterfaceName = Exclude<BasicInterfaceName, 'orderNotify'>;

const R = 'required';
const O = 'optional';
const X = 'notApplicable';

function modes(
  period: InterfaceRequirement,
  oneTime: InterfaceRequirement,
  onDemand: InterfaceRequirement,
): Readonly<Record<ChargingMode, InterfaceRequirement>> {
  return Object.freeze({ PERIOD: period, ONE_TIME: oneTime, ON_DEMAND: onDemand, ON_DEMAND_PKG: onDemand });
}

function row(
  name: MatrixInterfaceName,
  implement: Readonly<Record<ChargingMode, InterfaceRequirement>>,
  note: string,
  debug = implement,
): InterfaceMatrixRow {
  return Object.freeze({ interface: name, implement, debug, note });
}

/** The §1 matrix by interface, e.g. `INTERFACE_MATRIX.refreshInstance.implement.ONE_TIME === 'notApplicable'`. */
export const INTERFACE_MATRIX: Readonly<Record<MatrixInterfaceName, InterfaceMatrixRow>> = Object.freeze({
  newInstance: row('newInstance', modes(R, R, R), 'All charging modes.'),
  queryInstance: row(
    'queryInstance',
    modes(R, R, R),
    'Debugging is mandatory for on-demand and package products, optional for period and one-time products.',
    modes(O, O, R),
  ),
  refreshInstance: row(
    'refreshInstance',
    modes(R, X, X),
    'Renewal, trial to formal, unsubscribed renewal period, renewal with change.',
  ),
  updateInstanceStatus: row('updateInstanceStatus', modes(R, X, X), 'Freeze / unfreeze.'),
  releaseInstance: row('releaseInstance', modes(R, R, R), 'All charging modes.'),
  upgradeInstance: row('upgradeInstance', modes(O, X, X), 'Upgrade or scale out within the validity period.'),
  changeInstanceCheck: row(
    'changeInstanceCheck',
    modes(O, X, X),
    'Only when the product supports a change at renewal.',
  ),
});

/** The joint-operations kit interfaces: required for joint-operations (联营) products, whatever the mode. */
export const JOINT_OPERATIONS_INTERFACES: readonly KitInterfaceName[] = Object.freeze([
  'tenantSync',
  'applicationSync',
  'authSync',
  'singleOrgSync',
  'allOrgSync',
]);

/** Interfaces to implement for one product. */
export interface InterfacesForMode {
  required: Array<MatrixInterfaceName | KitInterfaceName>;
  optional: MatrixInterfaceName[];
}

/**
 * The interfaces a product with `mode` must and may implement; `jointOperations: true` adds the kit
 * interfaces to `required`.
 *
 * @example interfacesForChargingMode('ONE_TIME').required // ['newInstance', 'queryInstance', 'releaseInstance']
 * @throws ConfigError (code `INVALID_ARGUMENT`) for a mode not in {@link CHARGING_MODES}.
 */
export function interfacesForChargingMode(
  mode: ChargingMode,
  options: { jointOperations?: boolean } = {},
): InterfacesForMode {
  if (!(CHARGING_MODES as readonly unknown[]).includes(mode)) {
    throw new ConfigError(
      `Unknown charging mode ${JSON.stringify(mode)}; use one of ${CHARGING_MODES.join(', ')}.`,
      { code: ErrorCodes.INVALID_ARGUMENT },
    );
  }
  const required: Array<MatrixInterfaceName | KitInterfaceName> = [];
  const optional: MatrixInterfaceName[] = [];
  for (const entry of Object.values(INTERFACE_MATRIX)) {
    const need = entry.implement[mode];
    if (need === 'required') required.push(entry.interface);
    else if (need === 'optional') optional.push(entry.interface);
  }
  if (options.jointOperations) required.push(...JOINT_OPERATIONS_INTERFACES);
  return { required, optional };
}
