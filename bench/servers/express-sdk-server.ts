/**
 * The SDK's production handler behind its express adapter (`@koogallery-kit/sdk/express` createExpressMiddleware),
 * mounted with `app.use(path, …)` before any body parser, as its documentation says.
 */
import { importDistEntry } from '../lib/sdk-dist';
import { loadExpress } from './load-express';
import { queryInstanceInfo } from './query-instance';
import { countingLogger } from './sdk-logger';
import { serveInChild } from './serve';

const express = loadExpress();
const { createProductionHandler } = await importDistEntry('index');
const { createExpressMiddleware } = await importDistEntry('express');

await serveInChild((config, counters) => {
  const app = express();
  // Same application settings as the hand-written server (the adapter does not use res.send, so no effect here).
  app.set('etag', false);
  app.set('x-powered-by', false);
  const handler = createProductionHandler({
    accessKey: config.accessKey,
    toleranceMs: config.toleranceMs,
    logger: countingLogger(counters),
    handlers: {
      queryInstance: (body) => {
        counters.accepted();
        return { info: queryInstanceInfo(body.instanceId) };
      },
    },
  });
  app.use(config.path, createExpressMiddleware(handler));
  return app;
});
