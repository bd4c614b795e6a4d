/** Freezing a period instance for a violation, and lifting that freeze (updateInstanceStatus FREEZE/UNFREEZE). */
import type { EngineContext } from '../context';
import { ActionRejectedError } from '../model/errors';
import { moveInstance } from '../records/mutations';
import type { InstanceRecord, InstanceState } from '../model/types';
import { requireAction, requirePeriod, requireV2, resolveInstance } from './lifecycle-guards';
import { instanceRefs, statusJob } from '../jobs/instance-jobs';

/** Freezes the instance for a violation; an active instance's seller gets FREEZE. */
export function violationFreeze(ctx: EngineContext, ref: string): InstanceRecord {
  return ctx.unit(() => {
    requireV2(
      ctx,
      'freeze an instance for a violation',
      'V1 only freezes expired instances (expireInstance).',
    );
    const instance = resolveInstance(ctx, ref);
    requirePeriod(instance, 'freeze');
    if (instance.freezeReasons.includes('VIOLATION')) {
      throw new ActionRejectedError(
        'NOT_SUPPORTED',
        `Instance ${instance.ref} is already frozen for a violation.`,
      );
    }
    const wasActive = instance.state === 'active';
    const frozen = moveInstance(ctx, instance, 'violationFreeze', {
      freezeReasons: [...instance.freezeReasons, 'VIOLATION'],
    });
    if (wasActive && frozen.instanceId !== null) {
      statusJob(ctx, frozen.instanceId, 'FREEZE', instanceRefs(frozen));
    }
    return frozen;
  });
}

/** Lifts a violation freeze; the seller gets UNFREEZE when no other freeze reason remains. */
export function violationUnfreeze(ctx: EngineContext, ref: string): InstanceRecord {
  return ctx.unit(() => {
    requireV2(
      ctx,
      'unfreeze an instance after a violation',
      'V1 restores instances with refreshInstance only.',
    );
    const instance = resolveInstance(ctx, ref);
    if (!instance.freezeReasons.includes('VIOLATION')) {
      requireAction(instance, 'violationUnfreeze');
      throw new ActionRejectedError(
        'NOT_SUPPORTED',
        `Instance ${instance.ref} is not frozen for a violation.`,
      );
    }
    const reasons = instance.freezeReasons.filter((r) => r !== 'VIOLATION');
    const to: InstanceState = reasons.length > 0 ? 'frozen' : 'active';
    const updated = moveInstance(ctx, instance, 'violationUnfreeze', { freezeReasons: reasons }, to);
    if (to === 'active' && updated.instanceId !== null) {
      statusJob(ctx, updated.instanceId, 'UNFREEZE', instanceRefs(updated));
    }
    return updated;
  });
}
