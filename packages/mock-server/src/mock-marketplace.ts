/**
 * `createMockMarketplace`: the whole mock in one call, for test runners and embedding — engine, store, business
 * clock, delivery to the seller over undici, and the HTTP server (admin API, Open API mount, console) on
 * 127.0.0.1 with a free port by default. The buyer actions and job controls delegate to the engine.
 *
 * ```ts
 * const market = await createMockMarketplace({ sellerUrl: 'http://127.0.0.1:8080/produce', accessKey });
 * const order = market.purchase({ productCode: 'crm', autoPay: true });
 * await market.flush();                 // newInstance is delivered now
 * await market.advance('32d');          // expiry → FREEZE, on the virtual clock
 * console.log(market.jobs(), market.attempts());
 * await market.close();
 * ```
 */
import type { RequestHandler } from 'express';
import { ConfigError } from '@koogallery-kit/sdk';
import { redactSecret, type Transport } from '@koogallery-kit/sdk/platform';
import { MOCK_VERSION } from './config/version';
import { createDeliverer, createUnconfiguredDeliverer } from './delivery/deliverer';
import { formatEngineEvent } from './delivery/attempt-log';
import { describeTarget } from './delivery/network-errors';
import { createUndiciTransport, type UndiciTransport } from './delivery/undici-transport';
import {
  createVirtualClock,
  toEpochMs,
  type AdvanceReport,
  type Clock,
  type VirtualClock,
} from './engine/time/clock';
import { resumedBusinessTime } from './engine/time/clock-origin';
import type { DeliverFn } from './engine/model/types';
import { isPositiveInt } from './engine/model/input-issues';
import { createMarketEngine, type JobView, type MarketEngine, type RestartOptions } from './engine/engine';
import { DEFAULT_TENANT_DOMAIN, type MarketEngineOptions } from './engine/engine-options';
import type { LifecycleActions } from './engine/lifecycle/lifecycle';
import { createRealClock, type RealClock } from './engine/time/real-clock';
import type {
  AttemptRecord,
  InstanceRecord,
  JobRecord,
  OrderRecord,
  OutboxMessage,
} from './engine/model/types';
import type { MockConfigurationView } from './http/admin/config-routes';
import { parseDuration } from './config/duration';
import { createKeyProof } from './http/admin/key-proof';
import { createMockApp, type MockApp } from './http/create-app';
import { createOAuthRouter } from './http/oauth';
import {
  DEMO_OPEN_API_CREDENTIALS,
  createOpenApiRouter,
  type OpenApiCredentials,
  type OpenApiRateLimit,
} from './http/open-api';
import { HttpError, HttpErrorCodes } from './http/errors';
import { listenHttp, type HttpListener } from './http/listen';
import { createMemoryStore } from './store/memory-store';
import { createSqliteStore, type SqliteMarketStore } from './store/sqlite-store';
import type { AttemptFilter, InstanceFilter, JobFilter, MarketStore, OrderFilter } from './store/types';

/** Engine settings a marketplace passes through (see `MarketEngineOptions`). */
export type MockEngineSettings = Omit<MarketEngineOptions, 'store' | 'clock' | 'deliver' | 'secrets'>;

