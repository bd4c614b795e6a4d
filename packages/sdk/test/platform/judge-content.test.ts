/**
 * What judgeReply checks in the content of a successful reply beyond its schema: free text escaped as \uXXXX
 * (§3.2), usageInfo for pay-per-use and package products (§3.2), V1 credentials under the declared encryptType
 * (§7.6); and the masking of returned credentials (redactCredentials).
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encryptCredential } from '@koogallery-kit/sdk';
import {
  judgeReply,
  maskCredential,
  redactCredentials,
  type TransportReply,
} from '@koogallery-kit/sdk/platform';

const KEY = 'judge-content-key-0001';

/** A signed JSON reply; Body-Sign computed here from §7.3 (base64 HMAC-SHA256 of the exact body). */
function reply(body: string): TransportReply {
  const sig = createHmac('sha256', KEY).update(body, 'utf8').digest('base64');
  return {
    status: 200,
    rawHeaders: [
      ['Content-Type', 'application/json'],
      ['Body-Sign', `sign_type="HMAC-SHA256", signature="${sig}"`],
    ],
    body,
    elapsedMs: 5,
  };
}

const query = (info: unknown[]): string => JSON.stringify({ resultCode: '000000', resultMsg: 'ok', info });

describe('free text must be \\uXXXX-escaped', () => {
  it('rejects a raw Chinese memo, accepts the escaped one, and does not judge identifiers', () => {
    const raw = query([
      { instanceId: 'i-1', appInfo: { frontEndUrl: 'https://a.example.com', memo: '中文' } },
    ]);
    const verdict = judgeReply({ interface: 'queryInstance', accessKey: KEY, reply: reply(raw) });
    expect(verdict.accepted).toBe(false);
    expect(verdict.problems).toEqual([
      expect.objectContaining({ code: 'FIELD_INVALID', field: 'info[0].appInfo.memo' }),
    ]);
    const escaped = raw.replace('中文', '\\u4e2d\\u6587');
    expect(judgeReply({ interface: 'queryInstance', accessKey: KEY, reply: reply(escaped) }).accepted).toBe(
      true,
    );
    // §12.3 (c): a raw UTF-8 instanceId with an escaped memo is the protocol's own vector.
    const vector =
      '{"resultCode":"000000","resultMsg":"success","info":[{"instanceId":"实例-01","appInfo":{"frontEndUrl":"https://app.example.com","memo":"\\u4e2d\\u6587"}}]}';
    expect(judgeReply({ interface: 'queryInstance', accessKey: KEY, reply: reply(vector) }).problems).toEqual(
      [],
    );
  });
});

describe('usageInfo for pay-per-use and package products', () => {
  const without = query([{ instanceId: 'i-1', appInfo: { frontEndUrl: 'https://a.example.com' } }]);
  it.each(['ON_DEMAND', 'ON_DEMAND_PKG'] as const)('is mandatory for %s', (chargingMode) => {
    const verdict = judgeReply({
      interface: 'queryInstance',
      accessKey: KEY,
      reply: reply(without),
      chargingMode,
    });
    expect(verdict.accepted).toBe(false);
    expect(verdict.problems).toEqual([
      expect.objectContaining({ code: 'FIELD_MISSING', field: 'info[0].usageInfo' }),
    ]);
  });
  it('is not required for PERIOD, nor when the mode is unknown; an entry needs usageValue and statisticalTime', () => {
    expect(
      judgeReply({
        interface: 'queryInstance',
        accessKey: KEY,
        reply: reply(without),
        chargingMode: 'PERIOD',
      }).accepted,
    ).toBe(true);
    expect(judgeReply({ interface: 'queryInstance', accessKey: KEY, reply: reply(without) }).accepted).toBe(
      true,
    );
    const partial = query([{ instanceId: 'i-1', usageInfo: [{ usageValue: '1' }] }]);
    const verdict = judgeReply({
      interface: 'queryInstance',
      accessKey: KEY,
      reply: reply(partial),
      chargingMode: 'ON_DEMAND',
    });
    expect(verdict.problems.map((p) => p.field)).toContain('info[0].usageInfo[0].statisticalTime');
  });
});

describe('V1 credentials under the declared encryptType (§7.6)', () => {
  const body = (encryptType: string, with_: 1 | 2): string =>
    JSON.stringify({
      resultCode: '000000',
      resultMsg: 'ok',
      encryptType,
      instanceId: 'i-1',
      appInfo: {
        frontEndUrl: 'https://a.example.com',
        userName: encryptCredential(KEY, 'admin', { encryptType: with_ }),
        password: encryptCredential(KEY, 'secret-pass', { encryptType: with_ }),
      },
    });
  it('accepts matching credentials and names the mismatch, citing the algorithm', () => {
    expect(
      judgeReply({ interface: 'v1NewInstance', accessKey: KEY, reply: reply(body('2', 2)) }).accepted,
    ).toBe(true);
    const verdict = judgeReply({ interface: 'v1NewInstance', accessKey: KEY, reply: reply(body('1', 2)) });
    expect(verdict.problems.map((p) => p.field)).toEqual(['appInfo.userName', 'appInfo.password']);
    expect(verdict.problems[0]?.message).toMatch(/encrypted as encryptType 2 .* declares encryptType 1/);
    expect(verdict.problems[0]?.hint).toMatch(/SHA1PRNG .* §7\.6/);
  });
});

describe('redactCredentials', () => {
  it('masks returned credentials like signatures (first characters, length) and keeps every other byte', () => {
    const body = '{"info":[{"appInfo":{"userName":"admin-user","password":"Huawei12345","memo":"\\u4e2d"}}]}';
    expect(redactCredentials(body)).toBe(
      '{"info":[{"appInfo":{"userName":"ad…(10 chars)","password":"Hu…(11 chars)","memo":"\\u4e2d"}}]}',
    );
    expect(redactCredentials(redactCredentials(body))).toBe(redactCredentials(body));
    expect(redactCredentials('<html>password=x</html>')).toBe('<html>password=x</html>');
    expect(redactCredentials('{"clientSecret":"c2VjcmV0LXZhbHVlLXRoYXQtaXMtbG9uZw=="}')).toBe(
      '{"clientSecret":"c2Vjcm…(36 chars)"}',
    );
  });
  it('maskCredential hides short values entirely', () => {
    expect(maskCredential('abc')).toBe('…(3 chars)');
    expect(maskCredential('abcd')).toBe('a…(4 chars)');
  });
});
