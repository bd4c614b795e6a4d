import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors';
import { signApigRequest, verifyApigRequest, type VerifyApigRequestOptions } from '../../src/signing';
import { computeApigSignature } from '../../src/signing/apig-signer';

const AK = 'AK-verify-0001';
const SK = 'SK-verify-secret-0001';
const T0 = Date.UTC(2025, 4, 6, 7, 8, 9);
const URL_ =
  'https://mkt.myhuaweicloud.com/api/mkp-openapi-public/global/v1/order/query?orderId=CS1&orderLineId=CS1-000001';
const PATH = '/api/mkp-openapi-public/global/v1/order/query?orderId=CS1&orderLineId=CS1-000001';
const BODY = '{"usage_records":[]}';
const CALLER_HEADERS = { 'Content-Type': 'application/json', 'x-stage': 'RELEASE' };

function signed(
  o: { method?: string; body?: string; unsignedPayload?: boolean; headers?: Record<string, string> } = {},
) {
  const headers = o.headers ?? CALLER_HEADERS;
  const auth = signApigRequest({
    accessKey: AK,
    secretKey: SK,
    method: o.method ?? 'POST',
    url: URL_,
    headers,
    body: o.body ?? BODY,
    date: new Date(T0),
    unsignedPayload: o.unsignedPayload,
  });
  return { ...headers, Host: 'mkt.myhuaweicloud.com', ...auth } as Record<string, string>;
}

function verify(over: Partial<VerifyApigRequestOptions> = {}) {
  return verifyApigRequest({
    lookupSecret: (ak) => (ak === AK ? SK : undefined),
    method: 'POST',
    url: PATH,
    headers: signed(),
    body: BODY,
    now: () => T0,
    ...over,
  });
}

