/**
 * Paying (or cancelling) an order. Paying a NEW or TRIAL order creates its instances and their newInstance jobs;
 * a follow-up order extends or changes its instance (./period-extension.ts, upgrade below).
 */
import { newInstanceBody, upgradeInstanceBody } from '../jobs/bodies';
import { addPeriod } from '../time/business-time';
import type { EngineContext } from '../context';
import { createJob } from '../jobs/jobs';
import { moveOrder } from '../records/mutations';
import { createInstance } from './orders';
import { randomUuid } from '../model/random';
import { ORDER_TRANSITIONS, transition } from '../model/state-machines';
import type { OrderRecord } from '../model/types';
import { payRenewal, payTrialToFormal } from './period-extension';
import { getOrder, instanceOf, requireAction } from './lifecycle-guards';
import { orderRefs } from '../jobs/instance-jobs';
import { armUnpaidDeadline } from '../order-states/unpaid-orders';

/** Pays a NEW or TRIAL order: one instance (and one newInstance job) per product of its line. */
function payNew(ctx: EngineContext, order: OrderRecord): OrderRecord {
  const line = order.lines[0];
  if (line === undefined) return moveOrder(ctx, order, 'pay');
  const now = ctx.now();
  const expireAt =
    line.periodType !== null && (line.chargingMode === 'PERIOD' || line.chargingMode === 'ON_DEMAND_PKG')
      ? addPeriod(now, line.periodType, line.periodNumber ?? 1, ctx.options.timeZoneOffsetMinutes)
      : null;
  transition('order', ORDER_TRANSITIONS, order.orderId, order.state, 'pay');
  const refs: string[] = [];
  for (const item of line.productInfo) {
    const instance = createInstance(ctx, {
      productCode: order.productCode,
      productId: item.productId,
      skuCode: item.skuCode,
      linearValue: item.linearValue,
      chargingMode: line.chargingMode,
      periodType: line.periodType,
      periodNumber: line.periodNumber,
      trial: order.orderType === 'TRIAL',
      buyerId: order.buyerId,
      orderId: order.orderId,
      orderLineId: line.orderLineId,
      expireAt,
      periods:
        expireAt === null
          ? []
          : [{ orderId: order.orderId, orderLineId: line.orderLineId, startAt: now, endAt: expireAt }],
    });
    refs.push(instance.ref);
  }
  const paid = moveOrder(ctx, order, 'pay', { lines: [{ ...line, expireAt }], instanceRefs: refs });
  for (const ref of refs) {
    createJob(ctx, {
      interface: 'newInstance',
      purpose: 'provision',
      body: newInstanceBody(order.orderId, line.orderLineId, randomUuid(ctx.random)),
      refs: orderRefs(order, { ref, productCode: order.productCode }),
    });
  }
  return paid;
}

/** Pays an in-period CHANGE order: the upgradeInstance job. */
function payUpgrade(ctx: EngineContext, order: OrderRecord): OrderRecord {
  const instance = instanceOf(ctx, order);
  requireAction(instance, 'upgrade');
  const paid = moveOrder(ctx, order, 'pay');
  const line = paid.lines[0];
  if (line !== undefined && instance.instanceId !== null) {
    createJob(ctx, {
      interface: 'upgradeInstance',
      purpose: 'upgrade',
      body: upgradeInstanceBody(instance.instanceId, paid.orderId, line.orderLineId),
      refs: orderRefs(paid, instance),
    });
  }
  return paid;
}

/** Pays the order `orderId` as one unit of work. */
export function pay(ctx: EngineContext, orderId: string): OrderRecord {
  return ctx.unit(() => {
    const order = getOrder(ctx, orderId);
    switch (order.orderType) {
      case 'NEW':
      case 'TRIAL':
        return payNew(ctx, order);
      case 'RENEW':
        return payRenewal(ctx, order, 'RENEWAL');
      case 'TRIAL_TO_FORMAL':
        return payTrialToFormal(ctx, order);
      case 'CHANGE':
        return order.target?.scene === 'RENEWAL_CHANGE'
          ? payRenewal(ctx, order, 'RENEWAL_CHANGE')
          : payUpgrade(ctx, order);
      default:
        return moveOrder(ctx, order, 'pay');
    }
  });
}

/**
 * Pays the order when `autoPay` is true; else returns it unpaid with its payment deadline armed
 * (seller-console.md §1, ./order-states/unpaid-orders.ts).
 */
export function payIf(ctx: EngineContext, order: OrderRecord, autoPay: boolean | undefined): OrderRecord {
  if (autoPay === true) return pay(ctx, order.orderId);
  ctx.unit(() => armUnpaidDeadline(ctx, order));
  return order;
}

/** Cancels an unpaid order (cancelReason UNPAID). */
export function cancelOrder(ctx: EngineContext, orderId: string): OrderRecord {
  return ctx.unit(() => moveOrder(ctx, getOrder(ctx, orderId), 'cancel', { cancelReason: 'UNPAID' }));
}
