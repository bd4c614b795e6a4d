/**
 * The basic-interface handlers of a well-behaved test seller (SDK production handler), over a map of tenants by
 * instanceId: newInstance idempotent per order, queryInstance lists the known ids, and the others answer 000003
 * for an unknown instance and move its status. A fixture overrides what it needs to differ.
 */
import {
  createInstanceIdempotency,
  createMemoryIdempotencyStore,
  results,
  type V2Handlers,
} from '@koogallery-kit/sdk';

/** A tenant's status, by instanceId. */
export type TenantStatus = 'active' | 'frozen' | 'released';

/** The handlers over `tenants` (filled by newInstance). */
export function tenantHandlers(tenants: Map<string, TenantStatus>): V2Handlers {
  const idempotency = createInstanceIdempotency({ store: createMemoryIdempotencyStore() });
  const known = (id: string) => (tenants.has(id) ? undefined : results.notFound());
  return {
    newInstance: (body) => idempotency.run(body, (id) => void tenants.set(id, 'active')),
    queryInstance: ({ instanceId }) => ({
      info: instanceId
        .split(',')
        .filter((id) => tenants.has(id))
        .map((id) => ({ instanceId: id, appInfo: { frontEndUrl: `https://app.example.com/${id}` } })),
    }),
    refreshInstance: ({ instanceId }) => known(instanceId),
    upgradeInstance: ({ instanceId }) => known(instanceId),
    updateInstanceStatus: ({ instanceId, status }) => {
      if (!tenants.has(instanceId)) return results.notFound();
      tenants.set(instanceId, status === 'FREEZE' ? 'frozen' : 'active');
      return undefined;
    },
    releaseInstance: ({ instanceId }) => {
      if (!tenants.has(instanceId)) return results.notFound();
      tenants.set(instanceId, 'released');
      return undefined;
    },
  };
}
