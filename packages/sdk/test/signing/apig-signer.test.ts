import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ConfigError, ErrorCodes } from '../../src/errors';
import { signApigRequest } from '../../src/signing';
import { computeApigSignature, type SignApigRequestOptions } from '../../src/signing/apig-signer';

const DATE = new Date(Date.UTC(2025, 0, 1));
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const base: SignApigRequestOptions = {
  accessKey: 'AK0000',
  secretKey: 'SK0000',
  method: 'GET',
  url: 'https://mkt.myhuaweicloud.com/v1/x',
  date: DATE,
};
const canonical = (o: Partial<SignApigRequestOptions>) =>
  computeApigSignature({ ...base, ...o }).canonicalRequest;
const lines = (o: Partial<SignApigRequestOptions>) => canonical(o).split('\n');

describe('APIG canonical request (§7.7)', () => {
  it('ends the canonical URI with "/" and uses "/" for an empty path', () => {
    expect(lines({ url: 'https://h.example.com/a/b' })[1]).toBe('/a/b/');
    expect(lines({ url: 'https://h.example.com/a/b/' })[1]).toBe('/a/b/');
    expect(lines({ url: 'https://h.example.com' })[1]).toBe('/');
    expect(lines({ url: 'https://h.example.com/' })[1]).toBe('/');
  });

  it('RFC 3986-encodes each path segment, whether the URL arrives encoded or not', () => {
    const expected = '/%E5%AE%9E%E4%BE%8B/a%20b/%21%27%28%29%2A/-._~/';
    expect(lines({ url: "https://h.example.com/实例/a b/!'()*/-._~" })[1]).toBe(expected);
    expect(lines({ url: 'https://h.example.com/%E5%AE%9E%E4%BE%8B/a%20b/%21%27%28%29%2A/-._~' })[1]).toBe(
      expected,
    );
    expect(lines({ url: "/%E5%AE%9E%E4%BE%8B/a%20b/!'()*/-._~", headers: { Host: 'h' } })[1]).toBe(expected);
  });

  it('keeps a malformed percent sequence literally (its % encoded)', () => {
    expect(lines({ url: 'https://h.example.com/a%zzb/%E5%AE' })[1]).toBe('/a%25zzb/%25E5%25AE/');
  });

  it('sorts the query by name then value, keeps repeated names and empty values, and treats + as a plus', () => {
    const q = lines({ url: 'https://h.example.com/p?b=2&a=z&b=1&c&a=&d=x+y&e=%20&B=0' })[2];
    expect(q).toBe('B=0&a=&a=z&b=1&b=2&c=&d=x%2By&e=%20');
  });

  it('lower-cases, trims and sorts headers (code-unit order: "-" before "_"); Host comes from the URL', () => {
    const c = canonical({
      url: 'https://h.example.com:8443/p',
      headers: { 'X-B_b': '1', 'x-b-a': '  spaced value \t', 'Content-Type': 'application/json' },
    });
    expect(c).toBe(
      [
        'GET',
        '/p/',
        '',
        'content-type:application/json',
        'host:h.example.com:8443',
        'x-b-a:spaced value',
        'x-b_b:1',
        'x-sdk-date:20250101T000000Z',
        '',
        'content-type;host;x-b-a;x-b_b;x-sdk-date',
        EMPTY,
      ].join('\n'),
    );
  });

  it('omits default ports from the Host taken from the URL, and prefers an explicit Host header', () => {
    expect(canonical({ url: 'https://h.example.com:443/p' })).toContain('\nhost:h.example.com\n');
    expect(canonical({ url: 'https://h.example.com/p', headers: { host: 'other.example.com' } })).toContain(
      '\nhost:other.example.com\n',
    );
  });

  it('hashes the body bytes; strings and Uint8Array sign alike', () => {
    const body = '{"a":"实例"}';
    const fromString = computeApigSignature({ ...base, method: 'POST', body });
    const fromBytes = computeApigSignature({ ...base, method: 'POST', body: new TextEncoder().encode(body) });
    expect(fromString.canonicalRequest).toBe(fromBytes.canonicalRequest);
    expect(fromString.canonicalRequest.split('\n').at(-1)).not.toBe(EMPTY);
    expect(computeApigSignature({ ...base, method: 'post' }).canonicalRequest.startsWith('POST\n')).toBe(
      true,
    );
  });

  it('unsigned-payload mode signs X-Sdk-Content-Sha256 and uses the literal instead of the body hash', () => {
    const viaOption = computeApigSignature({ ...base, method: 'POST', body: 'x', unsignedPayload: true });
    const viaHeader = computeApigSignature({
      ...base,
      method: 'POST',
      body: 'y',
      headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' },
    });
    expect(viaOption.canonicalRequest.split('\n').at(-1)).toBe('UNSIGNED-PAYLOAD');
    expect(viaOption.canonicalRequest).toContain('\nx-sdk-content-sha256:UNSIGNED-PAYLOAD\n');
    expect(viaOption.signature).toBe(viaHeader.signature);
    expect(signApigRequest({ ...base, unsignedPayload: true })['X-Sdk-Content-Sha256']).toBe(
      'UNSIGNED-PAYLOAD',
    );
    expect(signApigRequest(base)['X-Sdk-Content-Sha256']).toBeUndefined();
  });

  it('formats X-Sdk-Date from the date option, and defaults to now', () => {
    expect(
      signApigRequest({ ...base, date: new Date(Date.UTC(2019, 10, 15, 3, 36, 55, 999)) })['X-Sdk-Date'],
    ).toBe('20191115T033655Z');
    const before = Date.now();
    const sdkDate = signApigRequest({ ...base, date: undefined })['X-Sdk-Date']!;
    const after = Date.now();
    const t = Date.UTC(
      +sdkDate.slice(0, 4),
      +sdkDate.slice(4, 6) - 1,
      +sdkDate.slice(6, 8),
      +sdkDate.slice(9, 11),
      +sdkDate.slice(11, 13),
      +sdkDate.slice(13, 15),
    );
    expect(t).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(t).toBeLessThanOrEqual(after);
  });
});

