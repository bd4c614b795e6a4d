// Options of createSellerApp, with their defaults and checks.
import { ConfigError } from '@koogallery-kit/sdk';
import type { HandlerLogger, NonceStore, OrderInfo } from '@koogallery-kit/sdk';
import type { ProductDetails } from './instance-store';

/** The order-query lookup: resolves the order (the V2 production calls carry only its ids). */
export type OrderLookup = (query: { orderId: string; orderLineId: string }) => Promise<OrderInfo>;

/** A newInstance the seller is about to provision. */
export interface ProvisioningRequest {
  orderId: string;
  orderLineId: string;
  /** A debugging call from the seller console. */
  testFlag: boolean;
  /** The ordered product, when an {@link SellerAppOptions.orderLookup} is configured. */
  product?: ProductDetails;
}

/** Options of `createSellerApp`. */
export interface SellerAppOptions {
  /** The KooGallery key (Seller Console > App Tools > Key Management): verifies calls, signs answers. Required. */
  accessKey: string;
  /** The SQLite file holding the seller's state, created when missing; `':memory:'` for throwaway state. Required. */
  dbPath: string;
  /** Where the production interfaces are mounted (the production URL's path). Default `'/koogallery/produce'`. */
  productionPath?: string;
  /**
   * Base of the URLs reported to buyers: `frontEndUrl` = `<appBaseUrl>/t/<instanceId>`, `adminUrl` =
   * `<appBaseUrl>/t/<instanceId>/admin` (this app serves both). At most 400 characters, so the reported URLs
   * stay within the protocol's 512. Default `'http://127.0.0.1:3000'`.
   */
  appBaseUrl?: string;
  /**
   * Looks orders up with the order-query Open API, e.g. `(q) => client.orders.query(q)` with an SDK `createClient`.
   * With it, instances record their product (productId, skuCode, quantity, expiry) on newInstance,
   * upgradeInstance and refreshInstance (trial to formal, renewal change). Default: none — only the ids the
   * production calls carry are recorded.
   */
  orderLookup?: OrderLookup;
  /**
   * Which newInstance calls are provisioned asynchronously: answered `000004` at once, the instance reported by
   * queryInstance once ready. `true` for all, or a predicate (e.g. on `product.productId`, which needs
   * `orderLookup`). Default `false`.
   */
  asyncProvisioning?: boolean | ((request: ProvisioningRequest) => boolean);
  /** How long an asynchronous provisioning takes, ms. Default `5_000`. */
  provisioningDelayMs?: number;
  /** How often due provisionings are completed in the background, ms; `0` = only when queried. Default `1_000`. */
  provisioningPollMs?: number;
  /** Allowed clock distance of the platform's timestamps, ms. Default `60_000` (the SDK's). */
  toleranceMs?: number;
  /** Replay protection shared by several replicas (e.g. the SDK's Redis store). Default: the SDK's memory store. */
  nonceStore?: NonceStore;
  /** Clock in epoch ms, for signatures and provisioning. Default `Date.now`. */
  now?: () => number;
  /** Where the production handler logs. Default: the SDK's (errors and warnings to the console). */
  logger?: HandlerLogger;
}

/** {@link SellerAppOptions} with every default applied. */
export interface ResolvedSellerOptions {
  accessKey: string;
  dbPath: string;
  productionPath: string;
  appBaseUrl: string;
  orderLookup: OrderLookup | undefined;
  isAsync: (request: ProvisioningRequest) => boolean;
  provisioningDelayMs: number;
  provisioningPollMs: number;
  toleranceMs: number | undefined;
  nonceStore: NonceStore | undefined;
  now: () => number;
  logger: HandlerLogger | undefined;
}

const MAX_APP_BASE_URL = 400;

function nonNegative(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(
      `createSellerApp: ${name} must be a number of milliseconds ≥ 0, got ${typeof value === 'number' ? value : JSON.stringify(value)}.`,
    );
  }
  return value;
}

function optionalFunction<T>(name: string, value: unknown): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw new ConfigError(`createSellerApp: ${name} must be a function.`);
  return value as T;
}

/**
 * Applies the defaults and checks every option.
 * @throws ConfigError naming the option and what to pass instead.
 */
export function resolveSellerOptions(options: SellerAppOptions): ResolvedSellerOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError('createSellerApp needs options: { accessKey, dbPath }.');
  }
  if (typeof options.accessKey !== 'string' || options.accessKey === '') {
    throw new ConfigError(
      'createSellerApp: accessKey is required — the key from Seller Console > App Tools > Key Management.',
    );
  }
  if (typeof options.dbPath !== 'string' || options.dbPath.trim() === '') {
    throw new ConfigError("createSellerApp: dbPath is required — a SQLite file path, or ':memory:'.");
  }
  const productionPath = options.productionPath ?? '/koogallery/produce';
  if (typeof productionPath !== 'string' || !/^\/[^?#\s]*$/.test(productionPath) || productionPath === '/') {
    throw new ConfigError(
      `createSellerApp: productionPath must be a path below the root such as '/koogallery/produce', got ${JSON.stringify(productionPath)}.`,
    );
  }
  const appBaseUrl = (options.appBaseUrl ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  let parsed: URL | undefined;
  try {
    parsed = new URL(appBaseUrl);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || !/^https?:$/.test(parsed.protocol) || appBaseUrl.length > MAX_APP_BASE_URL) {
    throw new ConfigError(
      `createSellerApp: appBaseUrl must be an absolute http(s) URL of at most ${MAX_APP_BASE_URL} characters, got ${JSON.stringify(options.appBaseUrl)}.`,
    );
  }
  const asyncOption = options.asyncProvisioning ?? false;
  if (typeof asyncOption !== 'boolean' && typeof asyncOption !== 'function') {
    throw new ConfigError('createSellerApp: asyncProvisioning must be true, false or a predicate function.');
  }
  const now = optionalFunction<() => number>('now', options.now) ?? Date.now;
  return {
    accessKey: options.accessKey,
    dbPath: options.dbPath,
    productionPath: productionPath.replace(/\/+$/, ''),
    appBaseUrl,
    orderLookup: optionalFunction<OrderLookup>('orderLookup', options.orderLookup),
    isAsync: typeof asyncOption === 'function' ? asyncOption : () => asyncOption,
    provisioningDelayMs: nonNegative('provisioningDelayMs', options.provisioningDelayMs, 5_000),
    provisioningPollMs: nonNegative('provisioningPollMs', options.provisioningPollMs, 1_000),
    toleranceMs: options.toleranceMs,
    nonceStore: options.nonceStore,
    now,
    logger: options.logger,
  };
}
