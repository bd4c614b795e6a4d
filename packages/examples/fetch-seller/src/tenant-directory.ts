// The seller's tenants (one per KooGallery instance), kept in memory. Fetch runtimes usually have no local disk:
// replace this file with your runtime's storage (Workers KV / D1, Deno KV, a database) — the handlers only use
// the TenantDirectory interface.

/** Where a tenant stands. */
export type TenantStatus = 'ACTIVE' | 'FROZEN' | 'RELEASED';

/** One accepted production call, for the audit trail. */
export interface TenantEvent {
  activity: string;
  /** Epoch ms. */
  at: number;
  detail?: Record<string, unknown>;
}

/** A tenant of the example application. */
export interface Tenant {
  instanceId: string;
  orderId: string;
  orderLineId: string;
  businessId: string;
  /** Created by a debugging call of the seller console. */
  testFlag: boolean;
  status: TenantStatus;
  /** Initial administrator shown to the buyer (queryInstance). */
  adminUser: string;
  adminPassword: string;
  /** The expiry KooGallery last sent (refreshInstance), as received: 14 or 17 digits. */
  expireTime?: string;
  productId?: string;
  createdAt: number;
  updatedAt: number;
  history: TenantEvent[];
}

/** Fields given when a tenant is created. */
export type NewTenant = Pick<
  Tenant,
  'instanceId' | 'orderId' | 'orderLineId' | 'businessId' | 'testFlag' | 'adminUser' | 'adminPassword'
>;

/** What the production handlers need from storage. */
export interface TenantDirectory {
  /** Creates the tenant (keeps an existing one with the same instanceId unchanged) and returns it. */
  create(tenant: NewTenant, at: number): Tenant;
  /** One tenant, released ones included; undefined when unknown. */
  get(instanceId: string): Tenant | undefined;
  /** Every tenant, oldest first. */
  list(): Tenant[];
  /** Applies `patch`, appends `event` to the history, returns the updated tenant. Throws for an unknown id. */
  update(
    instanceId: string,
    patch: Partial<Omit<Tenant, 'instanceId' | 'history'>>,
    event: TenantEvent,
  ): Tenant;
}

/** A copy the caller can keep without seeing later changes. */
const snapshot = (tenant: Tenant): Tenant => ({ ...tenant, history: tenant.history.map((e) => ({ ...e })) });

/** An in-memory {@link TenantDirectory} (one process; lost on restart). */
export function createMemoryTenantDirectory(): TenantDirectory {
  const tenants = new Map<string, Tenant>();
  return {
    create(tenant, at) {
      const existing = tenants.get(tenant.instanceId);
      if (existing !== undefined) return snapshot(existing);
      const created: Tenant = {
        ...tenant,
        status: 'ACTIVE',
        createdAt: at,
        updatedAt: at,
        history: [
          { activity: 'newInstance', at, detail: { orderId: tenant.orderId, testFlag: tenant.testFlag } },
        ],
      };
      tenants.set(tenant.instanceId, created);
      return snapshot(created);
    },
    get(instanceId) {
      const tenant = tenants.get(instanceId);
      return tenant === undefined ? undefined : snapshot(tenant);
    },
    list: () => [...tenants.values()].map(snapshot),
    update(instanceId, patch, event) {
      const tenant = tenants.get(instanceId);
      if (tenant === undefined) throw new Error(`No tenant ${instanceId}.`);
      Object.assign(tenant, patch, { updatedAt: event.at });
      tenant.history.push({ ...event });
      return snapshot(tenant);
    },
  };
}
