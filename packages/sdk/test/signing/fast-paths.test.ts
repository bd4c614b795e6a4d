/**
 * The signing module's fast paths give the answers of the general ones: a Body-Sign value in the documented
 * rendering (one anchored check) is read and verified like the same pairs in any other rendering (the tokeniser),
 * and signatures compared as text (hex of either case, exact Base64) match exactly when their bytes do.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createBodySign,
  parseBodySign,
  signKitRequest,
  signRequest,
  verifyBodySign,
  verifyKitRequest,
  verifyRequest,
} from '../../src/signing';
import { encodeQueryValue, rememberLast } from '../../src/signing/fast-paths';
import { asciiEqual, hexEqual } from '../../src/signing/hmac';

const KEY = 'fast-path-key';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

const documented = (signature: string): string => `sign_type="HMAC-SHA256", signature="${signature}"`;

/** The same pairs in renderings the tokeniser reads (none of them the documented one). */
const otherRenderings = (signature: string): string[] => [
  `sign_type="HMAC-SHA256",signature="${signature}"`,
  `signature="${signature}", sign_type="HMAC-SHA256"`,
  `sign_type=HMAC-SHA256; signature=${signature}`,
  `SIGN_TYPE='HMAC-SHA256', Signature='${signature}'`,
  ` sign_type="HMAC-SHA256", signature="${signature}" `,
];

/** A Base64 text that decodes to the same 32 bytes: the last character's two unused bits set. */
function paddingBitsVariant(signature: string): string {
  const last = signature[42] as string;
  const variant = B64[B64.indexOf(last) ^ 1] as string;
  return `${signature.slice(0, 42)}${variant}=`;
}

