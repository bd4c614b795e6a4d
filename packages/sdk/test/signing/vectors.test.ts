/**
 * Every known-answer vector of reference §12 (files in ../fixtures/vectors), both directions: the signer produces
 * the documented value and the verifier accepts it (hex also in upper case).
 */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  computeAuthToken,
  createBodySign,
  decryptCredential,
  encryptCredential,
  parseBodySign,
  signApigRequest,
  signRequest,
  signUsagePush,
  verifyApigRequest,
  verifyAuthToken,
  verifyBodySign,
  verifyKitRequest,
  verifyRequest,
  verifyUsagePush,
} from '../../src/signing';
import { computeApigSignature } from '../../src/signing/apig-signer';
import { authTokenStringToSign } from '../../src/signing/auth-token';
import { deriveCredentialKey } from '../../src/signing/credential-cipher';
import { kitSignatureBytes } from '../../src/signing/kit-signature';
import { requestInnerHex, requestSignatureBytes } from '../../src/signing/request-signature';
import apig from '../fixtures/vectors/apig.json';
import authToken from '../fixtures/vectors/auth-token.json';
import bodySign from '../fixtures/vectors/body-sign.json';
import cipher from '../fixtures/vectors/credential-cipher.json';
import kit from '../fixtures/vectors/kit.json';
import usage from '../fixtures/vectors/usage-push.json';
import v2 from '../fixtures/vectors/v2-request.json';
import { sdkDateToDate } from './helpers';

const at = (timestamp: string) => () => Number(timestamp);

/** Shape of an entry of apig.json (JSON imports infer a union per entry; this is the common view). */
interface ApigVector {
  id: string;
  accessKey: string;
  secretKey: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  sdkDate: string;
  body: string;
  canonicalRequest?: string[];
  canonicalRequestSha256: string;
  signedHeaders: string;
  signature: string;
  authorization?: string;
}

describe('§12.3 a, b — V2 request signature', () => {
  for (const v of v2.vectors) {
    it(`${v.id}: signRequest produces the signature and keeps the canonical body`, () => {
      expect(requestInnerHex(v2.accessKey, v.body)).toBe(v.innerHex);
      const signed = signRequest({
        accessKey: v2.accessKey,
        body: v.body,
        nonce: v.nonce,
        timestamp: v.timestamp,
      });
      expect(signed.body).toBe(v.body);
      expect(signed.query).toEqual({ signature: v.signature, timestamp: v.timestamp, nonce: v.nonce });
      const fromObject = signRequest({
        accessKey: v2.accessKey,
        body: JSON.parse(v.body) as object,
        nonce: v.nonce,
        timestamp: Number(v.timestamp),
      });
      expect(fromObject.query.signature).toBe(v.signature);
    });

    it(`${v.id}: verifyRequest accepts it in lower and upper case`, () => {
      for (const signature of [v.signature, v.signature.toUpperCase()]) {
        const r = verifyRequest({
          accessKey: v2.accessKey,
          rawBody: v.body,
          query: { signature, timestamp: v.timestamp, nonce: v.nonce },
          now: at(v.timestamp),
        });
        expect(r).toEqual({ valid: true, timestampMs: Number(v.timestamp), nonce: v.nonce, matched: 'raw' });
      }
    });
  }

  it('12.3a: the upper-case form in the fixture verifies', () => {
    const v = v2.vectors[0]!;
    expect(v.signatureUpper).toBe(v.signature.toUpperCase());
    const r = verifyRequest({
      accessKey: v2.accessKey,
      rawBody: Buffer.from(v.body),
      query: { signature: v.signatureUpper!, timestamp: v.timestamp, nonce: v.nonce },
      now: at(v.timestamp),
    });
    expect(r.valid).toBe(true);
  });

  it('12.3a: the alternative readings are what their formulas give, and are rejected', () => {
    const v = v2.vectors[0]!;
    const alt = v.alternativeReadings!;
    const hmac = (m: string) => createHmac('sha256', v2.accessKey).update(m).digest('hex');
    const sha = createHash('sha256').update(v.body).digest('hex');
    expect(hmac(v2.accessKey + v.nonce + v.timestamp + sha)).toBe(alt.innerIsPlainSha256OfBody);
    expect(hmac(v.nonce + v.timestamp + v.innerHex)).toBe(alt.canonicalWithoutAccessKeyPrefix);
    for (const signature of [alt.innerIsPlainSha256OfBody, alt.canonicalWithoutAccessKeyPrefix]) {
      const r = verifyRequest({
        accessKey: v2.accessKey,
        rawBody: v.body,
        query: { signature, timestamp: v.timestamp, nonce: v.nonce },
        now: at(v.timestamp),
      });
      expect(r).toMatchObject({ valid: false, reason: 'SIGNATURE_MISMATCH' });
    }
  });
});

