import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors';
import { createBodySign, parseBodySign, verifyBodySign } from '../../src/signing';

const KEY = 'body-sign-key';
const BODY = '{"resultCode":"000000","resultMsg":"success."}';
const HEADER = createBodySign(KEY, BODY);
const SIG = /signature="([^"]+)"/.exec(HEADER)![1]!;

describe('createBodySign', () => {
  it('renders exactly sign_type="HMAC-SHA256", signature="<base64>"', () => {
    expect(HEADER).toMatch(/^sign_type="HMAC-SHA256", signature="[A-Za-z0-9+/]{43}="$/);
    expect(createBodySign(KEY, Buffer.from(BODY))).toBe(HEADER);
  });

  it('signs the exact bytes: whitespace and escaping change the signature', () => {
    expect(createBodySign(KEY, `${BODY}\n`)).not.toBe(HEADER);
    expect(createBodySign(KEY, '{"m":"中文"}')).not.toBe(createBodySign(KEY, '{"m":"\\u4e2d\\u6587"}'));
  });

  it('throws ConfigError for a missing key or a body that is not text or bytes', () => {
    for (const [key, body] of [
      ['', BODY],
      [undefined, BODY],
      [42, BODY],
      [KEY, undefined],
      [KEY, { a: 1 }],
      [KEY, 42],
    ] as const) {
      expect(() => createBodySign(key as never, body as never)).toThrow(ConfigError);
    }
  });
});

describe('parseBodySign', () => {
  it('reports strict: true only for the documented rendering', () => {
    expect(parseBodySign(HEADER)).toEqual({ signType: 'HMAC-SHA256', signature: SIG, strict: true });
  });

  const tolerated: Array<[string, string]> = [
    ['no space after the comma', `sign_type="HMAC-SHA256",signature="${SIG}"`],
    ['reordered pairs', `signature="${SIG}", sign_type="HMAC-SHA256"`],
    ['single quotes', `sign_type='HMAC-SHA256', signature='${SIG}'`],
    ['no quotes', `sign_type=HMAC-SHA256, signature=${SIG}`],
    ['upper-case keys', `SIGN_TYPE="HMAC-SHA256", Signature="${SIG}"`],
    ['semicolon separator and extra spaces', ` sign_type = "HMAC-SHA256" ;  signature = "${SIG}" `],
    ['an extra pair', `sign_type="HMAC-SHA256", signature="${SIG}", charset="utf-8"`],
    ['two spaces after the comma', `sign_type="HMAC-SHA256",  signature="${SIG}"`],
  ];
  for (const [name, value] of tolerated) {
    it(`tolerates ${name} (strict: false) and the value still verifies`, () => {
      expect(parseBodySign(value)).toEqual({ signType: 'HMAC-SHA256', signature: SIG, strict: false });
      expect(verifyBodySign(KEY, BODY, value)).toBe(true);
    });
  }

  it('reads a one-element array as its element', () => {
    expect(parseBodySign([HEADER])).toMatchObject({ strict: true });
  });

  const rejected: Array<[string, unknown]> = [
    ['undefined', undefined],
    ['a number', 42],
    ['an object', { sign_type: 'HMAC-SHA256' }],
    ['a two-element array', [HEADER, HEADER]],
    ['empty', ''],
    ['no signature', 'sign_type="HMAC-SHA256"'],
    ['no sign_type', `signature="${SIG}"`],
    ['empty signature', 'sign_type="HMAC-SHA256", signature=""'],
    ['unterminated quote', `sign_type="HMAC-SHA256", signature="${SIG}`],
    ['a repeated key', `sign_type="HMAC-SHA256", signature="${SIG}", signature="${SIG}"`],
    ['no = sign', `sign_type HMAC-SHA256, signature ${SIG}`],
    ['garbage between pairs', `sign_type="HMAC-SHA256"x signature="${SIG}"`],
    ['overlong', `sign_type="HMAC-SHA256", signature="${'A'.repeat(2000)}"`],
  ];
  for (const [name, value] of rejected) {
    it(`returns null for ${name}`, () => {
      expect(parseBodySign(value)).toBeNull();
      expect(verifyBodySign(KEY, BODY, value as string)).toBe(false);
    });
  }
});

describe('verifyBodySign', () => {
  it('accepts the header and a signature without its = padding', () => {
    expect(verifyBodySign(KEY, BODY, HEADER)).toBe(true);
    expect(verifyBodySign(KEY, BODY, `sign_type="HMAC-SHA256", signature="${SIG.slice(0, 43)}"`)).toBe(true);
    expect(verifyBodySign(KEY, BODY, HEADER.replace('HMAC-SHA256', 'hmac-sha256'))).toBe(true);
  });

  it('returns false for another sign_type, a malformed signature, another body or key, and bad arguments', () => {
    expect(verifyBodySign(KEY, BODY, HEADER.replace('HMAC-SHA256', 'HMAC-SHA1'))).toBe(false);
    expect(verifyBodySign(KEY, BODY, `sign_type="HMAC-SHA256", signature="not-base64"`)).toBe(false);
    expect(verifyBodySign(KEY, BODY, `sign_type="HMAC-SHA256", signature="${SIG.replace(/=$/, '')}A="`)).toBe(
      false,
    );
    expect(verifyBodySign(KEY, `${BODY} `, HEADER)).toBe(false);
    expect(verifyBodySign('other-key', BODY, HEADER)).toBe(false);
    expect(verifyBodySign('', BODY, HEADER)).toBe(false);
    expect(verifyBodySign(undefined as never, BODY, HEADER)).toBe(false);
    expect(verifyBodySign(KEY, 42 as never, HEADER)).toBe(false);
    expect(verifyBodySign(KEY, BODY, undefined)).toBe(false);
  });
});