/** Options of {@link createMockMarketplace}. */
export interface MockMarketplaceOptions {
  /** The seller's production URL. Without it every attempt is recorded as UNREACHABLE ("no seller URL configured"). */
  sellerUrl?: string;
  /** Key of the basic interfaces (required with `sellerUrl`). */
  accessKey?: string;
  /** Key of the kit interfaces. Default: `accessKey`. */
  kitAccessKey?: string;
  /** Per-attempt time-out in ms. Default 5000 (the console's limit is 20 000). */
  timeoutMs?: number;
  /** A slower reply is judged TIME_LIMIT. Default 20 000. */
  timeLimitMs?: number;
  /** How calls are sent. Default: a new undici transport, closed with the marketplace. */
  transport?: Transport;
  /** Replaces the whole delivery (sellerUrl, keys, transport are then unused). For tests of the engine. */
  deliver?: DeliverFn;

  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 picks a free one. Default 0. */
  port?: number;
  /** Token every admin call must carry. Default: none. */
  adminToken?: string;
  /**
   * Host names the admin API and the console answer to besides IP addresses, `localhost` and `host` (DNS
   * rebinding guard): the names of a shared instance behind a proxy or in a container network. A leading dot
   * allows every subdomain. Default: none.
   */
  allowedHosts?: string[];
  /** Console directory; null = no console. Default: the packaged console, if built. */
  consoleDir?: string | null;
  /**
   * The emulated Open APIs (§8) under `/api/mkp-openapi-public/`: the AK/SK pair their gateway accepts
   * (`--ak` / `--sk`; default `DEMO_OPEN_API_CREDENTIALS`), the key usage pushes are signed with (default:
   * `accessKey`, else the demo key) and an optional rate limit. `enabled: false` leaves them out.
   */
  openApi?: {
    accessKey?: string;
    secretKey?: string;
    usageKey?: string;
    rateLimit?: OpenApiRateLimit | null;
    enabled?: boolean;
  };
  /** The joint-operations login (§5) at `/api/v1/oauth2/*`. Default enabled; tenants' domainName = the mock's URL. */
  oauth?: { enabled?: boolean };
  /**
   * Exports (`/__admin/exports`): `delayMs` = wall-clock ms each file takes to generate at least, to test a
   * client's polling (default 0); `maxRows` = most rows one export holds, more fail it (default 1 048 575).
   */
  exports?: { delayMs?: number; maxRows?: number };
  /** Extra routers to mount ahead of the 404 fallback (Open API, OAuth…). */
  routers?: Array<{ path: string; router: RequestHandler }>;

  /** Custom store (closed by its owner). Takes precedence over `db`. */
  store?: MarketStore;
  /** SQLite file (created when missing) or `:memory:`. Default: an in-memory store (nothing persists). */
  db?: string;

  /** `virtual` (moves by API; default), `real` (wall time × `timeScale`) or a clock instance. */
  clock?: 'virtual' | 'real' | Clock;
  /**
   * Business time of a new store on the virtual clock (epoch ms, Date or ISO). Default: the wall time now. A store
   * that already holds a business time resumes it (a later `startAt` moves it forward; it never goes back).
   */
  startAt?: number | string | Date;
  /** Business ms per wall ms of the real clock. Default 1. */
  timeScale?: number;

  /** Engine settings: catalog, seed, retry schedules, grace period, testFlag, probing… */
  engine?: MockEngineSettings;
  /** Receives the live log, one line per attempt and state change (secrets masked). Default: no log. */
  log?: (line: string) => void;
  /** Receives errors the mock survives (throwing listeners, failed clock passes, 500 answers). Default: ignore. */
  onError?: (error: unknown, context: string) => void;
  /** Wall clock (epoch ms) for signature timestamps and the default virtual start. Default `Date.now`. */
  wallNow?: () => number;
}

/** A running mock marketplace. Instance `ref` arguments take the mock ref (`I000001`) or the seller instanceId. */
export interface MockMarketplace extends LifecycleActions {
  /** Base URL, e.g. `http://127.0.0.1:53121`. */
  readonly url: string;
  /** `<url>/__admin`. */
  readonly adminUrl: string;
  readonly engine: MarketEngine;
  readonly clock: Clock;
  readonly store: MarketStore;
  /** The express app and its mount points. */
  readonly http: MockApp;
  readonly listener: HttpListener;

  createBuyer: MarketEngine['createBuyer'];
  orders(filter?: OrderFilter): OrderRecord[];
  order(orderId: string): OrderRecord;
  instances(filter?: InstanceFilter): InstanceRecord[];
  instance(ref: string): InstanceRecord;
  jobs(filter?: JobFilter): JobRecord[];
  job(id: string): JobView;
  attempts(filter?: AttemptFilter): AttemptRecord[];
  outbox(): OutboxMessage[];
  restartJob(id: string, options?: RestartOptions): Promise<JobView>;
  retryJobNow(id: string): Promise<JobView>;

