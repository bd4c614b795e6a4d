/**
 * The only way records change state: through the transition tables, with a history entry, the derived
 * deadline, a store write and an event.
 */
import type { EngineContext } from '../context';
import { cancelPendingJobs } from '../jobs/jobs';
import type { InstanceAction, OrderAction } from '../model/state-machines';
import { INSTANCE_TRANSITIONS, ORDER_TRANSITIONS, transition } from '../model/state-machines';
import type { InstanceRecord, InstanceState, OrderRecord, OrderState } from '../model/types';

/** Next business time the engine must act on an instance: expiry while active, grace end while expired. */
export function instanceDeadline(i: InstanceRecord): number | null {
  if (i.state === 'active') return i.expireAt;
  if (i.state === 'frozen') return i.freezeReasons.includes('EXPIRED') ? i.graceEndsAt : i.expireAt;
  return null;
}

/** Writes an order and emits `order.changed`. */
export function saveOrder(
  ctx: EngineContext,
  order: OrderRecord,
  previousState: OrderState | null,
): OrderRecord {
  ctx.store.putOrder(order);
  ctx.emit({ type: 'order.changed', at: ctx.now(), order, previousState });
  return order;
}

/** Applies an order action (validated by `ORDER_TRANSITIONS`) and saves the order. */
export function moveOrder(
  ctx: EngineContext,
  order: OrderRecord,
  action: OrderAction,
  patch: Partial<OrderRecord> = {},
): OrderRecord {
  const to = transition('order', ORDER_TRANSITIONS, order.orderId, order.state, action);
  const at = ctx.now();
  const next: OrderRecord = {
    ...order,
    ...patch,
    state: to,
    history: [...order.history, { at, from: order.state, to, action }],
  };
  if (action === 'pay') next.paidAt = at;
  if (to === 'COMPLETED') next.completedAt = at;
  if (to === 'CANCELED') next.canceledAt = at;
  return saveOrder(ctx, next, order.state);
}

/** Writes an instance with its derived deadline and emits `instance.changed`. */
export function saveInstance(
  ctx: EngineContext,
  instance: InstanceRecord,
  previousState: InstanceState | null,
): InstanceRecord {
  const next = { ...instance, deadlineAt: instanceDeadline(instance) };
  ctx.store.putInstance(next);
  ctx.emit({ type: 'instance.changed', at: ctx.now(), instance: next, previousState });
  return next;
}

/**
 * Applies an instance action (validated by `INSTANCE_TRANSITIONS`; `to` picks among allowed targets) with
 * `patch`, records history and saves.
 */
export function moveInstance(
  ctx: EngineContext,
  instance: InstanceRecord,
  action: InstanceAction,
  patch: Partial<InstanceRecord> = {},
  to?: InstanceState,
): InstanceRecord {
  const target = transition('instance', INSTANCE_TRANSITIONS, instance.ref, instance.state, action, to);
  const at = ctx.now();
  const next: InstanceRecord = {
    ...instance,
    ...patch,
    state: target,
    history: [...instance.history, { at, from: instance.state, to: target, action }],
  };
  if (target === 'active' && instance.state !== 'active' && next.activatedAt === null) next.activatedAt = at;
  if (target === 'released' && instance.state !== 'released') next.releasedAt = at;
  if (target === 'frozen' && instance.state !== 'frozen') next.frozenAt = at;
  if (target !== 'frozen') {
    next.frozenAt = null;
    next.freezeReasons = [];
    next.graceEndsAt = null;
  }
  const saved = saveInstance(ctx, next, instance.state);
  cancelContradictedJobs(ctx, instance.state, saved);
  return saved;
}

/**
 * Pending status calls that the instance's new state contradicts are canceled before they reach the seller: a
 * FREEZE still waiting for a retry when the instance is active again, an UNFREEZE when it is frozen again,
 * either once it is released.
 */
function cancelContradictedJobs(ctx: EngineContext, from: InstanceState, i: InstanceRecord): void {
  if (i.state === 'released') {
    cancelPendingJobs(ctx, i.ref, ['freeze', 'unfreeze'], `instance ${i.ref} was released`);
  } else if (i.state === 'active' && from === 'frozen') {
    cancelPendingJobs(ctx, i.ref, ['freeze'], `instance ${i.ref} is active again`);
  } else if (i.state === 'frozen' && from === 'active') {
    cancelPendingJobs(ctx, i.ref, ['unfreeze'], `instance ${i.ref} was frozen again`);
  }
}
