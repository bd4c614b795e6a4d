/**
 * The order, instance and job state machines as data. Every state change in the engine goes through
 * {@link transition}, so an action that the table does not allow is always rejected with an
 * `IllegalTransitionError` naming the record, its state and the action.
 */
import { IllegalTransitionError } from './errors';
import type { MachineName } from './errors';
import type { InstanceState, JobState, OrderState } from './types';

/** A transition table: for each state, the actions allowed and the state(s) each may lead to (first = usual). */
export type TransitionTable<S extends string, A extends string> = Readonly<
  Record<S, Readonly<Partial<Record<A, readonly S[]>>>>
>;

/** Actions on orders. */
export type OrderAction = 'pay' | 'cancel' | 'complete' | 'fail';

/**
 * Console order states: Pending payment → Processing → Completed, or Canceled (unpaid, or provisioning failed and
 * the order was automatically unsubscribed).
 */
export const ORDER_TRANSITIONS: TransitionTable<OrderState, OrderAction> = Object.freeze({
  PENDING_PAYMENT: { pay: ['PROCESSING'], cancel: ['CANCELED'] },
  PROCESSING: { complete: ['COMPLETED'], fail: ['CANCELED'] },
  COMPLETED: {},
  CANCELED: {},
});

/** Actions on instances. */
export type InstanceAction =
  | 'provisioned'
  | 'provisionFailed'
  | 'expire'
  | 'graceEnd'
  | 'packageExpire'
  | 'violationFreeze'
  | 'violationUnfreeze'
  | 'renew'
  | 'trialToFormal'
  | 'upgrade'
  | 'renewalChange'
  | 'unsubscribeRenewal'
  | 'unsubscribe'
  | 'cancelOrder';

/**
 * Instance states as the platform sees them. Where an action may lead to two states the engine picks by the
 * remaining freeze reasons (an instance frozen for both expiry and a violation stays frozen after renewal).
 */
export const INSTANCE_TRANSITIONS: TransitionTable<InstanceState, InstanceAction> = Object.freeze({
  provisioning: { provisioned: ['active'], provisionFailed: ['released'], cancelOrder: ['released'] },
  active: {
    expire: ['frozen'],
    packageExpire: ['released'],
    violationFreeze: ['frozen'],
    renew: ['active'],
    trialToFormal: ['active'],
    upgrade: ['active'],
    renewalChange: ['active'],
    unsubscribeRenewal: ['active'],
    unsubscribe: ['released'],
    cancelOrder: ['released'],
  },
  frozen: {
    expire: ['frozen'],
    graceEnd: ['released'],
    violationFreeze: ['frozen'],
    violationUnfreeze: ['active', 'frozen'],
    renew: ['active', 'frozen'],
    trialToFormal: ['active', 'frozen'],
    unsubscribeRenewal: ['frozen'],
    unsubscribe: ['released'],
    cancelOrder: ['released'],
  },
  released: {},
});

/** Actions on jobs. */
export type JobAction =
  'start' | 'succeed' | 'retry' | 'fail' | 'exhaust' | 'restart' | 'unblock' | 'retryNow' | 'cancel';

/**
 * Jobs: pending → running → succeeded, or back to pending for a retry, or failed/exhausted until restarted; a
 * pending job made obsolete by a later instance change is canceled.
 */
export const JOB_TRANSITIONS: TransitionTable<JobState, JobAction> = Object.freeze({
  PENDING: { start: ['RUNNING'], unblock: ['PENDING'], retryNow: ['PENDING'], cancel: ['CANCELED'] },
  RUNNING: { succeed: ['SUCCEEDED'], retry: ['PENDING'], fail: ['FAILED'], exhaust: ['EXHAUSTED'] },
  SUCCEEDED: {},
  FAILED: { restart: ['PENDING'] },
  EXHAUSTED: { restart: ['PENDING'] },
  CANCELED: {},
});

/** Actions allowed from `state` in `table`. */
export function allowedActions<S extends string, A extends string>(
  table: TransitionTable<S, A>,
  state: S,
): A[] {
  return Object.keys(table[state]) as A[];
}

/**
 * Checks that `action` is allowed from `from` and returns the target state (`to` when given and allowed, else
 * the usual one). Throws `IllegalTransitionError` otherwise.
 */
export function transition<S extends string, A extends string>(
  machine: MachineName,
  table: TransitionTable<S, A>,
  entityId: string,
  from: S,
  action: A,
  to?: S,
): S {
  const targets = table[from]?.[action];
  if (targets === undefined || targets.length === 0) {
    throw new IllegalTransitionError(machine, entityId, from, action, allowedActions(table, from));
  }
  if (to === undefined) return targets[0] as S;
  if (!targets.includes(to)) {
    throw new IllegalTransitionError(
      machine,
      entityId,
      from,
      `${action} (to ${to})`,
      allowedActions(table, from),
    );
  }
  return to;
}

/** True when `action` is allowed from `from`. */
export function canTransition<S extends string, A extends string>(
  table: TransitionTable<S, A>,
  from: S,
  action: A,
): boolean {
  return (table[from]?.[action]?.length ?? 0) > 0;
}
