import type { KeyObject } from 'node:crypto';
import { ConfigError } from '../errors';
import { INTERFACE_NAMES, INTERFACES } from '../schemas/interfaces';
import type { OaepVariant } from '../signing/client-secret-cipher';
import { checkOaepVariant, loadRsaPrivateKey } from '../signing/client-secret-cipher';
import type { HandlerLogger } from './logger';
import { defaultHandlerLogger } from './logger';
import type { NonceStore } from '../stores/nonce-store';
import { createMemoryNonceStore } from '../stores/nonce-store';
import { checkFunction, checkPositiveInteger, checkPositiveNumber, describe } from '../util/option-checks';
import { KIT_NAMES } from './route';
import type { ProductionHandlerOptions } from './types';
import { V1_ACTIVITIES } from './v1';

const WHERE = 'createProductionHandler';
const KEY_HINT = 'pass the key from Seller Center > App tools > Key management (密钥管理).';

/** The V2 interfaces told apart by `activity` at the production URL: the basic and licence families. */
const V2_ACTIVITIES = INTERFACE_NAMES.filter((n) => {
  const family = INTERFACES[n].family;
  return family === 'basic' || family === 'licence';
});

/** Names each version accepts in `handlers`. */
export const HANDLER_NAMES: Readonly<Record<'v1' | 'v2', readonly string[]>> = Object.freeze({
  v2: [...V2_ACTIVITIES, ...KIT_NAMES],
  v1: [...Object.keys(V1_ACTIVITIES), ...KIT_NAMES],
});

type AnyHandler = (body: never, context: never) => unknown;

/** Internal: validated options with defaults applied. */
export interface ResolvedOptions {
  version: 'v1' | 'v2';
  accessKey: string;
  kitAccessKey: string;
  handlers: ReadonlyMap<string, AnyHandler>;
  toleranceMs: number;
  /** V1 timeStamp window, ms; null = none (see `timeStampToleranceMs`). */
  v1ToleranceMs: number | null;
  nonceStore: NonceStore;
  now: () => number;
  maxBodyBytes: number;
  logger: HandlerLogger;
  privateKey: KeyObject | undefined;
  clientSecretOaep: OaepVariant;
  encryptType: 1 | 2;
}

function checkKey(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ConfigError(
      `${WHERE}: ${name} must be a non-empty string, got ${describe(value)}: ${KEY_HINT}`,
    );
  }
  return value;
}

function renameHint(version: 'v1' | 'v2', name: string): string {
  if (version === 'v2' && name === 'upgrade') return ' (V2 calls it upgradeInstance)';
  if (version === 'v1' && name === 'upgradeInstance') return " (V1 calls it upgrade; or drop version: 'v1')";
  if (version === 'v2' && (name === 'expireInstance' || name === 'instanceStatus'))
    return " (a V1 activity: set version: 'v1')";
  const lower = HANDLER_NAMES[version].find((n) => n.toLowerCase() === name.toLowerCase());
  return lower === undefined ? '' : ` (did you mean ${lower}?)`;
}

function checkHandlers(version: 'v1' | 'v2', value: unknown): Map<string, AnyHandler> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(
      `${WHERE}: handlers must be an object with one function per activity, got ${describe(value)}.`,
    );
  }
  const known = HANDLER_NAMES[version];
  const handlers = new Map<string, AnyHandler>();
  for (const [name, fn] of Object.entries(value)) {
    if (!known.includes(name)) {
      throw new ConfigError(
        `${WHERE}: handlers.${name} is not a ${version.toUpperCase()} interface${renameHint(version, name)}; valid names: ${known.join(', ')}.`,
      );
    }
    if (fn === undefined) continue;
    if (typeof fn !== 'function')
      throw new ConfigError(`${WHERE}: handlers.${name} must be a function, got ${describe(fn)}.`);
    handlers.set(name, fn as AnyHandler);
  }
  return handlers;
}

