/**
 * Joint-operations kit activity metrics per order (seller-console.md §9, seller console 商家管理). The platform
 * publishes no definitions; the mock computes the reference's proposal (§9 [P], §10 item 16) from the kit sync
 * calls it delivered (protocol.md §4) and the kit logins its OAuth server saw (§5):
 *
 * - opened via kit: tenantSync and applicationSync both succeeded for a tenant bound to the order's instance;
 * - authorised users: distinct users currently authorised by authSync (adds minus deletes and cancellations);
 * - active users: authorised users with a kit login within `kitActiveWindowDays` (30);
 * - active via kit: active users > 0;
 * - activity degree: active ÷ authorised as a percentage with 2 decimals, "—" when nobody is authorised.
 */
import type { EngineContext } from '../context';
import type { FlowRecord } from '../model/flow-records';
import { saveFlow } from '../flow-timers/flow-store';
import { listTenantRecords, readTenant } from '../joint/joint-store';
import type { OrderRecord } from '../model/types';

/** The `data` of a `kitLogin` record (id = `tenantId:userName`). */
export interface KitLoginData {
  tenantId: string;
  userName: string;
  logins: number;
  firstLoginAt: number;
  lastLoginAt: number;
}

/** The metrics of one order. */
export interface KitMetrics {
  orderId: string;
  openedViaKit: boolean;
  activeViaKit: boolean;
  authorisedUsers: number;
  activeUsers: number;
  /** `"50.00%"`, or `"—"` when no user is authorised. */
  activityDegree: string;
}

/** Records a successful kit login (authorization-code token) of a tenant's user. */
export function recordKitLogin(
  ctx: EngineContext,
  tenantId: string,
  userName: string,
): FlowRecord<KitLoginData> {
  return ctx.unit(() => {
    const id = `${tenantId}:${userName}`;
    const now = ctx.now();
    const before = ctx.store.getFlow('kitLogin', id) as FlowRecord<KitLoginData> | undefined;
    const tenant = readTenant(ctx, tenantId);
    const orderId = tenant === undefined || tenant.orderId === '' ? null : tenant.orderId;
    return saveFlow<KitLoginData>(ctx, {
      kind: 'kitLogin',
      id,
      orderId,
      dueAt: null,
      data: {
        tenantId,
        userName,
        logins: (before?.data.logins ?? 0) + 1,
        firstLoginAt: before?.data.firstLoginAt ?? now,
        lastLoginAt: now,
      },
    });
  });
}

/** True when a kit job of `iface` succeeded for the instance. */
function synced(ctx: EngineContext, instanceRef: string, iface: 'tenantSync' | 'applicationSync'): boolean {
  return ctx.store.listJobs({ instanceRef, interface: iface, state: 'SUCCEEDED' }).length > 0;
}

/** The kit metrics of an order (see module doc). */
export function kitMetrics(ctx: EngineContext, order: OrderRecord): KitMetrics {
  const refs = new Set(order.instanceRefs);
  const tenants = listTenantRecords(ctx).filter(
    (t) => t.state === 'active' && t.instanceRef !== null && refs.has(t.instanceRef),
  );
  const openedViaKit = [...refs].some(
    (ref) => synced(ctx, ref, 'tenantSync') && synced(ctx, ref, 'applicationSync'),
  );
  const since = ctx.now() - ctx.options.businessFlows.kitActiveWindowMs;
  let authorisedUsers = 0;
  let activeUsers = 0;
  for (const t of tenants) {
    for (const u of t.users) {
      if (!u.authorized) continue;
      authorisedUsers++;
      const login = ctx.store.getFlow('kitLogin', `${t.tenantId}:${u.userName}`) as
        FlowRecord<KitLoginData> | undefined;
      if (login !== undefined && login.data.lastLoginAt > since) activeUsers++;
    }
  }
  return {
    orderId: order.orderId,
    openedViaKit,
    activeViaKit: activeUsers > 0,
    authorisedUsers,
    activeUsers,
    activityDegree: authorisedUsers === 0 ? '—' : `${((activeUsers / authorisedUsers) * 100).toFixed(2)}%`,
  };
}

/** Kit activity metrics (seller-console.md §9). */
export interface KitMetricsActions {
  /** Records a kit login (the OAuth server calls it when it issues a token for an authorization code). */
  recordKitLogin(tenantId: string, userName: string): FlowRecord<KitLoginData>;
  /** The kit activity metrics of an order. */
  kitMetrics(orderId: string): KitMetrics;
}

export function createKitMetricsActions(
  ctx: EngineContext,
  getOrder: (orderId: string) => OrderRecord,
): KitMetricsActions {
  return {
    recordKitLogin: (tenantId, userName) => recordKitLogin(ctx, tenantId, userName),
    kitMetrics: (orderId) => kitMetrics(ctx, getOrder(orderId)),
  };
}
