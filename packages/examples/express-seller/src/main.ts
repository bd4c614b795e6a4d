// Starts the example seller: `KEY=<your key> tsx src/main.ts` (see README.md for every variable).
import { KooGalleryError } from '@koogallery-kit/sdk';
import { sellerOptionsFromEnv } from './env-options';
import { createSellerApp } from './seller-app';

async function main(): Promise<void> {
  const { options, port, host } = sellerOptionsFromEnv();
  const seller = createSellerApp(options);
  const { url, productionUrl } = await seller.listen(port, host);
  console.log(`express-seller listening on ${url}`);
  console.log(`  production URL: ${productionUrl}`);
  console.log(`  state:          ${options.dbPath}`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`express-seller: ${signal} received, closing.`);
    seller.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('express-seller: closing failed', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof KooGalleryError) {
    console.error(`express-seller: ${error.message}`);
    process.exit(2);
  }
  console.error('express-seller: could not start', error);
  process.exit(1);
});
