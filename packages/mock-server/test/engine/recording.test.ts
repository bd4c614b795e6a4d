import { describe, expect, it } from 'vitest';
import { randomUuid, createSeededRandom } from '../../src/engine/model/random';
import { redactRequest, redactResponse, scrubSecrets } from '../../src/engine/jobs/recording';

const SECRETS = ['super-secret-key-1234'];
const redactedUrl = (url: string): string => redactRequest({ method: 'POST', url, headers: {} }, SECRETS).url;

describe('redaction of recorded exchanges', () => {
  it('cuts signatures, masks secret parameters and literal secrets in a production call', () => {
    const url =
      'http://127.0.0.1:8080/produce?signature=3080e5aabbccddeeff&timestamp=1795312895351&nonce=f84cf3d8&accessKey=super-secret-key-1234';
    expect(redactedUrl(url)).toBe(
      'http://127.0.0.1:8080/produce?signature=3080e5%E2%80%A6&timestamp=1795312895351&nonce=f84cf3d8&accessKey=%5BREDACTED%5D',
    );
    const req = redactRequest(
      {
        method: 'POST',
        url,
        headers: { 'x-sign': 'abcdef123456', 'Content-Type': 'application/json' },
        body: '{"k":"super-secret-key-1234"}',
      },
      SECRETS,
    );
    expect(req.headers).toEqual({ 'x-sign': 'abcdef…', 'Content-Type': 'application/json' });
    expect(req.body).toBe('{"k":"[REDACTED]"}');
    const res = redactResponse(
      {
        status: 200,
        headers: [['Body-Sign', 'sign_type="HMAC-SHA256", signature="tCnpqCxyzxyzxyz="']],
        body: 'ok',
      },
      SECRETS,
    );
    expect(res.headers).toEqual([['Body-Sign', 'sign_type="HMAC-SHA256", signature="tCnpqC…"']]);
  });

  it('redacts by parameter name in any case, and scrubs a URL it cannot parse as text', () => {
    expect(
      redactedUrl('https://seller.example.com/api/v1.0/produce?SIGNATURE=ABCDEF123&x-sign=1234567890'),
    ).toBe('https://seller.example.com/api/v1.0/produce?SIGNATURE=ABCDEF%E2%80%A6&x-sign=123456%E2%80%A6');
    expect(redactedUrl('http://localhost:3000/p?a=b%20c&authToken=xyz123456')).toBe(
      'http://localhost:3000/p?a=b+c&authToken=xyz123%E2%80%A6',
    );
    expect(redactedUrl('not a URL super-secret-key-1234')).toBe('not a URL [REDACTED]');
  });

  it('masks each literal secret wherever it appears, and leaves text without one as it is', () => {
    expect(scrubSecrets('a super-secret-key-1234 b super-secret-key-1234', SECRETS)).toBe(
      'a [REDACTED] b [REDACTED]',
    );
    const text = 'nothing to hide';
    expect(scrubSecrets(text, SECRETS)).toBe(text);
    expect(scrubSecrets('abc', ['abc'])).toBe('abc'); // secrets shorter than 4 characters are not masked
  });
});

describe('the redaction of URLs without parsing (the fast path) gives what the URL parser path gives', () => {
  /** Written from the WHATWG URL API alone: parse, set each signature or secret parameter, serialise. */
  const reference = (url: string): string => {
    const parsed = new URL(url);
    for (const [k, v] of [...parsed.searchParams.entries()]) {
      const lower = k.toLowerCase();
      if (['signature', 'x-sign', 'body-sign', 'authtoken', 'sign'].includes(lower)) {
        parsed.searchParams.set(k, v.length <= 6 ? '…' : `${v.slice(0, 6)}…`);
      } else if (
        /^(access_?key|secret_?key|secret|sk|ak|key|kit_?access_?key|usage_?key|password|client_?secret|authorization|access_token|refresh_token|token)$/i.test(
          k,
        )
      ) {
        parsed.searchParams.set(k, '[REDACTED]');
      }
    }
    return parsed.toString();
  };
  const urls = [
    'http://127.0.0.1:8080/produce?signature=3080e5aabbccddeeff&timestamp=1795312895351&nonce=f84cf3d8',
    'http://127.0.0.1:8080/produce?timestamp=1&signature=abc&nonce=x',
    'http://127.0.0.1:8080/produce?signature=3080e5aabbccddeeff&signature=ffeeddccbbaa',
    'http://127.0.0.1:8080/produce?a=1&&signature=3080e5aabbccddeeff',
    'http://127.0.0.1:8080/produce?flag&signature=3080e5aabbccddeeff',
    'http://127.0.0.1:8080/produce?=x&signature=3080e5aabbccddeeff',
    'http://127.0.0.1:8080/produce?signature=3080e5aabbccddeeff#frag',
    'http://127.0.0.1:8080/produce?signature=a%2Bb%3D%3Dcdefgh&nonce=1',
    'http://127.0.0.1:8080/produce?signature=a+b&nonce=~x',
    'http://127.0.0.1:8080/produce?q=a b&signature=3080e5aabbccddeeff',
    'HTTP://Example.COM:80/./a/../produce?signature=3080e5aabbccddeeff',
    'http://127.0.0.1:8080?signature=3080e5aabbccddeeff',
    'http://127.0.0.1:8080/produce?',
    'http://127.0.0.1:8080/produce?authToken=xyz1234567&activity=newInstance&timeStamp=20261206170000000',
    'https://seller.example.com/v1/p?SIGNATURE=ABCDEF123&x-sign=1234567890&Sign=zz',
    'https://seller.example.com/v1/p?clientSecret=abcd&password=p&accessKey=k&other=ok',
    'http://127.0.0.1:8080/produce?signature=…unicode…&nonce=1',
  ];
  for (const url of urls) {
    it(url, () => {
      expect(redactRequest({ method: 'POST', url, headers: {} }, []).url).toBe(reference(url));
    });
  }
  it('gives the same text when the same prefix is checked again, and for another prefix in between', () => {
    const a = 'http://127.0.0.1:8080/produce?signature=3080e5aabbccddeeff&nonce=1';
    const b = 'HTTP://Example.COM/produce?signature=3080e5aabbccddeeff';
    for (const url of [a, b, a, b]) expect(redactedUrl(url)).toBe(reference(url));
  });
});

describe('randomUuid', () => {
  it('is a version-4 UUID, the same for the same seed', () => {
    const a = createSeededRandom('seed');
    const b = createSeededRandom('seed');
    for (let i = 0; i < 200; i++) {
      const u = randomUuid(a);
      expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(randomUuid(b)).toBe(u);
    }
  });
});