describe('where the published algorithm and Huawei SDK core differ (we follow the published algorithm)', () => {
  const require = createRequire(import.meta.url);
  const core = require('@huaweicloud/huaweicloud-sdk-core') as {
    BasicCredentials: new () => {
      withAk(a: string): {
        withSk(s: string): {
          processAuthRequest(c: unknown, r: unknown): Promise<{ headers: Record<string, string> }>;
        };
      };
    };
  };
  const huawei = (headers: Record<string, string>) =>
    new core.BasicCredentials()
      .withAk('AK0000')
      .withSk('SK0000')
      .processAuthRequest(
        {},
        {
          endpoint: 'https://h.example.com',
          url: '/p',
          method: 'GET',
          headers: { ...headers, 'X-Sdk-Date': '20250101T000000Z' },
          queryParams: {},
        },
      );

  it('header values are trimmed (Huawei SDK core signs them untrimmed)', async () => {
    const headers = { 'x-pad': '  v  ' };
    expect(canonical({ url: 'https://h.example.com/p', headers })).toContain('\nx-pad:v\n');
    const ours = signApigRequest({ ...base, url: 'https://h.example.com/p', headers }).Authorization;
    const trimmed = signApigRequest({
      ...base,
      url: 'https://h.example.com/p',
      headers: { 'x-pad': 'v' },
    }).Authorization;
    expect(ours).toBe(trimmed);
    expect((await huawei(headers)).headers.Authorization).not.toBe(ours);
  });

  it('"-" sorts before "_" (Huawei SDK core orders canonical headers with localeCompare: "_" first)', async () => {
    const headers = { 'x-a_b': '1', 'x-a-c': '2' };
    const c = computeApigSignature({ ...base, url: 'https://h.example.com/p', headers });
    expect(c.signedHeaders).toBe('host;x-a-c;x-a_b;x-sdk-date');
    expect(c.canonicalRequest).toContain('\nx-a-c:2\nx-a_b:1\n');
    expect((await huawei(headers)).headers.Authorization).not.toBe(c.authorization);
  });
});

describe('signApigRequest bad input → ConfigError', () => {
  const cases: Array<[string, unknown]> = [
    ['no options', undefined],
    ['missing AK', { ...base, accessKey: undefined }],
    ['empty AK', { ...base, accessKey: '' }],
    ['AK with a comma', { ...base, accessKey: 'a,b' }],
    ['missing SK', { ...base, secretKey: undefined }],
    ['numeric SK', { ...base, secretKey: 42 }],
    ['bad method', { ...base, method: 'GE T' }],
    ['missing method', { ...base, method: undefined }],
    ['non-string url', { ...base, url: 42 }],
    ['relative url without Host', { ...base, url: '/v1/x' }],
    ['url without leading slash', { ...base, url: 'v1/x' }],
    ['invalid absolute url', { ...base, url: 'https://exa mple.com/x' }],
    ['headers not an object', { ...base, headers: 'a:b' }],
    ['non-string header value', { ...base, headers: { 'x-a': 1 } }],
    ['header name with a space', { ...base, headers: { 'x a': '1' } }],
    ['header value with CRLF', { ...base, headers: { 'x-a': 'a\r\nb: c' } }],
    ['header given twice', { ...base, headers: { 'X-A': '1', 'x-a': '2' } }],
    ['Authorization header', { ...base, headers: { Authorization: 'x' } }],
    ['bad X-Sdk-Date header', { ...base, date: undefined, headers: { 'X-Sdk-Date': '2025-01-01' } }],
    ['X-Sdk-Date header disagreeing with date', { ...base, headers: { 'X-Sdk-Date': '20200101T000000Z' } }],
    ['invalid date', { ...base, date: new Date('nope') }],
    ['date not a Date', { ...base, date: '2025-01-01' }],
    ['body a number', { ...base, body: 42 }],
    ['unsignedPayload not boolean', { ...base, unsignedPayload: 'yes' }],
    ['content hash header that does not match', { ...base, headers: { 'X-Sdk-Content-Sha256': 'abc' } }],
    ['lone surrogate in the path', { ...base, url: '/a\ud800', headers: { Host: 'h' } }],
  ];
  for (const [name, options] of cases) {
    it(name, () => {
      let error: unknown;
      try {
        signApigRequest(options as SignApigRequestOptions);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).code).toBe(ErrorCodes.CONFIG_INVALID);
      expect((error as Error).message).not.toContain('SK0000');
    });
  }

  it('accepts a content hash header that matches the body', () => {
    const body = 'hello';
    const hash = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';
    const s = computeApigSignature({
      ...base,
      method: 'POST',
      body,
      headers: { 'X-Sdk-Content-Sha256': hash },
    });
    expect(s.canonicalRequest.endsWith(`\n${hash}`)).toBe(true);
    expect(s.signedHeaders).toContain('x-sdk-content-sha256');
  });
});
