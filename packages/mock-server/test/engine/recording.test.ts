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
