/**
 * The platform's side effects of failures, modelled and visible: e-mails to the seller (a simulated outbox),
 * the monthly failed-order counter that delists a product after more than five failed orders (§11.2), and the
 * product flags set by lifecycle probing (§11.3).
 */
import { monthKey } from '../time/business-time';
import type { EngineContext } from '../context';
import { saveOrder } from './mutations';
import type { OrderRecord, OutboxMessage, ProductStateRecord } from '../model/types';

/** The product's marketplace status (a fresh, listed record when none is stored yet). */
export function productState(ctx: EngineContext, productCode: string): ProductStateRecord {
  return (
    ctx.store.getProductState(productCode) ?? {
      productCode,
      delisted: false,
      delistedAt: null,
      delistReason: null,
      tradingFrozen: false,
      tradingFrozenAt: null,
      failedOrdersByMonth: {},
      probeFailedDays: [],
    }
  );
}

/** Writes a product status and emits `product.changed`. */
export function saveProductState(ctx: EngineContext, product: ProductStateRecord): ProductStateRecord {
  ctx.store.putProductState(product);
  ctx.emit({ type: 'product.changed', at: ctx.now(), product });
  return product;
}

/** Puts an e-mail to the seller in the outbox and emits `outbox.message`. */
export function sendMail(
  ctx: EngineContext,
  kind: OutboxMessage['kind'],
  subject: string,
  text: string,
  refs: Partial<OutboxMessage['refs']> = {},
): OutboxMessage {
  const seq = ctx.store.nextSequence('outbox');
  const message: OutboxMessage = {
    id: `M${String(seq).padStart(6, '0')}`,
    seq,
    at: ctx.now(),
    to: ctx.options.sellerEmail,
    kind,
    subject,
    text,
    refs: { jobId: null, orderId: null, productCode: null, ...refs },
  };
  ctx.store.appendOutbox(message);
  ctx.emit({ type: 'outbox.message', at: message.at, message });
  return message;
}

/**
 * Marks `next` (the product state being updated; the caller saves it) delisted now for `reason`, and tells the
 * seller with a PRODUCT_DELISTED e-mail.
 */
export function delistProduct(
  ctx: EngineContext,
  next: ProductStateRecord,
  reason: NonNullable<ProductStateRecord['delistReason']>,
  subject: string,
  text: string,
  refs: Partial<OutboxMessage['refs']>,
): void {
  next.delisted = true;
  next.delistedAt = ctx.now();
  next.delistReason = reason;
  sendMail(ctx, 'PRODUCT_DELISTED', subject, text, refs);
}

/**
 * Counts a failed order once in its product's counter for the current business month. More failed orders than
 * the threshold in one month delists the product (with an e-mail). Returns the order, marked as counted.
 */
export function countFailedOrder(ctx: EngineContext, order: OrderRecord): OrderRecord {
  if (order.failureCounted) return order;
  const counted = saveOrder(ctx, { ...order, failureCounted: true }, order.state);
  const month = monthKey(ctx.now(), ctx.options.timeZoneOffsetMinutes);
  const p = productState(ctx, order.productCode);
  const count = (p.failedOrdersByMonth[month] ?? 0) + 1;
  const next: ProductStateRecord = {
    ...p,
    failedOrdersByMonth: { ...p.failedOrdersByMonth, [month]: count },
  };
  const threshold = ctx.options.failedOrdersDelistThreshold;
  if (count > threshold && !p.delisted) {
    delistProduct(
      ctx,
      next,
      'FAILED_ORDERS',
      `Product ${order.productCode} delisted: ${count} failed orders in ${month}`,
      `More than ${threshold} orders of product ${order.productCode} failed in ${month} because production interface calls failed, so the product was delisted. Fix the failing interface (see the production interface messages), then relist the product.`,
      { orderId: order.orderId, productCode: order.productCode },
    );
  }
  saveProductState(ctx, next);
  return counted;
}
