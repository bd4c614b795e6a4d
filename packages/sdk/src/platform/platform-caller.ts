import { ConfigError } from '../errors';
import { INTERFACES, type InterfaceName, type InterfaceRequest } from '../schemas';
import { createAxiosTransport } from './axios-transport';
import { buildProductionCall, parseSellerUrl } from './build-production-call';
import { fillCallDefaults } from './call-defaults';
import { judgeFailure } from './judge-failure';
import { PLATFORM_TIME_LIMIT_MS, judgeReply } from './judge-reply';
import { redactCall } from './redact-call';
import type { ProductionCall, Transport, TransportReply, Verdict } from './types';

/** Default time a {@link PlatformCaller} waits for a reply: 5 s (the stricter of the documented limits, §15). */
export const DEFAULT_CALL_TIMEOUT_MS = 5_000;

/** Most instance ids one queryInstance call may carry (§3.2). */
export const MAX_QUERY_INSTANCE_IDS = 100;

/** Options of {@link createPlatformCaller}. */
export interface PlatformCallerOptions {
  /** The seller's registered production URL (absolute). Kit calls go to `<sellerUrl>/produceAPI/v2/<name>`. */
  sellerUrl: string;
  /** Key of the basic (and licence, V1) interfaces: signs requests and checks the replies' Body-Sign. */
  accessKey: string;
  /** Key of the kit interfaces when it differs from the basic key (§15 item 5a). Default: `accessKey`. */
  kitAccessKey?: string;
  /** How long to wait for a complete reply, in milliseconds. Default {@link DEFAULT_CALL_TIMEOUT_MS} (5000). */
  timeoutMs?: number;
  /** A slower reply is judged TIME_LIMIT. Default {@link PLATFORM_TIME_LIMIT_MS} (20 000, the platform's). */
  timeLimitMs?: number;
  /** How calls are sent. Default: `createAxiosTransport()`. */
  transport?: Transport;
  /**
   * Wall clock in epoch milliseconds, used for signature timestamps and kit `timeStamp`s. Default `Date.now`.
   * Sellers reject timestamps more than 60 s from their own clock, so inject a different clock only in tests.
   */
  now?: () => number;
  /** Monotonic clock for measuring failed calls, in milliseconds. Default `performance.now`. */
  clock?: () => number;
  /**
   * Send every call as a console debugging call (`testFlag` "1", kit `testFlag` 1). Default `false` (production
   * calls; kit calls carry `testFlag` 0). A `testFlag` given in a call's fields wins.
   */
  testFlag?: boolean;
}

/** Per-call options. */
export interface CallOptions {
  /** Aborts the call; the verdict is then UNREACHABLE. */
  signal?: AbortSignal;
  /** Overrides the caller's `timeoutMs` for this call. */
  timeoutMs?: number;
}

/** Outcome of one call. Only mistakes of the caller throw; everything about the seller is in the verdict. */
export interface PlatformCallResult {
  /** The request as sent, with signatures shortened and keys removed (safe to print or log). */
  call: ProductionCall;
  /** The seller's reply as received; absent when no answer came (see the verdict's UNREACHABLE / TIMEOUT). */
  reply?: TransportReply;
  /** How the platform judges the exchange. */
  verdict: Verdict;
}

/** Request fields of a call, as a plain object (what {@link PlatformCaller.call} takes). */
export type CallFields = Record<string, unknown>;

/**
 * Request fields of interface `N` as a caller passes them: `activity` is filled in, and the fields in `D` may be
 * left out because {@link fillCallDefaults} fills them.
 */
export type FieldsOf<N extends InterfaceName, D extends string = never> = Omit<
  InterfaceRequest<N>,
  'activity' | D
> &
  Partial<Pick<InterfaceRequest<N>, Extract<D, keyof InterfaceRequest<N>>>>;

/** Kit fields the caller may leave out: empty ids, now as `timeStamp`, `testFlag` 0 (1 in debugging mode). */
type KitDefaults = 'instanceId' | 'orderId' | 'testFlag' | 'timeStamp';

