/**
 * Plain express doing by hand what the SDK's express adapter does for a queryInstance call (see
 * hand-written-call.ts): `express.raw()` reads the body as bytes (the signature covers the exact bytes), express
 * parses the query, `res.status().set().send(Buffer)` answers. ETag generation is off (the SDK adapter sends none).
 */
import { createHandWrittenAnswerer } from './hand-written-call';
import { loadExpress } from './load-express';
import { serveInChild } from './serve';

const express = loadExpress();

await serveInChild((config, counters) => {
  const answer = createHandWrittenAnswerer(config, counters);
  const app = express();
  app.set('etag', false);
  app.set('x-powered-by', false);
  app.post(config.path, express.raw({ type: () => true, limit: '1mb' }), (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const out = answer(req.query, body);
    res.status(200).set(out.headers).send(Buffer.from(out.body, 'utf8'));
  });
  return app;
});