function checkLogger(value: unknown): HandlerLogger {
  if (value === undefined) return defaultHandlerLogger;
  if (typeof value !== 'object' || value === null) {
    throw new ConfigError(
      `${WHERE}: logger must be an object with optional debug/info/warn/error methods (e.g. console), got ${describe(value)}.`,
    );
  }
  for (const level of ['debug', 'info', 'warn', 'error'] as const) {
    const fn = (value as Record<string, unknown>)[level];
    if (fn !== undefined && typeof fn !== 'function') {
      throw new ConfigError(`${WHERE}: logger.${level} must be a function, got ${describe(fn)}.`);
    }
  }
  return value;
}

function checkNonceStore(value: unknown): NonceStore | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || typeof (value as NonceStore).claim !== 'function') {
    throw new ConfigError(
      `${WHERE}: nonceStore must have a claim(nonce, ttlMs) method (createMemoryNonceStore() or createRedisNonceStore()).`,
    );
  }
  return value as NonceStore;
}

/** Validates the option bag; throws a ConfigError naming the first problem. */
export function resolveOptions(options: ProductionHandlerOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError(`${WHERE}: options must be an object with at least accessKey and handlers.`);
  }
  const o = options as unknown as Record<string, unknown>;
  const version = o.version ?? 'v2';
  if (version !== 'v1' && version !== 'v2') {
    throw new ConfigError(`${WHERE}: version must be 'v2' (default) or 'v1', got ${describe(version)}.`);
  }
  const accessKey = checkKey('accessKey', o.accessKey);
  const kitAccessKey = o.kitAccessKey === undefined ? accessKey : checkKey('kitAccessKey', o.kitAccessKey);
  const handlers = checkHandlers(version, o.handlers);
  const toleranceMs = checkPositiveNumber(WHERE, 'toleranceMs', o.toleranceMs ?? 60_000);
  const now = checkFunction<() => number>(WHERE, 'now', o.now ?? Date.now);
  const maxBodyBytes = checkPositiveInteger(WHERE, 'maxBodyBytes', o.maxBodyBytes ?? 1_048_576);
  const logger = checkLogger(o.logger);
  const nonceStore = checkNonceStore(o.nonceStore) ?? createMemoryNonceStore({ now });
  const clientSecretOaep = checkOaepVariant(WHERE, o.clientSecretOaep ?? 'auto');
  let privateKey: KeyObject | undefined;
  if (o.privateKey !== undefined) privateKey = loadRsaPrivateKey(WHERE, o.privateKey as never);
  else if (handlers.has('applicationSync')) {
    throw new ConfigError(
      `${WHERE}: handlers.applicationSync needs privateKey — the RSA private key whose public half was uploaded with the application credential — to decrypt clientSecret.`,
    );
  }
  let encryptType: 1 | 2 = 1;
  if (o.encryptType !== undefined) {
    if (version !== 'v1') throw new ConfigError(`${WHERE}: encryptType applies to version 'v1' only.`);
    if (o.encryptType !== 1 && o.encryptType !== 2) {
      throw new ConfigError(
        `${WHERE}: encryptType must be 1 (AES-256-CBC, default) or 2 (AES-128-CBC), got ${describe(o.encryptType)}.`,
      );
    }
    encryptType = o.encryptType;
  }
  const v1Window = (o as { timeStampToleranceMs?: unknown }).timeStampToleranceMs;
  if (v1Window !== undefined && version !== 'v1') {
    throw new ConfigError(
      `${WHERE}: timeStampToleranceMs applies to version 'v1' only (V2 uses toleranceMs).`,
    );
  }
  const v1ToleranceMs =
    v1Window === null ? null : checkPositiveNumber(WHERE, 'timeStampToleranceMs', v1Window ?? toleranceMs);
  return {
    version,
    accessKey,
    kitAccessKey,
    handlers,
    toleranceMs,
    v1ToleranceMs,
    nonceStore,
    now,
    maxBodyBytes,
    logger,
    privateKey,
    clientSecretOaep,
    encryptType,
  };
}
