/**
 * Bodies of the V2 production calls the engine sends: the slim bodies of the normative field tables (§3; the
 * "full-body" newInstance of §3.1a is informative only), all values strings. Key order does not matter here:
 * the SDK's signer serialises canonically (keys ascending) before signing and sending.
 */
import { formatUtcCompact } from '../time/business-time';
import type { RefreshScene } from '../model/types';

/** A production-call body. */
export type CallBody = Record<string, unknown>;

/** Adds `testFlag` when one is configured (production calls omit it; debugging calls carry "1"). */
export function withTestFlag(body: CallBody, testFlag: string | null): CallBody {
  return testFlag === null ? body : { ...body, testFlag };
}

/** newInstance (§3.1): a fresh `businessId` on every attempt. */
export function newInstanceBody(orderId: string, orderLineId: string, businessId: string): CallBody {
  return { activity: 'newInstance', orderId, orderLineId, businessId };
}

/** queryInstance (§3.2): one id or several joined by commas. */
export function queryInstanceBody(instanceIds: readonly string[]): CallBody {
  return { activity: 'queryInstance', instanceId: instanceIds.join(',') };
}

/** refreshInstance (§3.3). `productId` only when the period type changed. */
export function refreshInstanceBody(o: {
  scene: RefreshScene;
  orderId: string;
  orderLineId: string;
  instanceId: string;
  expireAt: number;
  productId?: string | null;
}): CallBody {
  const body: CallBody = {
    activity: 'refreshInstance',
    scene: o.scene,
    orderId: o.orderId,
    orderLineId: o.orderLineId,
    instanceId: o.instanceId,
    expireTime: formatUtcCompact(o.expireAt),
  };
  if (o.productId != null) body.productId = o.productId;
  return body;
}

/** updateInstanceStatus (§3.4). */
export function updateInstanceStatusBody(instanceId: string, status: 'FREEZE' | 'UNFREEZE'): CallBody {
  return { activity: 'updateInstanceStatus', instanceId, status };
}

/** releaseInstance (§3.5): with the unsubscribe order when release is caused by unsubscription. */
export function releaseInstanceBody(
  instanceId: string,
  order?: { orderId: string; orderLineId: string },
): CallBody {
  const body: CallBody = { activity: 'releaseInstance', instanceId };
  if (order !== undefined) {
    body.orderId = order.orderId;
    body.orderLineId = order.orderLineId;
  }
  return body;
}

/** upgradeInstance (§3.6; wire activity `upgradeInstance`, not the V1 `upgrade`). */
export function upgradeInstanceBody(instanceId: string, orderId: string, orderLineId: string): CallBody {
  return { activity: 'upgradeInstance', instanceId, orderId, orderLineId };
}

/**
 * changeInstanceCheck (§3.7). The productInfo structure is not tabulated (§15 item 15); read as the order-query
 * ProductInfo, with `linearValue` as a digit string like every other basic-interface value.
 */
export function changeInstanceCheckBody(
  instanceId: string,
  target: { productId: string; skuCode: string; linearValue: number | null },
): CallBody {
  const productInfo: Record<string, string> = { productId: target.productId, skuCode: target.skuCode };
  if (target.linearValue !== null) productInfo.linearValue = String(target.linearValue);
  return { activity: 'changeInstanceCheck', instanceId, productInfo };
}