  /** Virtual clock: moves forward by `by` (ms or `1h30m`), running every due job in order. */
  advance(by: number | string): Promise<AdvanceReport>;
  /** Virtual clock: moves to `time`, running everything due on the way. */
  advanceTo(time: number | string | Date): Promise<AdvanceReport>;
  /** Virtual clock: moves to the next due instant and runs it; null when nothing is scheduled. */
  advanceToNextJob(): Promise<AdvanceReport | null>;
  /** Runs whatever is due now (e.g. the newInstance right after a paid purchase). */
  flush(): Promise<void>;
  /** Resolves when no delivery is in flight. */
  idle(): Promise<void>;
  /** Deletes every order, instance, job, buyer and message. */
  reset(): Promise<void>;
  /** Stops the server, waits for deliveries in flight, closes what the marketplace opened. Idempotent. */
  close(): Promise<void>;
}

/** What `GET /__admin/config` shows for these options (secrets only as set or not). */
function configurationView(o: MockMarketplaceOptions, clock: Clock): MockConfigurationView {
  const protocol = o.engine?.protocol ?? 'v2';
  const delivery = o.deliver !== undefined ? 'custom' : o.sellerUrl === undefined ? 'none' : 'seller';
  const set = (v: string | undefined): string | null => (v === undefined ? null : redactSecret(v));
  const ownOpenApi = o.openApi?.accessKey !== undefined;
  return {
    name: 'koogallery-mock',
    version: MOCK_VERSION,
    delivery,
    sellerUrl: delivery === 'seller' ? describeTarget(o.sellerUrl as string) : null,
    protocol,
    encryptType: protocol === 'v1' ? (o.engine?.v1?.encryptType ?? 1) : null,
    key: delivery === 'custom' ? null : set(o.accessKey),
    kitKey: delivery === 'custom' ? null : set(o.kitAccessKey),
    kitPublicKey: o.engine?.jointOperations?.encryptClientSecret !== undefined,
    timeoutMs: o.timeoutMs ?? 5_000,
    timeLimitMs: o.timeLimitMs ?? 20_000,
    clock:
      clock.kind === 'real'
        ? { kind: 'real', timeScale: (clock as RealClock).timeScale }
        : { kind: clock.kind },
    store: o.store !== undefined ? 'custom' : (o.db ?? 'memory'),
    adminToken: o.adminToken !== undefined,
    testFlag: o.engine?.testFlag ?? null,
    openApi: {
      enabled: o.openApi?.enabled !== false,
      accessKey: o.openApi?.enabled === false ? null : (o.openApi?.accessKey ?? DEMO_OPEN_API_CREDENTIALS.ak),
      secretKey: o.openApi?.enabled === false ? null : redactSecret(o.openApi?.secretKey),
      demoCredentials: o.openApi?.enabled !== false && !ownOpenApi,
    },
    oauth: { enabled: o.oauth?.enabled !== false },
  };
}

/**
 * The password of the seller URL's user-info (as written and decoded), masked like a key wherever it could
 * appear: the URL keeps it for the call, records and logs never show it.
 */
function sellerUrlPassword(sellerUrl: string | undefined): string[] {
  if (sellerUrl === undefined) return [];
  try {
    const { password } = new URL(sellerUrl);
    if (password === '') return [];
    try {
      return [password, decodeURIComponent(password)];
    } catch {
      return [password];
    }
  } catch {
    return [];
  }
}

