/**
 * Time-driven instance changes (§11.5): when the business clock passes a period instance's expireTime it is
 * frozen (updateInstanceStatus FREEZE) for the grace period (15 days by default, per buyer if set); renewal
 * during the freeze unfreezes it (see lifecycle), otherwise it is released at the end of the grace period
 * (releaseInstance). A pay-per-use package is released when it expires.
 */
import { DAY_MS } from '../time/business-time';
import { releaseInstanceBody, updateInstanceStatusBody } from '../jobs/bodies';
import type { EngineContext } from '../context';
import { createJob } from '../jobs/jobs';
import { moveInstance } from '../records/mutations';
import type { InstanceRecord } from '../model/types';

/** Job refs of an instance-level call (not tied to an order). */
function instanceRefs(i: InstanceRecord) {
  return { instanceRef: i.ref, productCode: i.productCode };
}

/** Acts on one instance whose deadline has passed. */
function handleDeadline(ctx: EngineContext, i: InstanceRecord, now: number): void {
  if (i.deadlineAt === null || i.deadlineAt > now || i.instanceId === null) return;
  const expired = i.freezeReasons.includes('EXPIRED');
  if (!expired && i.expireAt !== null && i.expireAt <= now) {
    if (i.chargingMode === 'ON_DEMAND_PKG') {
      moveInstance(ctx, i, 'packageExpire', { releaseReason: 'EXPIRED' });
      createJob(ctx, {
        interface: 'releaseInstance',
        purpose: 'release',
        body: releaseInstanceBody(i.instanceId),
        refs: instanceRefs(i),
      });
      return;
    }
    const graceDays = ctx.store.getBuyer(i.buyerId)?.gracePeriodDays ?? ctx.options.gracePeriodDays;
    const wasActive = i.state === 'active';
    moveInstance(ctx, i, 'expire', {
      freezeReasons: [...i.freezeReasons, 'EXPIRED'],
      graceEndsAt: i.expireAt + graceDays * DAY_MS,
    });
    if (wasActive) {
      createJob(ctx, {
        interface: 'updateInstanceStatus',
        purpose: 'freeze',
        body: updateInstanceStatusBody(i.instanceId, 'FREEZE'),
        refs: instanceRefs(i),
      });
    }
    return;
  }
  if (i.state === 'frozen' && expired && i.graceEndsAt !== null && i.graceEndsAt <= now) {
    moveInstance(ctx, i, 'graceEnd', { releaseReason: 'EXPIRED' });
    createJob(ctx, {
      interface: 'releaseInstance',
      purpose: 'release',
      body: releaseInstanceBody(i.instanceId),
      refs: instanceRefs(i),
    });
  }
}

/** Processes every instance deadline at or before `now`, in (deadline, creation) order. */
export function processDeadlines(ctx: EngineContext, now: number): number {
  let handled = 0;
  for (const due of ctx.store.instancesDueBy(now)) {
    ctx.unit(() => {
      const fresh = ctx.store.getInstance(due.ref);
      if (fresh !== undefined) handleDeadline(ctx, fresh, now);
    });
    handled++;
  }
  return handled;
}
