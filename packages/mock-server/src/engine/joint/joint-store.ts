/**
 * Persistence of joint-operations tenants in the store's key/value table (`kit.tenant.<id>` plus an index in
 * creation order), so the memory and SQLite stores keep them alike and `reset()` clears them.
 */
import type { EngineContext } from '../context';
import type { JointTenantRecord } from './joint-types';

const INDEX_KEY = 'kit.tenants';
const tenantKey = (tenantId: string): string => `kit.tenant.${tenantId}`;

function readJson<T>(text: string | undefined): T | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** Ids of every tenant, oldest first. */
export function tenantIds(ctx: EngineContext): string[] {
  const ids = readJson<unknown>(ctx.store.getMeta(INDEX_KEY));
  return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
}

/** The tenant with this id, or undefined. */
export function readTenant(ctx: EngineContext, tenantId: string): JointTenantRecord | undefined {
  return readJson<JointTenantRecord>(ctx.store.getMeta(tenantKey(tenantId)));
}

/** Every tenant, oldest first. */
export function listTenantRecords(ctx: EngineContext): JointTenantRecord[] {
  return tenantIds(ctx).flatMap((id) => readTenant(ctx, id) ?? []);
}

/** Writes a tenant (adding it to the index when new). Call inside a unit of work. */
export function writeTenant(ctx: EngineContext, tenant: JointTenantRecord): JointTenantRecord {
  const ids = tenantIds(ctx);
  if (!ids.includes(tenant.tenantId)) ctx.store.setMeta(INDEX_KEY, JSON.stringify([...ids, tenant.tenantId]));
  ctx.store.setMeta(tenantKey(tenant.tenantId), JSON.stringify(tenant));
  return tenant;
}
