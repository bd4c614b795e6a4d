// Reads the seller's configuration from environment variables (used by main.ts).
import { ConfigError, createClient } from '@koogallery-kit/sdk';
import type { SellerAppOptions } from './options';

/** What {@link sellerOptionsFromEnv} produces. */
export interface EnvSellerConfig {
  options: SellerAppOptions;
  port: number;
  host: string;
}

function integer(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > max) {
    throw new ConfigError(`${name} must be an integer from 0 to ${max}, got ${JSON.stringify(raw)}.`);
  }
  return value;
}

/**
 * The options of `createSellerApp` from environment variables:
 *
 * | Variable | Default | Meaning |
 * |---|---|---|
 * | `KEY` (or `KOOGALLERY_ACCESS_KEY`) | — (required) | the KooGallery key |
 * | `PORT` / `HOST` | `3000` / `127.0.0.1` | where to listen |
 * | `DB_PATH` | `seller.sqlite` | the SQLite file |
 * | `PRODUCTION_PATH` | `/koogallery/produce` | path of the production interfaces |
 * | `APP_BASE_URL` | `http://127.0.0.1:<PORT>` | base of the URLs reported to buyers |
 * | `ASYNC_PROVISIONING` | `none` | `all`, `none`, `test` (console debugging calls only) or a comma-separated list of productIds / skuCodes (needs the Open API) |
 * | `PROVISIONING_DELAY_MS` | `5000` | how long an asynchronous provisioning takes |
 * | `OPEN_API_URL`, `OPEN_API_AK`, `OPEN_API_SK` | unset | order-query Open API (e.g. the mock marketplace) and its AK/SK; all three or none |
 *
 * @throws ConfigError naming the variable to fix.
 */
export function sellerOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): EnvSellerConfig {
  const accessKey = env['KEY'] || env['KOOGALLERY_ACCESS_KEY'];
  if (!accessKey) {
    throw new ConfigError(
      'Set KEY to your KooGallery key (Seller Console > App Tools > Key Management), e.g. KEY=my-key npm start.',
    );
  }
  const port = integer(env, 'PORT', 3000, 65_535);
  const host = env['HOST'] || '127.0.0.1';
  const shownHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  const asyncSetting = (env['ASYNC_PROVISIONING'] ?? 'none').trim();
  let asyncProvisioning: SellerAppOptions['asyncProvisioning'];
  if (asyncSetting === '' || asyncSetting === 'none') asyncProvisioning = false;
  else if (asyncSetting === 'all') asyncProvisioning = true;
  else if (asyncSetting === 'test') asyncProvisioning = (request) => request.testFlag;
  else {
    const products = new Set(
      asyncSetting
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    );
    asyncProvisioning = (request) =>
      [request.product?.productId, request.product?.skuCode].some(
        (id) => id !== undefined && products.has(id),
      );
  }

  const openApi = ['OPEN_API_URL', 'OPEN_API_AK', 'OPEN_API_SK'].map((name) => env[name] || undefined);
  const [baseURL, ak, sk] = openApi;
  const given = openApi.filter((v) => v !== undefined).length;
  if (given !== 0 && given !== 3) {
    throw new ConfigError(
      'Set all of OPEN_API_URL, OPEN_API_AK and OPEN_API_SK to look orders up, or none of them.',
    );
  }
  if (given === 0 && typeof asyncProvisioning === 'function' && asyncSetting !== 'test') {
    throw new ConfigError(
      'ASYNC_PROVISIONING lists products, which are only known from the order query: set OPEN_API_URL, OPEN_API_AK ' +
        'and OPEN_API_SK, or use ASYNC_PROVISIONING=all / test / none.',
    );
  }
  const options: SellerAppOptions = {
    accessKey,
    dbPath: env['DB_PATH'] || 'seller.sqlite',
    appBaseUrl: env['APP_BASE_URL'] || `http://${shownHost}:${port}`,
    asyncProvisioning,
    provisioningDelayMs: integer(env, 'PROVISIONING_DELAY_MS', 5_000, 86_400_000),
  };
  if (env['PRODUCTION_PATH']) options.productionPath = env['PRODUCTION_PATH'];
  if (baseURL !== undefined && ak !== undefined && sk !== undefined) {
    const client = createClient({ accessKey: ak, secretKey: sk, baseURL });
    options.orderLookup = (query) => client.orders.query(query);
  }
  return { options, port, host };
}
