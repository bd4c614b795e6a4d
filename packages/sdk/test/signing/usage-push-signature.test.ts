import { describe, expect, it } from 'vitest';
import { ConfigError, ValidationError } from '../../src/errors';
import { signUsagePush, verifyUsagePush, type VerifyUsagePushOptions } from '../../src/signing';

const KEY = 'usage-key';
const T = 1_709_690_865_879;
const RECORD = { usage_value: '1', instance_id: 'i-1', metering_sn: 'sn-1', record_time: '20240306T010500Z' };

describe('signUsagePush', () => {
  it('sorts keys at every level and returns ts / nonce / signature headers', () => {
    const s = signUsagePush({ key: KEY, body: { usage_records: [RECORD] }, ts: T, nonce: 'n-1' });
    expect(s.body).toBe(
      '{"usage_records":[{"instance_id":"i-1","metering_sn":"sn-1","record_time":"20240306T010500Z","usage_value":"1"}]}',
    );
    expect(s.headers.ts).toBe(String(T));
    expect(s.headers.nonce).toBe('n-1');
    expect(s.headers.signature).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('defaults to a UUID nonce and the current time', () => {
    const s = signUsagePush({ key: KEY, body: { usage_records: [] } });
    expect(s.headers.nonce).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(s.headers.ts).toMatch(/^\d{13}$/);
  });

  it('throws typed errors for bad input', () => {
    expect(() => signUsagePush({ key: '', body: {} })).toThrow(ConfigError);
    expect(() => signUsagePush({ key: KEY, body: {}, nonce: 'n'.repeat(65) })).toThrow(ConfigError);
    expect(() => signUsagePush({ key: KEY, body: {}, ts: 'yesterday' })).toThrow(ConfigError);
    expect(() => signUsagePush({ key: KEY, body: 'usage' })).toThrow(ValidationError);
  });
});

describe('verifyUsagePush', () => {
  const s = signUsagePush({ key: KEY, body: { usage_records: [RECORD] }, ts: T, nonce: 'n-1' });
  const verify = (over: Partial<VerifyUsagePushOptions> = {}) =>
    verifyUsagePush({ key: KEY, rawBody: s.body, headers: s.headers, now: () => T, ...over });

  it('accepts the signed push, and a body re-serialised in another key order via the fallback', () => {
    expect(verify()).toEqual({ valid: true, timestampMs: T, nonce: 'n-1', matched: 'raw' });
    expect(verify({ rawBody: JSON.stringify({ usage_records: [RECORD] }) })).toMatchObject({
      valid: true,
      matched: 'canonical',
    });
  });

  it('rejects a signature that differs only in Base64 padding bits (same decoded bytes)', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const sig = s.headers.signature;
    const last = alphabet[alphabet.indexOf(sig[42]!) ^ 1]!;
    const variant = `${sig.slice(0, 42)}${last}=`;
    expect(Buffer.from(variant, 'base64').equals(Buffer.from(sig, 'base64'))).toBe(true);
    expect(verify({ headers: { ...s.headers, signature: variant } })).toMatchObject({
      valid: false,
      reason: 'SIGNATURE_MISMATCH',
    });
  });

  it('reports missing and malformed headers, stale ts and wrong key', () => {
    expect(verify({ headers: { ts: s.headers.ts, nonce: 'n-1' } })).toMatchObject({
      reason: 'SIGNATURE_MISSING',
    });
    expect(verify({ headers: { ...s.headers, signature: 'not base64!' } })).toMatchObject({
      reason: 'SIGNATURE_MALFORMED',
    });
    expect(verify({ headers: { ...s.headers, signature: s.headers.signature.slice(0, 43) } })).toMatchObject({
      reason: 'SIGNATURE_MALFORMED',
    });
    expect(verify({ headers: { signature: s.headers.signature, nonce: 'n-1' } })).toMatchObject({
      reason: 'TIMESTAMP_MISSING',
    });
    expect(verify({ headers: { signature: s.headers.signature, ts: s.headers.ts } })).toMatchObject({
      reason: 'NONCE_MISSING',
    });
    expect(verify({ now: () => T + 61_000 })).toMatchObject({ reason: 'TIMESTAMP_OUT_OF_WINDOW' });
    expect(verify({ key: 'other' })).toMatchObject({ reason: 'SIGNATURE_MISMATCH' });
    expect(verify({ key: '' })).toMatchObject({ reason: 'INVALID_ARGUMENT' });
    expect(verify({ headers: [] as never })).toMatchObject({ reason: 'INVALID_ARGUMENT' });
  });
});
