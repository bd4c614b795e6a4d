// Entry point @koogallery-kit/sdk/express — the production-interface handler as express middleware.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigError } from '../errors';
import type { ProductionHandler } from '../handler';
import { CONSUMED_BODY_MESSAGE, isBodyConsumed, serveNodeRequest } from '../handler/node-io';

/** The parts of an express request the middleware reads (so the SDK needs no express types). */
export type ExpressLikeRequest = IncomingMessage & { originalUrl?: string; body?: unknown };

/** Express middleware answering KooGallery production calls. */
export type KooGalleryExpressMiddleware = (
  req: ExpressLikeRequest,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * Express (4 or 5) middleware over the production handler. Mount it with `app.use(path, …)` so the kit sub-paths
 * (`path/produceAPI/v2/<name>`) reach it too, and before any body parser: it reads the raw body itself, because the
 * signature covers the exact bytes. A body already read by `express.raw()` or `express.text()` is used as is; one
 * already parsed by `express.json()` cannot be verified, so the middleware fails loudly (error log +
 * `next(ConfigError)`) with instructions instead of answering wrongly.
 *
 * @example
 * app.use('/produce', createExpressMiddleware(createProductionHandler({ accessKey, handlers })));
 */
export function createExpressMiddleware(handler: ProductionHandler): KooGalleryExpressMiddleware {
  return (req, res, next) => {
    const url = req.originalUrl ?? req.url;
    const parsed = req.body;
    let raw: Uint8Array | string | undefined;
    if (isBodyConsumed(req)) {
      if (parsed instanceof Uint8Array || typeof parsed === 'string') raw = parsed;
      else {
        handler.logger.error(CONSUMED_BODY_MESSAGE, { path: (url ?? '').split('?')[0] });
        next(new ConfigError(CONSUMED_BODY_MESSAGE));
        return;
      }
    }
    serveNodeRequest(handler, req, res, url, raw).catch(next);
  };
}
