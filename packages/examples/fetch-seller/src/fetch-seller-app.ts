// createFetchSellerApp: the example seller as a Hono application — a Fetch API `(Request) => Promise<Response>`
// that runs on Node (through ./node-bridge), Deno, Bun or Cloudflare Workers.
import { Hono } from 'hono';
import {
  ConfigError,
  createInstanceIdempotency,
  createMemoryIdempotencyStore,
  createProductionHandler,
} from '@koogallery-kit/sdk';
import type { HandlerLogger, IdempotencyStore, NonceStore, ProductionHandler } from '@koogallery-kit/sdk';
import { createFetchHandler } from '@koogallery-kit/sdk/fetch';
import { createProductionHandlers } from './production-handlers';
import { createMemoryTenantDirectory } from './tenant-directory';
import type { TenantDirectory } from './tenant-directory';
import { renderTenantPage } from './tenant-page';

/** Options of {@link createFetchSellerApp}. */
export interface FetchSellerOptions {
  /** The KooGallery key (Seller Console > App Tools > Key Management): verifies calls, signs answers. Required. */
  accessKey: string;
  /** Path of the production interfaces (the production URL's path). Default `'/koogallery/produce'`. */
  productionPath?: string;
  /**
   * Base of the URLs reported to buyers (`<appBaseUrl>/t/<instanceId>` and `…/admin`, served by this app), at most
   * 400 characters. Default `'http://127.0.0.1:3000'`.
   */
  appBaseUrl?: string;
  /** Where tenants live. Default: in memory ({@link createMemoryTenantDirectory}). */
  tenants?: TenantDirectory;
  /** Where newInstance claims live (shared by replicas: the SDK's Redis store). Default: the SDK's memory store. */
  idempotencyStore?: IdempotencyStore;
  /** Replay protection shared by replicas. Default: the SDK's memory nonce store. */
  nonceStore?: NonceStore;
  /** Clock in epoch ms (signature window, records). Default `Date.now`. */
  now?: () => number;
  /** Where the production handler logs. Default: the SDK's (errors and warnings to the console). */
  logger?: HandlerLogger;
}

/** The example seller. */
export interface FetchSellerApp {
  /** The Hono application (mount it in a bigger one with `app.route('/', seller.app)`). */
  readonly app: Hono;
  /** The Fetch entry point: `export default { fetch: seller.fetch }` on Workers, `Deno.serve(seller.fetch)`. */
  readonly fetch: (request: Request) => Promise<Response>;
  /** The SDK's framework-neutral production handler inside. */
  readonly handler: ProductionHandler;
  readonly tenants: TenantDirectory;
  /** Normalised path of the production interfaces. */
  readonly productionPath: string;
}

const MAX_APP_BASE_URL = 400;

function checkOptions(options: FetchSellerOptions): { productionPath: string; appBaseUrl: string } {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError('createFetchSellerApp needs options: { accessKey }.');
  }
  if (typeof options.accessKey !== 'string' || options.accessKey === '') {
    throw new ConfigError(
      'createFetchSellerApp: accessKey is required — the key from Seller Console > App Tools > Key Management.',
    );
  }
  const productionPath = (options.productionPath ?? '/koogallery/produce').replace(/\/+$/, '');
  if (!/^\/[^?#\s]+$/.test(productionPath)) {
    throw new ConfigError(
      `createFetchSellerApp: productionPath must be a path below the root such as '/koogallery/produce', got ${JSON.stringify(options.productionPath)}.`,
    );
  }
  const appBaseUrl = (options.appBaseUrl ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  let protocol = '';
  try {
    protocol = new URL(appBaseUrl).protocol;
  } catch {
    protocol = '';
  }
  if (!/^https?:$/.test(protocol) || appBaseUrl.length > MAX_APP_BASE_URL) {
    throw new ConfigError(
      `createFetchSellerApp: appBaseUrl must be an absolute http(s) URL of at most ${MAX_APP_BASE_URL} characters, got ${JSON.stringify(options.appBaseUrl)}.`,
    );
  }
  for (const name of ['now', 'tenants', 'idempotencyStore', 'nonceStore', 'logger'] as const) {
    const value = options[name];
    const expected = name === 'now' ? 'function' : 'object';
    if (value !== undefined && (value === null || typeof value !== expected)) {
      throw new ConfigError(
        `createFetchSellerApp: ${name} must be ${expected === 'function' ? 'a function' : 'an object'}.`,
      );
    }
  }
  return { productionPath, appBaseUrl };
}

/**
 * Builds the Fetch example seller: every V2 production interface (newInstance idempotent per order line,
 * queryInstance, refreshInstance, freeze/unfreeze, idempotent release, upgradeInstance, changeInstanceCheck,
 * orderNotify) through the SDK's `createFetchHandler`, plus the tenant pages the reported URLs point at and
 * `/healthz`.
 *
 * Header case: a Fetch `Response` lower-cases header names (`body-sign`), and the platform's checker wants
 * `Body-Sign` exactly. Serve it with ./node-bridge on Node (which writes `Body-Sign`); on other runtimes check
 * what goes on the wire with the mock marketplace (see README).
 *
 * @throws ConfigError for a missing key or an invalid option.
 * @example
 * const seller = createFetchSellerApp({ accessKey: process.env.KEY! });
 * const server = await serveFetch(seller.fetch, { port: 3000 });
 */
export function createFetchSellerApp(options: FetchSellerOptions): FetchSellerApp {
  const { productionPath, appBaseUrl } = checkOptions(options);
  const now = options.now ?? Date.now;
  const tenants = options.tenants ?? createMemoryTenantDirectory();
  const idempotency = createInstanceIdempotency({
    store: options.idempotencyStore ?? createMemoryIdempotencyStore({ now }),
    now,
  });
  const handler = createProductionHandler({
    accessKey: options.accessKey,
    now,
    ...(options.nonceStore === undefined ? {} : { nonceStore: options.nonceStore }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    handlers: createProductionHandlers({ tenants, idempotency, appBaseUrl, now }),
  });
  const handle = createFetchHandler(handler);

  const app = new Hono();
  // The untouched Request goes to the SDK: nothing may read its body first (the signature covers the raw bytes).
  // The sub-paths carry the kit interfaces (`<production URL>/produceAPI/v2/<name>`).
  app.all(productionPath, (c) => handle(c.req.raw));
  app.all(`${productionPath}/*`, (c) => handle(c.req.raw));
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/t/:instanceId', (c) => tenantPage(c.req.param('instanceId'), false));
  app.get('/t/:instanceId/admin', (c) => tenantPage(c.req.param('instanceId'), true));

  function tenantPage(instanceId: string, admin: boolean): Response {
    const page = renderTenantPage(tenants.get(instanceId), { instanceId, admin });
    return new Response(page.html, {
      status: page.status,
      headers: { 'Content-Type': 'text/html;charset=UTF-8' },
    });
  }

  return { app, fetch: async (request) => app.fetch(request), handler, tenants, productionPath };
}
