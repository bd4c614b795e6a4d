/**
 * Automatic cancellation of unpaid orders (seller-console.md §1, transition "待支付 → 已取消 when the payment
 * deadline passes"). The platform publishes no deadline; the mock follows the reference's proposal
 * (seller-console.md §10 item 1): option `businessFlows.unpaidOrderTtlHours`, default 168 h (7 days).
 * Every order created in Pending payment gets an `unpaidOrder` flow record whose timer fires at the deadline; if
 * the order is still unpaid then, it is canceled with `cancelReason` UNPAID, like a buyer cancel.
 */
import type { EngineContext } from '../context';
import type { FlowRecord } from '../model/flow-records';
import { saveFlow } from '../flow-timers/flow-store';
import { moveOrder } from '../records/mutations';
import type { OrderRecord } from '../model/types';

/** Payload of an `unpaidOrder` record. */
export interface UnpaidOrderData {
  /** Set when the timer fired: `CANCELED` (the order was still unpaid) or `ALREADY_SETTLED` (paid or canceled). */
  outcome: 'CANCELED' | 'ALREADY_SETTLED' | null;
}

/** Arms the payment deadline of an order created in Pending payment. */
export function armUnpaidDeadline(ctx: EngineContext, order: OrderRecord): void {
  if (order.state !== 'PENDING_PAYMENT') return;
  saveFlow<UnpaidOrderData>(ctx, {
    kind: 'unpaidOrder',
    id: order.orderId,
    orderId: order.orderId,
    dueAt: order.createdAt + ctx.options.businessFlows.unpaidOrderTtlMs,
    data: { outcome: null },
  });
}

/** Timer handler: cancels the order when it is still unpaid at its deadline. */
export function fireUnpaidDeadline(ctx: EngineContext, record: FlowRecord): void {
  const order = ctx.store.getOrder(record.id);
  const unpaid = order !== undefined && order.state === 'PENDING_PAYMENT';
  if (unpaid) moveOrder(ctx, order, 'cancel', { cancelReason: 'UNPAID' });
  saveFlow<UnpaidOrderData>(ctx, {
    ...(record as FlowRecord<UnpaidOrderData>),
    dueAt: null,
    data: { outcome: unpaid ? 'CANCELED' : 'ALREADY_SETTLED' },
  });
}
