// A mock marketplace with a minimal seller behind it, so purchases become active instances with seller ids.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProductionHandler } from '@koogallery-kit/sdk';
import { createNodeListener } from '@koogallery-kit/sdk/node';
import { createMockMarketplace, DEMO_OPEN_API_CREDENTIALS } from '@koogallery-kit/mock-server';
import type { MockMarketplace } from '@koogallery-kit/mock-server';
import { runOpenApiScript } from '../src';

/** The seller's KooGallery key: verifies production calls, and signs the usage push. */
export const KEY = 'open-api-script-test-key';

/** A running marketplace and its seller. */
export interface Market {
  market: MockMarketplace;
  /** Environment for the script, pointed at the mock with its demo AK/SK. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** A seller that accepts every instance (newInstance gives a fresh id) and answers the rest with 000000. */
async function startMinimalSeller(): Promise<{ url: string; server: Server }> {
  const handler = createProductionHandler({
    accessKey: KEY,
    logger: {},
    handlers: {
      newInstance: () => ({ instanceId: randomUUID().replace(/-/g, '') }),
      queryInstance: () => ({ info: [] }),
      refreshInstance: () => undefined,
      updateInstanceStatus: () => undefined,
      releaseInstance: () => undefined,
    },
  });
  const server = createServer(createNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/produce`, server };
}

/** Starts the seller and a mock marketplace delivering to it (real clock not needed: virtual, starting now). */
export async function startMarket(): Promise<Market> {
  const seller = await startMinimalSeller();
  const market = await createMockMarketplace({ sellerUrl: seller.url, accessKey: KEY });
  return {
    market,
    env: {
      OPEN_API_URL: market.url,
      OPEN_API_AK: DEMO_OPEN_API_CREDENTIALS.ak,
      OPEN_API_SK: DEMO_OPEN_API_CREDENTIALS.sk,
      KOOGALLERY_ACCESS_KEY: KEY,
    },
    async close() {
      await market.close();
      await new Promise<void>((resolve) => seller.server.close(() => resolve()));
    },
  };
}

/** Runs the script in-process and collects what it printed. */
export async function run(argv: string[], env: Record<string, string>, now?: () => number) {
  let stdout = '';
  let stderr = '';
  const code = await runOpenApiScript(argv, {
    env,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    ...(now === undefined ? {} : { now }),
  });
  return { code, stdout, stderr };
}
