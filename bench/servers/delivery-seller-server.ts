/**
 * The trivial local seller of the delivery case: the SDK's production handler behind its node:http adapter,
 * answering every newInstance with `000000` and an instanceId derived from the order line (valid signed reply,
 * Body-Sign included). Loaded from packages/sdk/dist.
 */
import { importDistEntry } from '../lib/sdk-dist';
import { countingLogger } from './sdk-logger';
import { serveInChild } from './serve';

const { createProductionHandler } = await importDistEntry('index');
const { createNodeListener } = await importDistEntry('node');

await serveInChild((config, counters) =>
  createNodeListener(
    createProductionHandler({
      accessKey: config.accessKey,
      toleranceMs: config.toleranceMs,
      logger: countingLogger(counters),
      handlers: {
        newInstance: (body) => {
          counters.accepted();
          return { instanceId: `bench-${body.orderLineId}` };
        },
      },
    }),
  ),
);
