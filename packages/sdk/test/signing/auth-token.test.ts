import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors';
import { computeAuthToken, verifyAuthToken } from '../../src/signing';
import { authTokenStringToSign } from '../../src/signing/auth-token';

const KEY = 'v1-key';
const PARAMS = {
  activity: 'newInstance',
  orderId: 'CS1',
  mobilePhone: '0123456789abcdefAb+c/d+e==',
  customerName: 'Ann Lee',
  timeStamp: '20200727073711903',
};

describe('computeAuthToken', () => {
  it('sorts keys by UTF-8 bytes (upper case before lower case) and excludes authToken', () => {
    const map = new Map(Object.entries({ b: '2', a: '1', B: '3', timeStamp: 't' }));
    expect(authTokenStringToSign(map)).toBe('B=3&a=1&b=2&timeStamp=t');
    expect(computeAuthToken(KEY, { ...PARAMS, authToken: 'x' })).toBe(computeAuthToken(KEY, PARAMS));
    expect(computeAuthToken(KEY, PARAMS)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('keys the HMAC with accessKey + timeStamp (a different timeStamp changes the token)', () => {
    expect(computeAuthToken(KEY, { ...PARAMS, timeStamp: '20200727073711904' })).not.toBe(
      computeAuthToken(KEY, PARAMS),
    );
  });

  it('throws ConfigError for a missing key, bad params or no timeStamp', () => {
    expect(() => computeAuthToken('', PARAMS)).toThrow(ConfigError);
    expect(() => computeAuthToken(KEY, null as never)).toThrow(ConfigError);
    expect(() => computeAuthToken(KEY, ['a'] as never)).toThrow(ConfigError);
    expect(() => computeAuthToken(KEY, { ...PARAMS, testFlag: 1 } as never)).toThrow(ConfigError);
    const { timeStamp: _t, ...noTime } = PARAMS;
    expect(() => computeAuthToken(KEY, noTime)).toThrow(ConfigError);
  });
});

describe('verifyAuthToken', () => {
  const token = computeAuthToken(KEY, PARAMS);

  it('accepts the token from a record or URLSearchParams', () => {
    expect(verifyAuthToken({ accessKey: KEY, query: { ...PARAMS, authToken: token } })).toMatchObject({
      valid: true,
      matched: 'raw',
      nonce: '',
      timestampMs: Date.UTC(2020, 6, 27, 7, 37, 11, 903),
    });
    const encoded = new URLSearchParams({ ...PARAMS, authToken: token });
    expect(verifyAuthToken({ accessKey: KEY, query: encoded })).toMatchObject({
      valid: true,
      matched: 'raw',
    });
  });

  it('repairs + that a query parser turned into spaces, in the token and in parameter values', () => {
    // The platform sent + unencoded: URLSearchParams decodes every + to a space.
    const raw = Object.entries({ ...PARAMS, authToken: token })
      .map(([k, v]) => `${k}=${v.replace(/ /g, '%20')}`)
      .join('&');
    const parsed = new URLSearchParams(raw);
    expect(parsed.get('mobilePhone')).toContain(' ');
    expect(verifyAuthToken({ accessKey: KEY, query: parsed })).toMatchObject({
      valid: true,
      matched: 'canonical',
    });
  });

  it('repairs all values when more than four contain spaces', () => {
    const params: Record<string, string> = { timeStamp: PARAMS.timeStamp };
    for (let i = 0; i < 6; i++) params[`v${i}`] = `a+b${i}`;
    const t = computeAuthToken(KEY, params);
    const spaced = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.replace(/\+/g, ' ')]));
    expect(verifyAuthToken({ accessKey: KEY, query: { ...spaced, authToken: t } })).toMatchObject({
      valid: true,
    });
  });

  it('keeps real spaces in values (they are signed as spaces)', () => {
    const params = { activity: 'newInstance', customerName: 'Ann Lee', timeStamp: PARAMS.timeStamp };
    const t = computeAuthToken(KEY, params);
    expect(verifyAuthToken({ accessKey: KEY, query: { ...params, authToken: t } })).toMatchObject({
      valid: true,
    });
  });

  it('takes the first value of repeated parameters', () => {
    const query = { ...PARAMS, orderId: [PARAMS.orderId, 'CS2'], authToken: [token] };
    expect(verifyAuthToken({ accessKey: KEY, query }).valid).toBe(true);
  });

  it('reports missing, malformed and mismatching values', () => {
    const q = (over: Record<string, unknown>) =>
      verifyAuthToken({ accessKey: KEY, query: { ...PARAMS, authToken: token, ...over } });
    expect(q({ authToken: undefined })).toMatchObject({ reason: 'SIGNATURE_MISSING' });
    expect(q({ authToken: '' })).toMatchObject({ reason: 'SIGNATURE_MISSING' });
    expect(q({ timeStamp: undefined })).toMatchObject({ reason: 'TIMESTAMP_MISSING' });
    for (const timeStamp of [
      '20201327073711903',
      '20200230073711903',
      '1595835431903',
      'yesterday',
      '20200727 73711903',
    ]) {
      expect(q({ timeStamp }), timeStamp).toMatchObject({ reason: 'TIMESTAMP_INVALID' });
    }
    expect(q({ timeStamp: '20200727073711' })).toMatchObject({ reason: 'SIGNATURE_MISMATCH' });
    expect(q({ authToken: 'not*base64' })).toMatchObject({ reason: 'SIGNATURE_MALFORMED' });
    expect(q({ authToken: token.slice(0, 40) })).toMatchObject({ reason: 'SIGNATURE_MALFORMED' });
    expect(q({ orderId: 'CS2' })).toMatchObject({ reason: 'SIGNATURE_MISMATCH' });
    expect(q({ extra: 'added' })).toMatchObject({ reason: 'SIGNATURE_MISMATCH' });
    expect(q({ nested: { a: 1 } })).toMatchObject({ reason: 'INVALID_ARGUMENT' });
    expect(verifyAuthToken({ accessKey: 'other', query: { ...PARAMS, authToken: token } })).toMatchObject({
      reason: 'SIGNATURE_MISMATCH',
    });
  });

  it('returns INVALID_ARGUMENT for bad arguments', () => {
    expect(verifyAuthToken(undefined as never)).toMatchObject({ reason: 'INVALID_ARGUMENT' });
    expect(verifyAuthToken({ accessKey: '', query: PARAMS })).toMatchObject({ reason: 'INVALID_ARGUMENT' });
    expect(verifyAuthToken({ accessKey: KEY, query: 'a=b' as never })).toMatchObject({
      reason: 'INVALID_ARGUMENT',
    });
  });
});
