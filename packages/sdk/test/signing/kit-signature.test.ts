import { describe, expect, it } from 'vitest';
import { ConfigError, ErrorCodes, ValidationError } from '../../src/errors';
import { signKitRequest, verifyKitRequest, type VerifyKitRequestOptions } from '../../src/signing';

const KEY = 'kit-test-key';
const T = 1_680_508_066_618;
const BODY = { tenantId: 't-1', instanceId: 'i-1', flag: 1, testFlag: 1, tenantName: '企业', orderId: null };

describe('signKitRequest', () => {
  it('emits the canonical body (numbers stay numbers) and x-sign / x-timestamp / x-nonce headers', () => {
    const s = signKitRequest({ accessKey: KEY, body: BODY, timestamp: T, nonce: 'kit-nonce' });
    expect(s.body).toBe('{"flag":1,"instanceId":"i-1","tenantId":"t-1","tenantName":"企业","testFlag":1}');
    expect(s.headers['x-timestamp']).toBe(String(T));
    expect(s.headers['x-nonce']).toBe('kit-nonce');
    expect(s.headers['x-sign']).toMatch(/^[0-9a-f]{64}$/);
    const defaults = signKitRequest({ accessKey: KEY, body: BODY });
    expect(defaults.headers['x-nonce']).toMatch(/^[0-9a-f]{64}$/);
    expect(defaults.headers['x-timestamp']).toMatch(/^\d{13}$/);
  });

  it('throws ConfigError for bad key/timestamp/nonce and ValidationError for a non-JSON body', () => {
    expect(() => signKitRequest({ accessKey: '', body: BODY })).toThrow(ConfigError);
    expect(() => signKitRequest(undefined as never)).toThrow(ConfigError);
    expect(() => signKitRequest({ accessKey: KEY, body: BODY, timestamp: '12345678901234567' })).toThrow(
      ConfigError,
    );
    expect(() => signKitRequest({ accessKey: KEY, body: BODY, nonce: '' })).toThrow(ConfigError);
    expect(() => signKitRequest({ accessKey: KEY, body: '{oops' })).toThrow(ValidationError);
  });
});

describe('verifyKitRequest', () => {
  const s = signKitRequest({ accessKey: KEY, body: BODY, timestamp: T, nonce: 'kit-nonce' });
  const verify = (over: Partial<VerifyKitRequestOptions> = {}) =>
    verifyKitRequest({ accessKey: KEY, rawBody: s.body, headers: s.headers, now: () => T, ...over });

  it('accepts the signed request, header names in any case, array values and fetch Headers', () => {
    expect(verify()).toEqual({ valid: true, timestampMs: T, nonce: 'kit-nonce', matched: 'raw' });
    const upper = {
      'X-Sign': s.headers['x-sign'].toUpperCase(),
      'X-Timestamp': [s.headers['x-timestamp']],
      'X-NONCE': 'kit-nonce',
    };
    expect(verify({ headers: upper }).valid).toBe(true);
    const fetchHeaders = new Headers(s.headers);
    expect(verify({ headers: fetchHeaders as unknown as VerifyKitRequestOptions['headers'] }).valid).toBe(
      true,
    );
  });

  it('falls back to the canonical form for a re-ordered body', () => {
    const reordered = JSON.stringify({
      testFlag: 1,
      tenantName: '企业',
      tenantId: 't-1',
      instanceId: 'i-1',
      flag: 1,
    });
    expect(verify({ rawBody: reordered })).toMatchObject({ valid: true, matched: 'canonical' });
  });

  it('reports missing, malformed and stale headers', () => {
    const { 'x-sign': _s, ...noSign } = s.headers;
    const { 'x-timestamp': _t, ...noTs } = s.headers;
    const { 'x-nonce': _n, ...noNonce } = s.headers;
    expect(verify({ headers: noSign })).toMatchObject({ reason: 'SIGNATURE_MISSING' });
    expect(verify({ headers: noTs })).toMatchObject({ reason: 'TIMESTAMP_MISSING' });
    expect(verify({ headers: noNonce })).toMatchObject({ reason: 'NONCE_MISSING' });
    expect(verify({ headers: { ...s.headers, 'x-sign': 'zz' } })).toMatchObject({
      reason: 'SIGNATURE_MALFORMED',
    });
    expect(verify({ headers: { ...s.headers, 'x-timestamp': '20220413093539534' } })).toMatchObject({
      reason: 'TIMESTAMP_INVALID',
    });
    expect(verify({ now: () => T + 60_001 })).toMatchObject({ reason: 'TIMESTAMP_OUT_OF_WINDOW' });
    expect(verify({ now: () => T - 60_001 })).toMatchObject({ reason: 'TIMESTAMP_OUT_OF_WINDOW' });
    expect(verify({ rawBody: 'garbage' })).toMatchObject({ reason: 'BODY_NOT_JSON' });
    expect(verify({ accessKey: 'other' })).toMatchObject({ reason: 'SIGNATURE_MISMATCH' });
  });

  it('returns INVALID_ARGUMENT for bad arguments instead of throwing', () => {
    for (const over of [
      { accessKey: '' },
      { rawBody: 1 },
      { headers: null },
      { headers: 'x' },
      { now: 'now' },
      { toleranceMs: -5 },
    ]) {
      expect(verify(over as Partial<VerifyKitRequestOptions>)).toMatchObject({
        valid: false,
        reason: 'INVALID_ARGUMENT',
      });
    }
    expect(verifyKitRequest(undefined as never)).toMatchObject({ reason: ErrorCodes.INVALID_ARGUMENT });
  });
});
