/**
 * Options of the marketplace engine, their defaults and their validation (every problem reported at once).
 */
import { ConfigError } from '@koogallery-kit/sdk';
import type { MarketStore } from '../store/types';
import type { CatalogData } from './model/catalog';
import type { Clock } from './time/clock';
import type { RandomSource } from './model/random';
import { resolveRetrySchedules } from './jobs/retry-schedules';
import type { DeliverFn, ProductionInterface, RetrySchedule } from './model/types';
import {
  resolveBusinessFlowOptions,
  type BusinessFlowOptions,
  type ResolvedBusinessFlowOptions,
} from './flow-timers/flow-options';
import {
  resolveSettlementOptions,
  type ResolvedSettlementOptions,
  type SettlementOptions,
} from './settlement/settlement-options';

/** Lifecycle probing of saved debug cases (§11.3). */
export interface ProbingOptions {
  /** Probe at all. Default true (only products with saved debug cases are probed). */
  enabled?: boolean;
  /** Minutes after business midnight at which probes run. Default [540, 900]: 09:00 and 15:00. */
  slotsMinutes?: number[];
  /** Consecutive failed days after which trading is frozen and the product hidden. Default 5 (§11.3). */
  freezeAfterDays?: number;
  /**
   * Consecutive failed days after which the product is delisted. The docs only say "continued failure"; the mock
   * assumes 10 days by default.
   */
  delistAfterDays?: number;
}

/** V1 mode settings (`protocol: 'v1'`). */
export interface V1ModeOptions {
  /**
   * The seller's key (the basic key the deliverer signs with). V1 encrypts the buyer's `mobilePhone`/`email` in
   * newInstance with it and the seller encrypts `appInfo.userName`/`password` with it (§7.6), which the engine
   * checks in every newInstance and queryInstance reply. Required.
   */
  accessKey: string;
  /** AES variant of the encrypted request fields: 1 = AES-256-CBC (default), 2 = AES-128-CBC. */
  encryptType?: 1 | 2;
}

/** Joint-operations (联营) settings: tenants, application credentials, users and departments (§4, §5). */
export interface JointOperationsOptions {
  /**
   * Encrypts an application credential's client secret for applicationSync with the seller's configured public
   * key (RSA-OAEP, §4.2), returning base64. The engine is pure, so the cipher is injected: use
   * `createClientSecretEncryptor(publicKeyPem)` from the mock's OAuth module. Without it, actions that send
   * applicationSync throw `ConfigError`.
   */
  encryptClientSecret?: (clientSecret: string) => string;
  /**
   * The tenants' unified-authentication domain (`domainName` of tenantSync, the `{domain_name}` of the login flow):
   * where the mock's OAuth router is reachable, e.g. `http://127.0.0.1:8787`. A function is asked each time a
   * tenant is created (the mock's URL may only be known after it listens). Default `http://127.0.0.1:8787`.
   */
  domainName?: string | ((tenant: { tenantId: string; tenantCode: string }) => string);
}

/** Options of `createMarketEngine`. */
export interface MarketEngineOptions {
  /** Where state lives (`createMemoryStore()` or `createSqliteStore({ path })`). */
  store: MarketStore;
  /** Business clock (`createVirtualClock()` or `createRealClock()`). */
  clock: Clock;
  /** Sends one attempt of a production call and judges the reply. The engine does no I/O itself. */
  deliver: DeliverFn;
  /** Products on sale. Default: `DEMO_CATALOG`. */
  catalog?: CatalogData;
  /**
   * Seed of the id generator (order ids, businessIds). Equal seeds on empty stores give equal ids. The
   * generator's position is saved in the store, so a reopened store continues the sequence. Default: the
   * saved position, else a random seed.
   */
  seed?: number | string;
  /** A custom random source instead of the seeded generator (its position is not saved). */
  random?: RandomSource;
  /** Per-interface retry schedules overriding `DEFAULT_RETRY_SCHEDULES`. */
  retrySchedules?: Partial<Record<ProductionInterface, RetrySchedule>>;
  /** Freeze (grace) period after expiry before release, in days, unless the buyer has its own. Default 15. */
  gracePeriodDays?: number;
  /** Attempts due at the same instant that may be in flight at once. Default 16. */
  concurrency?: number;
  /** `testFlag` added to every lifecycle call: null (omitted, production), "0" or "1". Default null. */
  testFlag?: '0' | '1' | null;
  /** Business time zone as minutes east of UTC (order-id dates, day/month keys, probe times). Default 480. */
  timeZoneOffsetMinutes?: number;
  /** Address of the simulated failure e-mails. Default `seller@example.com`. */
  sellerEmail?: string;
  /** A product with more failed orders than this in one month is delisted. Default 5 (§11.2). */
  failedOrdersDelistThreshold?: number;
  /** Renewal with change is possible only this many days before expiry. Default 30 (§1). */
  renewalChangeWindowDays?: number;
  /** Lifecycle probing settings. */
  probing?: ProbingOptions;
  /** Literal secrets (keys) masked wherever they appear in recorded requests and responses. */
  secrets?: string[];
  /** Receives errors the engine survives: throwing event listeners, failing clock passes. Default: ignore. */
  onError?: (error: unknown, context: string) => void;
  /**
   * Protocol generation of the lifecycle calls (§1): `'v2'` (default) sends the V2 basic interfaces; `'v1'` sends
   * the legacy V1 interfaces instead (GET with authToken, encrypted mobilePhone/email, `upgrade`,
   * `expireInstance`; see v1-calls.ts for the mapping and what V1 cannot express). Needs `v1.accessKey`.
   */
  protocol?: 'v1' | 'v2';
  /** V1 mode settings; required with `protocol: 'v1'`. */
  v1?: V1ModeOptions;
  /** Joint-operations settings (kit deliveries and the login's tenants). */
  jointOperations?: JointOperationsOptions;
  /** Business flows around an order: unpaid-order lifetime, supervision timers, auto-renewal, kit metrics. */
  businessFlows?: BusinessFlowOptions;
  /** Settlement: bill day, platform fee, minimum bill amount, transaction-detail timing, confirmation cut-off. */
  settlement?: SettlementOptions;
}

