/**
 * Sending the kit calls of one joint-operations event: one job per call, each waiting until the one before
 * succeeded, the first waiting for the tenant's last unfinished job (a failed call holds the rest until it is
 * restarted and succeeds — the platform does not retry kit calls by itself, §11.1).
 */
import type { KitInterfaceName } from '@koogallery-kit/sdk';
import type { EngineContext } from '../context';
import { createJob } from '../jobs/jobs';
import { writeTenant } from './joint-store';
import type { JointEventResult, JointTenantRecord } from './joint-types';
import type { JobRecord } from '../model/types';

/** One kit call of an event. */
export interface KitCall {
  interface: KitInterfaceName;
  body: Record<string, unknown>;
}

/** The tenant's last kit job when it is still PENDING or RUNNING, else undefined. */
export function unfinishedLastJob(ctx: EngineContext, t: JointTenantRecord): JobRecord | undefined {
  const last = t.lastJobId === null ? undefined : ctx.store.getJob(t.lastJobId);
  return last !== undefined && (last.state === 'PENDING' || last.state === 'RUNNING') ? last : undefined;
}

/** Creates the event's jobs in order and saves `t` (the tenant after the event) with its new last job. */
export function sendKitCalls(ctx: EngineContext, t: JointTenantRecord, calls: KitCall[]): JointEventResult {
  const productCode =
    t.instanceRef === null ? null : (ctx.store.getInstance(t.instanceRef)?.productCode ?? null);
  let waitingFor = unfinishedLastJob(ctx, t)?.id ?? null;
  const jobs: JobRecord[] = [];
  for (const call of calls) {
    const job = createJob(ctx, {
      interface: call.interface,
      purpose: 'kit',
      body: call.body,
      testFlag: null,
      waitingFor,
      refs: { orderId: t.orderId || null, instanceRef: t.instanceRef, productCode },
    });
    jobs.push(job);
    waitingFor = job.id;
  }
  const saved = writeTenant(ctx, {
    ...t,
    lastJobId: jobs.at(-1)?.id ?? t.lastJobId,
    updatedAt: ctx.now(),
  });
  return { tenant: saved, jobs };
}
