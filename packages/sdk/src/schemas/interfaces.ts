import type { SchemaTypes } from '../generated/types';
import type { SchemaName } from './registry';

/**
 * Family of a production interface (platform → seller):
 * - `basic`   V2 basic interfaces: POST JSON to the production URL, dispatched by the body's `activity`;
 * - `kit`     joint-operations sync interfaces: POST JSON to `<production URL>/produceAPI/v2/<name>`, no `activity`;
 * - `licence` joint-operations License 2.0 interfaces: like `basic` (same URL, dispatched by `activity`);
 * - `v1`      legacy V1 interfaces: GET with every parameter in the query string, dispatched by `activity`.
 */
export type InterfaceFamily = 'basic' | 'kit' | 'licence' | 'v1';

/** V2 basic interfaces. */
export type BasicInterfaceName =
  | 'newInstance'
  | 'queryInstance'
  | 'refreshInstance'
  | 'updateInstanceStatus'
  | 'releaseInstance'
  | 'upgradeInstance'
  | 'changeInstanceCheck'
  | 'orderNotify';

/** Joint-operations (kit) sync interfaces. */
export type KitInterfaceName = 'tenantSync' | 'applicationSync' | 'authSync' | 'singleOrgSync' | 'allOrgSync';

/** Joint-operations License 2.0 seller interfaces. */
export type LicenceInterfaceName = 'refreshLicenseCode' | 'updateLicenseCodeStatus' | 'releaseLicenseCode';

/** Legacy V1 interfaces (the wire `activity` has no `v1` prefix). */
export type V1InterfaceName =
  | 'v1NewInstance'
  | 'v1RefreshInstance'
  | 'v1ExpireInstance'
  | 'v1ReleaseInstance'
  | 'v1Upgrade'
  | 'v1QueryInstance'
  | 'v1InstanceStatus';

/** Every production interface the platform calls on a seller. */
export type InterfaceName = BasicInterfaceName | KitInterfaceName | LicenceInterfaceName | V1InterfaceName;

/** One entry of {@link INTERFACES}. */
export interface InterfaceInfo {
  /** The interface's name in this toolkit (the key of {@link INTERFACES}). */
  name: InterfaceName;
  family: InterfaceFamily;
  /**
   * The `activity` value on the wire (body field for V2/licence, query parameter for V1), e.g. `upgradeInstance`
   * for V2 and `upgrade` for V1. Kit calls carry no activity (they are told apart by path): for them this is the
   * interface name.
   */
  activity: string;
  /** Schema of the request body (V1: of the query-parameter set). */
  request: SchemaName;
  /** Schema of the seller's JSON answer. */
  response: SchemaName;
  /** Kit only: path appended to the production URL, `/produceAPI/v2/<name>`. */
  kitPath?: string;
  /** What the call means, in one sentence. */
  description: string;
}

