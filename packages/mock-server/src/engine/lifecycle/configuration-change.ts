/**
 * Changing the configuration (SKU, quantity) of a period instance: within the current period (upgrade, a CHANGE
 * order priced pro rata), or with a renewal (renewWithChange: the seller's changeInstanceCheck first, then a
 * CHANGE order with scene RENEWAL_CHANGE, only in the last days before expiry).
 */
import type { ValidationIssue } from '@koogallery-kit/sdk';
import { changeInstanceCheckBody } from '../jobs/bodies';
import { DAY_MS, addPeriod } from '../time/business-time';
import type { CatalogSkuData, PriceKey } from '../model/catalog';
import type { EngineContext } from '../context';
import { ActionRejectedError } from '../model/errors';
import { assertNoIssues, isObject, issue } from '../model/input-issues';
import type { JobRunner } from '../jobs/job-runner';
import { createJob } from '../jobs/jobs';
import { price } from './orders';
import type { InstanceRecord, OrderRecord, OrderTarget } from '../model/types';
import { followUpOrder } from './follow-up-order';
import {
  requireAction,
  requireNotTrial,
  requirePeriod,
  requireV2,
  resolveInstance,
} from './lifecycle-guards';
import { instanceRefs } from '../jobs/instance-jobs';
import {
  changedLinear,
  checkAutoPay,
  checkLinear,
  checkPeriodNumber,
  checkPeriodType,
  currentPeriodType,
  findSku,
} from './lifecycle-input-checks';
import type { RenewWithChangeInput, RenewWithChangeResult, UpgradeInput } from './lifecycle-types';

/** Target configuration of an upgrade or renewal change; throws when nothing changes. */
function changeTarget(
  ctx: EngineContext,
  instance: InstanceRecord,
  input: RenewWithChangeInput,
  what: string,
  withPeriod: boolean,
): { target: OrderTarget; sku: CatalogSkuData } {
  const p = ctx.catalog.product(instance.productCode);
  const issues: ValidationIssue[] = [];
  if (!isObject(input)) assertNoIssues(what, [issue('', 'must be an object')]);
  const s = findSku(issues, p, input.skuCode ?? instance.skuCode);
  if (s !== undefined) {
    checkLinear(issues, s, input.linearValue);
    if (withPeriod) checkPeriodType(issues, p, s, input.periodType);
  }
  if (withPeriod) checkPeriodNumber(issues, input.periodNumber);
  else if (input.periodType !== undefined || input.periodNumber !== undefined) {
    issues.push(
      issue('/periodType', 'an upgrade keeps the current period; use renewWithChange to change it', 'not'),
    );
  }
  checkAutoPay(issues, input.autoPay);
  assertNoIssues(what, issues);
  const sku = s as CatalogSkuData;
  const linear = changedLinear(instance, sku, input.linearValue);
  if (sku.skuCode === instance.skuCode && linear === instance.linearValue) {
    assertNoIssues(what, [
      issue('/skuCode', 'the target equals the current configuration; change skuCode or linearValue', 'not'),
    ]);
  }
  const periodType = withPeriod
    ? (input.periodType ?? currentPeriodType(instance))
    : (instance.periodType as 'year' | 'month');
  return {
    sku,
    target: {
      skuCode: sku.skuCode,
      linearValue: linear,
      productId: ctx.catalog.productId(p.code, sku.skuCode, periodType),
      periodType,
      periodNumber: withPeriod ? (input.periodNumber ?? 1) : instance.periodNumber,
      scene: withPeriod ? 'RENEWAL_CHANGE' : null,
    },
  };
}

/** Creates the CHANGE order of an in-period upgrade: the price difference for the rest of the current period. */
export function upgrade(ctx: EngineContext, ref: string, input: UpgradeInput): OrderRecord {
  const instance = resolveInstance(ctx, ref);
  requirePeriod(instance, 'upgrade');
  requireNotTrial(instance, 'upgrade');
  requireAction(instance, 'upgrade');
  const { target } = changeTarget(ctx, instance, input ?? {}, 'upgrade', false);
  // Price difference per period, pro rata for the rest of the current period.
  const key = (instance.periodType ?? 'month') as PriceKey;
  const current = instance.periods[instance.periods.length - 1];
  const now = ctx.now();
  const fraction =
    current === undefined || current.endAt <= current.startAt
      ? 1
      : Math.max(0, Math.min(1, (current.endAt - now) / (current.endAt - current.startAt)));
  const diff =
    price(ctx, instance.productCode, target.skuCode, key, 1, target.linearValue) -
    price(ctx, instance.productCode, instance.skuCode, key, 1, instance.linearValue);
  return followUpOrder(
    ctx,
    instance,
    'CHANGE',
    target,
    Math.max(0, diff * fraction),
    instance.expireAt,
    input?.autoPay,
  );
}

/** Asks the seller (changeInstanceCheck, synchronous) and, when it allows the change, creates the CHANGE order. */
export async function renewWithChange(
  ctx: EngineContext,
  runner: JobRunner,
  ref: string,
  input: RenewWithChangeInput,
): Promise<RenewWithChangeResult> {
  requireV2(ctx, 'renew with change', 'Use upgrade (V1 upgrade) or a plain renewal.');
  const instance = resolveInstance(ctx, ref);
  requirePeriod(instance, 'renew with change');
  requireNotTrial(instance, 'renew with change');
  requireAction(instance, 'renewalChange');
  const windowDays = ctx.options.renewalChangeWindowDays;
  const now = ctx.now();
  if (instance.expireAt === null || instance.expireAt - now > windowDays * DAY_MS) {
    throw new ActionRejectedError(
      'CHANGE_WINDOW_CLOSED',
      `Renewal with change is only possible in the last ${windowDays} days before expiry; instance ${instance.ref} expires ${instance.expireAt === null ? 'never' : new Date(instance.expireAt).toISOString()}. Use upgrade for an in-period change.`,
    );
  }
  const { target, sku } = changeTarget(ctx, instance, input ?? {}, 'renewal with change', true);
  if (instance.instanceId === null)
    throw new ActionRejectedError('NOT_SUPPORTED', `Instance ${ref} has no instanceId.`);
  const instanceId = instance.instanceId;
  const check = ctx.unit(() =>
    createJob(ctx, {
      interface: 'changeInstanceCheck',
      purpose: 'changeCheck',
      synchronous: true,
      body: changeInstanceCheckBody(instanceId, target),
      refs: instanceRefs(instance),
    }),
  );
  const done = await runner.runNow(check.id, false);
  if (done.state !== 'SUCCEEDED') return { accepted: false, check: done, order: null };
  const fresh = resolveInstance(ctx, instance.ref);
  requireAction(fresh, 'renewalChange');
  const total = price(
    ctx,
    fresh.productCode,
    sku.skuCode,
    target.periodType as PriceKey,
    target.periodNumber ?? 1,
    target.linearValue,
  );
  const estimate = addPeriod(
    fresh.expireAt ?? now,
    target.periodType ?? 'month',
    target.periodNumber ?? 1,
    ctx.options.timeZoneOffsetMinutes,
  );
  const order = followUpOrder(ctx, fresh, 'CHANGE', target, total, estimate, input?.autoPay);
  return { accepted: true, check: done, order };
}