/** Every problem with the options. */
function checkOptions(o: MockMarketplaceOptions): string[] {
  const problems: string[] = [];
  const str = (name: keyof MockMarketplaceOptions): void => {
    const v = o[name];
    if (v !== undefined && (typeof v !== 'string' || v === ''))
      problems.push(`${name}: must be a non-empty string`);
  };
  (['sellerUrl', 'accessKey', 'kitAccessKey', 'host', 'adminToken', 'db'] as const).forEach(str);
  if (o.deliver === undefined && o.sellerUrl !== undefined && o.accessKey === undefined) {
    problems.push('accessKey: required with sellerUrl (the key bound to the production interface)');
  }
  if (
    o.allowedHosts !== undefined &&
    (!Array.isArray(o.allowedHosts) || o.allowedHosts.some((h) => typeof h !== 'string' || h.trim() === ''))
  ) {
    problems.push('allowedHosts: must be an array of host names, e.g. ["mock.internal"]');
  }
  if (o.deliver !== undefined && typeof o.deliver !== 'function')
    problems.push('deliver: must be a function');
  if (o.transport !== undefined && typeof o.transport !== 'function')
    problems.push('transport: must be a Transport function');
  if (o.port !== undefined && (!Number.isInteger(o.port) || o.port < 0 || o.port > 65_535)) {
    problems.push('port: must be an integer from 0 to 65535');
  }
  if (o.timeoutMs !== undefined && (!isPositiveInt(o.timeoutMs) || o.timeoutMs > 600_000)) {
    problems.push('timeoutMs: must be an integer from 1 to 600000');
  }
  if (o.timeLimitMs !== undefined && !isPositiveInt(o.timeLimitMs))
    problems.push('timeLimitMs: must be a positive integer');
  if (
    o.clock !== undefined &&
    o.clock !== 'virtual' &&
    o.clock !== 'real' &&
    typeof o.clock?.now !== 'function'
  ) {
    problems.push('clock: must be "virtual", "real" or a Clock');
  }
  if (
    o.timeScale !== undefined &&
    (typeof o.timeScale !== 'number' || !Number.isFinite(o.timeScale) || o.timeScale <= 0)
  ) {
    problems.push('timeScale: must be a number > 0');
  }
  if (o.timeScale !== undefined && o.clock !== 'real')
    problems.push('timeScale: only applies to clock "real"');
  if (o.log !== undefined && typeof o.log !== 'function') problems.push('log: must be a function');
  if (o.routers !== undefined && !Array.isArray(o.routers))
    problems.push('routers: must be an array of { path, router }');
  if (o.openApi !== undefined) {
    if (o.openApi === null || typeof o.openApi !== 'object') problems.push('openApi: must be an object');
    else {
      for (const k of ['accessKey', 'secretKey', 'usageKey'] as const) {
        const v = o.openApi[k];
        if (v !== undefined && (typeof v !== 'string' || v === ''))
          problems.push(`openApi.${k}: must be a non-empty string`);
      }
      if ((o.openApi.accessKey === undefined) !== (o.openApi.secretKey === undefined)) {
        problems.push('openApi: give accessKey and secretKey together (or neither, for the demo pair)');
      }
    }
  }
  return problems;
}

/**
 * Creates and starts a mock marketplace (see module doc). Throws `ConfigError` listing every invalid option, or
 * naming the address that could not be bound.
 */
