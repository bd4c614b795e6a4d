/**
 * Purchase limits per SKU (seller-console.md §4, console 交易管理 > 销售配置管理 > 限购配置). A SKU's
 * `purchaseLimit` sets, per buyer, either the number of purchases (限购次数) — optionally "until the resource
 * expires" (资源到期前限购) — or the purchased quantity (数量属性限制, the sum of `linearValue`). Pay-per-use SKUs
 * cannot have one.
 *
 * Counting is the reference's proposal (§4 [P], §10 item 14): NEW orders of the buyer for the SKU in Pending
 * payment, Processing or Completed count; canceled and unsubscribed orders, renewals, upgrades and trials do
 * not. "Until expiry" refuses while the buyer holds an unexpired (not released, not expired) instance of the SKU.
 * The purchase is refused when the order is created.
 */
import type { EngineContext } from '../context';
import { ActionRejectedError } from '../model/errors';
import type { OrderRecord } from '../model/types';
import type { CatalogSkuData } from '../model/catalog';

/** True when a reverse (UNSUBSCRIBE) order undid `order`, or its instances were released by unsubscription. */
function unsubscribed(ctx: EngineContext, order: OrderRecord, reversed: ReadonlySet<string>): boolean {
  if (reversed.has(order.orderId)) return true;
  return order.instanceRefs.some((ref) => ctx.store.getInstance(ref)?.releaseReason === 'UNSUBSCRIBED');
}

/** What a buyer holds of a SKU, as counted for its limit. */
export interface LimitUsage {
  purchases: number;
  quantity: number;
  /** Instances of the SKU not yet expired. */
  unexpired: number;
}

/** Counts the buyer's NEW orders of the SKU that count towards its limit (see module doc). */
export function limitUsage(
  ctx: EngineContext,
  buyerId: string,
  productCode: string,
  skuCode: string,
): LimitUsage {
  const orders = ctx.store.listOrders({ buyerId, productCode });
  const reversed = new Set(
    orders
      .filter((o) => o.orderType === 'UNSUBSCRIBE' && o.relatedOrderId !== null)
      .map((o) => o.relatedOrderId as string),
  );
  const usage: LimitUsage = { purchases: 0, quantity: 0, unexpired: 0 };
  const now = ctx.now();
  for (const o of orders) {
    if (o.orderType !== 'NEW' || o.state === 'CANCELED' || unsubscribed(ctx, o, reversed)) continue;
    const items = (o.lines[0]?.productInfo ?? []).filter((pi) => pi.skuCode === skuCode);
    if (items.length === 0) continue;
    usage.purchases++;
    for (const it of items) usage.quantity += it.linearValue ?? 1;
    for (const ref of o.instanceRefs) {
      const i = ctx.store.getInstance(ref);
      if (
        i !== undefined &&
        i.skuCode === skuCode &&
        i.state !== 'released' &&
        (i.expireAt === null || i.expireAt > now)
      ) {
        usage.unexpired++;
      }
    }
    if (o.state === 'PENDING_PAYMENT') usage.unexpired++;
  }
  return usage;
}

/**
 * Refuses a NEW purchase over the SKU's limit with `PURCHASE_LIMIT_REACHED`. The platform's exact sentence is not
 * published; the message names the console setting that refused it.
 */
export function assertWithinPurchaseLimit(
  ctx: EngineContext,
  o: { buyerId: string; productCode: string; sku: CatalogSkuData; linearValue: number | null },
): void {
  const limit = o.sku.purchaseLimit;
  if (limit === undefined) return;
  const used = limitUsage(ctx, o.buyerId, o.productCode, o.sku.skuCode);
  const what = `SKU ${o.sku.skuCode} (${o.sku.name}) of product ${o.productCode}`;
  const after =
    'Orders that were canceled or unsubscribed do not count: unsubscribe one, or raise the limit in the catalog.';
  if (limit.untilExpiry === true && used.unexpired > 0) {
    throw new ActionRejectedError(
      'PURCHASE_LIMIT_REACHED',
      `Purchase limit reached (资源到期前限购, limited until the resource expires): buyer ${o.buyerId} already holds an unexpired ${what}. Buy again after it expires. ${after}`,
    );
  }
  if (limit.maxPurchases !== undefined && used.purchases >= limit.maxPurchases) {
    throw new ActionRejectedError(
      'PURCHASE_LIMIT_REACHED',
      `Purchase limit reached (限购次数 ${limit.maxPurchases}): buyer ${o.buyerId} already bought ${what} ${used.purchases} time(s). ${after}`,
    );
  }
  const quantity = o.linearValue ?? 1;
  if (limit.maxQuantity !== undefined && used.quantity + quantity > limit.maxQuantity) {
    throw new ActionRejectedError(
      'PURCHASE_LIMIT_REACHED',
      `Purchase limit reached (数量属性限制 ${limit.maxQuantity}): buyer ${o.buyerId} holds ${used.quantity} of ${what}; ${quantity} more would exceed it. ${after}`,
    );
  }
}
