/**
 * The platform side's fast paths answer like the general ones: Content-Type values accepted without parsing, the
 * single pass over the reply headers for Body-Sign, and the production URL built directly (remembered seller URL,
 * query values escaped only when needed).
 */
import { describe, expect, it } from 'vitest';
import { createBodySign, verifyRequest } from '@koogallery-kit/sdk';
import {
  buildProductionCall,
  judgeReply,
  type ProblemCode,
  type TransportReply,
} from '@koogallery-kit/sdk/platform';

const KEY = 'platform-fast-path-key';
const BODY = '{"resultCode":"000000","resultMsg":"success.","instanceId":"i-1"}';

function reply(headers: Array<[string, string]>): TransportReply {
  return { status: 200, rawHeaders: headers, body: BODY, elapsedMs: 3 };
}

const judge = (headers: Array<[string, string]>) =>
  judgeReply({ interface: 'newInstance', accessKey: KEY, reply: reply(headers) });
const codes = (headers: Array<[string, string]>): ProblemCode[] => judge(headers).problems.map((p) => p.code);
const sign = (): [string, string] => ['Body-Sign', createBodySign(KEY, BODY)];

describe('judgeReply: Content-Type', () => {
  it('accepts the common spellings under any header-name case', () => {
    const values = [
      'application/json',
      'application/json;charset=UTF-8',
      'application/json;charset=utf-8',
      'application/json; charset=UTF-8',
      'application/json; charset=utf-8',
      'application/json;charset=utf8',
    ];
    for (const value of values) {
      for (const name of ['Content-Type', 'content-type', 'CONTENT-TYPE']) {
        expect(codes([[name, value], sign()]), `${name}: ${value}`).toEqual([]);
      }
    }
  });

  it('judges values next to the common ones by their content', () => {
    expect(codes([['Content-Type', 'application/jsonx'], sign()])).toEqual(['CONTENT_TYPE']);
    expect(codes([['Content-Type', 'application/json;charset=UTF-16'], sign()])).toEqual(['CONTENT_TYPE']);
    expect(codes([['Content-Type', 'application/json ; charset=UTF-8 '], sign()])).toEqual([]);
    expect(codes([['Content-Type', 'APPLICATION/JSON;CHARSET=UTF8'], sign()])).toEqual([]);
  });

  it('counts the last Content-Type header, and ignores names that only look alike', () => {
    expect(codes([['Content-Type', 'text/plain'], ['content-type', 'application/json'], sign()])).toEqual([]);
    const last = judge([['Content-Type', 'application/json'], ['content-type', 'text/html'], sign()]);
    expect(last.problems).toEqual([
      expect.objectContaining({
        code: 'CONTENT_TYPE',
        message: expect.stringContaining('"text/html"') as string,
      }),
    ]);
    expect(codes([['Content-Types', 'application/json'], sign()])).toEqual(['CONTENT_TYPE']);
    expect(codes([['Content_Type', 'application/json'], sign()])).toEqual(['CONTENT_TYPE']);
  });
});

describe('judgeReply: Body-Sign header names', () => {
  const type: [string, string] = ['Content-Type', 'application/json'];

  it('names every mis-cased spelling once and counts each header', () => {
    const value = createBodySign(KEY, BODY);
    const verdict = judge([type, ['body-sign', value], ['BODY-SIGN', value], ['body-sign', value]]);
    expect(verdict.problems.map((p) => p.code)).toEqual(['BODY_SIGN_HEADER_CASE', 'BODY_SIGN_FORMAT']);
    expect(verdict.problems[0]?.message).toContain('`body-sign`, `BODY-SIGN`;');
    expect(verdict.problems[1]?.message).toContain('3 times');
  });

  it('does not take a name of the same length for Body-Sign', () => {
    expect(codes([type, ['Body-Sigh', createBodySign(KEY, BODY)]])).toEqual(['BODY_SIGN_MISSING']);
    expect(codes([type, ['Body-Signs', createBodySign(KEY, BODY)]])).toEqual(['BODY_SIGN_MISSING']);
  });

  it('verifies a documented value and the same pairs rendered otherwise alike', () => {
    const value = createBodySign(KEY, BODY);
    const signature = value.slice(value.indexOf('signature="') + 11, -1);
    expect(codes([type, ['Body-Sign', value]])).toEqual([]);
    expect(codes([type, ['Body-Sign', `signature="${signature}", sign_type="HMAC-SHA256"`]])).toEqual([
      'BODY_SIGN_FORMAT',
    ]);
    const wrong = createBodySign('another-key', BODY);
    const wrongSignature = wrong.slice(wrong.indexOf('signature="') + 11, -1);
    expect(codes([type, ['Body-Sign', wrong]])).toEqual(['BODY_SIGN_INVALID']);
    expect(codes([type, ['Body-Sign', `signature="${wrongSignature}", sign_type="HMAC-SHA256"`]])).toEqual([
      'BODY_SIGN_FORMAT',
      'BODY_SIGN_INVALID',
    ]);
  });
});

describe('buildProductionCall: the URL', () => {
  const body = { orderId: 'CS1', orderLineId: 'CS1-000001', businessId: 'b-1' };
  const build = (sellerUrl: string, nonce?: string) =>
    buildProductionCall({
      sellerUrl,
      accessKey: KEY,
      interface: 'newInstance',
      body,
      timestamp: 1_700_000_000_000,
      ...(nonce === undefined ? {} : { nonce }),
    });

  it('uses the seller URL of each call, also when calls alternate between sellers', () => {
    const urls = [
      'https://a.example.com/produce',
      'https://b.example.com/x/y?tenant=1',
      'https://a.example.com/produce',
      'http://127.0.0.1:8080/p?',
      'https://b.example.com/x/y?tenant=1',
    ];
    for (const sellerUrl of urls) {
      const call = build(sellerUrl);
      const url = new URL(call.url);
      const seller = new URL(sellerUrl);
      expect(`${url.origin}${url.pathname}`).toBe(`${seller.origin}${seller.pathname}`);
      expect(url.searchParams.get('tenant')).toBe(seller.searchParams.get('tenant'));
      // The seller URL as given, then the signature parameters after one `?` or `&`.
      const joiner = seller.search !== '' ? '&' : seller.href.endsWith('?') ? '' : '?';
      const prefix = `${seller.href}${joiner}signature=`;
      expect(call.url.slice(0, prefix.length)).toBe(prefix);
      expect(call.url).not.toContain('?&');
      expect(call.url).not.toContain('??');
      const query = Object.fromEntries(url.searchParams);
      const verified = verifyRequest({
        accessKey: KEY,
        rawBody: call.body ?? '',
        query,
        now: () => 1_700_000_000_000,
      });
      expect(verified).toMatchObject({ valid: true, matched: 'raw' });
    }
    expect(() => build('ftp://a.example.com/produce')).toThrow(/https/);
    expect(() => build('not a url')).toThrow(/absolute URL/);
  });

  it('escapes query values exactly like encodeURIComponent, and only when needed', () => {
    for (const nonce of ['plain-Nonce_1.2~3', "a!b*c'(d)", 'a+b/c=d&e', 'x%20y', 'n#1?']) {
      const call = build('https://a.example.com/produce', nonce);
      expect(call.url.endsWith(`&nonce=${encodeURIComponent(nonce)}`)).toBe(true);
      expect(new URL(call.url).searchParams.get('nonce')).toBe(nonce);
    }
  });
});