/** newInstance: `orderLineId` defaults to `<orderId>-000001`, `businessId` to a fresh UUID. */
export type NewInstanceFields = FieldsOf<'newInstance', 'orderLineId' | 'businessId'>;
/** refreshInstance: `orderLineId` defaults to `<orderId>-000001`. */
export type RefreshInstanceFields = FieldsOf<'refreshInstance', 'orderLineId'>;
/** updateInstanceStatus. */
export type UpdateInstanceStatusFields = FieldsOf<'updateInstanceStatus'>;
/** releaseInstance: `orderLineId` defaults to `<orderId>-000001` when `orderId` is given. */
export type ReleaseInstanceFields = FieldsOf<'releaseInstance', 'orderLineId'>;
/** upgradeInstance: `orderLineId` defaults to `<orderId>-000001`. */
export type UpgradeInstanceFields = FieldsOf<'upgradeInstance', 'orderLineId'>;
/** changeInstanceCheck. */
export type ChangeInstanceCheckFields = FieldsOf<'changeInstanceCheck'>;
/** orderNotify: `orderLineId` defaults to `<orderId>-000001`. */
export type OrderNotifyFields = FieldsOf<'orderNotify', 'orderLineId'>;
/** tenantSync (kit). */
export type TenantSyncFields = FieldsOf<'tenantSync', KitDefaults>;
/** applicationSync (kit); `clientSecret` is RSA-encrypted with the seller's public key. */
export type ApplicationSyncFields = FieldsOf<'applicationSync', KitDefaults>;
/** authSync (kit). */
export type AuthSyncFields = FieldsOf<'authSync', KitDefaults>;
/** singleOrgSync (kit). */
export type SingleOrgSyncFields = FieldsOf<'singleOrgSync', KitDefaults>;
/** allOrgSync (kit). */
export type AllOrgSyncFields = FieldsOf<'allOrgSync', KitDefaults>;

/** Calls a seller's production interfaces exactly as the platform does and judges each reply. */
export interface PlatformCaller {
  /** Any production interface by name, with the defaults of {@link fillCallDefaults} filled in. */
  call(name: InterfaceName, fields?: CallFields, o?: CallOptions): Promise<PlatformCallResult>;
  /** queryInstance for 1–100 ids (an array, or one string of comma-separated ids). */
  queryInstance(
    ids: string | readonly string[],
    o?: CallOptions & { testFlag?: string },
  ): Promise<PlatformCallResult>;
  /** The buyer paid: create an instance (§3.1). 000004 in the reply is accepted with `async: true`. */
  newInstance(fields: NewInstanceFields, o?: CallOptions): Promise<PlatformCallResult>;
  /** The validity changed: trial to formal, renewal, unsubscribed renewal, renewal change (§3.3). */
  refreshInstance(fields: RefreshInstanceFields, o?: CallOptions): Promise<PlatformCallResult>;
  /** Freeze or unfreeze an instance (§3.4). */
  updateInstanceStatus(fields: UpdateInstanceStatusFields, o?: CallOptions): Promise<PlatformCallResult>;
  /** Release an instance (§3.5). */
  releaseInstance(fields: ReleaseInstanceFields, o?: CallOptions): Promise<PlatformCallResult>;
  /** Upgrade an instance within its validity (§3.6; wire activity `upgradeInstance`). */
  upgradeInstance(fields: UpgradeInstanceFields, o?: CallOptions): Promise<PlatformCallResult>;
  /** Ask whether an instance may change to a target product at renewal (§3.7). */
  changeInstanceCheck(fields: ChangeInstanceCheckFields, o?: CallOptions): Promise<PlatformCallResult>;
  /** Notify a paid order of a non-instance product (§3.8). */
  orderNotify(fields: OrderNotifyFields, o?: CallOptions): Promise<PlatformCallResult>;
  /** Kit: add, delete or modify a tenant (§4.1), signed with the kit key. */
  tenantSync(fields: TenantSyncFields, o?: CallOptions): Promise<PlatformCallResult>;
  /** Kit: add, delete or modify the tenant's application credential (§4.2). */
  applicationSync(fields: ApplicationSyncFields, o?: CallOptions): Promise<PlatformCallResult>;
  /** Kit: authorise users or withdraw their authorisation (§4.3). */
  authSync(fields: AuthSyncFields, o?: CallOptions): Promise<PlatformCallResult>;
  /** Kit: one department changed (§4.4). */
  singleOrgSync(fields: SingleOrgSyncFields, o?: CallOptions): Promise<PlatformCallResult>;
  /** Kit: the tenant's whole department tree (§4.5). */
  allOrgSync(fields: AllOrgSyncFields, o?: CallOptions): Promise<PlatformCallResult>;
}

/**
 * Creates a client that plays the platform against one seller: builds each production call with
 * `buildProductionCall` (validated, signed with real wall-clock time), sends it through the transport, and judges
 * the reply with `judgeReply` / `judgeFailure`. Every method resolves to `{ call, reply, verdict }`; only the
 * caller's own mistakes throw (`ConfigError` for options and ids, `ValidationError` naming the field for bad
 * request fields).
 *
 * @example
 * const platform = createPlatformCaller({ sellerUrl: 'https://seller.example.com/produce', accessKey });
 * const { verdict } = await platform.queryInstance('inst-1');
 * if (!verdict.accepted) for (const p of verdict.problems) console.log(p.code, p.message, p.hint);
 */
