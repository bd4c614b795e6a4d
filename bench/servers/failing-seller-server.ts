/**
 * The failing local seller of the virtual-clock case: the SDK's production handler behind its node:http adapter,
 * answering newInstance with a valid signed `000106` (resources sold out) until the order line's last scheduled
 * attempt, then `000000`. The platform's default newInstance schedule is the first attempt plus hourly retries for
 * 3 hours, so the 4th attempt of an order line succeeds. Counters: `accepted` counts the successes, `rejected` the
 * refusals of the SDK (bad signature, replay…), which would void the run; the planned failures are not counted.
 * A businessId received twice (an attempt sent twice, which the kill case must never see) counts as an error.
 */
import { importDistEntry } from '../lib/sdk-dist';
import { countingLogger } from './sdk-logger';
import { serveInChild } from './serve';

/** Attempts per order line on the default schedule (first + 3 hourly retries); the last one succeeds. */
const SUCCEED_ON_ATTEMPT = 4;

const { createProductionHandler, results } = await importDistEntry('index');
const { createNodeListener } = await importDistEntry('node');

await serveInChild((config, counters) => {
  const attempts = new Map<string, number>();
  const businessIds = new Set<string>();
  return createNodeListener(
    createProductionHandler({
      accessKey: config.accessKey,
      toleranceMs: config.toleranceMs,
      logger: countingLogger(counters),
      handlers: {
        newInstance: (body) => {
          if (businessIds.has(body.businessId)) {
            counters.problem('errors', `businessId ${body.businessId} received twice`);
          }
          businessIds.add(body.businessId);
          const key = `${body.orderId}/${body.orderLineId}`;
          const n = (attempts.get(key) ?? 0) + 1;
          if (n < SUCCEED_ON_ATTEMPT) {
            attempts.set(key, n);
            return results.error('000106');
          }
          attempts.delete(key);
          counters.accepted();
          return { instanceId: `bench-${body.orderLineId}` };
        },
      },
    }),
  );
});
