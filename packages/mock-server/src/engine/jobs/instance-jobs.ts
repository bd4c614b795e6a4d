/** What the lifecycle's jobs for one instance share: the records they name, and FREEZE/UNFREEZE calls. */
import { updateInstanceStatusBody } from './bodies';
import type { EngineContext } from '../context';
import { createJob } from './jobs';
import type { InstanceRecord, JobRecord, JobRefs, OrderRecord } from '../model/types';

/** Refs of a job about an instance (no order). */
export function instanceRefs(i: Pick<InstanceRecord, 'ref' | 'productCode'>): Partial<JobRefs> {
  return { instanceRef: i.ref, productCode: i.productCode };
}

/** Refs of a job about an instance, caused by the (first line of the) order. */
export function orderRefs(
  order: OrderRecord,
  i: Pick<InstanceRecord, 'ref' | 'productCode'>,
): Partial<JobRefs> {
  return {
    orderId: order.orderId,
    orderLineId: order.lines[0]?.orderLineId ?? null,
    ...instanceRefs(i),
  };
}

/** Creates the updateInstanceStatus job that freezes or unfreezes the instance with this instanceId. */
export function statusJob(
  ctx: EngineContext,
  instanceId: string,
  status: 'FREEZE' | 'UNFREEZE',
  refs: Partial<JobRefs>,
  waitingFor?: string,
): JobRecord {
  return createJob(ctx, {
    interface: 'updateInstanceStatus',
    purpose: status === 'FREEZE' ? 'freeze' : 'unfreeze',
    body: updateInstanceStatusBody(instanceId, status),
    refs,
    waitingFor: waitingFor ?? null,
  });
}