export function createPlatformCaller(o: PlatformCallerOptions): PlatformCaller {
  if (o === null || typeof o !== 'object')
    throw new ConfigError('createPlatformCaller needs an options object.');
  checkKey('accessKey', o.accessKey);
  if (o.kitAccessKey !== undefined) checkKey('kitAccessKey', o.kitAccessKey);
  const timeoutMs = checkPositive('timeoutMs', o.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS);
  const timeLimitMs = checkPositive('timeLimitMs', o.timeLimitMs ?? PLATFORM_TIME_LIMIT_MS);
  const transport = o.transport ?? createAxiosTransport();
  const now = o.now ?? Date.now;
  const clock = o.clock ?? (() => performance.now());
  const secrets = [o.accessKey, ...(o.kitAccessKey === undefined ? [] : [o.kitAccessKey])];
  // Fail fast on a bad URL, with the same rules the builder applies on every call.
  parseSellerUrl(o.sellerUrl);

  const call = async (
    name: InterfaceName,
    fields: CallFields = {},
    co: CallOptions = {},
  ): Promise<PlatformCallResult> => {
    if (!Object.prototype.hasOwnProperty.call(INTERFACES, name)) {
      throw new ConfigError(
        `Unknown production interface ${JSON.stringify(name)}; use one of: ${Object.keys(INTERFACES).join(', ')}.`,
      );
    }
    const kit = INTERFACES[name].family === 'kit';
    const key = kit ? (o.kitAccessKey ?? o.accessKey) : o.accessKey;
    const at = now();
    const body = fillCallDefaults(name, fields, { now: at, testFlag: o.testFlag ?? false });
    const production = buildProductionCall({
      sellerUrl: o.sellerUrl,
      accessKey: key,
      interface: name,
      body,
      timestamp: at,
    });
    const shown = redactCall(production, secrets);
    const callTimeout = co.timeoutMs === undefined ? timeoutMs : checkPositive('timeoutMs', co.timeoutMs);
    const started = clock();
    let reply: TransportReply;
    try {
      reply = await transport(
        production,
        co.signal ? { timeoutMs: callTimeout, signal: co.signal } : { timeoutMs: callTimeout },
      );
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      return { call: shown, verdict: judgeFailure({ interface: name, error, elapsedMs: clock() - started }) };
    }
    return {
      call: shown,
      reply,
      verdict: judgeReply({ interface: name, accessKey: key, reply, timeLimitMs }),
    };
  };

  return {
    call,
    queryInstance: async (ids, co = {}) => {
      const { testFlag, ...rest } = co;
      const fields: CallFields = { instanceId: joinInstanceIds(ids) };
      if (testFlag !== undefined) fields['testFlag'] = testFlag;
      return call('queryInstance', fields, rest);
    },
    newInstance: (fields, co) => call('newInstance', fields, co),
    refreshInstance: (fields, co) => call('refreshInstance', fields, co),
    updateInstanceStatus: (fields, co) => call('updateInstanceStatus', fields, co),
    releaseInstance: (fields, co) => call('releaseInstance', fields, co),
    upgradeInstance: (fields, co) => call('upgradeInstance', fields, co),
    changeInstanceCheck: (fields, co) => call('changeInstanceCheck', fields, co),
    orderNotify: (fields, co) => call('orderNotify', fields, co),
    tenantSync: (fields, co) => call('tenantSync', fields, co),
    applicationSync: (fields, co) => call('applicationSync', fields, co),
    authSync: (fields, co) => call('authSync', fields, co),
    singleOrgSync: (fields, co) => call('singleOrgSync', fields, co),
    allOrgSync: (fields, co) => call('allOrgSync', fields, co),
  };
}

/**
 * Joins instance ids for queryInstance: 1 to 100 non-empty ids without commas. A single string may already hold
 * several comma-separated ids. Throws `ConfigError` otherwise.
 */
export function joinInstanceIds(ids: string | readonly string[]): string {
  const list = typeof ids === 'string' ? ids.split(',') : ids;
  if (!Array.isArray(list) && typeof ids !== 'string') {
    throw new ConfigError('queryInstance takes an instance id or an array of instance ids.');
  }
  if (list.length === 0 || (list.length === 1 && list[0] === '')) {
    throw new ConfigError('queryInstance needs at least one instance id.');
  }
  if (list.length > MAX_QUERY_INSTANCE_IDS) {
    throw new ConfigError(
      `queryInstance takes at most ${MAX_QUERY_INSTANCE_IDS} instance ids per call, got ${list.length}: split them ` +
        'into several calls.',
    );
  }
  list.forEach((id, i) => {
    if (typeof id !== 'string' || id.trim() === '') {
      throw new ConfigError(
        `queryInstance: instance id #${i + 1} is empty; every id must be a non-empty string.`,
      );
    }
    if (typeof ids !== 'string' && id.includes(',')) {
      throw new ConfigError(
        `queryInstance: instance id #${i + 1} contains a comma, which separates ids on the wire.`,
      );
    }
  });
  return list.join(',');
}

function checkKey(name: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ConfigError(`${name} must be a non-empty string: the key bound to the production interface.`);
  }
}

function checkPositive(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`${name} must be a positive number of milliseconds, got ${String(value)}.`);
  }
  return value;
}
