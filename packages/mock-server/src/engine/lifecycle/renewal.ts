/** Renewal of a period instance, and conversion of a trial into a formal subscription: follow-up orders. */
import type { ValidationIssue } from '@koogallery-kit/sdk';
import { addPeriod } from '../time/business-time';
import type { CatalogSkuData } from '../model/catalog';
import type { EngineContext } from '../context';
import { ActionRejectedError } from '../model/errors';
import { assertNoIssues, isObject, issue } from '../model/input-issues';
import { price } from './orders';
import type { OrderRecord, OrderTarget } from '../model/types';
import { followUpOrder } from './follow-up-order';
import { requireAction, requireNotTrial, requirePeriod, resolveInstance } from './lifecycle-guards';
import {
  changedLinear,
  checkAutoPay,
  checkLinear,
  checkPeriodNumber,
  checkPeriodType,
  currentPeriodType,
  defaultPeriodType,
  findSku,
} from './lifecycle-input-checks';
import type { RenewInput, TrialToFormalInput } from './lifecycle-types';

/** Creates the RENEW order of a (non-trial) period instance; its validity continues from its expiry. */
export function renew(ctx: EngineContext, ref: string, input: RenewInput = {}): OrderRecord {
  const instance = resolveInstance(ctx, ref);
  requirePeriod(instance, 'renew');
  requireNotTrial(instance, 'renew');
  requireAction(instance, 'renew');
  const p = ctx.catalog.product(instance.productCode);
  const s = ctx.catalog.sku(p.code, instance.skuCode);
  const issues: ValidationIssue[] = [];
  if (!isObject(input)) assertNoIssues('renewal', [issue('', 'must be an object')]);
  checkPeriodType(issues, p, s, input.periodType);
  checkPeriodNumber(issues, input.periodNumber);
  checkAutoPay(issues, input.autoPay);
  assertNoIssues('renewal', issues);
  const periodType = input.periodType ?? currentPeriodType(instance);
  const periodNumber = input.periodNumber ?? 1;
  const target: OrderTarget = {
    skuCode: instance.skuCode,
    linearValue: instance.linearValue,
    productId: ctx.catalog.productId(p.code, s.skuCode, periodType),
    periodType,
    periodNumber,
    scene: 'RENEWAL',
  };
  const total = price(ctx, p.code, s.skuCode, periodType, periodNumber, instance.linearValue);
  const estimate = addPeriod(
    instance.expireAt ?? ctx.now(),
    periodType,
    periodNumber,
    ctx.options.timeZoneOffsetMinutes,
  );
  return followUpOrder(ctx, instance, 'RENEW', target, total, estimate, input.autoPay);
}

/** Creates the TRIAL_TO_FORMAL order of a trial instance; the formal period starts when it is paid. */
export function trialToFormal(ctx: EngineContext, ref: string, input: TrialToFormalInput = {}): OrderRecord {
  const instance = resolveInstance(ctx, ref);
  if (!instance.trial) {
    throw new ActionRejectedError(
      'NOT_SUPPORTED',
      `Instance ${instance.ref} is not a trial; renew it instead.`,
    );
  }
  requireAction(instance, 'trialToFormal');
  const p = ctx.catalog.product(instance.productCode);
  const issues: ValidationIssue[] = [];
  if (!isObject(input)) assertNoIssues('trial conversion', [issue('', 'must be an object')]);
  const s = findSku(issues, p, input.skuCode ?? instance.skuCode);
  if (s !== undefined) {
    checkPeriodType(issues, p, s, input.periodType);
    checkLinear(issues, s, input.linearValue);
  }
  checkPeriodNumber(issues, input.periodNumber);
  checkAutoPay(issues, input.autoPay);
  assertNoIssues('trial conversion', issues);
  const sku = s as CatalogSkuData;
  const periodType = input.periodType ?? defaultPeriodType(sku);
  const periodNumber = input.periodNumber ?? 1;
  const linear = changedLinear(instance, sku, input.linearValue);
  const target: OrderTarget = {
    skuCode: sku.skuCode,
    linearValue: linear,
    productId: ctx.catalog.productId(p.code, sku.skuCode, periodType),
    periodType,
    periodNumber,
    scene: 'TRIAL_TO_FORMAL',
  };
  const total = price(ctx, p.code, sku.skuCode, periodType, periodNumber, linear);
  const estimate = addPeriod(ctx.now(), periodType, periodNumber, ctx.options.timeZoneOffsetMinutes);
  return followUpOrder(ctx, instance, 'TRIAL_TO_FORMAL', target, total, estimate, input.autoPay);
}
