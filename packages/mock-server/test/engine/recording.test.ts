import { describe, expect, it } from 'vitest';
import { randomUuid, createSeededRandom } from '../../src/engine/model/random';
import {
  redactParsedUrl,
  redactRequest,
  redactResponse,
  scrubSecrets,
} from '../../src/engine/jobs/recording';

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

  it('gives exactly what parsing the URL gives, for plain and unusual URLs alike', () => {
    const bases = [
      'http://127.0.0.1:8080/produce',
      'https://seller.example.com/api/v1.0/produce',
      'http://localhost:3000/a/b/',
      'http://LOCALHOST:3000/p',
      'http://127.1:3000/p',
      'http://1.2.3.4x:3000/p',
      'http://seller.example.com:80/p',
      'https://seller.example.com:443/p',
      'http://seller.example.com:0080/p',
      'http://seller.example.com:99999/p',
      'http://xn--caf-dma.example/p',
      'http://seller.example.com/a/../b',
      'http://seller.example.com/a/./b',
      'http://seller.example.com/a/.../b',
      'http://seller.example.com',
      'http://seller.example.com/p%20q',
      'http://seller.example.com/~user/p',
      'http://0x7f.1/p',
    ];
    const queries = [
      'signature=abcdef0123456789&timestamp=1&nonce=n',
      'signature=abc&x=1',
      'sign=',
      'signature=a&signature=b',
      'authToken=xyz123456&Key=super-secret-key-1234',
      'q=super-secret-key-1234',
      'a=b%20c&signature=0123456789',
      'a=b c',
      'x-sign=1234567890',
      'SIGNATURE=ABCDEF123',
      'a=1#frag',
      'a=(1)',
    ];
    for (const base of bases) {
      for (const query of queries) {
        const url = `${base}?${query}`;
        expect(redactedUrl(url), url).toBe(redactParsedUrl(url, SECRETS));
      }
    }
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
