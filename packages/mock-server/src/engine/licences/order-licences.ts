/**
 * Licence codes tied to the mock's licence orders (protocol.md §10.1, §8.6/§8.7; seller-console.md §2.3 License
 * 2.0). A paid and provisioned order of a `licence-code` product gets one code, recorded as a `licence` flow record
 * with the order; the mock's licence Open APIs serve it (see http/open-api), and its activation — which survives
 * a restart like every flow record — moves the order's supervision on.
 */
import { formatUtcCompact } from '../time/business-time';
import type { EngineContext } from '../context';
import type { FlowRecord } from '../model/flow-records';
import { listFlows, saveFlow } from '../flow-timers/flow-store';
import type { OrderRecord } from '../model/types';

/** The `data` of a `licence` record (id = the code), in the shape of the licence Open APIs. */
export interface OrderLicenceData {
  license: string;
  product_id: string;
  order_id: string;
  amount: number;
  /** UTC `yyyyMMddHHmmss`. */
  expire_time: string;
  /** false until the buyer claimed the code (用户领取授权码); activation is refused before. */
  received: boolean;
  status: 'ALIVE' | null;
  /** UTC `yyyyMMddHHmmss` of the activation. */
  activate_time: string | null;
}

export type OrderLicenceRecord = FlowRecord<OrderLicenceData>;

/** The licence code of an order: `LIC-` + the order id (unique, as order ids are). */
export const licenceCodeOf = (orderId: string): string => `LIC-${orderId}`;

/** Issues the order's licence code (idempotent). */
export function issueOrderLicence(ctx: EngineContext, order: OrderRecord): OrderLicenceRecord {
  const code = licenceCodeOf(order.orderId);
  const existing = ctx.store.getFlow('licence', code) as OrderLicenceRecord | undefined;
  if (existing !== undefined) return existing;
  const line = order.lines[0];
  const item = line?.productInfo[0];
  return saveFlow<OrderLicenceData>(ctx, {
    kind: 'licence',
    id: code,
    orderId: order.orderId,
    dueAt: null,
    data: {
      license: code,
      product_id: item?.productId ?? '',
      order_id: order.orderId,
      amount: item?.linearValue ?? 1,
      expire_time: formatUtcCompact(line?.expireAt ?? ctx.now()),
      received: false,
      status: null,
      activate_time: null,
    },
  });
}

/** Every licence code issued for an order, oldest first. */
export const listOrderLicences = (ctx: EngineContext): OrderLicenceRecord[] =>
  listFlows<OrderLicenceData>(ctx, 'licence');

/** Updates a licence record's data. */
export function updateOrderLicence(
  ctx: EngineContext,
  code: string,
  patch: Partial<OrderLicenceData>,
): OrderLicenceRecord | undefined {
  const r = ctx.store.getFlow('licence', code) as OrderLicenceRecord | undefined;
  if (r === undefined) return undefined;
  return saveFlow<OrderLicenceData>(ctx, { ...r, data: { ...r.data, ...patch } });
}