/** Options with every default applied. */
export interface ResolvedEngineOptions {
  retrySchedules: Readonly<Record<ProductionInterface, RetrySchedule>>;
  gracePeriodDays: number;
  concurrency: number;
  testFlag: '0' | '1' | null;
  timeZoneOffsetMinutes: number;
  sellerEmail: string;
  failedOrdersDelistThreshold: number;
  renewalChangeWindowDays: number;
  probing: Required<ProbingOptions>;
  secrets: string[];
  onError: (error: unknown, context: string) => void;
  protocol: 'v1' | 'v2';
  /** V1 settings (null in V2 mode). */
  v1: Required<V1ModeOptions> | null;
  jointOperations: {
    encryptClientSecret: ((clientSecret: string) => string) | null;
    domainName: (tenant: { tenantId: string; tenantCode: string }) => string;
  };
  businessFlows: ResolvedBusinessFlowOptions;
  settlement: ResolvedSettlementOptions;
}

/** Default tenant domain: the mock's default address. */
export const DEFAULT_TENANT_DOMAIN = 'http://127.0.0.1:8787';

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Applies defaults and validates; throws `ConfigError` listing every problem. */
export function resolveEngineOptions(o: MarketEngineOptions): ResolvedEngineOptions {
  const problems: string[] = [];
  if (o === null || typeof o !== 'object')
    throw new ConfigError('createMarketEngine needs an options object.');
  const store = o.store as Partial<MarketStore> | undefined;
  if (store == null || typeof store.transaction !== 'function') {
    problems.push('store: required (createMemoryStore() or createSqliteStore({ path }))');
  }
  const clock = o.clock as Partial<Clock> | undefined;
  if (clock == null || typeof clock.now !== 'function' || typeof clock.attach !== 'function') {
    problems.push('clock: required (createVirtualClock() or createRealClock())');
  }
  if (typeof o.deliver !== 'function')
    problems.push('deliver: required, a function (job, attemptNo) => outcome');
  if (o.seed !== undefined && typeof o.seed !== 'number' && typeof o.seed !== 'string') {
    problems.push('seed: must be a number or a string');
  }
  if (o.random !== undefined && typeof o.random?.next !== 'function')
    problems.push('random: must have next()');
  const grace = o.gracePeriodDays ?? 15;
  if (!isInt(grace) || grace < 0 || grace > 366)
    problems.push('gracePeriodDays: must be an integer from 0 to 366');
  const concurrency = o.concurrency ?? 16;
  if (!isInt(concurrency) || concurrency < 1 || concurrency > 1024) {
    problems.push('concurrency: must be an integer from 1 to 1024');
  }
  const testFlag = o.testFlag ?? null;
  if (testFlag !== null && testFlag !== '0' && testFlag !== '1')
    problems.push('testFlag: must be null, "0" or "1"');
  const tz = o.timeZoneOffsetMinutes ?? 480;
  if (!isInt(tz) || tz < -720 || tz > 840)
    problems.push('timeZoneOffsetMinutes: must be an integer from -720 to 840');
  const sellerEmail = o.sellerEmail ?? 'seller@example.com';
  if (typeof sellerEmail !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(sellerEmail)) {
    problems.push('sellerEmail: must be an e-mail address');
  }
  const threshold = o.failedOrdersDelistThreshold ?? 5;
  if (!isInt(threshold) || threshold < 0)
    problems.push('failedOrdersDelistThreshold: must be an integer ≥ 0');
  const window = o.renewalChangeWindowDays ?? 30;
  if (!isInt(window) || window < 1) problems.push('renewalChangeWindowDays: must be an integer ≥ 1');
  const p = o.probing ?? {};
  const probing: Required<ProbingOptions> = {
    enabled: p.enabled ?? true,
    slotsMinutes: [...(p.slotsMinutes ?? [540, 900])].sort((a, b) => a - b),
    freezeAfterDays: p.freezeAfterDays ?? 5,
    delistAfterDays: p.delistAfterDays ?? 10,
  };
  if (typeof probing.enabled !== 'boolean') problems.push('probing.enabled: must be a boolean');
  if (
    probing.slotsMinutes.length === 0 ||
    probing.slotsMinutes.some((m) => !isInt(m) || m < 0 || m >= 1440) ||
    new Set(probing.slotsMinutes).size !== probing.slotsMinutes.length
  ) {
    problems.push('probing.slotsMinutes: must list distinct whole minutes from 0 to 1439');
  }
  if (!isInt(probing.freezeAfterDays) || probing.freezeAfterDays < 1) {
    problems.push('probing.freezeAfterDays: must be an integer ≥ 1');
  }
  if (!isInt(probing.delistAfterDays) || probing.delistAfterDays < probing.freezeAfterDays) {
    problems.push('probing.delistAfterDays: must be an integer ≥ probing.freezeAfterDays');
  }
  const secrets = o.secrets ?? [];
  if (!Array.isArray(secrets) || secrets.some((s) => typeof s !== 'string')) {
    problems.push('secrets: must be an array of strings');
  }
  const protocol = o.protocol ?? 'v2';
  if (protocol !== 'v1' && protocol !== 'v2') problems.push('protocol: must be "v2" (default) or "v1"');
  let v1: Required<V1ModeOptions> | null = null;
  if (o.v1 !== undefined && (o.v1 === null || typeof o.v1 !== 'object')) {
    problems.push('v1: must be an object { accessKey, encryptType? }');
  } else if (protocol === 'v1') {
    const accessKey = o.v1?.accessKey;
    const encryptType = o.v1?.encryptType ?? 1;
    if (typeof accessKey !== 'string' || accessKey.length === 0) {
      problems.push(
        'v1.accessKey: required with protocol "v1" — the seller key that encrypts mobilePhone/email and appInfo',
      );
    }
    if (encryptType !== 1 && encryptType !== 2)
      problems.push('v1.encryptType: must be 1 (AES-256-CBC) or 2 (AES-128-CBC)');
    v1 = { accessKey: accessKey as string, encryptType };
  }
  const joint = o.jointOperations ?? {};
  if (joint === null || typeof joint !== 'object') problems.push('jointOperations: must be an object');
  const encrypt = joint?.encryptClientSecret;
  if (encrypt !== undefined && typeof encrypt !== 'function') {
    problems.push('jointOperations.encryptClientSecret: must be a function (clientSecret) => base64');
  }
  const domain = joint?.domainName ?? DEFAULT_TENANT_DOMAIN;
  if (typeof domain === 'string' && !/^https?:\/\/[^\s/?#]+(?:\/[^\s?#]*)?$/.test(domain)) {
    problems.push(
      'jointOperations.domainName: must be an absolute http(s) URL without query, e.g. https://tenant.example.com',
    );
  } else if (typeof domain !== 'string' && typeof domain !== 'function') {
    problems.push('jointOperations.domainName: must be a URL or a function returning one');
  }
  const businessFlows = resolveBusinessFlowOptions(o.businessFlows, problems);
  const settlement = resolveSettlementOptions(o.settlement, problems);
  let retrySchedules: ResolvedEngineOptions['retrySchedules'] | undefined;
  try {
    retrySchedules = resolveRetrySchedules(o.retrySchedules);
  } catch (error) {
    problems.push((error as Error).message.replace(/^[^\n]*\n- /, '').replace(/\n- /g, '; '));
  }
  if (problems.length > 0 || retrySchedules === undefined) {
    throw new ConfigError(`Invalid engine options; fix these and try again:\n- ${problems.join('\n- ')}`);
  }
  return {
    retrySchedules,
    gracePeriodDays: grace,
    concurrency,
    testFlag,
    timeZoneOffsetMinutes: tz,
    sellerEmail,
    failedOrdersDelistThreshold: threshold,
    renewalChangeWindowDays: window,
    probing,
    secrets: v1 !== null && !secrets.includes(v1.accessKey) ? [...secrets, v1.accessKey] : secrets,
    onError: o.onError ?? (() => undefined),
    protocol,
    v1,
    jointOperations: {
      encryptClientSecret: typeof encrypt === 'function' ? encrypt : null,
      domainName: typeof domain === 'function' ? domain : () => domain,
    },
    businessFlows,
    settlement,
  };
}