const catalogue = {
  newInstance: {
    name: 'newInstance',
    family: 'basic',
    activity: 'newInstance',
    request: 'newInstanceRequest',
    response: 'newInstanceResponse',
    description: 'The buyer paid: create the instance (000004 = accepted, processed asynchronously).',
  },
  queryInstance: {
    name: 'queryInstance',
    family: 'basic',
    activity: 'queryInstance',
    request: 'queryInstanceRequest',
    response: 'queryInstanceResponse',
    description: 'Report one or several instances (app info, usage).',
  },
  refreshInstance: {
    name: 'refreshInstance',
    family: 'basic',
    activity: 'refreshInstance',
    request: 'refreshInstanceRequest',
    response: 'refreshInstanceResponse',
    description:
      'The validity changed: trial to formal, renewal, unsubscribed renewal period, renewal with change.',
  },
  updateInstanceStatus: {
    name: 'updateInstanceStatus',
    family: 'basic',
    activity: 'updateInstanceStatus',
    request: 'updateInstanceStatusRequest',
    response: 'updateInstanceStatusResponse',
    description: 'Freeze or unfreeze the instance.',
  },
  releaseInstance: {
    name: 'releaseInstance',
    family: 'basic',
    activity: 'releaseInstance',
    request: 'releaseInstanceRequest',
    response: 'releaseInstanceResponse',
    description: 'Release the instance (not renewed in time, or unsubscribed).',
  },
  upgradeInstance: {
    name: 'upgradeInstance',
    family: 'basic',
    activity: 'upgradeInstance',
    request: 'upgradeInstanceRequest',
    response: 'upgradeInstanceResponse',
    description: 'Upgrade or scale out the instance within its validity period.',
  },
  changeInstanceCheck: {
    name: 'changeInstanceCheck',
    family: 'basic',
    activity: 'changeInstanceCheck',
    request: 'changeInstanceCheckRequest',
    response: 'changeInstanceCheckResponse',
    description: 'May the instance be changed to the target product at renewal? (000000 = yes)',
  },
  orderNotify: {
    name: 'orderNotify',
    family: 'basic',
    activity: 'orderNotify',
    request: 'orderNotifyRequest',
    response: 'orderNotifyResponse',
    description: 'A buyer paid for a non-instance product (licence, API, service): fetch the order.',
  },
  tenantSync: {
    name: 'tenantSync',
    family: 'kit',
    activity: 'tenantSync',
    request: 'tenantSyncRequest',
    response: 'tenantSyncResponse',
    kitPath: '/produceAPI/v2/tenantSync',
    description: 'Add, delete or modify a tenant (enterprise).',
  },
  applicationSync: {
    name: 'applicationSync',
    family: 'kit',
    activity: 'applicationSync',
    request: 'applicationSyncRequest',
    response: 'applicationSyncResponse',
    kitPath: '/produceAPI/v2/applicationSync',
    description: "Add, delete or modify the tenant's application credential (OAuth client).",
  },
  authSync: {
    name: 'authSync',
    family: 'kit',
    activity: 'authSync',
    request: 'authSyncRequest',
    response: 'authSyncResponse',
    kitPath: '/produceAPI/v2/authSync',
    description:
      'Authorise users for the application, or withdraw their authorisation (at most 500 per call).',
  },
  singleOrgSync: {
    name: 'singleOrgSync',
    family: 'kit',
    activity: 'singleOrgSync',
    request: 'singleOrgSyncRequest',
    response: 'singleOrgSyncResponse',
    kitPath: '/produceAPI/v2/singleOrgSync',
    description: 'One department was added, deleted or modified.',
  },
  allOrgSync: {
    name: 'allOrgSync',
    family: 'kit',
    activity: 'allOrgSync',
    request: 'allOrgSyncRequest',
    response: 'allOrgSyncResponse',
    kitPath: '/produceAPI/v2/allOrgSync',
    description: "The tenant's whole department tree.",
  },
  refreshLicenseCode: {
    name: 'refreshLicenseCode',
    family: 'licence',
    activity: 'refreshLicenseCode',
    request: 'refreshLicenseCodeRequest',
    response: 'refreshLicenseCodeResponse',
    description: 'A licence code was renewed or its renewal period unsubscribed.',
  },
  updateLicenseCodeStatus: {
    name: 'updateLicenseCodeStatus',
    family: 'licence',
    activity: 'updateLicenseCodeStatus',
    request: 'updateLicenseCodeStatusRequest',
    response: 'updateLicenseCodeStatusResponse',
    description: 'Freeze or unfreeze a licence code.',
  },
  releaseLicenseCode: {
    name: 'releaseLicenseCode',
    family: 'licence',
    activity: 'releaseLicenseCode',
    request: 'releaseLicenseCodeRequest',
    response: 'releaseLicenseCodeResponse',
    description: 'Release a licence code.',
  },
  v1NewInstance: {
    name: 'v1NewInstance',
    family: 'v1',
    activity: 'newInstance',
    request: 'v1NewInstanceRequest',
    response: 'v1NewInstanceResponse',
    description: 'V1: a new purchase; answer with the instance id and encrypted app info.',
  },
  v1RefreshInstance: {
    name: 'v1RefreshInstance',
    family: 'v1',
    activity: 'refreshInstance',
    request: 'v1RefreshInstanceRequest',
    response: 'v1RefreshInstanceResponse',
    description: 'V1: renewal, or trial converted to formal.',
  },
  v1ExpireInstance: {
    name: 'v1ExpireInstance',
    family: 'v1',
    activity: 'expireInstance',
    request: 'v1ExpireInstanceRequest',
    response: 'v1ExpireInstanceResponse',
    description: 'V1: the instance expired; freeze it.',
  },
  v1ReleaseInstance: {
    name: 'v1ReleaseInstance',
    family: 'v1',
    activity: 'releaseInstance',
    request: 'v1ReleaseInstanceRequest',
    response: 'v1ReleaseInstanceResponse',
    description: "V1: release the instance's resources.",
  },
  v1Upgrade: {
    name: 'v1Upgrade',
    family: 'v1',
    activity: 'upgrade',
    request: 'v1UpgradeRequest',
    response: 'v1UpgradeResponse',
    description: 'V1: the instance was upgraded by a new order.',
  },
  v1QueryInstance: {
    name: 'v1QueryInstance',
    family: 'v1',
    activity: 'queryInstance',
    request: 'v1QueryInstanceRequest',
    response: 'v1QueryInstanceResponse',
    description: 'V1: report one or several instances (encrypted app info).',
  },
  v1InstanceStatus: {
    name: 'v1InstanceStatus',
    family: 'v1',
    activity: 'instanceStatus',
    request: 'v1InstanceStatusRequest',
    response: 'v1InstanceStatusResponse',
    description: 'V1: freeze or restore a pay-per-use instance.',
  },
} as const satisfies { readonly [N in InterfaceName]: InterfaceInfo & { readonly name: N } };

