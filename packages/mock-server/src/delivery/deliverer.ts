/**
 * The engine's delivery function for real sellers: builds each attempt exactly as the platform does (SDK
 * `buildProductionCall`, signed with wall-clock time), sends it through a {@link Transport}, and judges the reply
 * with the SDK's `judgeReply` / `judgeFailure`. Business time (the virtual clock) never reaches the signature:
 * the seller checks timestamps against its own clock with a ±60 s window.
 */
import { ConfigError, ConnectionError, INTERFACES } from '@koogallery-kit/sdk';
import {
  DEFAULT_CALL_TIMEOUT_MS,
  PLATFORM_TIME_LIMIT_MS,
  buildProductionCall,
  judgeFailure,
  judgeReply,
  parseSellerUrl,
  type Transport,
} from '@koogallery-kit/sdk/platform';
import type { AttemptOutcome, RecordedRequest } from '../engine/model/delivery-types';
import type { DeliverFn } from '../engine/model/types';
import { isPositiveInt } from '../engine/model/input-issues';

/** Options of {@link createDeliverer}. */
export interface DelivererOptions {
  /** The seller's production URL (absolute http or https URL); kit calls go to `<url>/produceAPI/v2/<name>`. */
  sellerUrl: string;
  /** Key of the basic interfaces: signs requests and checks the replies' Body-Sign. */
  accessKey: string;
  /** Key of the kit interfaces when it differs from `accessKey`. Default: `accessKey`. */
  kitAccessKey?: string;
  /** How calls are sent (e.g. `createUndiciTransport()`). */
  transport: Transport;
  /** Per-attempt time-out in milliseconds (connection to last body byte). Default 5000; the console uses 20 000. */
  timeoutMs?: number;
  /** A reply slower than this is judged TIME_LIMIT. Default 20 000 (the platform's documented limit). */
  timeLimitMs?: number;
  /** Wall clock (epoch ms) for signature timestamps. Default `Date.now`; inject only in tests. */
  now?: () => number;
  /** Monotonic clock (ms) for measuring failed attempts. Default `performance.now`. */
  clock?: () => number;
}

/** The request as the attempt record keeps it (the engine redacts signatures and keys before storing). */
function recorded(call: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}): RecordedRequest {
  const out: RecordedRequest = { method: call.method, url: call.url, headers: { ...call.headers } };
  if (call.body !== undefined) out.body = call.body;
  return out;
}

/**
 * The problems with where and how calls are sent, as `name: message`: the seller URL, the basic key (required)
 * and the kit key (optional), each given as `[option name, value]`.
 */
export function sellerTargetProblems(
  sellerUrl: unknown,
  [keyName, key]: [string, unknown],
  [kitKeyName, kitKey]: [string, unknown],
): string[] {
  const problems: string[] = [];
  try {
    parseSellerUrl(sellerUrl);
  } catch (error) {
    problems.push(`sellerUrl: ${(error as Error).message}`);
  }
  if (typeof key !== 'string' || key.length === 0) {
    problems.push(
      `${keyName}: required, the key bound to the basic interfaces (Seller Center > App tools > Key management)`,
    );
  }
  if (kitKey !== undefined && (typeof kitKey !== 'string' || kitKey.length === 0)) {
    problems.push(
      `${kitKeyName}: must be a non-empty string when given (pass the basic key again if both are the same)`,
    );
  }
  return problems;
}

/** Every problem with the options, as `name: message`. */
function checkOptions(o: DelivererOptions): string[] {
  const problems = sellerTargetProblems(
    o.sellerUrl,
    ['accessKey', o.accessKey],
    ['kitAccessKey', o.kitAccessKey],
  );
  if (typeof o.transport !== 'function')
    problems.push('transport: required, a Transport function (createUndiciTransport())');
  if (o.timeoutMs !== undefined && (!isPositiveInt(o.timeoutMs) || o.timeoutMs > 600_000)) {
    problems.push('timeoutMs: must be an integer number of milliseconds from 1 to 600000');
  }
  if (o.timeLimitMs !== undefined && !isPositiveInt(o.timeLimitMs)) {
    problems.push('timeLimitMs: must be a positive integer number of milliseconds');
  }
  if (o.now !== undefined && typeof o.now !== 'function')
    problems.push('now: must be a function returning epoch ms');
  if (o.clock !== undefined && typeof o.clock !== 'function') problems.push('clock: must be a function');
  return problems;
}

/**
 * Creates the delivery function. Per attempt it:
 *
 * 1. builds the signed call with `buildProductionCall` (schema validation on; a body the engine built wrongly
 *    throws, which the engine records as a `DELIVERY_ERROR` attempt — the mock's bug, never blamed on the seller);
 * 2. sends it with a per-attempt time-out (`timeoutMs`, default 5 s);
 * 3. judges the reply (`judgeReply`, with the kit key for kit interfaces) or the transport failure
 *    (`judgeFailure`: TIMEOUT or UNREACHABLE) and returns the outcome with the exact request and reply.
 *
 * Seller-side failures never throw. Throws `ConfigError` listing every invalid option.
 */
export function createDeliverer(o: DelivererOptions): DeliverFn {
  if (o === null || typeof o !== 'object') throw new ConfigError('createDeliverer needs an options object.');
  const problems = checkOptions(o);
  if (problems.length > 0) {
    throw new ConfigError(`Invalid delivery options; fix these and try again:\n- ${problems.join('\n- ')}`);
  }
  const timeoutMs = o.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const timeLimitMs = o.timeLimitMs ?? PLATFORM_TIME_LIMIT_MS;
  const now = o.now ?? Date.now;
  const clock = o.clock ?? (() => performance.now());
  const kitKey = o.kitAccessKey ?? o.accessKey;

  return async (job): Promise<AttemptOutcome> => {
    const accessKey = INTERFACES[job.interface]?.family === 'kit' ? kitKey : o.accessKey;
    const call = buildProductionCall({
      sellerUrl: o.sellerUrl,
      accessKey,
      interface: job.interface,
      body: job.body,
      timestamp: now(),
    });
    const request = recorded(call);
    const started = clock();
    try {
      const reply = await o.transport(call, { timeoutMs });
      return {
        verdict: judgeReply({ interface: job.interface, accessKey, reply, timeLimitMs }),
        request,
        response: { status: reply.status, headers: reply.rawHeaders, body: reply.body },
        elapsedMs: reply.elapsedMs,
      };
    } catch (error) {
      const elapsedMs = clock() - started;
      return { verdict: judgeFailure({ interface: job.interface, error, elapsedMs }), request, elapsedMs };
    }
  };
}

/**
 * The delivery function of a mock started without a seller URL: every attempt is recorded as UNREACHABLE with
 * a message saying how to configure the seller, and the job's retry schedule continues.
 */
export function createUnconfiguredDeliverer(): DeliverFn {
  return async (job) => {
    const error = new ConnectionError(
      'no seller URL is configured; start the mock with --seller-url URL --key KEY (or sellerUrl/accessKey options)',
    );
    return {
      verdict: judgeFailure({ interface: job.interface, error, elapsedMs: 0 }),
      request: {
        method: 'POST',
        url: '(no seller URL configured)',
        headers: {},
        body: JSON.stringify(job.body),
      },
      elapsedMs: 0,
    };
  };
}
