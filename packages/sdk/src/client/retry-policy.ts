/**
 * Retry policy as data: two pure functions that decide whether a failed attempt is retried and how long to
 * wait first. The request executor applies them; tests and callers can evaluate them directly.
 */
import { ConfigError, ConnectionError } from '../errors';
import { checkNumber } from '../util/option-checks';
import { OpenApiError } from './api-errors';
import { CANCELLED_CODE, TLS_FAILURE_CODE, isNotDelivered } from './network-error';

/** Tunables of the retry policy. Every field has a documented default. */
export interface RetryPolicyOptions {
  /** Delay before the first retry, before jitter, in ms. Default 500. */
  baseDelayMs?: number;
  /** Upper bound of the exponential backoff, in ms. Default 8 000. */
  maxDelayMs?: number;
  /**
   * Longest `Retry-After` honoured, in ms. A reply asking for a longer wait is not retried: the error
   * (with `retryAfterMs`) goes to the caller, who can schedule the call. Default 60 000.
   */
  maxRetryAfterMs?: number;
}

/** Defaults of {@link RetryPolicyOptions}. */
export const DEFAULT_RETRY_POLICY: Readonly<Required<RetryPolicyOptions>> = Object.freeze({
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
});

/** Input of {@link shouldRetry}. */
export interface RetryDecisionInput {
  /** The error the attempt ended with (already mapped to the SDK's error classes). */
  error: unknown;
  /** Number of retries already made for this call (0 after the first attempt). */
  retriesSoFar: number;
  /** Most retries allowed for this call. */
  maxRetries: number;
  /**
   * True when sending the same request twice is harmless: GET calls, read-only POSTs, and the usage push
   * (re-sent with the same `metering_sn` set, which the platform de-duplicates).
   */
  idempotent: boolean;
  /** Policy tunables. */
  policy?: RetryPolicyOptions;
}

/** True for a reply that is an explicit "too many requests": `MKT.0250` / 406, 429, or the gateway's throttling. */
export function isRateLimited(error: unknown): boolean {
  return error instanceof OpenApiError && error.category === 'rate_limit';
}

/**
 * Decide whether a failed attempt is retried.
 *
 * - Never beyond `maxRetries`, never for a cancelled call, a refused TLS certificate, a validation or
 *   configuration error.
 * - Any call: retried when the request certainly never left (DNS, connection refused) or the platform
 *   rate-limited it (`MKT.0250`, 429) — in both cases it was not processed.
 * - Idempotent calls, in addition: any connection error or timeout, HTTP 408, and server failures (5xx
 *   answers whose code is not an input error such as `MKT.9002`).
 * - Never when the server asked, via `Retry-After`, for a wait longer than `maxRetryAfterMs`.
 */
export function shouldRetry(input: RetryDecisionInput): boolean {
  const { error, retriesSoFar, maxRetries, idempotent } = input;
  const policy = { ...DEFAULT_RETRY_POLICY, ...input.policy };
  if (retriesSoFar >= maxRetries) return false;
  if (error instanceof OpenApiError) {
    if (error.retryAfterMs !== undefined && error.retryAfterMs > policy.maxRetryAfterMs) return false;
    if (isRateLimited(error)) return true;
    if (!idempotent) return false;
    // 5xx answers that are really input errors (MKT.0100, MKT.9001–9004) have a non-server category and
    // would fail again the same way.
    return error.status === 408 || error.category === 'server';
  }
  if (error instanceof ConnectionError) {
    if (error.code === CANCELLED_CODE || error.code === TLS_FAILURE_CODE) return false;
    return idempotent || isNotDelivered(error);
  }
  return false;
}

/** Input of {@link retryDelay}. */
export interface RetryDelayInput {
  /** Number of retries already made (0 before the first retry). */
  retriesSoFar: number;
  /** The error of the failed attempt; its `retryAfterMs`, when set, is honoured. */
  error?: unknown;
  /** Uniform random number in [0, 1): injectable for tests. Default `Math.random`. */
  random?: () => number;
  /** Policy tunables. */
  policy?: RetryPolicyOptions;
}

/**
 * Delay before the next retry, in ms: the server's `Retry-After` when it gave one (capped by
 * `maxRetryAfterMs`), otherwise exponential backoff with full jitter:
 * `random() * min(maxDelayMs, baseDelayMs * 2^retriesSoFar)`.
 */
export function retryDelay(input: RetryDelayInput): number {
  const policy = { ...DEFAULT_RETRY_POLICY, ...input.policy };
  const { error } = input;
  if (error instanceof OpenApiError && error.retryAfterMs !== undefined) {
    return Math.max(0, Math.min(error.retryAfterMs, policy.maxRetryAfterMs));
  }
  const random = input.random ?? Math.random;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, input.retriesSoFar));
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.floor(unit * ceiling);
}

/**
 * Parse a `Retry-After` header (delay in seconds, or an HTTP date) into ms from `nowMs`.
 * `undefined` when absent or unparsable; never negative.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** The retry tunables, each checked. */
export function checkRetryPolicy(value: unknown): RetryPolicyOptions | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object')
    throw new ConfigError('retry must be an object { baseDelayMs?, maxDelayMs?, maxRetryAfterMs? }.');
  const r = value as Record<string, unknown>;
  const limits = { min: 0, max: 3_600_000, integer: false };
  return {
    baseDelayMs: checkNumber('retry.baseDelayMs', r.baseDelayMs, limits, DEFAULT_RETRY_POLICY.baseDelayMs),
    maxDelayMs: checkNumber('retry.maxDelayMs', r.maxDelayMs, limits, DEFAULT_RETRY_POLICY.maxDelayMs),
    maxRetryAfterMs: checkNumber(
      'retry.maxRetryAfterMs',
      r.maxRetryAfterMs,
      limits,
      DEFAULT_RETRY_POLICY.maxRetryAfterMs,
    ),
  };
}
