/**
 * Lookups and preconditions of the lifecycle actions: find the instance or order an action names, and refuse
 * (with an error that says what to do instead) actions the instance's kind, state or the protocol do not allow.
 */
import type { EngineContext } from '../context';
import { ActionRejectedError, NotFoundError } from '../model/errors';
import { assertNoIssues, issue } from '../model/input-issues';
import { INSTANCE_TRANSITIONS, transition } from '../model/state-machines';
import type { InstanceAction } from '../model/state-machines';
import type { InstanceRecord, OrderRecord } from '../model/types';

/** The instance with mock ref (`I000001`) or seller instanceId `ref`, or undefined. */
export function findInstance(ctx: Pick<EngineContext, 'store'>, ref: string): InstanceRecord | undefined {
  return typeof ref === 'string'
    ? (ctx.store.getInstance(ref) ?? ctx.store.findInstanceByInstanceId(ref))
    : undefined;
}

/** The instance with mock ref or seller instanceId `ref`; throws `ValidationError` / `NotFoundError`. */
export function resolveInstance(ctx: EngineContext, ref: string): InstanceRecord {
  if (typeof ref !== 'string' || ref.length === 0) {
    assertNoIssues('instance reference', [issue('/ref', 'must be an instance ref (I000001) or instanceId')]);
  }
  const found = findInstance(ctx, ref);
  if (found === undefined) {
    throw new NotFoundError(
      'instance',
      ref,
      'Use the mock ref (I000001) or the seller instanceId of an instance.',
    );
  }
  return found;
}

/** The order with this id; throws `NotFoundError`. */
export function getOrder(ctx: EngineContext, orderId: string): OrderRecord {
  const o = typeof orderId === 'string' ? ctx.store.getOrder(orderId) : undefined;
  if (o === undefined) throw new NotFoundError('order', String(orderId), 'List orders to see their ids.');
  return o;
}

/** The (single) instance a follow-up order is for; throws `NotFoundError`. */
export function instanceOf(ctx: EngineContext, order: OrderRecord): InstanceRecord {
  const ref = order.instanceRefs[0];
  const i = ref === undefined ? undefined : ctx.store.getInstance(ref);
  if (i === undefined)
    throw new NotFoundError('instance', ref ?? '(none)', `Order ${order.orderId} names no instance.`);
  return i;
}

/** Refuses `action` on anything but a PERIOD (yearly/monthly) instance. */
export function requirePeriod(i: InstanceRecord, action: string): void {
  if (i.chargingMode !== 'PERIOD') {
    throw new ActionRejectedError(
      'NOT_SUPPORTED',
      `Cannot ${action} instance ${i.ref}: it is a ${i.chargingMode} instance; only PERIOD (yearly/monthly) instances support this.`,
    );
  }
}

/** Refuses actions that V1 (`protocol: 'v1'`) has no call for; `instead` says what to do. */
export function requireV2(ctx: EngineContext, action: string, instead: string): void {
  if (ctx.options.protocol === 'v1') {
    throw new ActionRejectedError(
      'NOT_SUPPORTED',
      `Cannot ${action}: the mock runs in V1 mode (protocol "v1"), and V1 has no call for it. ${instead}`,
    );
  }
}

/** Refuses `action` on a trial instance. */
export function requireNotTrial(i: InstanceRecord, action: string): void {
  if (i.trial) {
    throw new ActionRejectedError(
      'NOT_SUPPORTED',
      `Cannot ${action} trial instance ${i.ref}; convert it with trialToFormal first.`,
    );
  }
}

/** Throws `IllegalTransitionError` unless `action` is allowed in the instance's state. */
export function requireAction(i: InstanceRecord, action: InstanceAction): void {
  transition('instance', INSTANCE_TRANSITIONS, i.ref, i.state, action);
}
