/**
 * Options of `runContract`: defaults and validation (every problem reported at once, as a `ConfigError`).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { CHARGING_MODES, ConfigError, type ChargingMode } from '@koogallery-kit/sdk';
import type { Transport } from '@koogallery-kit/sdk/platform';
import { sellerTargetProblems } from '../delivery/deliverer';
import { isPositiveInt } from '../engine/model/input-issues';
import { splitList } from './scope';
import type { ContractOptions, ContractProgressEvent, ContractProtocol } from './types';

/** Default time limit of one reply: 5 s (protocol notes §15 item 8: design for less than 5 s). */
export const DEFAULT_CONTRACT_TIMEOUT_MS = 5_000;
/** Largest accepted `timeoutMs`: 60 s (the console waits 20 s). */
export const MAX_CONTRACT_TIMEOUT_MS = 60_000;
/** Default wall time to wait for an asynchronous newInstance (000004) to show up in queryInstance. */
export const DEFAULT_ASYNC_WAIT_MS = 15_000;
/** Default number of checks running at once. */
export const DEFAULT_CONTRACT_CONCURRENCY = 4;

/** Options with defaults applied. */
export interface ResolvedContractOptions {
  sellerUrl: string;
  key: string;
  kitKey: string | undefined;
  kitPublicKey: KeyObject | undefined;
  protocol: ContractProtocol;
  chargingMode: ChargingMode;
  /** Replies slower than this fail the time-limit checks. */
  timeLimitMs: number;
  /** A call is abandoned after this long (twice the limit, at least one second more). */
  callTimeoutMs: number;
  only: string[];
  skip: string[];
  mockUrl: string | undefined;
  /** The running mock's admin token (with `mockUrl`). */
  adminToken: string | undefined;
  onProgress: ((event: ContractProgressEvent) => void) | undefined;
  /** The transport given by the caller, if any (otherwise the run creates and closes its own). */
  transport: Transport | undefined;
  concurrency: number;
  /** Warnings count as failures. */
  strict: boolean;
  /** Wall time to wait for an asynchronous newInstance to show up in queryInstance. */
  asyncWaitMs: number;
  now: () => number;
}

/** Settings of a run: the resolved options with the transport the run actually uses. */
export type RunSettings = Omit<ResolvedContractOptions, 'transport'> & { transport: Transport };

/** Applies defaults and validates; throws `ConfigError` listing every problem. */
export function resolveContractOptions(o: ContractOptions): ResolvedContractOptions {
  if (o === null || typeof o !== 'object') {
    throw new ConfigError('runContract needs an options object with at least sellerUrl and key.');
  }
  const problems = sellerTargetProblems(o.sellerUrl, ['key', o.key], ['kitKey', o.kitKey]);
  let kitPublicKey: KeyObject | undefined;
  if (o.kitPublicKey !== undefined) {
    try {
      const given = o.kitPublicKey;
      kitPublicKey =
        typeof given === 'object' && given !== null && given.type === 'public'
          ? given
          : createPublicKey(given);
      if (kitPublicKey.asymmetricKeyType !== 'rsa') problems.push('kitPublicKey: must be an RSA public key');
    } catch {
      problems.push(
        'kitPublicKey: must be the PEM text of the RSA public key uploaded with the application credential',
      );
    }
  }
  const protocol = o.protocol ?? 'v2';
  if (protocol !== 'v1' && protocol !== 'v2') problems.push('protocol: must be "v2" (default) or "v1"');
  const chargingMode = o.chargingMode ?? 'PERIOD';
  if (!(CHARGING_MODES as readonly unknown[]).includes(chargingMode)) {
    problems.push(`chargingMode: must be one of ${CHARGING_MODES.join(', ')}`);
  }
  const timeLimitMs = o.timeoutMs ?? DEFAULT_CONTRACT_TIMEOUT_MS;
  if (!isPositiveInt(timeLimitMs) || timeLimitMs > MAX_CONTRACT_TIMEOUT_MS) {
    problems.push(
      `timeoutMs: must be an integer number of milliseconds from 1 to ${MAX_CONTRACT_TIMEOUT_MS}`,
    );
  }
  const concurrency = o.concurrency ?? DEFAULT_CONTRACT_CONCURRENCY;
  if (!isPositiveInt(concurrency) || concurrency > 64)
    problems.push('concurrency: must be an integer from 1 to 64');
  const asyncWaitMs = o.asyncWaitMs ?? DEFAULT_ASYNC_WAIT_MS;
  if (!isPositiveInt(asyncWaitMs) || asyncWaitMs > 600_000) {
    problems.push('asyncWaitMs: must be an integer number of milliseconds from 1 to 600000');
  }
  if (o.strict !== undefined && typeof o.strict !== 'boolean') problems.push('strict: must be true or false');
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function')
    problems.push('onProgress: must be a function');
  if (o.transport !== undefined && typeof o.transport !== 'function') {
    problems.push('transport: must be a Transport function (call, { timeoutMs }) => reply');
  }
  if (o.now !== undefined && typeof o.now !== 'function')
    problems.push('now: must be a function returning epoch ms');
  let only: string[] = [];
  let skip: string[] = [];
  try {
    only = splitList(o.only, 'only');
  } catch (error) {
    problems.push((error as Error).message);
  }
  try {
    skip = splitList(o.skip, 'skip');
  } catch (error) {
    problems.push((error as Error).message);
  }
  let mockUrl: string | undefined;
  if (o.mockUrl !== undefined) {
    try {
      const u = new URL(String(o.mockUrl));
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http');
      mockUrl = u.toString();
    } catch {
      problems.push(
        'mockUrl: must be the absolute http(s) URL of a running koogallery-mock, e.g. http://127.0.0.1:8090',
      );
    }
  }
  if (o.adminToken !== undefined) {
    if (typeof o.adminToken !== 'string' || o.adminToken.length === 0) {
      problems.push('adminToken: must be a non-empty string when given');
    } else if (o.mockUrl === undefined) {
      problems.push('adminToken: only used with mockUrl (the admin token of that running mock)');
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid contract options; fix these and try again:\n- ${problems.join('\n- ')}`);
  }
  return {
    sellerUrl: o.sellerUrl,
    key: o.key,
    kitKey: o.kitKey,
    kitPublicKey,
    protocol,
    chargingMode,
    timeLimitMs,
    callTimeoutMs: Math.max(2 * timeLimitMs, timeLimitMs + 1_000),
    only,
    skip,
    mockUrl,
    adminToken: o.adminToken,
    onProgress: o.onProgress,
    transport: o.transport,
    concurrency,
    strict: o.strict ?? false,
    asyncWaitMs,
    now: o.now ?? Date.now,
  };
}
