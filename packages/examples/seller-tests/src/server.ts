// Serves the seller's production handler on node:http (the SDK's node adapter writes `Body-Sign` exactly so).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProductionHandler } from '@koogallery-kit/sdk';
import { createNodeListener } from '@koogallery-kit/sdk/node';

/** Listens on 127.0.0.1:`port` (0 = a free port); resolves the production URL (`/produce`) and `close`. */
export async function serveProduction(
  handler: ProductionHandler,
  port = 0,
): Promise<{ productionUrl: string; close: () => Promise<void> }> {
  const server = createServer(createNodeListener(handler));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    productionUrl: `http://127.0.0.1:${bound}/produce`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
