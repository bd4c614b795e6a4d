/**
 * Buyer lifecycle actions: purchase (incl. trial and pay-per-use), pay, cancel, renew, trial→formal, upgrade in
 * period, renewal with change, unsubscribe (whole instance or a renewal period not yet started), violation
 * freeze/unfreeze, opening the resource page, usage. Every action validates its input (a `ValidationError`
 * listing every bad field), checks the state machines (an `IllegalTransitionError` naming the state and action)
 * and runs as one unit of work; production calls become jobs that the clock runs. One file per action family.
 */
import type { EngineContext } from '../context';
import type { JobRunner } from '../jobs/job-runner';
import { renewWithChange, upgrade } from './configuration-change';
import { cancelOrder, pay } from './payment';
import { purchase } from './purchase';
import { recordUsage } from './record-usage';
import { renew, trialToFormal } from './renewal';
import { openResourcePage } from './resource-page';
import type { LifecycleActions } from './lifecycle-types';
import { unsubscribe, unsubscribeRenewal } from './unsubscribe';
import { violationFreeze, violationUnfreeze } from './violation-freeze';

export type * from './lifecycle-types';

/** Creates the lifecycle actions. */
export function createLifecycle(ctx: EngineContext, runner: JobRunner): LifecycleActions {
  return {
    purchase: (input) => purchase(ctx, input),
    pay: (orderId) => pay(ctx, orderId),
    cancelOrder: (orderId) => cancelOrder(ctx, orderId),
    renew: (ref, input) => renew(ctx, ref, input),
    trialToFormal: (ref, input) => trialToFormal(ctx, ref, input),
    upgrade: (ref, input) => upgrade(ctx, ref, input),
    renewWithChange: (ref, input) => renewWithChange(ctx, runner, ref, input),
    unsubscribe: (ref) => unsubscribe(ctx, ref),
    unsubscribeRenewal: (ref) => unsubscribeRenewal(ctx, ref),
    violationFreeze: (ref) => violationFreeze(ctx, ref),
    violationUnfreeze: (ref) => violationUnfreeze(ctx, ref),
    openResourcePage: (ref) => openResourcePage(ctx, runner, ref),
    recordUsage: (ref, value) => recordUsage(ctx, ref, value),
  };
}
