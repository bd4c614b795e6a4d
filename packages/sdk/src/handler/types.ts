import type { KeyObject } from 'node:crypto';
import type { BasicInterfaceName, LicenceInterfaceName, SchemaName, SchemaTypes } from '../schemas';
import type { OaepVariant, PrivateKeyInput } from '../signing/client-secret-cipher';
import type { HandlerLogger } from './logger';
import type { NonceStore } from '../stores/nonce-store';
import type { HandlerRequest } from './request';
import type { HandlerResponse } from './respond';
import type { ProductionResult } from './results';
import type { KitName } from './route';
import type { V1_ACTIVITIES, V1Activity } from './v1';

/** V2 interfaces answered at the production URL, told apart by the body's `activity`. */
export type V2ActivityName = BasicInterfaceName | LicenceInterfaceName;

export type { KitName, V1Activity };

type Schema<S extends string> = S extends SchemaName ? SchemaTypes[S] : Record<string, unknown>;

/** The validated request body a handler receives for interface `N`. */
export type RequestBody<N extends string> = Schema<`${N}Request`>;

/**
 * What a handler returns for interface `N`: the response fields without `resultCode` (→ `000000`), optionally a
 * `resultMsg`; nothing at all for interfaces without fields; or one of the {@link results} helpers.
 */
export type HandlerReply<N extends string> =
  | (Omit<Schema<`${N}Response`>, 'resultCode' | 'resultMsg'> & { resultMsg?: string })
  | ProductionResult
  | void;

/** Second argument of every handler. */
export interface HandlerContext {
  /** The wire activity (`newInstance`, …; kit calls: the kit interface name, e.g. `tenantSync`; V1: `upgrade`, …). */
  activity: string;
  /** True for a debugging call from the seller console (`testFlag` `"1"` or `1`); false for production. */
  testFlag: boolean;
  /** The query parameters as received (V2: `signature`, `timestamp`, `nonce`; V1: every parameter). */
  query: Readonly<Record<string, string | string[]>>;
  /** The request headers, names lower-cased. */
  headers: Readonly<Record<string, string | string[]>>;
}

/** A handler for interface `N`. */
export type InterfaceHandler<N extends string> = (
  body: RequestBody<N>,
  context: HandlerContext,
) => HandlerReply<N> | Promise<HandlerReply<N>>;

/** Kit handlers (`<production URL>/produceAPI/v2/<name>`, signed with `kitAccessKey`). */
export type KitHandlers = { [N in KitName]?: InterfaceHandler<N> };

/** Handlers of a V2 seller: one per activity, plus the kit interfaces. Leave out what the product does not use. */
export type V2Handlers = { [N in V2ActivityName]?: InterfaceHandler<N> } & KitHandlers;

/** Handlers of a V1 seller, keyed by V1 wire activity (`upgrade`, `expireInstance`, …), plus the kit interfaces. */
export type V1Handlers = { [A in V1Activity]?: InterfaceHandler<(typeof V1_ACTIVITIES)[A]> } & KitHandlers;

/** Options shared by both protocol versions. */
export interface CommonHandlerOptions {
  /** The seller's KooGallery key (Seller Center > App tools > Key management). Signs and verifies basic calls. */
  accessKey: string;
  /** Separate key bound to the kit interfaces in the console. Default: `accessKey`. */
  kitAccessKey?: string;
  /** Allowed distance between the request's timestamp and `now()`, both directions, ms. Default `60_000`. */
  toleranceMs?: number;
  /**
   * Where nonces of authenticated requests are remembered (for `2 × toleranceMs`) to refuse replays. Default: a
   * {@link createMemoryNonceStore} using `now` — right for one process; use {@link createRedisNonceStore} for
   * several replicas.
   */
  nonceStore?: NonceStore;
  /** Clock in epoch ms. Default `Date.now`. */
  now?: () => number;
  /** Largest accepted body in bytes; bigger bodies get HTTP 413 unread. Default `1_048_576` (1 MiB). */
  maxBodyBytes?: number;
  /**
   * Where the handler reports. Default: errors (a handler threw, an invalid answer, a failing store, a
   * misconfigured adapter) to `console.error`, warnings (a cut `resultMsg`) to `console.warn`, nothing else.
   * Pass `{}` for silence.
   * Rejected requests are logged at `info`, accepted ones at `debug`.
   */
  logger?: HandlerLogger;
  /**
   * RSA private key whose public half was uploaded with the application credential; applicationSync's
   * `clientSecret` is decrypted with it before the handler sees it. Required when `handlers.applicationSync` is set.
   */
  privateKey?: PrivateKeyInput | KeyObject;
  /** OAEP digests of `clientSecret` (the docs do not say). Default `'auto'`: SHA-1, SHA-256, SHA-256/MGF1-SHA-1. */
  clientSecretOaep?: OaepVariant;
}

/** Options of a V2 (current) seller. */
export interface V2HandlerOptions extends CommonHandlerOptions {
  /** Protocol generation of the basic interfaces. Default `'v2'`: POST, JSON body, signature in the query. */
  version?: 'v2';
  /** One typed async function per activity. */
  handlers: V2Handlers;
}

/** Options of a V1 (legacy) seller. */
export interface V1HandlerOptions extends CommonHandlerOptions {
  /** `'v1'`: GET, parameters in the query string, `authToken` + `timeStamp`. */
  version: 'v1';
  /** One typed async function per V1 activity. */
  handlers: V1Handlers;
  /**
   * AES variant of the encrypted credentials: `1` = AES-256-CBC (default), `2` = AES-128-CBC. Used to decrypt
   * `mobilePhone`/`email` and to encrypt `appInfo.userName`/`password` in answers (sent as `encryptType`).
   */
  encryptType?: 1 | 2;
  /**
   * Largest allowed distance between `timeStamp` and `now()`, both directions, ms; `null` applies no window. The
   * V1 guide documents none (protocol notes §7.5), so this is the SDK's own protection: without a window a call
   * captured once is valid again as soon as the replay cache (`2 × window`) forgot it. Default: `toleranceMs`
   * (60 000). A request outside the window is answered 000001 with a message naming this option.
   */
  timeStampToleranceMs?: number | null;
}

/** Options of {@link createProductionHandler}. */
export type ProductionHandlerOptions = V2HandlerOptions | V1HandlerOptions;

/** The framework-neutral production-interface handler. */
export interface ProductionHandler {
  /**
   * Runs the whole pipeline for one request and resolves the answer to send. Never rejects: every failure is an
   * answer (and, for developer errors, a log line).
   */
  handle(request: HandlerRequest): Promise<HandlerResponse>;
  /** The 413 answer, for adapters that stop reading a body once it passes {@link maxBodyBytes}. */
  payloadTooLarge(request?: Pick<HandlerRequest, 'url'>): HandlerResponse;
  /** The configured body limit in bytes. */
  readonly maxBodyBytes: number;
  /** The configured protocol generation. */
  readonly version: 'v1' | 'v2';
  /** The handler's redacting logger, for adapters reporting misconfiguration. */
  readonly logger: Required<HandlerLogger>;
}