for (const entry of Object.values(catalogue)) Object.freeze(entry);

/**
 * The catalogue of production interfaces: family, wire activity, request and response schema names and, for
 * kit interfaces, the path under the production URL. Frozen.
 *
 * @example
 * INTERFACES.upgradeInstance.activity // 'upgradeInstance' (V1: INTERFACES.v1Upgrade.activity === 'upgrade')
 * validateSchema(INTERFACES.tenantSync.request, body)
 */
export const INTERFACES: typeof catalogue & Readonly<Record<InterfaceName, InterfaceInfo>> =
  Object.freeze(catalogue);

/** Every interface name, in catalogue order. */
export const INTERFACE_NAMES: readonly InterfaceName[] = Object.freeze(
  Object.keys(catalogue) as InterfaceName[],
);

/** Type of the request body of an interface, e.g. `InterfaceRequest<'newInstance'>` = `NewInstanceRequest`. */
export type InterfaceRequest<N extends InterfaceName> = SchemaTypes[(typeof catalogue)[N]['request']];

/** Type of the answer of an interface, e.g. `InterfaceResponse<'newInstance'>` = `NewInstanceResponse`. */
export type InterfaceResponse<N extends InterfaceName> = SchemaTypes[(typeof catalogue)[N]['response']];

/** True when `name` is one of the interface names. */
export function isInterfaceName(name: unknown): name is InterfaceName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(catalogue, name);
}

/**
 * The interface a request's `activity` designates. `generation: 'v2'` (default) searches the basic and licence
 * families (both arrive at the production URL as POST with an `activity` field); `'v1'` the V1 family.
 * Returns `undefined` for an unknown activity (answer 000002).
 */
export function findInterfaceByActivity(
  activity: unknown,
  generation: 'v1' | 'v2' = 'v2',
): (typeof INTERFACES)[InterfaceName] | undefined {
  if (typeof activity !== 'string') return undefined;
  for (const name of INTERFACE_NAMES) {
    const entry = INTERFACES[name];
    const matchesFamily =
      generation === 'v1' ? entry.family === 'v1' : entry.family === 'basic' || entry.family === 'licence';
    if (matchesFamily && entry.activity === activity) return entry;
  }
  return undefined;
}

/**
 * The kit interface a request path designates: any path ending in `/produceAPI/v2/<name>` (a trailing slash
 * and a query string are ignored), e.g. `/isv/produce/produceAPI/v2/tenantSync`. Returns `undefined` otherwise.
 */
export function findInterfaceByKitPath(pathname: unknown): (typeof INTERFACES)[KitInterfaceName] | undefined {
  if (typeof pathname !== 'string') return undefined;
  const path = pathname.split(/[?#]/, 1)[0]?.replace(/\/+$/, '') ?? '';
  for (const name of INTERFACE_NAMES) {
    const entry: InterfaceInfo = INTERFACES[name];
    if (entry.family === 'kit' && entry.kitPath !== undefined && path.endsWith(entry.kitPath)) {
      return INTERFACES[name as KitInterfaceName];
    }
  }
  return undefined;
}
