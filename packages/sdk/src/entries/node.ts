// Entry point @koogallery-kit/sdk/node — the production-interface handler as a node:http request listener.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveNodeRequest } from '../handler/node-io';
import type { ProductionHandler } from '../handler';

/**
 * A `(req, res)` listener for `http.createServer` / `https.createServer`. It reads the body itself (stopping at
 * `maxBodyBytes`), answers every path it receives — the basic interfaces and the kit paths
 * `…/produceAPI/v2/<name>` — and writes `Body-Sign` with its exact case.
 *
 * @example
 * http.createServer(createNodeListener(createProductionHandler({ accessKey, handlers }))).listen(8080);
 */
export function createNodeListener(
  handler: ProductionHandler,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void serveNodeRequest(handler, req, res, req.url);
  };
}
