/** `createClient`: the KooGallery Open API client (orders, usage, licences, assets) on axios. */
import { ConfigError } from '../errors';
import {
  checkNumber,
  defaultSleep,
  normalizeBaseUrls,
  optionalFunction,
  requireKey,
} from '../util/option-checks';
import { checkRetryPolicy } from './retry-policy';
import { createAssetsApi } from './assets-api';
import type { AssetsApi } from './assets-api';
import { REGION_BASE_URLS, isRegion } from './hosts';
import type { Region } from './hosts';
import { createHttpInstance } from './http-instance';
import type { ClientAgent } from './http-instance';
import { createLicensesApi } from './licenses-api';
import type { LicensesApi } from './licenses-api';
import type { ClientLogger } from './logger';
import { createOrdersApi } from './orders-api';
import type { OrdersApi } from './orders-api';
import { createRequestExecutor } from './request-executor';
import type { RetryPolicyOptions } from './retry-policy';
import { createUsageApi } from './usage-api';
import type { UsageApi } from './usage-api';

/** Default deadline of one attempt, in ms. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Default number of retries after the first attempt. */
export const DEFAULT_MAX_RETRIES = 2;

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** APIG access key id (AK) of the seller account (console: My Credentials > Access Keys). */
  accessKey: string;
  /** APIG secret access key (SK) paired with `accessKey`. Never logged, never in an error. */
  secretKey: string;
  /**
   * Key signing the usage push (new), §7.4: your **KooGallery key** (Seller Console > App Tools > Key
   * Management), the secret your production interface verifies platform calls with — not the APIG SK.
   * The documentation only says "key"; the protocol reference reads it as that key (§15 item 17), so there
   * is deliberately no default: without it `usage.push` throws ConfigError and every other API works.
   */
  usageKey?: string;
  /**
   * Base URL(s) of the Open APIs, e.g. the mock marketplace `http://127.0.0.1:4010`. Several URLs are tried
   * in order when one is unreachable. Default: the hosts of `region`.
   */
  baseURL?: string | readonly string[];
  /**
   * KooGallery site: `cn` (`https://mkt.myhuaweicloud.com`, falling back to `https://mkt.myhuaweicloud.cn`
   * when the `.com` host is unreachable), `intl` or `eu`. Default `cn`. Ignored when `baseURL` is set.
   */
  region?: Region;
  /** Deadline of one attempt in ms; each retry gets its own. Default 10 000. */
  timeoutMs?: number;
  /** Retries after the first attempt (0 disables retrying). Default 2. */
  maxRetries?: number;
  /** Backoff tunables (base / max delay, longest honoured Retry-After). */
  retry?: RetryPolicyOptions;
  /**
   * Agent for every request (keep-alive, proxy, private CA). An agent with `rejectUnauthorized: false` is
   * refused with ConfigError: certificates are always verified.
   */
  httpAgent?: ClientAgent;
  /** Clock in epoch ms: `X-Sdk-Date`, usage `ts`, the 21-day check. Default `Date.now`. */
  now?: () => number;
  /** Waits between retries. Default: a `setTimeout` promise. */
  sleep?: (ms: number) => Promise<void>;
  /** Uniform random in [0, 1) for the backoff jitter. Default `Math.random`. */
  random?: () => number;
  /** Receives one line per attempt, retry and host fallback (never headers, bodies or secrets). */
  logger?: ClientLogger;
}

/** The Open API client. */
export interface KooGalleryClient {
  /** Order query (§8.3). */
  readonly orders: OrdersApi;
  /** Usage push (new) (§8.4). */
  readonly usage: UsageApi;
  /** Licence activation and query (§8.6, §8.7). */
  readonly licenses: LicensesApi;
  /** Deployed objects of assets (§8.8). */
  readonly assets: AssetsApi;
  /** The base URLs in the order they are tried. */
  readonly baseUrls: readonly string[];
}

/**
 * Create an Open API client. Every request is AK/SK-signed (`SDK-HMAC-SHA256`), except the usage push which
 * carries the key-based `ts`/`nonce`/`signature` headers.
 *
 * @throws ConfigError for a missing or malformed option (the message names the option, never its value).
 * @example
 * const client = createClient({ accessKey: process.env.HW_AK!, secretKey: process.env.HW_SK! });
 * const order = await client.orders.query({ orderId: 'MOCKPERIODYEARNEW' });
 */
export function createClient(options: ClientOptions): KooGalleryClient {
  if (options === null || typeof options !== 'object')
    throw new ConfigError('createClient needs an options object.');
  const accessKey = requireKey(
    'accessKey',
    options.accessKey,
    'the APIG access key id (AK) of the seller account.',
  ) as string;
  const secretKey = requireKey(
    'secretKey',
    options.secretKey,
    'the APIG secret access key (SK) paired with accessKey.',
  ) as string;
  const usageKey = requireKey(
    'usageKey',
    options.usageKey,
    'your KooGallery key (Key Management in the Seller Console).',
    true,
  );
  if (options.region !== undefined && !isRegion(options.region)) {
    throw new ConfigError(
      `region must be 'cn', 'intl' or 'eu', got ${JSON.stringify(String(options.region))}.`,
    );
  }
  const baseUrls =
    options.baseURL !== undefined
      ? normalizeBaseUrls(options.baseURL)
      : [...REGION_BASE_URLS[options.region ?? 'cn']];
  const timeoutMs = checkNumber(
    'timeoutMs',
    options.timeoutMs,
    { min: 1, max: 600_000, integer: false },
    DEFAULT_TIMEOUT_MS,
  );
  const maxRetries = checkNumber(
    'maxRetries',
    options.maxRetries,
    { min: 0, max: 10, integer: true },
    DEFAULT_MAX_RETRIES,
  );
  const now = optionalFunction<() => number>('now', options.now, Date.now);
  const sleep = optionalFunction<(ms: number) => Promise<void>>('sleep', options.sleep, defaultSleep);
  const random = optionalFunction<() => number>('random', options.random, Math.random);
  const retryPolicy = checkRetryPolicy(options.retry);
  const http = createHttpInstance({
    httpAgent: options.httpAgent,
    usesHttps: baseUrls.some((u) => u.startsWith('https:')),
  });
  const executor = createRequestExecutor({
    http,
    baseUrls,
    timeoutMs,
    maxRetries,
    retryPolicy,
    now,
    sleep,
    random,
    logger: options.logger,
    secrets: [secretKey, accessKey, ...(usageKey ? [usageKey] : [])],
  });
  const credentials = { accessKey, secretKey };
  return Object.freeze({
    orders: createOrdersApi(executor, credentials),
    usage: createUsageApi(executor, { usageKey, now }),
    licenses: createLicensesApi(executor, credentials),
    assets: createAssetsApi(executor, credentials),
    baseUrls: Object.freeze([...baseUrls]),
  });
}
