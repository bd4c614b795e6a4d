/** Looking up joint-operations tenants for the actions: by id (any state, or active only) and by OAuth client. */
import type { EngineContext } from '../context';
import { ActionRejectedError, NotFoundError } from '../model/errors';
import { readTenant, tenantIds } from './joint-store';
import type { JointTenantRecord } from './joint-types';

/** The tenant with this id; throws `NotFoundError`. */
export function getTenant(ctx: EngineContext, tenantId: string): JointTenantRecord {
  const t = typeof tenantId === 'string' ? readTenant(ctx, tenantId) : undefined;
  if (t === undefined) {
    throw new NotFoundError(
      'tenant',
      String(tenantId),
      'List tenants to see their ids (createAppCredential or bindTenant creates one).',
    );
  }
  return t;
}

/** The tenant with this id, refusing (`ActionRejectedError`) to `action` an unbound one. */
export function activeTenant(ctx: EngineContext, tenantId: string, action: string): JointTenantRecord {
  const t = getTenant(ctx, tenantId);
  if (t.state !== 'active') {
    throw new ActionRejectedError(
      'NOT_SUPPORTED',
      `Cannot ${action} tenant ${t.tenantId}: it was unbound (deleted). Bind the app again to get a new tenant.`,
    );
  }
  return t;
}

/** The active tenant whose app has this OAuth `client_id`, or undefined. */
export function findTenantByClientId(ctx: EngineContext, clientId: string): JointTenantRecord | undefined {
  if (typeof clientId !== 'string' || clientId.length === 0) return undefined;
  for (const id of tenantIds(ctx)) {
    const t = readTenant(ctx, id);
    if (t !== undefined && t.state === 'active' && t.app.clientId === clientId) return t;
  }
  return undefined;
}
