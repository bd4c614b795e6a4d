// Starts the Fetch example seller on Node: `KEY=<your key> tsx src/main.ts` (variables in README.md).
import { ConfigError, KooGalleryError } from '@koogallery-kit/sdk';
import { createFetchSellerApp } from './fetch-seller-app';
import { serveFetch } from './node-bridge';

function port(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3000;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65_535) {
    throw new ConfigError(`PORT must be an integer from 0 to 65535, got ${JSON.stringify(raw)}.`);
  }
  return Number(raw);
}

async function main(): Promise<void> {
  const env = process.env;
  const accessKey = env['KEY'] || env['KOOGALLERY_ACCESS_KEY'];
  if (!accessKey) {
    throw new ConfigError(
      'Set KEY to your KooGallery key (Seller Console > App Tools > Key Management), e.g. KEY=my-key npm start.',
    );
  }
  const listenPort = port(env['PORT']);
  const host = env['HOST'] || '127.0.0.1';
  const seller = createFetchSellerApp({
    accessKey,
    ...(env['PRODUCTION_PATH'] ? { productionPath: env['PRODUCTION_PATH'] } : {}),
    ...(env['APP_BASE_URL'] ? { appBaseUrl: env['APP_BASE_URL'] } : {}),
  });
  const server = await serveFetch(seller.fetch, { port: listenPort, host });
  console.log(`fetch-seller listening on ${server.url}`);
  console.log(`  production URL: ${server.url}${seller.productionPath}`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`fetch-seller: ${signal} received, closing.`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('fetch-seller: closing failed', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof KooGalleryError) {
    console.error(`fetch-seller: ${error.message}`);
    process.exit(2);
  }
  if ((error as { code?: unknown } | null)?.code === 'EADDRINUSE') {
    console.error('fetch-seller: the port is already in use; stop what uses it or set PORT to another port.');
    process.exit(1);
  }
  console.error('fetch-seller: could not start', error);
  process.exit(1);
});
