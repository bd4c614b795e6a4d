/**
 * The SDK's production handler behind its node:http adapter (`@koogallery-kit/sdk/node` createNodeListener), with
 * one queryInstance handler. Loaded from packages/sdk/dist.
 */
import { importDistEntry } from '../lib/sdk-dist';
import { queryInstanceInfo } from './query-instance';
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
        queryInstance: (body) => {
          counters.accepted();
          return { info: queryInstanceInfo(body.instanceId) };
        },
      },
    }),
  ),
);