export async function createMockMarketplace(o: MockMarketplaceOptions = {}): Promise<MockMarketplace> {
  if (o === null || typeof o !== 'object')
    throw new ConfigError('createMockMarketplace options must be an object.');
  const problems = checkOptions(o);
  if (problems.length > 0) {
    throw new ConfigError(
      `Invalid mock marketplace options; fix these and try again:\n- ${problems.join('\n- ')}`,
    );
  }
  const wallNow = o.wallNow ?? Date.now;
  const secrets = [
    o.accessKey,
    o.kitAccessKey,
    o.adminToken,
    o.openApi?.secretKey,
    o.openApi?.usageKey,
    ...sellerUrlPassword(o.sellerUrl),
  ].filter((s): s is string => typeof s === 'string');
  const onError = o.onError ?? (() => undefined);

  // Resources opened here are closed here, also when a later step fails.
  const cleanups: Array<() => Promise<void> | void> = [];
  const cleanup = async (): Promise<void> => {
    for (const fn of cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch (error) {
        onError(error, 'closing the mock marketplace');
      }
    }
  };

  try {
    // The SQLite file's lock is taken first, before anything reads or writes the file (sqlite-store.ts).
    let store = o.store;
    let sqlite: SqliteMarketStore | undefined;
    if (store === undefined) {
      const created = o.db === undefined ? createMemoryStore() : (sqlite = createSqliteStore({ path: o.db }));
      store = created;
      cleanups.push(() => created.close());
    }

    // A store that already ran resumes its business time, whatever the clock was and is: the later of the last
    // time saved and where the saved real clock would be now (clock-origin.ts). Business time never goes back.
    let clock: Clock;
    const resumed = resumedBusinessTime(store, wallNow());
    if (o.clock === 'real') {
      const real = createRealClock({
        timeScale: o.timeScale,
        origin: resumed,
        wallNow,
        onError: (e) => onError(e, 'clock pass'),
      });
      cleanups.push(() => real.stop());
      clock = real;
    } else if (o.clock === undefined || o.clock === 'virtual') {
      // A new store starts at `startAt`, else at the wall time now; a later `startAt` moves a resumed one forward.
      const startAt = o.startAt === undefined ? undefined : toEpochMs(o.startAt, 'startAt');
      const start =
        resumed === undefined
          ? (startAt ?? Math.floor(wallNow() / 1000) * 1000)
          : Math.max(resumed, startAt ?? resumed);
      clock = createVirtualClock(start);
    } else clock = o.clock;

    let deliver = o.deliver;
    if (deliver === undefined) {
      if (o.sellerUrl === undefined) deliver = createUnconfiguredDeliverer();
      else {
        let transport = o.transport;
        if (transport === undefined) {
          const created: UndiciTransport = createUndiciTransport();
          transport = created;
          cleanups.push(() => created.close());
        }
        deliver = createDeliverer({
          sellerUrl: o.sellerUrl,
          accessKey: o.accessKey as string,
          kitAccessKey: o.kitAccessKey,
          transport,
          timeoutMs: o.timeoutMs,
          timeLimitMs: o.timeLimitMs,
          now: wallNow,
        });
      }
    }

    // Tenants synchronised by kit calls log in at the mock's own URL (known once it listens).
    const bound: { url?: string } = {};
    const jointOperations = {
      ...(o.engine?.jointOperations ?? {}),
      domainName: o.engine?.jointOperations?.domainName ?? (() => bound.url ?? DEFAULT_TENANT_DOMAIN),
    };
    const engine = createMarketEngine({
      ...(o.engine ?? {}),
      jointOperations,
      store,
      clock,
      deliver,
      secrets,
      onError: (error, context) => {
        o.engine?.onError?.(error, context);
        onError(error, context);
      },
    });
    if (o.log !== undefined) {
      const log = o.log;
      const tz = o.engine?.timeZoneOffsetMinutes ?? 480;
      const off = engine.events.onAny((event) => {
        const line = formatEngineEvent(event, { secrets, timeZoneOffsetMinutes: tz });
        if (line !== null) log(line);
      });
      cleanups.push(off);
    }
    cleanups.push(() => engine.close());

    const http = createMockApp({
      engine,
      adminToken: o.adminToken,
      allowedHosts: [...(o.allowedHosts ?? []), ...(o.host === undefined ? [] : [o.host])],
      consoleDir: o.consoleDir,
      exports: { ...o.exports, timeZoneOffsetMinutes: o.engine?.timeZoneOffsetMinutes ?? 480 },
      onInternalError: (error) => onError(error, 'admin request'),
      // A slow event-stream client that is disconnected is a warning of the live log (else reported).
      eventStream: {
        onWarning: (message) =>
          o.log !== undefined ? o.log(`warning: ${message}`) : onError(new Error(message), 'event stream'),
      },
      describe: () => ({
        sellerUrl:
          o.deliver !== undefined
            ? '(custom delivery)'
            : o.sellerUrl === undefined
              ? null
              : describeTarget(o.sellerUrl),
        timeoutMs: o.timeoutMs ?? 5_000,
        store: o.store !== undefined ? 'custom' : (o.db ?? 'memory'),
        adminToken: o.adminToken !== undefined,
      }),
      configuration: {
        view: () => configurationView(o, clock),
        proveKeys: (challenge) => ({
          key:
            o.deliver === undefined && o.accessKey !== undefined
              ? createKeyProof(o.accessKey, challenge)
              : null,
          kitKey:
            o.deliver === undefined && o.accessKey !== undefined
              ? createKeyProof(o.kitAccessKey ?? o.accessKey, challenge)
              : null,
        }),
      },
    });
    if (o.openApi?.enabled !== false) {
      const credentials: OpenApiCredentials = {
        ak: o.openApi?.accessKey ?? DEMO_OPEN_API_CREDENTIALS.ak,
        sk: o.openApi?.secretKey ?? DEMO_OPEN_API_CREDENTIALS.sk,
        usageKey: o.openApi?.usageKey ?? o.accessKey ?? DEMO_OPEN_API_CREDENTIALS.usageKey,
      };
      // The router answers the platform's full paths, so it is mounted at the root.
      http.mountOpenApi(
        createOpenApiRouter({ engine, credentials, rateLimit: o.openApi?.rateLimit ?? null }),
        '/',
      );
    }
    if (o.oauth?.enabled !== false) http.mount('/', createOAuthRouter({ engine }));
    for (const { path, router } of o.routers ?? []) http.mount(path, router);
    const listener = await listenHttp(http.app, {
      host: o.host,
      port: o.port,
      beforeClose: () => http.streams.closeAll(),
    });
    // Exports still waiting fail, files being written finish (after the server closed: no new exports).
    cleanups.push(() => http.exports.close());
    // The server closes first (requests in progress finish), then the engine (deliveries in flight finish).
    cleanups.push(() => listener.close());
    bound.url = listener.url;
    sqlite?.setOwnerPort(listener.port);

    const virtual = (): VirtualClock => {
      if (clock.kind !== 'virtual') {
        throw new HttpError(
          409,
          HttpErrorCodes.CLOCK_NOT_VIRTUAL,
          'This marketplace runs on the real clock; create it with clock: "virtual" to move time by API.',
        );
      }
      return clock as VirtualClock;
    };
    const duration = (by: number | string): number => {
      const parsed = parseDuration(by);
      if (!parsed.ok) throw new ConfigError(`advance(by): ${parsed.message} (got ${JSON.stringify(by)}).`);
      return parsed.ms;
    };

    let closed: Promise<void> | undefined;
    const market: MockMarketplace = {
      url: listener.url,
      adminUrl: `${listener.url}/__admin`,
      engine,
      clock,
      store,
      http,
      listener,
      purchase: (input) => engine.purchase(input),
      pay: (orderId) => engine.pay(orderId),
      cancelOrder: (orderId) => engine.cancelOrder(orderId),
      renew: (ref, input) => engine.renew(ref, input),
      trialToFormal: (ref, input) => engine.trialToFormal(ref, input),
      upgrade: (ref, input) => engine.upgrade(ref, input),
      renewWithChange: (ref, input) => engine.renewWithChange(ref, input),
      unsubscribe: (ref) => engine.unsubscribe(ref),
      unsubscribeRenewal: (ref) => engine.unsubscribeRenewal(ref),
      violationFreeze: (ref) => engine.violationFreeze(ref),
      violationUnfreeze: (ref) => engine.violationUnfreeze(ref),
      openResourcePage: (ref) => engine.openResourcePage(ref),
      recordUsage: (ref, value) => engine.recordUsage(ref, value),
      createBuyer: (input) => engine.createBuyer(input),
      orders: (filter) => engine.listOrders(filter),
      order: (orderId) => engine.getOrder(orderId),
      instances: (filter) => engine.listInstances(filter),
      instance: (ref) => engine.getInstance(ref),
      jobs: (filter) => engine.listJobs(filter),
      job: (id) => engine.getJob(id),
      attempts: (filter) => engine.listAttempts(filter),
      outbox: () => engine.outbox(),
      restartJob: (id, options) => engine.restartJob(id, options),
      retryJobNow: (id) => engine.retryJobNow(id),
      advance: async (by) => virtual().advance(duration(by)),
      advanceTo: async (time) => virtual().advanceTo(time),
      advanceToNextJob: async () => virtual().advanceToNextJob(),
      flush: () => engine.flush(),
      idle: () => engine.idle(),
      reset: () => engine.reset(),
      close() {
        closed ??= cleanup();
        return closed;
      },
    };
    return market;
  } catch (error) {
    await cleanup();
    throw error;
  }
}