describe('§12.3 a2 — canonicalisation both ways', () => {
  const c = v2.canonicalisation;
  const query = (signature: string) => ({ signature, timestamp: c.timestamp, nonce: c.nonce });

  it('canonicalJson sorts, drops nulls and compacts', () => {
    expect(canonicalJson(c.rawBody)).toBe(c.canonicalBody);
    expect(requestInnerHex(v2.accessKey, c.canonicalBody)).toBe(c.canonical.innerHex);
    expect(requestInnerHex(v2.accessKey, c.rawBody)).toBe(c.raw.innerHex);
  });

  it('signRequest emits the canonical body and its signature (what a Huawei-sample verifier accepts)', () => {
    const signed = signRequest({
      accessKey: v2.accessKey,
      body: c.rawBody,
      nonce: c.nonce,
      timestamp: c.timestamp,
    });
    expect(signed.body).toBe(c.canonicalBody);
    expect(signed.query.signature).toBe(c.canonical.signature);
  });

  it('the raw-bytes signature is the documented raw value', () => {
    expect(requestSignatureBytes(v2.accessKey, c.nonce, c.timestamp, c.rawBody).toString('hex')).toBe(
      c.raw.signature,
    );
  });

  it('verifyRequest accepts the raw signature via the raw path and the canonical one via the fallback', () => {
    for (const [signature, matched] of [
      [c.raw.signature, 'raw'],
      [c.raw.signature.toUpperCase(), 'raw'],
      [c.canonical.signature, 'canonical'],
      [c.canonical.signature.toUpperCase(), 'canonical'],
    ] as const) {
      const r = verifyRequest({
        accessKey: v2.accessKey,
        rawBody: c.rawBody,
        query: query(signature),
        now: at(c.timestamp),
      });
      expect(r).toEqual({ valid: true, timestampMs: Number(c.timestamp), nonce: c.nonce, matched });
    }
  });

  it('the canonical body sent as is verifies via the raw path with the canonical signature', () => {
    const r = verifyRequest({
      accessKey: v2.accessKey,
      rawBody: c.canonicalBody,
      query: query(c.canonical.signature),
      now: at(c.timestamp),
    });
    expect(r).toMatchObject({ valid: true, matched: 'raw' });
  });
});

describe('§12.3 c — Body-Sign', () => {
  for (const v of bodySign.vectors) {
    it(`${v.id}: createBodySign renders the documented header and verifyBodySign accepts it`, () => {
      expect(createBodySign(bodySign.accessKey, v.body)).toBe(v.header);
      expect(createBodySign(bodySign.accessKey, Buffer.from(v.body))).toBe(v.header);
      expect(parseBodySign(v.header)).toEqual({
        signType: 'HMAC-SHA256',
        signature: v.signature,
        strict: true,
      });
      expect(verifyBodySign(bodySign.accessKey, v.body, v.header)).toBe(true);
      expect(verifyBodySign(bodySign.accessKey, new TextEncoder().encode(v.body), v.header)).toBe(true);
    });
  }
});

describe('§12.3 d — kit x-sign', () => {
  const v = kit.vectors[0]!;
  const headers = (sign: string) => ({ 'x-sign': sign, 'x-timestamp': v.timestamp, 'x-nonce': v.nonce });

  it('the raw-body signature is the documented x-sign', () => {
    expect(kitSignatureBytes(kit.accessKey, v.nonce, v.timestamp, v.body).toString('hex')).toBe(v.xSign);
  });

  it('verifyKitRequest accepts it in lower and upper case', () => {
    for (const sign of [v.xSign, v.xSign.toUpperCase()]) {
      const r = verifyKitRequest({
        accessKey: kit.accessKey,
        rawBody: v.body,
        headers: headers(sign),
        now: at(v.timestamp),
      });
      expect(r).toEqual({ valid: true, timestampMs: Number(v.timestamp), nonce: v.nonce, matched: 'raw' });
    }
  });
});

describe('§12.3 e — usage push signature', () => {
  const v = usage.vectors[0]!;

  it('signUsagePush produces the signature from the JSON text and from the object', () => {
    for (const body of [v.body, JSON.parse(v.body) as object]) {
      const signed = signUsagePush({ key: usage.key, body, ts: v.ts, nonce: v.nonce });
      expect(signed).toEqual({ body: v.body, headers: { ts: v.ts, nonce: v.nonce, signature: v.signature } });
    }
  });

  it('verifyUsagePush accepts it', () => {
    const r = verifyUsagePush({
      key: usage.key,
      rawBody: v.body,
      headers: { ts: v.ts, nonce: v.nonce, signature: v.signature },
      now: at(v.ts),
    });
    expect(r).toEqual({ valid: true, timestampMs: Number(v.ts), nonce: v.nonce, matched: 'raw' });
  });
});

