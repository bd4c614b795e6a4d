import { describe, expect, it } from 'vitest';
import { ConfigError, ErrorCodes, ValidationError } from '../../src/errors';
import { signRequest, verifyRequest, type VerifyRequestOptions } from '../../src/signing';
import { requestSignatureBytes } from '../../src/signing/request-signature';

const KEY = 'unit-test-key-42';
const T = 1_700_000_000_000;
const BODY = { activity: 'newInstance', orderId: 'CS1', testFlag: '1' };

function signedAt(timestamp: number | string = T) {
  return signRequest({ accessKey: KEY, body: BODY, timestamp, nonce: 'nonce-1' });
}

function verify(over: Partial<VerifyRequestOptions> = {}, timestamp: number | string = T) {
  const s = signedAt(timestamp);
  return verifyRequest({ accessKey: KEY, rawBody: s.body, query: s.query, now: () => T, ...over });
}

describe('signRequest', () => {
  it('emits the canonical body, lower-case hex, a 13-digit ms timestamp and a 64-hex nonce by default', () => {
    const before = Date.now();
    const s = signRequest({
      accessKey: KEY,
      body: { testFlag: '1', activity: 'newInstance', orderId: null },
    });
    const after = Date.now();
    expect(s.body).toBe('{"activity":"newInstance","testFlag":"1"}');
    expect(s.query.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(s.query.nonce).toMatch(/^[0-9a-f]{64}$/);
    expect(s.query.timestamp).toMatch(/^\d{13}$/);
    expect(Number(s.query.timestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(s.query.timestamp)).toBeLessThanOrEqual(after);
    expect(signRequest({ accessKey: KEY, body: BODY }).query.nonce).not.toBe(s.query.nonce);
  });

  it('round-trips through verifyRequest', () => {
    const s = signRequest({ accessKey: KEY, body: BODY });
    const r = verifyRequest({ accessKey: KEY, rawBody: s.body, query: s.query });
    expect(r).toMatchObject({
      valid: true,
      nonce: s.query.nonce,
      matched: 'raw',
      timestampMs: Number(s.query.timestamp),
    });
  });

  const configErrors: Array<[string, unknown]> = [
    ['no options', undefined],
    ['missing key', { body: BODY }],
    ['empty key', { accessKey: '', body: BODY }],
    ['numeric key', { accessKey: 42, body: BODY }],
    ['non-numeric timestamp', { accessKey: KEY, body: BODY, timestamp: 'soon' }],
    ['17-digit timestamp', { accessKey: KEY, body: BODY, timestamp: '20240101000000000' }],
    ['fractional timestamp', { accessKey: KEY, body: BODY, timestamp: 1.5 }],
    ['negative timestamp', { accessKey: KEY, body: BODY, timestamp: -1 }],
    ['empty nonce', { accessKey: KEY, body: BODY, nonce: '' }],
    ['nonce with a space', { accessKey: KEY, body: BODY, nonce: 'a b' }],
    ['overlong nonce', { accessKey: KEY, body: BODY, nonce: 'n'.repeat(300) }],
    ['numeric nonce', { accessKey: KEY, body: BODY, nonce: 5 }],
  ];
  for (const [name, options] of configErrors) {
    it(`throws ConfigError: ${name}`, () => {
      expect(() => signRequest(options as never)).toThrow(ConfigError);
    });
  }

  it('throws ValidationError BODY_NOT_JSON for a body that is not a JSON object', () => {
    for (const body of ['not json', '[]', 42, null, undefined]) {
      let error: unknown;
      try {
        signRequest({ accessKey: KEY, body: body as never });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).code).toBe(ErrorCodes.BODY_NOT_JSON);
    }
  });

  it('never puts the key in an error message', () => {
    try {
      signRequest({ accessKey: KEY, body: BODY, timestamp: 'x' });
    } catch (e) {
      expect((e as Error).message).not.toContain(KEY);
    }
    expect.assertions(1);
  });
});

describe('verifyRequest freshness', () => {
  it('accepts ±toleranceMs in both directions and rejects one millisecond more', () => {
    expect(verify({ now: () => T + 60_000 }).valid).toBe(true);
    expect(verify({ now: () => T - 60_000 }).valid).toBe(true);
    expect(verify({ now: () => T + 60_001 })).toMatchObject({
      valid: false,
      reason: 'TIMESTAMP_OUT_OF_WINDOW',
    });
    expect(verify({ now: () => T - 60_001 })).toMatchObject({
      valid: false,
      reason: 'TIMESTAMP_OUT_OF_WINDOW',
    });
    expect(verify({ now: () => T + 5_000, toleranceMs: 4_999 })).toMatchObject({
      reason: 'TIMESTAMP_OUT_OF_WINDOW',
    });
    expect(verify({ now: () => T + 5_000, toleranceMs: 5_000 }).valid).toBe(true);
  });

  it('reads a timestamp of 10 digits or fewer as seconds', () => {
    const r = verify({}, String(T / 1000));
    expect(r).toMatchObject({ valid: true, timestampMs: T });
  });

  it('rejects a 17-digit, 14-digit, signed, decimal or non-numeric timestamp as TIMESTAMP_INVALID', () => {
    const s = signedAt();
    for (const timestamp of [
      '20240101000000000',
      '17000000000000',
      '+1700000000000',
      '1700000000000.5',
      'abc',
      ' 1700000000000',
    ]) {
      const r = verifyRequest({
        accessKey: KEY,
        rawBody: s.body,
        query: { ...s.query, timestamp },
        now: () => T,
      });
      expect(r, timestamp).toMatchObject({ valid: false, reason: 'TIMESTAMP_INVALID' });
    }
  });

  it('reports missing parameters', () => {
    const s = signedAt();
    const without = (name: keyof typeof s.query) => {
      const { [name]: _omit, ...rest } = s.query;
      return verifyRequest({ accessKey: KEY, rawBody: s.body, query: rest, now: () => T });
    };
    expect(without('signature')).toMatchObject({ valid: false, reason: 'SIGNATURE_MISSING' });
    expect(without('timestamp')).toMatchObject({ valid: false, reason: 'TIMESTAMP_MISSING' });
    expect(without('nonce')).toMatchObject({ valid: false, reason: 'NONCE_MISSING' });
    const empty = (name: string) =>
      verifyRequest({ accessKey: KEY, rawBody: s.body, query: { ...s.query, [name]: '' }, now: () => T });
    expect(empty('signature')).toMatchObject({ reason: 'SIGNATURE_MISSING' });
    expect(empty('timestamp')).toMatchObject({ reason: 'TIMESTAMP_MISSING' });
    expect(empty('nonce')).toMatchObject({ reason: 'NONCE_MISSING' });
  });
});

describe('verifyRequest signature handling', () => {
  it('reports a signature that is not 64 hex characters as SIGNATURE_MALFORMED', () => {
    const s = signedAt();
    for (const signature of [
      s.query.signature.slice(1),
      `${s.query.signature}0`,
      s.query.signature.replace(/^./, 'g'),
      'x',
    ]) {
      const r = verifyRequest({
        accessKey: KEY,
        rawBody: s.body,
        query: { ...s.query, signature },
        now: () => T,
      });
      expect(r).toMatchObject({ valid: false, reason: 'SIGNATURE_MALFORMED' });
    }
  });

  it('takes the first value of repeated parameters and reads URLSearchParams', () => {
    const s = signedAt();
    const arrays = {
      signature: [s.query.signature, 'f'.repeat(64)],
      timestamp: [s.query.timestamp],
      nonce: [s.query.nonce, 'x'],
    };
    expect(verifyRequest({ accessKey: KEY, rawBody: s.body, query: arrays, now: () => T }).valid).toBe(true);
    const params = new URLSearchParams(
      `signature=${s.query.signature}&timestamp=${s.query.timestamp}&nonce=${s.query.nonce}&nonce=other`,
    );
    expect(verifyRequest({ accessKey: KEY, rawBody: s.body, query: params, now: () => T })).toMatchObject({
      valid: true,
      nonce: s.query.nonce,
    });
  });

  it('accepts the body as a Uint8Array (including a subarray view)', () => {
    const s = signedAt();
    const padded = Buffer.from(`xx${s.body}yy`);
    const view = padded.subarray(2, padded.length - 2);
    expect(verifyRequest({ accessKey: KEY, rawBody: view, query: s.query, now: () => T }).valid).toBe(true);
  });

  it('accepts a reformatted body through the canonical fallback', () => {
    const s = signedAt();
    const pretty = JSON.stringify(
      { testFlag: '1', orderId: 'CS1', activity: 'newInstance', extra: null },
      null,
      2,
    );
    expect(verifyRequest({ accessKey: KEY, rawBody: pretty, query: s.query, now: () => T })).toMatchObject({
      valid: true,
      matched: 'canonical',
    });
  });

  it('reports BODY_NOT_JSON when the raw bytes do not match and the body cannot be canonicalised', () => {
    const s = signedAt();
    for (const rawBody of ['not json', '', '[1]', new Uint8Array([0xff, 0xfe, 0x7b, 0x7d])]) {
      expect(verifyRequest({ accessKey: KEY, rawBody, query: s.query, now: () => T })).toMatchObject({
        valid: false,
        reason: 'BODY_NOT_JSON',
      });
    }
  });

  it('accepts a non-JSON body when its raw bytes are what was signed (the raw path never parses)', () => {
    const signature = requestSignatureBytes(KEY, 'n', String(T), 'not json').toString('hex');
    const r = verifyRequest({
      accessKey: KEY,
      rawBody: 'not json',
      query: { signature, timestamp: String(T), nonce: 'n' },
      now: () => T,
    });
    expect(r).toMatchObject({ valid: true, matched: 'raw' });
  });

  it('fails with SIGNATURE_MISMATCH for a wrong key and never echoes the key or full signature', () => {
    const s = signedAt();
    const r = verifyRequest({ accessKey: 'another-key', rawBody: s.body, query: s.query, now: () => T });
    expect(r).toMatchObject({ valid: false, reason: 'SIGNATURE_MISMATCH' });
    expect(JSON.stringify(r)).not.toContain('another-key');
    expect(JSON.stringify(r)).not.toContain(s.query.signature);
  });
});

describe('verifyRequest bad arguments → INVALID_ARGUMENT (never throws)', () => {
  const s = signedAt();
  const good: VerifyRequestOptions = { accessKey: KEY, rawBody: s.body, query: s.query, now: () => T };
  const cases: Array<[string, unknown]> = [
    ['no options', undefined],
    ['missing key', { ...good, accessKey: undefined }],
    ['empty key', { ...good, accessKey: '' }],
    ['numeric key', { ...good, accessKey: 7 }],
    ['numeric body', { ...good, rawBody: 7 }],
    ['object body', { ...good, rawBody: { a: 1 } }],
    ['null query', { ...good, query: null }],
    ['string query', { ...good, query: 'signature=x' }],
    ['now not a function', { ...good, now: 5 }],
    ['now returns NaN', { ...good, now: () => Number.NaN }],
    [
      'now throws',
      {
        ...good,
        now: () => {
          throw new Error('clock');
        },
      },
    ],
    ['negative tolerance', { ...good, toleranceMs: -1 }],
    ['NaN tolerance', { ...good, toleranceMs: Number.NaN }],
  ];
  for (const [name, options] of cases) {
    it(name, () => {
      expect(verifyRequest(options as VerifyRequestOptions)).toMatchObject({
        valid: false,
        reason: 'INVALID_ARGUMENT',
      });
    });
  }

  it('treats non-string parameter values as malformed or missing', () => {
    const q = (over: Record<string, unknown>) => verifyRequest({ ...good, query: { ...s.query, ...over } });
    expect(q({ signature: 5 })).toMatchObject({ reason: 'SIGNATURE_MALFORMED' });
    expect(q({ timestamp: { a: 1 } })).toMatchObject({ reason: 'TIMESTAMP_INVALID' });
    expect(q({ nonce: 5 })).toMatchObject({ reason: 'NONCE_MISSING' });
  });
});
