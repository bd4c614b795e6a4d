import { describe, expect, it } from 'vitest';
import {
  CANCELLED_CODE,
  ConnectionError,
  GatewayError,
  MarketplaceApiError,
  NetworkError,
  RateLimitError,
  TLS_FAILURE_CODE,
  TimeoutError,
  ValidationError,
  parseRetryAfter,
  retryDelay,
  shouldRetry,
} from '@koogallery-kit/sdk';
import type { ApiErrorCategory } from '@koogallery-kit/sdk';

const api = (status: number, category: ApiErrorCategory, retryAfterMs?: number) =>
  new MarketplaceApiError('MKT.X', 'm', { status, category, retryAfterMs });
const refused = new NetworkError('refused', { requestSent: false, errno: 'ECONNREFUSED' });
const reset = new NetworkError('reset', { requestSent: true, errno: 'ECONNRESET' });
const decide = (error: unknown, idempotent: boolean, retriesSoFar = 0, maxRetries = 2) =>
  shouldRetry({ error, idempotent, retriesSoFar, maxRetries });

describe('retry policy as data', () => {
  it('idempotent calls: connection errors, timeouts, 408, server failures, rate limits', () => {
    expect(decide(refused, true)).toBe(true);
    expect(decide(reset, true)).toBe(true);
    expect(decide(new TimeoutError('slow'), true)).toBe(true);
    expect(decide(api(408, 'unknown'), true)).toBe(true);
    expect(decide(api(500, 'server'), true)).toBe(true);
    expect(decide(api(503, 'server'), true)).toBe(true);
    expect(decide(new RateLimitError('MKT.0250', 'm', { status: 406, category: 'rate_limit' }), true)).toBe(
      true,
    );
    expect(decide(new GatewayError('APIGW.0308', 'm', { status: 429, category: 'rate_limit' }), true)).toBe(
      true,
    );
  });

  it('never: input errors (even with HTTP 500), authentication, validation, cancellation, TLS', () => {
    expect(decide(api(500, 'invalid_request'), true)).toBe(false);
    expect(decide(api(400, 'invalid_request'), true)).toBe(false);
    expect(
      decide(new GatewayError('APIGW.0301', 'm', { status: 401, category: 'authentication' }), true),
    ).toBe(false);
    expect(decide(new ValidationError('bad'), true)).toBe(false);
    expect(decide(new ConnectionError('cancelled', { code: CANCELLED_CODE }), true)).toBe(false);
    expect(decide(new NetworkError('tls', { requestSent: false, code: TLS_FAILURE_CODE }), true)).toBe(false);
    expect(decide(new Error('plain'), true)).toBe(false);
  });

  it('non-idempotent calls: only when the request certainly was not processed', () => {
    expect(decide(refused, false)).toBe(true);
    expect(decide(new RateLimitError('MKT.0250', 'm', { status: 406, category: 'rate_limit' }), false)).toBe(
      true,
    );
    expect(decide(reset, false)).toBe(false);
    expect(decide(new TimeoutError('slow'), false)).toBe(false);
    expect(decide(api(503, 'server'), false)).toBe(false);
  });

  it('stops at maxRetries and refuses a Retry-After above maxRetryAfterMs', () => {
    expect(decide(refused, true, 2, 2)).toBe(false);
    expect(decide(refused, true, 0, 0)).toBe(false);
    expect(decide(api(503, 'server', 61_000), true)).toBe(false);
    expect(
      shouldRetry({
        error: api(503, 'server', 61_000),
        idempotent: true,
        retriesSoFar: 0,
        maxRetries: 2,
        policy: { maxRetryAfterMs: 120_000 },
      }),
    ).toBe(true);
  });

  it('exponential backoff with full jitter from the injected random, capped', () => {
    const at = (retriesSoFar: number, r: number) => retryDelay({ retriesSoFar, random: () => r });
    expect([0, 1, 2, 3, 4, 5].map((n) => at(n, 0.999999))).toEqual([499, 999, 1999, 3999, 7999, 7999]);
    expect(at(3, 0)).toBe(0);
    expect(at(2, 0.25)).toBe(500);
    expect(
      retryDelay({ retriesSoFar: 10, random: () => 0.5, policy: { baseDelayMs: 100, maxDelayMs: 1000 } }),
    ).toBe(500);
    expect(retryDelay({ retriesSoFar: 0, random: () => Number.NaN })).toBe(0);
  });

  it('Retry-After wins over backoff, capped by maxRetryAfterMs', () => {
    expect(retryDelay({ retriesSoFar: 0, error: api(429, 'rate_limit', 2500), random: () => 0.9 })).toBe(
      2500,
    );
    expect(retryDelay({ retriesSoFar: 0, error: api(429, 'rate_limit', 90_000) })).toBe(60_000);
  });

  it('parses Retry-After seconds and HTTP dates', () => {
    const now = Date.UTC(2025, 0, 1);
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter(new Date(now + 12_000).toUTCString(), now)).toBe(12_000);
    expect(parseRetryAfter(new Date(now - 12_000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
  });
});