describe('verifyApigRequest', () => {
  it('accepts what signApigRequest produces (path+query or absolute URL, Uint8Array body, header arrays)', () => {
    expect(verify()).toEqual({ valid: true, accessKey: AK });
    expect(verify({ url: URL_ })).toEqual({ valid: true, accessKey: AK });
    expect(verify({ body: new TextEncoder().encode(BODY) })).toEqual({ valid: true, accessKey: AK });
    const lower = Object.fromEntries(Object.entries(signed()).map(([k, v]) => [k.toLowerCase(), [v]]));
    expect(verify({ headers: lower })).toEqual({ valid: true, accessKey: AK });
  });

  it('takes the Host from an absolute URL when the header is absent', () => {
    const { Host: _host, ...headers } = signed();
    expect(verify({ url: URL_, headers })).toEqual({ valid: true, accessKey: AK });
    expect(verify({ url: PATH, headers })).toMatchObject({ valid: false, reason: 'SIGNATURE_MISMATCH' });
  });

  it('accepts unsigned-payload mode whatever the body', () => {
    const headers = signed({ unsignedPayload: true });
    expect(verify({ headers, body: 'anything at all' })).toEqual({ valid: true, accessKey: AK });
  });

  it('hashes the body when X-Sdk-Content-Sha256 is present but not signed', () => {
    const headers = { ...signed(), 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' };
    expect(verify({ headers })).toEqual({ valid: true, accessKey: AK });
    expect(verify({ headers, body: 'tampered' })).toMatchObject({
      valid: false,
      reason: 'SIGNATURE_MISMATCH',
    });
  });

  it('rejects tampering with method, path, query, signed header, body, date or signature', () => {
    const h = signed();
    const tampered: Array<[string, Partial<VerifyApigRequestOptions>]> = [
      ['method', { method: 'PUT' }],
      ['path', { url: PATH.replace('order/query', 'order/querx') }],
      ['query value', { url: PATH.replace('CS1-000001', 'CS1-000002') }],
      ['query added', { url: `${PATH}&extra=1` }],
      ['signed header', { headers: { ...h, 'x-stage': 'TEST' } }],
      ['body', { body: `${BODY} ` }],
      ['date', { headers: { ...h, 'X-Sdk-Date': '20250506T070810Z' } }],
      [
        'signature',
        { headers: { ...h, Authorization: h.Authorization!.replace(/.$/, (c) => (c === '0' ? '1' : '0')) } },
      ],
      ['access key', { headers: { ...h, Authorization: h.Authorization!.replace(AK, 'AK-other') } }],
    ];
    for (const [what, over] of tampered) {
      const secrets = new Map([
        [AK, SK],
        ['AK-other', 'SK-of-the-other-key'],
      ]);
      const lookupSecret = (ak: string) => secrets.get(ak);
      const r = verify({ lookupSecret, ...over });
      expect(r, what).toMatchObject({ valid: false, reason: 'SIGNATURE_MISMATCH' });
    }
  });

  it('returns the canonical request it computed on a mismatch', () => {
    const r = verify({ method: 'PUT' });
    const expected = computeApigSignature({
      accessKey: AK,
      secretKey: SK,
      method: 'PUT',
      url: URL_,
      headers: CALLER_HEADERS,
      body: BODY,
      date: new Date(T0),
    }).canonicalRequest;
    expect(r).toMatchObject({ valid: false, reason: 'SIGNATURE_MISMATCH', canonicalRequest: expected });
    expect(verify()).not.toHaveProperty('canonicalRequest');
  });

  it('rejects an unknown access key, without revealing the secret', () => {
    const r = verify({ lookupSecret: () => undefined });
    expect(r).toMatchObject({ valid: false, reason: 'UNKNOWN_ACCESS_KEY' });
    expect(verify({ lookupSecret: () => '' })).toMatchObject({ valid: false, reason: 'UNKNOWN_ACCESS_KEY' });
    expect(JSON.stringify(verify({ method: 'PUT' }))).not.toContain(SK);
  });

  it('allows 15 minutes of clock skew either way by default, and honours maxSkewMs', () => {
    const fifteen = 15 * 60_000;
    expect(verify({ now: () => T0 + fifteen }).valid).toBe(true);
    expect(verify({ now: () => T0 - fifteen }).valid).toBe(true);
    expect(verify({ now: () => T0 + fifteen + 1000 })).toMatchObject({ valid: false, reason: 'CLOCK_SKEW' });
    expect(verify({ now: () => T0 - fifteen - 1000 })).toMatchObject({ valid: false, reason: 'CLOCK_SKEW' });
    expect(verify({ now: () => T0 + 60_000, maxSkewMs: 59_000 })).toMatchObject({
      valid: false,
      reason: 'CLOCK_SKEW',
    });
  });

  it('reports a missing or malformed Authorization header', () => {
    const { Authorization: auth, ...rest } = signed();
    expect(verify({ headers: rest })).toMatchObject({ valid: false, reason: 'AUTH_HEADER_MISSING' });
    expect(verify({ headers: { ...rest, Authorization: '' } })).toMatchObject({
      valid: false,
      reason: 'AUTH_HEADER_MISSING',
    });
    const malformed = [
      auth!.replace('SDK-HMAC-SHA256', 'AWS4-HMAC-SHA256'),
      auth!.replace(/Signature=[0-9a-f]+/, 'Signature=xyz'),
      auth!.replace(/Signature=[0-9a-f]+/, 'Signature=abcd'),
      auth!.replace('SignedHeaders=', 'Signed='),
      auth!.replace(/SignedHeaders=[^,]+/, 'SignedHeaders=content-type;host'),
      auth!.replace(/SignedHeaders=[^,]+/, 'SignedHeaders=Content-Type;host;x-sdk-date'),
      'garbage',
    ];
    for (const value of malformed) {
      expect(verify({ headers: { ...rest, Authorization: value } }), value).toMatchObject({
        valid: false,
        reason: 'AUTH_HEADER_MALFORMED',
      });
    }
  });

  it('reports a missing or invalid X-Sdk-Date', () => {
    const { 'X-Sdk-Date': _d, ...rest } = signed();
    expect(verify({ headers: rest })).toMatchObject({ valid: false, reason: 'DATE_MISSING' });
    for (const bad of ['2025-05-06T07:08:09Z', '20251306T070809Z', '20250506T250809Z', '20250506T070809']) {
      expect(verify({ headers: { ...rest, 'X-Sdk-Date': bad } }), bad).toMatchObject({
        valid: false,
        reason: 'DATE_INVALID',
      });
    }
  });

  it('reports a signed header that is absent from the request', () => {
    const { 'x-stage': _s, ...rest } = signed();
    expect(verify({ headers: rest })).toMatchObject({ valid: false, reason: 'SIGNATURE_MISMATCH' });
  });

  it('throws ConfigError only for programming errors in its options', () => {
    const bad: Array<Partial<Record<keyof VerifyApigRequestOptions, unknown>>> = [
      { lookupSecret: undefined },
      { method: 1 },
      { url: undefined },
      { url: 'no-slash' },
      { headers: null },
      { body: 5 },
      { now: 5 },
      { now: () => Number.NaN },
      { maxSkewMs: -1 },
    ];
    for (const over of bad) {
      expect(() => verify(over as Partial<VerifyApigRequestOptions>), JSON.stringify(over)).toThrow(
        ConfigError,
      );
    }
    expect(() =>
      verify({
        lookupSecret: () => {
          throw new Error('db down');
        },
      }),
    ).toThrow('db down');
  });
});
