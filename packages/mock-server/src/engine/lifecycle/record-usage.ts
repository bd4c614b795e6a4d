/** Recording usage of a pay-per-use instance (what the buyer consumed, added to its running total). */
import type { EngineContext } from '../context';
import { ActionRejectedError } from '../model/errors';
import { assertNoIssues, issue } from '../model/input-issues';
import { saveInstance } from '../records/mutations';
import type { InstanceRecord } from '../model/types';
import { resolveInstance } from './lifecycle-guards';
import { recordConsumption } from '../settlement/consumption';

/** Adds `value` (> 0) to the usage of a provisioned, unreleased ON_DEMAND or ON_DEMAND_PKG instance. */
export function recordUsage(ctx: EngineContext, ref: string, value: number): InstanceRecord {
  return ctx.unit(() => {
    const instance = resolveInstance(ctx, ref);
    if (instance.chargingMode !== 'ON_DEMAND' && instance.chargingMode !== 'ON_DEMAND_PKG') {
      throw new ActionRejectedError(
        'NOT_SUPPORTED',
        `Instance ${instance.ref} is not pay-per-use; it has no usage.`,
      );
    }
    if (instance.state === 'released' || instance.state === 'provisioning') {
      throw new ActionRejectedError(
        'NOT_SUPPORTED',
        `Instance ${instance.ref} is ${instance.state}; usage cannot be recorded.`,
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      assertNoIssues('usage', [issue('/value', 'must be a finite number > 0', 'exclusiveMinimum')]);
    }
    const usage = {
      total: Math.round((instance.usage.total + value) * 10_000) / 10_000,
      records: instance.usage.records + 1,
      lastAt: ctx.now(),
    };
    // Settlement bills pay-per-use consumption by day (seller-console.md §6.1); a package's usage is prepaid.
    if (instance.chargingMode === 'ON_DEMAND') recordConsumption(ctx, instance, value);
    return saveInstance(ctx, { ...instance, usage }, instance.state);
  });
}
