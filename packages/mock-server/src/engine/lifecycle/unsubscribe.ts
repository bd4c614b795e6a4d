/**
 * Unsubscribing: the whole instance (an UNSUBSCRIBE order refunding what is not used yet, then releaseInstance),
 * or only a renewal period that has not started (refreshInstance with scene UNSUBSCRIBE_RENEWAL_PERIOD).
 */
import { refreshInstanceBody, releaseInstanceBody } from '../jobs/bodies';
import { formatAmount } from '../time/business-time';
import type { EngineContext } from '../context';
import { ActionRejectedError } from '../model/errors';
import { createJob } from '../jobs/jobs';
import { moveInstance } from '../records/mutations';
import { createOrder, newOrderId, orderLineId } from './orders';
import type { InstanceRecord, OrderRecord } from '../model/types';
import { requireAction, requirePeriod, resolveInstance } from './lifecycle-guards';
import { orderRefs } from '../jobs/instance-jobs';

/** The stored order line of one period, if any. */
const lineOf = (ctx: EngineContext, orderId: string, lineId: string) =>
  ctx.store.getOrder(orderId)?.lines.find((l) => l.orderLineId === lineId);

/** Paid amount of one period, from its order line. */
function paidFor(ctx: EngineContext, orderId: string, lineId: string): number {
  const v = Number(lineOf(ctx, orderId, lineId)?.currencyAfterDiscount ?? 0);
  return Number.isFinite(v) ? v : 0;
}

/** The UNSUBSCRIBE order (PROCESSING) refunding `refund` of the instance's order `relatedOrderId`. */
function reverseOrder(
  ctx: EngineContext,
  instance: InstanceRecord,
  relatedOrderId: string,
  refund: number,
): OrderRecord {
  const orderId = newOrderId(ctx);
  return createOrder(ctx, {
    orderId,
    orderType: 'UNSUBSCRIBE',
    state: 'PROCESSING',
    productCode: instance.productCode,
    buyerId: instance.buyerId,
    instanceRefs: [instance.ref],
    relatedOrderId,
    lines: [
      {
        orderLineId: orderLineId(orderId),
        chargingMode: instance.chargingMode,
        periodType: instance.periodType,
        periodNumber: instance.periodNumber,
        expireAt: null,
        productInfo: [
          {
            productId: instance.productId,
            skuCode: instance.skuCode,
            linearValue: instance.linearValue,
            productName: ctx.catalog.productName(instance.productCode, instance.skuCode),
          },
        ],
        extendParams: [],
        currency: '',
        currencyAfterDiscount: formatAmount(-refund),
      },
    ],
  });
}

/** Ends the subscription: refunds the unused part of every period and releases the instance. */
export function unsubscribe(ctx: EngineContext, ref: string): OrderRecord {
  return ctx.unit(() => {
    const instance = resolveInstance(ctx, ref);
    requireAction(instance, 'unsubscribe');
    const now = ctx.now();
    const refund = instance.periods.reduce((sum, p) => {
      const paid = paidFor(ctx, p.orderId, p.orderLineId);
      if (p.endAt <= now) return sum;
      if (p.startAt >= now) return sum + paid;
      return sum + (paid * (p.endAt - now)) / (p.endAt - p.startAt);
    }, 0);
    const order = reverseOrder(ctx, instance, instance.orderId, refund);
    const released = moveInstance(ctx, instance, 'unsubscribe', { releaseReason: 'UNSUBSCRIBED' });
    createJob(ctx, {
      interface: 'releaseInstance',
      purpose: 'unsubscribe',
      body: releaseInstanceBody(released.instanceId as string, {
        orderId: order.orderId,
        orderLineId: order.lines[0]?.orderLineId ?? '',
      }),
      refs: orderRefs(order, released),
    });
    return order;
  });
}

/** Unsubscribes the last renewal period, which has not started: the instance expires when it would have begun. */
export function unsubscribeRenewal(ctx: EngineContext, ref: string): OrderRecord {
  return ctx.unit(() => {
    const instance = resolveInstance(ctx, ref);
    requirePeriod(instance, 'unsubscribe a renewal period of');
    requireAction(instance, 'unsubscribeRenewal');
    const now = ctx.now();
    const last = instance.periods[instance.periods.length - 1];
    if (last === undefined || instance.periods.length < 2 || last.startAt <= now) {
      throw new ActionRejectedError(
        'NOT_SUPPORTED',
        `Instance ${instance.ref} has no renewal period that has not started yet; use unsubscribe to end the subscription.`,
      );
    }
    const order = reverseOrder(ctx, instance, last.orderId, paidFor(ctx, last.orderId, last.orderLineId));
    // The instance goes back to the configuration of the period before the unsubscribed one; its productId
    // changes back when that period had another period type (§3.3).
    const previous = instance.periods[instance.periods.length - 2];
    const previousLine =
      previous === undefined ? undefined : lineOf(ctx, previous.orderId, previous.orderLineId);
    const productId = previousLine?.productInfo[0]?.productId ?? instance.productId;
    const updated = moveInstance(
      ctx,
      instance,
      'unsubscribeRenewal',
      {
        expireAt: last.startAt,
        periods: instance.periods.slice(0, -1),
        productId,
        periodType: previousLine?.periodType ?? instance.periodType,
        periodNumber: previousLine?.periodNumber ?? instance.periodNumber,
      },
      instance.state,
    );
    createJob(ctx, {
      interface: 'refreshInstance',
      purpose: 'unsubscribeRenewal',
      body: refreshInstanceBody({
        scene: 'UNSUBSCRIBE_RENEWAL_PERIOD',
        orderId: order.orderId,
        orderLineId: order.lines[0]?.orderLineId ?? '',
        instanceId: updated.instanceId as string,
        expireAt: last.startAt,
        productId: productId !== instance.productId ? productId : null,
      }),
      refs: orderRefs(order, updated),
    });
    return order;
  });
}
