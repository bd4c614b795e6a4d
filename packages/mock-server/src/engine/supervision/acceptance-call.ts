/**
 * The production call that the buyer's acceptance implies (seller-console.md §2.6): with the V1 interfaces the
 * platform calls newInstance again with `acceptanceTime` (String(20), `yyyyMMddHHmmssSSS`, the buyer's billing
 * start; mandatory for products opened "after user acceptance"), and the seller must answer `000000`. The mock
 * sends it in V1 mode, hourly for 3 hours like newInstance but without failing the order (it is already paid
 * and provisioned). V2 documents no such call: the mock sends nothing extra (§10 item 18 [P]).
 */
import { HOUR_MS, formatUtcCompact } from '../time/business-time';
import { newInstanceBody } from '../jobs/bodies';
import type { EngineContext } from '../context';
import { createJob } from '../jobs/jobs';
import { randomUuid } from '../model/random';
import { toV1Call } from '../v1/v1-calls';

/** `yyyyMMddHHmmssSSS` in UTC. */
export const formatAcceptanceTime = (ms: number): string =>
  `${formatUtcCompact(ms)}${String(((ms % 1000) + 1000) % 1000).padStart(3, '0')}`;

/** Sends the V1 newInstance re-call with `acceptanceTime` for each named instance of the order (V1 mode only). */
export function sendAcceptanceCall(ctx: EngineContext, orderId: string, acceptedAt: number): void {
  if (ctx.options.protocol !== 'v1') return;
  const order = ctx.store.getOrder(orderId);
  const line = order?.lines[0];
  if (order === undefined || line === undefined) return;
  for (const ref of order.instanceRefs) {
    const instance = ctx.store.getInstance(ref);
    if (instance === undefined || instance.instanceId === null) continue;
    const body = {
      ...newInstanceBody(order.orderId, line.orderLineId, randomUuid(ctx.random)),
      acceptanceTime: formatAcceptanceTime(acceptedAt),
    };
    const refs = {
      orderId: order.orderId,
      orderLineId: line.orderLineId,
      instanceRef: ref,
      productCode: order.productCode,
    };
    const call = toV1Call(ctx, { interface: 'newInstance', body, refs });
    createJob(ctx, {
      ...call,
      purpose: 'manual',
      refs,
      schedule: { kind: 'offsets', retryAtMs: [HOUR_MS, 2 * HOUR_MS, 3 * HOUR_MS], onExhausted: 'manual' },
    });
  }
}
