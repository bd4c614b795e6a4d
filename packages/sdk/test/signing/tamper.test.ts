/**
 * Round-trip and tamper properties of every HMAC scheme: the signed message verifies; changing any one byte of the
 * body, nonce, timestamp or signature, or using another key, makes it fail.
 */
import { describe, expect, it } from 'vitest';
import {
  computeAuthToken,
  createBodySign,
  signKitRequest,
  signRequest,
  signUsagePush,
  verifyAuthToken,
  verifyBodySign,
  verifyKitRequest,
  verifyRequest,
  verifyUsagePush,
} from '../../src/signing';
import { BASE64_ALPHABET, HEX_ALPHABET, flipByte, replaceChar } from './helpers';

const KEY = 'tamper-key-0001';
const T = 1_700_000_000_000;
/** A window wide enough that a changed timestamp digit is still "fresh": only the signature can reject it. */
const WIDE = Number.MAX_SAFE_INTEGER;
const BODY = {
  activity: 'refreshInstance',
  instanceId: '实例-01',
  orderId: 'CS1',
  expireTime: '20250101000000',
  testFlag: '1',
};

interface Message {
  body: Buffer;
  nonce?: string;
  timestamp?: string;
  signature: string;
}

interface Scheme {
  name: string;
  alphabet: string;
  sign(): Message;
  verify(m: Message, key: string): boolean;
}

const schemes: Scheme[] = [
  {
    name: 'V2 basic request',
    alphabet: HEX_ALPHABET,
    sign() {
      const s = signRequest({ accessKey: KEY, body: BODY, timestamp: T, nonce: 'nonce-abc' });
      return {
        body: Buffer.from(s.body),
        nonce: s.query.nonce,
        timestamp: s.query.timestamp,
        signature: s.query.signature,
      };
    },
    verify: (m, key) =>
      verifyRequest({
        accessKey: key,
        rawBody: m.body,
        query: { signature: m.signature, timestamp: m.timestamp, nonce: m.nonce },
        now: () => T,
        toleranceMs: WIDE,
      }).valid,
  },
  {
    name: 'kit x-sign',
    alphabet: HEX_ALPHABET,
    sign() {
      const s = signKitRequest({
        accessKey: KEY,
        body: { ...BODY, flag: 1 },
        timestamp: T,
        nonce: 'nonce-kit',
      });
      return {
        body: Buffer.from(s.body),
        nonce: s.headers['x-nonce'],
        timestamp: s.headers['x-timestamp'],
        signature: s.headers['x-sign'],
      };
    },
    verify: (m, key) =>
      verifyKitRequest({
        accessKey: key,
        rawBody: m.body,
        headers: { 'x-sign': m.signature, 'x-timestamp': m.timestamp, 'x-nonce': m.nonce },
        now: () => T,
        toleranceMs: WIDE,
      }).valid,
  },
  {
    name: 'usage push',
    alphabet: BASE64_ALPHABET,
    sign() {
      const s = signUsagePush({
        key: KEY,
        body: { usage_records: [{ instance_id: 'i-1', usage_value: '2.5' }] },
        ts: T,
        nonce: 'nonce-usage',
      });
      return {
        body: Buffer.from(s.body),
        nonce: s.headers.nonce,
        timestamp: s.headers.ts,
        signature: s.headers.signature,
      };
    },
    verify: (m, key) =>
      verifyUsagePush({
        key,
        rawBody: m.body,
        headers: { signature: m.signature, ts: m.timestamp, nonce: m.nonce },
        now: () => T,
        toleranceMs: WIDE,
      }).valid,
  },
  {
    name: 'Body-Sign',
    alphabet: BASE64_ALPHABET,
    sign() {
      const body = '{"resultCode":"000000","resultMsg":"success.","instanceId":"实例-01"}';
      const header = createBodySign(KEY, body);
      return { body: Buffer.from(body), signature: /signature="([^"]+)"/.exec(header)![1]! };
    },
    verify: (m, key) => verifyBodySign(key, m.body, `sign_type="HMAC-SHA256", signature="${m.signature}"`),
  },
];

const V1_PARAMS = {
  activity: 'newInstance',
  orderId: 'CS1906666666ABCDE',
  productId: '00301-666666-0--0',
  testFlag: '1',
};
const V1_TIME = '20200727073711903';

describe.each(schemes)('$name', (scheme) => {
  const signed = scheme.sign();

  it('round-trips', () => {
    expect(scheme.verify(signed, KEY)).toBe(true);
  });

  it('fails when any one byte of the body changes', () => {
    for (let i = 0; i < signed.body.length; i++) {
      expect(scheme.verify({ ...signed, body: flipByte(signed.body, i) }, KEY), `byte ${i}`).toBe(false);
    }
  });

  it('fails when any one character of the signature changes', () => {
    for (let i = 0; i < signed.signature.length; i++) {
      const signature = replaceChar(signed.signature, i, scheme.alphabet);
      expect(scheme.verify({ ...signed, signature }, KEY), `char ${i}`).toBe(false);
    }
  });

  it('fails when any one character of the nonce or timestamp changes', () => {
    for (const field of ['nonce', 'timestamp'] as const) {
      const value = signed[field];
      if (value === undefined) continue;
      for (let i = 0; i < value.length; i++) {
        const changed = replaceChar(
          value,
          i,
          field === 'timestamp' ? '0123456789' : 'abcdefghijklmnopqrstuvwxyz0123456789',
        );
        expect(scheme.verify({ ...signed, [field]: changed }, KEY), `${field} ${i}`).toBe(false);
      }
    }
  });

  it('fails with a wrong key', () => {
    expect(scheme.verify(signed, `${KEY}x`)).toBe(false);
    expect(scheme.verify(signed, replaceChar(KEY, 0, 'xyz'))).toBe(false);
    expect(scheme.verify(signed, KEY.slice(0, -1))).toBe(false);
  });
});

describe('V1 authToken', () => {
  const params = { ...V1_PARAMS, timeStamp: V1_TIME };
  const token = computeAuthToken(KEY, params);
  const verify = (query: Record<string, string>, key = KEY) =>
    verifyAuthToken({ accessKey: key, query }).valid;

  it('round-trips', () => {
    expect(verify({ ...params, authToken: token })).toBe(true);
  });

  it('fails when any one character of a parameter value or of the timeStamp changes', () => {
    for (const [name, value] of Object.entries(params)) {
      for (let i = 0; i < value.length; i++) {
        const changed = replaceChar(value, i, '0123456789abcdefghijklmnopqrstuvwxyz');
        expect(verify({ ...params, [name]: changed, authToken: token }), `${name} ${i}`).toBe(false);
      }
    }
  });

  it('fails when any one character of the token changes', () => {
    for (let i = 0; i < token.length; i++) {
      expect(verify({ ...params, authToken: replaceChar(token, i, BASE64_ALPHABET) }), `char ${i}`).toBe(
        false,
      );
    }
  });

  it('fails with a wrong key', () => {
    expect(verify({ ...params, authToken: token }, `${KEY}x`)).toBe(false);
  });
});
