import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, canonicalJson, createBodySign } from '@koogallery-kit/sdk';
import {
  PLATFORM_TIME_LIMIT_MS,
  PROBLEM_CATALOGUE,
  judgeReply,
  type ProblemCode,
  type TransportReply,
} from '@koogallery-kit/sdk/platform';

const vectors = JSON.parse(
  readFileSync(new URL('./fixtures/platform-vectors.json', import.meta.url), 'utf8'),
) as {
  accessKey: string;
  bodySign: { body: string; header: string };
};
const KEY = vectors.accessKey;

function signed(
  body: string,
  o: { headers?: Array<[string, string]>; status?: number; elapsedMs?: number } = {},
): TransportReply {
  return {
    status: o.status ?? 200,
    rawHeaders: o.headers ?? [
      ['Content-Type', 'application/json'],
      ['Body-Sign', createBodySign(KEY, body)],
    ],
    body,
    elapsedMs: o.elapsedMs ?? 12,
  };
}

const codes = (problems: ReadonlyArray<{ code: ProblemCode }>): ProblemCode[] => problems.map((p) => p.code);

describe('judgeReply', () => {
  it('accepts the documented Body-Sign vector reply for newInstance', () => {
    const reply = signed(vectors.bodySign.body, {
      headers: [
        ['Content-Type', 'application/json;charset=UTF-8'],
        ['Body-Sign', vectors.bodySign.header],
      ],
    });
    const verdict = judgeReply({ interface: 'newInstance', accessKey: KEY, reply });
    expect(verdict).toEqual({
      accepted: true,
      async: false,
      resultCode: '000000',
      body: JSON.parse(vectors.bodySign.body) as unknown,
      problems: [],
    });
  });

  it('accepts 000004 on newInstance as asynchronous, but not on other interfaces', () => {
    const body = '{"resultCode":"000004","resultMsg":"request is processing","instanceId":"i-1"}';
    const onNew = judgeReply({ interface: 'newInstance', accessKey: KEY, reply: signed(body) });
    expect(onNew).toMatchObject({ accepted: true, async: true, resultCode: '000004', problems: [] });
    const onQuery = judgeReply({
      interface: 'queryInstance',
      accessKey: KEY,
      reply: signed('{"resultCode":"000004","resultMsg":"x"}'),
    });
    expect(onQuery.accepted).toBe(false);
    expect(onQuery.async).toBe(false);
    expect(onQuery.problems).toEqual([
      expect.objectContaining({
        code: 'RESULT_CODE',
        field: 'resultCode',
        hint: expect.stringContaining('only allowed on newInstance') as string,
      }),
    ]);
  });

  it('names the result code and its meaning', () => {
    const verdict = judgeReply({
      interface: 'releaseInstance',
      accessKey: KEY,
      reply: signed('{"resultCode":"000003","resultMsg":"instance is invalid"}'),
    });
    expect(verdict.problems).toHaveLength(1);
    expect(verdict.problems[0]?.message).toContain('000003 (instance id does not exist');
    expect(verdict.resultCode).toBe('000003');
  });

  it('does not demand the success payload of a failure reply', () => {
    const verdict = judgeReply({
      interface: 'newInstance',
      accessKey: KEY,
      reply: signed('{"resultCode":"000100","resultMsg":"no available resource"}'),
    });
    expect(codes(verdict.problems)).toEqual(['RESULT_CODE']);
  });

  it('requires instanceId on a successful newInstance', () => {
    const verdict = judgeReply({
      interface: 'newInstance',
      accessKey: KEY,
      reply: signed('{"resultCode":"000000","resultMsg":"ok"}'),
    });
    expect(verdict.problems).toEqual([
      expect.objectContaining({ code: 'FIELD_MISSING', field: 'instanceId' }),
    ]);
  });

  it('checks nested fields of queryInstance: usageInfo needs usageValue and statisticalTime, lengths hold', () => {
    const body = JSON.stringify({
      resultCode: '000000',
      resultMsg: 'success.',
      info: [
        { instanceId: 'i-1', appInfo: { frontEndUrl: 'https://a.example.com', memo: 'm'.repeat(1025) } },
        { appInfo: { frontEndUrl: 'https://b.example.com' }, usageInfo: [{ usageValue: 1 }] },
      ],
    });
    const verdict = judgeReply({ interface: 'queryInstance', accessKey: KEY, reply: signed(body) });
    expect(verdict.accepted).toBe(false);
    const byField = Object.fromEntries(
      verdict.problems.map((p): [string, string] => [String(p.field), p.code]),
    );
    expect(byField).toMatchObject({
      'info[0].appInfo.memo': 'FIELD_TOO_LONG',
      'info[1].instanceId': 'FIELD_MISSING',
      'info[1].usageInfo[0].statisticalTime': 'FIELD_MISSING',
    });
    const memo = verdict.problems.find((p) => p.field === 'info[0].appInfo.memo');
    expect(memo?.message).toBe(
      'info[0].appInfo.memo is 1025 characters long; it must be at most 1024 characters.',
    );
  });

  it('checks resultCode and resultMsg themselves: presence, type, length, format', () => {
    const missing = judgeReply({ interface: 'orderNotify', accessKey: KEY, reply: signed('{"info":"x"}') });
    expect(missing.problems).toEqual([
      expect.objectContaining({ code: 'FIELD_MISSING', field: 'resultCode' }),
      expect.objectContaining({ code: 'FIELD_MISSING', field: 'resultMsg' }),
    ]);
    const wrong = judgeReply({
      interface: 'orderNotify',
      accessKey: KEY,
      reply: signed(JSON.stringify({ resultCode: 0, resultMsg: 'm'.repeat(256) })),
    });
    expect(wrong.problems).toEqual([
      expect.objectContaining({ code: 'FIELD_INVALID', field: 'resultCode' }),
      expect.objectContaining({ code: 'FIELD_TOO_LONG', field: 'resultMsg' }),
    ]);
    const long = judgeReply({
      interface: 'orderNotify',
      accessKey: KEY,
      reply: signed('{"resultCode":"0000000","resultMsg":"x"}'),
    });
    expect(codes(long.problems)).toEqual(['FIELD_TOO_LONG']);
    const letters = judgeReply({
      interface: 'orderNotify',
      accessKey: KEY,
      reply: signed('{"resultCode":"OK","resultMsg":"x"}'),
    });
    expect(letters.problems).toEqual([
      expect.objectContaining({ code: 'FIELD_INVALID', field: 'resultCode' }),
      expect.objectContaining({ code: 'RESULT_CODE' }),
    ]);
  });

  it('reports a body that is not a JSON object, whatever else it is', () => {
    for (const body of ['', '   ', 'OK', '[]', 'null', '"000000"', '{"resultCode":']) {
      const verdict = judgeReply({ interface: 'queryInstance', accessKey: KEY, reply: signed(body) });
      expect(codes(verdict.problems), body).toEqual(['BODY_NOT_JSON']);
      expect(verdict.body).toBeUndefined();
    }
  });

  it('tells a hex signature, a re-serialised body, an escaped body and another key apart', () => {
    const body = '{"resultCode":"000000", "resultMsg":"成功"}';
    const b64 = /signature="([^"]+)"/.exec(createBodySign(KEY, body))?.[1] ?? '';
    const hex = Buffer.from(b64, 'base64').toString('hex');
    const cases: Array<[string, RegExp]> = [
      [`sign_type="HMAC-SHA256", signature="${hex}"`, /not hex/],
      [createBodySign(KEY, JSON.stringify(JSON.parse(body))), /you signed a different serialisation/],
      [
        createBodySign(KEY, '{"resultCode":"000000","resultMsg":"\\u6210\\u529f"}'),
        /different serialisation/,
      ],
      [
        createBodySign(KEY, canonicalJson(JSON.parse(body) as Record<string, unknown>)),
        /different serialisation/,
      ],
      [createBodySign('other-key-9999', body), /signed with a different key/],
    ];
    for (const [value, hint] of cases) {
      const verdict = judgeReply({
        interface: 'orderNotify',
        accessKey: KEY,
        reply: signed(body, {
          headers: [
            ['Content-Type', 'application/json'],
            ['Body-Sign', value],
          ],
        }),
      });
      const invalid = verdict.problems.find((p) => p.code === 'BODY_SIGN_INVALID');
      expect(invalid?.hint, value).toMatch(hint);
      expect(invalid?.message).not.toContain(b64);
    }
  });

  it('checks a mis-cased header for format and validity too, and prefers the exact name when both arrive', () => {
    const body = '{"resultCode":"000000","resultMsg":"ok"}';
    const onlyLower = judgeReply({
      interface: 'orderNotify',
      accessKey: KEY,
      reply: signed(body, {
        headers: [
          ['Content-Type', 'application/json'],
          ['body-sign', createBodySign('x-other-key', body)],
        ],
      }),
    });
    expect(codes(onlyLower.problems)).toEqual(['BODY_SIGN_HEADER_CASE', 'BODY_SIGN_INVALID']);
    expect(onlyLower.problems[0]?.message).toContain('`body-sign`');
    const both = judgeReply({
      interface: 'orderNotify',
      accessKey: KEY,
      reply: signed(body, {
        headers: [
          ['Content-Type', 'application/json'],
          ['Body-Sign', createBodySign(KEY, body)],
          ['BODY-SIGN', 'garbage'],
        ],
      }),
    });
    expect(both.problems).toEqual([]);
  });

  it('flags format deviations: unquoted, other sign_type, unparseable, sent twice', () => {
    const body = '{"resultCode":"000000","resultMsg":"ok"}';
    const sig = /signature="([^"]+)"/.exec(createBodySign(KEY, body))?.[1] ?? '';
    const judge = (headers: Array<[string, string]>) =>
      judgeReply({
        interface: 'orderNotify',
        accessKey: KEY,
        reply: signed(body, { headers: [['Content-Type', 'application/json'], ...headers] }),
      });
    const unquoted = judge([['Body-Sign', `sign_type=HMAC-SHA256, signature=${sig}`]]);
    expect(unquoted.problems).toEqual([
      expect.objectContaining({
        code: 'BODY_SIGN_FORMAT',
        message: expect.stringContaining('double quotes') as string,
      }),
    ]);
    // Spacing is only recommended (§7.3), the platform's tolerance unknown (§15): a warning, not a rejection.
    const spacing = judge([['Body-Sign', `sign_type="HMAC-SHA256",signature="${sig}"`]]);
    expect(spacing.problems).toEqual([]);
    expect(spacing.accepted).toBe(true);
    expect(spacing.warnings).toEqual([
      expect.objectContaining({
        code: 'BODY_SIGN_FORMAT',
        message: expect.stringContaining('spaced differently') as string,
      }),
    ]);
    const reordered = judge([['Body-Sign', `signature="${sig}", sign_type="HMAC-SHA256"`]]);
    expect(reordered.problems).toEqual([
      expect.objectContaining({
        code: 'BODY_SIGN_FORMAT',
        message: expect.stringContaining('documented rendering') as string,
      }),
    ]);
    const md5 = judge([['Body-Sign', `sign_type="MD5", signature="${sig}"`]]);
    expect(md5.problems.map((p) => p.code)).toContain('BODY_SIGN_FORMAT');
    expect(md5.problems[0]?.message).toContain('"MD5"');
    const junk = judge([['Body-Sign', 'HMAC-SHA256 abc']]);
    expect(codes(junk.problems)).toEqual(['BODY_SIGN_FORMAT']);
    const twice = judge([
      ['Body-Sign', createBodySign(KEY, body)],
      ['Body-Sign', createBodySign(KEY, body)],
    ]);
    expect(twice.problems).toEqual([
      expect.objectContaining({
        code: 'BODY_SIGN_FORMAT',
        message: expect.stringContaining('2 times') as string,
      }),
    ]);
  });

  it('checks the content type: missing, other media types, non-UTF-8 charset; accepts parameters', () => {
    const body = '{"resultCode":"000000","resultMsg":"ok"}';
    const withType = (types: string[]) =>
      judgeReply({
        interface: 'orderNotify',
        accessKey: KEY,
        reply: signed(body, {
          headers: [
            ...types.map((t): [string, string] => ['content-type', t]),
            ['Body-Sign', createBodySign(KEY, body)],
          ],
        }),
      });
    expect(withType([]).problems).toEqual([
      expect.objectContaining({
        code: 'CONTENT_TYPE',
        message: expect.stringContaining('no Content-Type') as string,
      }),
    ]);
    expect(codes(withType(['text/plain']).problems)).toEqual(['CONTENT_TYPE']);
    expect(codes(withType(['application/problem+json']).problems)).toEqual(['CONTENT_TYPE']);
    expect(codes(withType(['application/json; charset=GBK']).problems)).toEqual(['CONTENT_TYPE']);
    expect(withType(['Application/JSON; charset="utf-8"']).problems).toEqual([]);
  });

  it('reports a slow reply against the time limit (default: the platform 20 s)', () => {
    const body = '{"resultCode":"000000","resultMsg":"ok"}';
    expect(
      judgeReply({
        interface: 'orderNotify',
        accessKey: KEY,
        reply: signed(body, { elapsedMs: PLATFORM_TIME_LIMIT_MS - 1 }),
      }).accepted,
    ).toBe(true);
    const late = judgeReply({
      interface: 'orderNotify',
      accessKey: KEY,
      reply: signed(body, { elapsedMs: PLATFORM_TIME_LIMIT_MS + 1 }),
    });
    expect(codes(late.problems)).toEqual(['TIME_LIMIT']);
    const custom = judgeReply({
      interface: 'orderNotify',
      accessKey: KEY,
      reply: signed(body, { elapsedMs: 900 }),
      timeLimitMs: 500,
    });
    expect(custom.problems[0]?.message).toBe('The reply took 900 ms; the platform gives up after 500 ms.');
  });

  it('returns every problem at once, in the platform order, each with a hint', () => {
    const body = JSON.stringify({
      resultCode: '000005',
      resultMsg: 'boom',
      info: [{ instanceId: 'i'.repeat(65) }],
    });
    const verdict = judgeReply({
      interface: 'queryInstance',
      accessKey: KEY,
      reply: signed(body, {
        status: 500,
        elapsedMs: 30_000,
        headers: [
          ['Content-Type', 'text/html'],
          ['body-sign', `sign_type=HMAC-SHA256, signature=abc`],
        ],
      }),
    });
    expect(codes(verdict.problems)).toEqual([
      'HTTP_STATUS',
      'TIME_LIMIT',
      'CONTENT_TYPE',
      'BODY_SIGN_HEADER_CASE',
      'BODY_SIGN_FORMAT',
      'BODY_SIGN_INVALID',
      'FIELD_TOO_LONG',
      'RESULT_CODE',
    ]);
    for (const p of verdict.problems) expect(p.hint, p.code).toBeTruthy();
    expect(verdict.problems[0]?.message).toContain('HTTP 500');
  });

  it('throws ConfigError for the caller mistakes: unknown interface, empty key', () => {
    const reply = signed('{"resultCode":"000000","resultMsg":"ok"}');
    expect(() => judgeReply({ interface: 'nope' as never, accessKey: KEY, reply })).toThrow(ConfigError);
    expect(() => judgeReply({ interface: 'orderNotify', accessKey: '', reply })).toThrow(ConfigError);
  });

  it('gives every problem code a catalogue entry', () => {
    for (const [code, entry] of Object.entries(PROBLEM_CATALOGUE)) {
      expect(entry.summary.length, code).toBeGreaterThan(10);
      expect(entry.hint.length, code).toBeGreaterThan(10);
    }
  });
});
