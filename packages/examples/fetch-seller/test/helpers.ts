// Boots the Fetch example seller behind the node:http bridge on 127.0.0.1:0.
import { createFetchSellerApp, serveFetch } from '../src';
import type { FetchSellerApp, FetchSellerOptions, FetchServer, ServeFetchOptions } from '../src';

/** The key the seller and the marketplace share in these tests. */
export const ACCESS_KEY = 'fetch-seller-test-key-0001';

/** A running seller. */
export interface RunningSeller {
  seller: FetchSellerApp;
  server: FetchServer;
  productionUrl: string;
  close(): Promise<void>;
}

/** Starts the seller (quiet logger) behind the bridge; `bridge` options go to `serveFetch`. */
export async function startFetchSeller(
  options: Partial<FetchSellerOptions> = {},
  bridge: Omit<ServeFetchOptions, 'port' | 'host'> = {},
): Promise<RunningSeller> {
  const seller = createFetchSellerApp({
    accessKey: ACCESS_KEY,
    appBaseUrl: 'https://app.example.com',
    logger: {},
    ...options,
  });
  const server = await serveFetch(seller.fetch, { port: 0, ...bridge });
  return {
    seller,
    server,
    productionUrl: `${server.url}${seller.productionPath}`,
    close: () => server.close(),
  };
}
