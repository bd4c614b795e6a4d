/**
 * Paying a renewal, a renewal with change or a trial conversion: the instance's validity is extended (a freeze
 * for expiry ends), then refreshInstance tells the seller, followed by UNFREEZE when the instance was frozen.
 */
import { refreshInstanceBody } from '../jobs/bodies';
import { addPeriod } from '../time/business-time';
import type { EngineContext } from '../context';
import { ActionRejectedError } from '../model/errors';
import { createJob } from '../jobs/jobs';
import { moveInstance, moveOrder } from '../records/mutations';
import { ORDER_TRANSITIONS, transition } from '../model/state-machines';
import type { InstanceRecord, InstanceState, OrderRecord, OrderTarget, RefreshScene } from '../model/types';
import { instanceOf, requireAction } from './lifecycle-guards';
import { orderRefs, statusJob } from '../jobs/instance-jobs';

/** Creates the refreshInstance job (and the UNFREEZE that follows it when the renewal ends a freeze). */
function refreshJobs(
  ctx: EngineContext,
  order: OrderRecord,
  instance: InstanceRecord,
  scene: RefreshScene,
  purpose: 'renew' | 'trialToFormal' | 'renewalChange',
  expireAt: number,
  productId: string | null,
  unfreeze: boolean,
): void {
  const line = order.lines[0];
  if (line === undefined || instance.instanceId === null) return;
  const refs = orderRefs(order, instance);
  const refresh = createJob(ctx, {
    interface: 'refreshInstance',
    purpose,
    body: refreshInstanceBody({
      scene,
      orderId: order.orderId,
      orderLineId: line.orderLineId,
      instanceId: instance.instanceId,
      expireAt,
      productId,
    }),
    refs,
  });
  // V1 has no unfreeze call for period instances: its refreshInstance restores the instance (v1-calls.ts).
  if (unfreeze && ctx.options.protocol !== 'v1') {
    statusJob(ctx, instance.instanceId, 'UNFREEZE', refs, refresh.id);
  }
}

/** Extends (or converts) an instance's validity; returns the new expiry and whether a freeze ended. */
function extend(
  ctx: EngineContext,
  order: OrderRecord,
  instance: InstanceRecord,
  action: 'renew' | 'trialToFormal',
  target: OrderTarget,
  from: number,
): { expireAt: number; unfroze: boolean } {
  const line = order.lines[0];
  const expireAt = addPeriod(
    from,
    target.periodType ?? 'month',
    target.periodNumber ?? 1,
    ctx.options.timeZoneOffsetMinutes,
  );
  const reasons = instance.freezeReasons.filter((r) => r !== 'EXPIRED');
  const to: InstanceState = instance.state === 'frozen' && reasons.length > 0 ? 'frozen' : 'active';
  const unfroze = instance.state === 'frozen' && to === 'active';
  const patch: Partial<InstanceRecord> = {
    expireAt,
    graceEndsAt: null,
    freezeReasons: reasons,
    periodType: target.periodType,
    periodNumber: target.periodNumber,
    productId: target.productId,
    periods: [
      ...instance.periods,
      { orderId: order.orderId, orderLineId: line?.orderLineId ?? '', startAt: from, endAt: expireAt },
    ],
  };
  if (action === 'trialToFormal') {
    patch.trial = false;
    patch.skuCode = target.skuCode;
    patch.linearValue = target.linearValue;
  }
  moveInstance(ctx, instance, action, patch, to);
  return { expireAt, unfroze };
}

/** Marks the order paid, with the new expiry on its lines. */
const markPaid = (ctx: EngineContext, order: OrderRecord, expireAt: number): OrderRecord =>
  moveOrder(ctx, order, 'pay', { lines: order.lines.map((l) => ({ ...l, expireAt })) });

/** Pays a RENEW order, or a CHANGE order of a renewal with change. */
export function payRenewal(
  ctx: EngineContext,
  order: OrderRecord,
  scene: 'RENEWAL' | 'RENEWAL_CHANGE',
): OrderRecord {
  const target = order.target as OrderTarget;
  const instance = instanceOf(ctx, order);
  requireAction(instance, 'renew');
  transition('order', ORDER_TRANSITIONS, order.orderId, order.state, 'pay');
  const previousProductId = instance.productId;
  const { expireAt, unfroze } = extend(
    ctx,
    order,
    instance,
    'renew',
    // A renewal with change takes the new configuration when the seller acknowledges it (outcomes.ts).
    { ...target, skuCode: instance.skuCode, linearValue: instance.linearValue },
    instance.expireAt ?? ctx.now(),
  );
  const paid = markPaid(ctx, order, expireAt);
  refreshJobs(
    ctx,
    paid,
    instance,
    scene,
    scene === 'RENEWAL' ? 'renew' : 'renewalChange',
    expireAt,
    target.productId !== previousProductId ? target.productId : null,
    unfroze,
  );
  return paid;
}

/** Pays a TRIAL_TO_FORMAL order. */
export function payTrialToFormal(ctx: EngineContext, order: OrderRecord): OrderRecord {
  const target = order.target as OrderTarget;
  const instance = instanceOf(ctx, order);
  requireAction(instance, 'trialToFormal');
  if (!instance.trial) {
    throw new ActionRejectedError('NOT_SUPPORTED', `Instance ${instance.ref} is no longer a trial.`);
  }
  transition('order', ORDER_TRANSITIONS, order.orderId, order.state, 'pay');
  const { expireAt, unfroze } = extend(ctx, order, instance, 'trialToFormal', target, ctx.now());
  const paid = markPaid(ctx, order, expireAt);
  refreshJobs(ctx, paid, instance, 'TRIAL_TO_FORMAL', 'trialToFormal', expireAt, target.productId, unfroze);
  return paid;
}