describe('Body-Sign: the documented rendering and the tokeniser agree', () => {
  const bodies = ['{"resultCode":"000000","resultMsg":"success."}', '', '{"a":"ü"}', ' {"x":1}\n'];

  it('parses the documented rendering to the same pairs, strict only there', () => {
    for (const body of bodies) {
      const value = createBodySign(KEY, body);
      const signature = createHmac('sha256', KEY).update(body).digest('base64');
      expect(value).toBe(documented(signature));
      expect(parseBodySign(value)).toEqual({ signType: 'HMAC-SHA256', signature, strict: true });
      expect(parseBodySign([value])).toEqual({ signType: 'HMAC-SHA256', signature, strict: true });
      for (const other of otherRenderings(signature)) {
        const parsed = parseBodySign(other);
        expect(parsed?.signature).toBe(signature);
        expect(parsed?.signType.toUpperCase()).toBe('HMAC-SHA256');
        expect(parsed?.strict).toBe(false);
      }
    }
  });

  it('verifies every rendering alike: valid, another key, another body, and padding-bit variants', () => {
    for (const body of bodies) {
      const good = createHmac('sha256', KEY).update(body).digest('base64');
      const otherKey = createHmac('sha256', 'other-key').update(body).digest('base64');
      const otherBody = createHmac('sha256', KEY).update(`${body}x`).digest('base64');
      const cases: Array<[string, boolean]> = [
        [good, true],
        [otherKey, false],
        [otherBody, false],
        [paddingBitsVariant(good), false],
        [good.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')), false],
      ];
      for (const [signature, expected] of cases) {
        expect(Buffer.from(signature, 'base64')).toHaveLength(32);
        expect(verifyBodySign(KEY, body, documented(signature))).toBe(expected);
        expect(verifyBodySign(KEY, Buffer.from(body, 'utf8'), documented(signature))).toBe(expected);
        for (const other of otherRenderings(signature))
          expect(verifyBodySign(KEY, body, other)).toBe(expected);
      }
    }
  });

  it('still refuses bad arguments on the documented path', () => {
    const body = '{"resultCode":"000000"}';
    const value = createBodySign(KEY, body);
    expect(verifyBodySign('', body, value)).toBe(false);
    expect(verifyBodySign(KEY, 42 as never, value)).toBe(false);
    expect(verifyBodySign(KEY, body, `${value} `)).toBe(true); // tolerant reading of a trailing space
    expect(parseBodySign(`${value} `)?.strict).toBe(false);
  });
});

describe('text comparison of signatures', () => {
  it('hexEqual matches exactly when the decoded bytes are equal, in either case', () => {
    const a = createHmac('sha256', KEY).update('a').digest('hex');
    const b = createHmac('sha256', KEY).update('b').digest('hex');
    expect(hexEqual(a, a)).toBe(true);
    expect(hexEqual(a, a.toUpperCase())).toBe(true);
    expect(hexEqual(a, b)).toBe(false);
    expect(hexEqual(a, a.slice(0, 63))).toBe(false);
    // Every single-character change is noticed.
    for (let i = 0; i < 64; i++) {
      const c = a[i] as string;
      const changed = `${a.slice(0, i)}${c === '0' ? '1' : '0'}${a.slice(i + 1)}`;
      expect(hexEqual(a, changed)).toBe(false);
    }
  });

  it('asciiEqual compares exact characters', () => {
    const a = createHmac('sha256', KEY).update('a').digest('base64');
    expect(asciiEqual(a, a)).toBe(true);
    expect(asciiEqual(a, `${a.slice(0, 10)}${a[10] === 'x' ? 'y' : 'x'}${a.slice(11)}`)).toBe(false);
    expect(asciiEqual(a, paddingBitsVariant(a))).toBe(false);
    expect(asciiEqual(a, `${a}=`)).toBe(false);
  });

  it('the request and kit verifiers accept upper-case hex and refuse a changed signature', () => {
    const signed = signRequest({ accessKey: KEY, body: { activity: 'queryInstance', instanceId: 'i' } });
    const now = () => Number(signed.query.timestamp);
    const upper = { ...signed.query, signature: signed.query.signature.toUpperCase() };
    expect(verifyRequest({ accessKey: KEY, rawBody: signed.body, query: upper, now })).toMatchObject({
      valid: true,
      matched: 'raw',
    });
    const sig = signed.query.signature;
    const changed = { ...signed.query, signature: `${sig.slice(0, 63)}${sig.endsWith('0') ? '1' : '0'}` };
    expect(verifyRequest({ accessKey: KEY, rawBody: signed.body, query: changed, now })).toMatchObject({
      valid: false,
      reason: 'SIGNATURE_MISMATCH',
    });

    const kit = signKitRequest({ accessKey: KEY, body: { instanceId: 'i', flag: 1 } });
    const kitNow = () => Number(kit.headers['x-timestamp']);
    const kitUpper = { ...kit.headers, 'x-sign': kit.headers['x-sign'].toUpperCase() };
    expect(
      verifyKitRequest({ accessKey: KEY, rawBody: kit.body, headers: kitUpper, now: kitNow }),
    ).toMatchObject({
      valid: true,
      matched: 'raw',
    });
    const otherKey = verifyKitRequest({
      accessKey: 'x',
      rawBody: kit.body,
      headers: kit.headers,
      now: kitNow,
    });
    expect(otherKey).toMatchObject({ valid: false, reason: 'SIGNATURE_MISMATCH' });
  });
});

describe('platform fast paths', () => {
  it('encodeQueryValue gives what encodeURIComponent gives', () => {
    const values = [
      '',
      'abcDEF0123',
      "-_.!~*'()",
      'a b',
      'a+b',
      '中文',
      'x/y?z=1&w',
      '%41',
      'é…',
      '\u{1F600}',
    ];
    for (const v of values) expect(encodeQueryValue(v), v).toBe(encodeURIComponent(v));
  });

  it('rememberLast computes again for another argument and after a throw', () => {
    let calls = 0;
    const parse = rememberLast((text: string) => {
      calls++;
      if (text === 'bad') throw new Error('bad input');
      return { text };
    });
    const a = parse('a');
    expect(parse('a')).toBe(a);
    expect(calls).toBe(1);
    expect(parse('b')).toEqual({ text: 'b' });
    expect(() => parse('bad')).toThrow('bad input');
    expect(() => parse('bad')).toThrow('bad input');
    expect(calls).toBe(4);
    expect(parse('b')).toEqual({ text: 'b' });
    expect(calls).toBe(4);
  });
});
