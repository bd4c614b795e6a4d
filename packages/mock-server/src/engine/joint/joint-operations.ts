/**
 * Joint-operations (联营) events and the kit calls they trigger (§4 "When the platform calls them"):
 *
 * | Event (engine action)                              | Calls, in order                                  |
 * |----------------------------------------------------|--------------------------------------------------|
 * | the seller creates an application credential (`createAppCredential`) | tenantSync, applicationSync, allOrgSync (instanceId/orderId empty) |
 * | a buyer binds the app to an enterprise (`bindTenant`) | tenantSync, applicationSync, allOrgSync       |
 * | a test account / users are authorised (`authorizeUsers`) | authSync, one call per 500 users          |
 * | a department changes (`changeDepartment`)          | singleOrgSync                                    |
 * | the tenant's name or domain changes (`updateTenant`) | tenantSync flag 2                              |
 * | the binding ends (`unbindTenant`)                  | applicationSync flag 0, tenantSync flag 0        |
 *
 * The calls of one event are sent one after the other: each waits until the one before succeeded (a failed call
 * holds the rest until it is restarted and succeeds — the platform does not retry kit calls by itself, §11.1).
 * `clientSecret` travels RSA-OAEP encrypted with the seller's public key (the injected `encryptClientSecret`).
 * Bodies: kit-bodies.ts; sending: kit-send.ts; events: joint-tenant-events.ts, joint-user-events.ts,
 * joint-department-events.ts; the check: kit-idempotency-check.ts.
 * `checkKitIdempotency` repeats an add and a delete, as the platform may, and expects every repeat to succeed.
 */
import type { EngineContext } from '../context';
import type { JobRunner } from '../jobs/job-runner';
import { changeDepartment } from './joint-department-events';
import { listTenantRecords } from './joint-store';
import { bindTenant, createAppCredential, unbindTenant, updateTenant } from './joint-tenant-events';
import { findTenantByClientId, getTenant } from './joint-tenants';
import type {
  AuthSyncFlag,
  DepartmentChange,
  JointEventResult,
  JointTenantInput,
  JointTenantRecord,
  JointUserInput,
  KitIdempotencyReport,
} from './joint-types';
import { authorizeUsers } from './joint-user-events';
import { checkKitIdempotency } from './kit-idempotency-check';

export { AUTH_SYNC_PAGE_SIZE } from './kit-bodies';

/** Joint-operations actions of the engine (see module doc). */
export interface JointOperationsActions {
  /** The seller creates an application credential: a test tenant of its own, synchronised to the seller. */
  createAppCredential(input?: JointTenantInput): JointEventResult;
  /** A buyer binds the app of instance `ref` (mock ref or seller instanceId) to its enterprise. */
  bindTenant(ref: string, input?: JointTenantInput): JointEventResult;
  /** The tenant's name or domain changes (tenantSync flag 2). */
  updateTenant(tenantId: string, change: { name?: string; domainName?: string }): JointEventResult;
  /** The binding ends: the app and the tenant are deleted (flag 0). */
  unbindTenant(tenantId: string): JointEventResult;
  /** Users are authorised (flag 1), modified (2), deleted (0) or lose their authorisation (3). */
  authorizeUsers(
    tenantId: string,
    users: JointUserInput[],
    options?: { flag?: AuthSyncFlag },
  ): JointEventResult;
  /** A department is added (flag 1), modified (2) or deleted (0). */
  changeDepartment(tenantId: string, change: DepartmentChange): JointEventResult;
  /** Sends a repeated add and a repeated delete (authSync and singleOrgSync) and reports whether all succeeded. */
  checkKitIdempotency(tenantId: string): Promise<KitIdempotencyReport>;
  /** The tenant with this id; throws `NotFoundError`. */
  getTenant(tenantId: string): JointTenantRecord;
  /** Every tenant, oldest first. */
  listTenants(): JointTenantRecord[];
  /** The active tenant whose app has this OAuth `client_id`, or undefined. */
  findTenantByClientId(clientId: string): JointTenantRecord | undefined;
}

/** Creates the joint-operations actions. */
export function createJointOperations(ctx: EngineContext, runner: JobRunner): JointOperationsActions {
  return {
    createAppCredential: (input) => createAppCredential(ctx, input),
    bindTenant: (ref, input) => bindTenant(ctx, ref, input),
    updateTenant: (tenantId, change) => updateTenant(ctx, tenantId, change),
    unbindTenant: (tenantId) => unbindTenant(ctx, tenantId),
    authorizeUsers: (tenantId, users, options) => authorizeUsers(ctx, tenantId, users, options),
    changeDepartment: (tenantId, change) => changeDepartment(ctx, tenantId, change),
    checkKitIdempotency: (tenantId) => checkKitIdempotency(ctx, runner, tenantId),
    getTenant: (tenantId) => getTenant(ctx, tenantId),
    listTenants: () => listTenantRecords(ctx),
    findTenantByClientId: (clientId) => findTenantByClientId(ctx, clientId),
  };
}