describe('§12.3 f — V1 authToken', () => {
  const v = authToken.vectors[0]!;

  it('computeAuthToken signs the documented string with accessKey + timeStamp', () => {
    expect(authTokenStringToSign(new Map(Object.entries(v.params)))).toBe(v.stringToSign);
    expect(v.hmacKey).toBe(authToken.accessKey + v.params.timeStamp);
    expect(computeAuthToken(authToken.accessKey, v.params)).toBe(v.authToken);
    expect(computeAuthToken(authToken.accessKey, { ...v.params, authToken: 'ignored' })).toBe(v.authToken);
  });

  it('verifyAuthToken accepts it as sent and with + turned into spaces', () => {
    expect(
      verifyAuthToken({ accessKey: authToken.accessKey, query: { ...v.params, authToken: v.authToken } }),
    ).toEqual({
      valid: true,
      timestampMs: Date.UTC(2020, 6, 27, 7, 37, 11, 903),
      nonce: '',
      matched: 'raw',
    });
    const mangled = v.authToken.replace(/\+/g, ' ');
    expect(mangled).not.toBe(v.authToken);
    const r = verifyAuthToken({ accessKey: authToken.accessKey, query: { ...v.params, authToken: mangled } });
    expect(r).toMatchObject({ valid: true, matched: 'canonical' });
  });

  it('the unverifiable official token is well-formed after the + repair but does not match the test key', () => {
    const mangled = authToken.unverifiable.authToken.replace(/\+/g, ' ');
    const r = verifyAuthToken({ accessKey: authToken.accessKey, query: { ...v.params, authToken: mangled } });
    expect(r).toMatchObject({ valid: false, reason: 'SIGNATURE_MISMATCH' });
  });
});

describe('§12.3 g — AES credential encryption', () => {
  it('derives the documented keys (SHA1PRNG), extending SHA1(SHA1(key)) for AES-256', () => {
    expect(deriveCredentialKey(cipher.accessKey, 1).toString('hex')).toBe(cipher.keys['1']);
    expect(deriveCredentialKey(cipher.accessKey, 2).toString('hex')).toBe(cipher.keys['2']);
    expect(cipher.keys['1'].startsWith(cipher.sha1sha1OfAccessKey)).toBe(true);
  });

  for (const v of cipher.vectors) {
    it(`${v.id}: encryptType ${v.encryptType} encrypts to the wire value and back`, () => {
      const type = v.encryptType as 1 | 2;
      expect(encryptCredential(cipher.accessKey, v.plaintext, { encryptType: type, iv: cipher.iv })).toBe(
        v.wire,
      );
      expect(decryptCredential(cipher.accessKey, v.wire, type)).toBe(v.plaintext);
    });
  }

  it('encryptType defaults to 1 (AES-256) both ways', () => {
    const v = cipher.vectors.find((x) => x.encryptType === 1)!;
    expect(encryptCredential(cipher.accessKey, v.plaintext, { iv: cipher.iv })).toBe(v.wire);
    expect(decryptCredential(cipher.accessKey, v.wire)).toBe(v.plaintext);
  });
});

describe('§12.1, §12.2, §12.3 h, i — APIG SDK-HMAC-SHA256', () => {
  for (const v of apig.vectors as ApigVector[]) {
    const options = {
      accessKey: v.accessKey,
      secretKey: v.secretKey,
      method: v.method,
      url: v.url,
      headers: v.headers,
      body: v.body,
      date: sdkDateToDate(v.sdkDate),
    };

    it(`${v.id}: canonical request hash and signature`, () => {
      const s = computeApigSignature(options);
      if (v.canonicalRequest) expect(s.canonicalRequest).toBe(v.canonicalRequest.join('\n'));
      expect(createHash('sha256').update(s.canonicalRequest).digest('hex')).toBe(v.canonicalRequestSha256);
      expect(s.stringToSign).toBe(`SDK-HMAC-SHA256\n${v.sdkDate}\n${v.canonicalRequestSha256}`);
      expect(s.signedHeaders).toBe(v.signedHeaders);
      expect(s.signature).toBe(v.signature);
      const headers = signApigRequest(options);
      expect(headers).toEqual({
        'X-Sdk-Date': v.sdkDate,
        Authorization: `SDK-HMAC-SHA256 Access=${v.accessKey}, SignedHeaders=${v.signedHeaders}, Signature=${v.signature}`,
      });
      if (v.authorization) expect(headers.Authorization).toBe(v.authorization);
    });

    it(`${v.id}: the X-Sdk-Date header works in place of the date option`, () => {
      const s = computeApigSignature({
        ...options,
        date: undefined,
        headers: { ...v.headers, 'X-Sdk-Date': v.sdkDate },
      });
      expect(s.signature).toBe(v.signature);
    });

    it(`${v.id}: verifyApigRequest accepts it (upper-case hex too)`, () => {
      for (const signature of [v.signature, v.signature.toUpperCase()]) {
        const r = verifyApigRequest({
          lookupSecret: (ak) => (ak === v.accessKey ? v.secretKey : undefined),
          method: v.method,
          url: v.url,
          headers: {
            ...v.headers,
            'X-Sdk-Date': v.sdkDate,
            Authorization: `SDK-HMAC-SHA256 Access=${v.accessKey}, SignedHeaders=${v.signedHeaders}, Signature=${signature}`,
          },
          body: v.body,
          now: () => sdkDateToDate(v.sdkDate).getTime(),
        });
        expect(r).toEqual({ valid: true, accessKey: v.accessKey });
      }
    });
  }
});
