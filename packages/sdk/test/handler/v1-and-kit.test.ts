/**
 * V1 specifics (encrypted appInfo in answers, encrypted mobilePhone/email with `+` sent unencoded, timeStamp
 * window) and applicationSync's RSA-OAEP clientSecret in each of the digests Java may use.
 */
import { constants, createHash, generateKeyPairSync, publicEncrypt, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createProductionHandler } from '../../src/handler';
import type { V1Handlers, V2HandlerOptions } from '../../src/handler';
import { computeAuthToken, decryptCredential, encryptCredential } from '../../src/signing';
import { V1_BODIES } from './fixtures/bodies';
import {
  ACCESS_KEY,
  BASE,
  CLIENT_SECRET,
  KIT_KEY,
  T0,
  createRecordingLogger,
  expectSignedAnswer,
  kitBody,
  rsa,
  signedKit,
  handleWire,
  signedV1,
} from './harness';

const send = handleWire;

function v1Handler(handlers: V1Handlers, encryptType?: 1 | 2) {
  const logger = createRecordingLogger();
  const handler = createProductionHandler({
    accessKey: ACCESS_KEY,
    version: 'v1',
    now: () => T0,
    logger,
    handlers,
    ...(encryptType ? { encryptType } : {}),
  });
  return { handler, logger };
}

describe('V1 mode', () => {
  it('encrypts appInfo userName/password with the configured encryptType and says so', async () => {
    const { handler } = v1Handler(
      {
        newInstance: () => ({
          instanceId: 'inst-1',
          appInfo: { frontEndUrl: 'https://app.example.com', userName: 'admin', password: 'P@ssw0rd-Demo!' },
        }),
      },
      2,
    );
    const json = expectSignedAnswer(
      await send(handler, signedV1('newInstance', V1_BODIES.newInstance, { encryptType: 2 })),
      { status: 200, resultCode: '000000' },
    );
    expect(json.encryptType).toBe('2');
    const appInfo = json.appInfo as Record<string, string>;
    expect(appInfo.frontEndUrl).toBe('https://app.example.com');
    expect(decryptCredential(ACCESS_KEY, appInfo.userName!, 2)).toBe('admin');
    expect(decryptCredential(ACCESS_KEY, appInfo.password!, 2)).toBe('P@ssw0rd-Demo!');
  });

  it('leaves an answer alone when the handler set encryptType itself', async () => {
    const userName = encryptCredential(ACCESS_KEY, 'admin', { encryptType: 1 });
    const { handler } = v1Handler({
      newInstance: () => ({
        instanceId: 'inst-1',
        encryptType: '1',
        appInfo: { frontEndUrl: 'https://a.example.com', userName },
      }),
    });
    const json = expectSignedAnswer(await send(handler, signedV1('newInstance', V1_BODIES.newInstance)), {
      status: 200,
      resultCode: '000000',
    });
    expect((json.appInfo as Record<string, string>).userName).toBe(userName);
  });

  it('a credential too long to fit 128 characters once encrypted is a developer error', async () => {
    const { handler, logger } = v1Handler({
      newInstance: () => ({
        instanceId: 'inst-1',
        appInfo: { frontEndUrl: 'https://a.example.com', password: 'p'.repeat(120) },
      }),
    });
    expectSignedAnswer(await send(handler, signedV1('newInstance', V1_BODIES.newInstance)), {
      status: 200,
      resultCode: '000005',
    });
    expect(logger.lines.find((l) => l.level === 'error')?.message).toMatch(/password/);
  });

  it('decrypts a mobilePhone whose Base64 "+" arrived unencoded (as a space)', async () => {
    let mobilePhone = '';
    let cipher = '';
    for (let i = 0; !cipher.slice(16).includes('+'); i++) {
      mobilePhone = `1380000${String(i).padStart(4, '0')}`;
      cipher = encryptCredential(ACCESS_KEY, mobilePhone, { encryptType: 1, iv: 'abcdefghijklmnop' });
    }
    const params: Record<string, string> = {
      ...V1_BODIES.expireInstance,
      activity: 'newInstance',
      customerId: 'c-1',
      businessId: 'b-1',
      productId: 'p-1',
      mobilePhone: cipher,
      timeStamp: '20231114221320000',
    };
    delete params.instanceId;
    const authToken = computeAuthToken(ACCESS_KEY, params);
    // Every value percent-encoded except the "+" of the ciphertext, as some platform calls arrive.
    const query = Object.entries({ ...params, authToken })
      .map(([k, v]) => `${k}=${k === 'mobilePhone' ? v : encodeURIComponent(v)}`)
      .join('&');
    let seen: unknown;
    const { handler } = v1Handler({
      newInstance: (body) => ((seen = body.mobilePhone), { instanceId: 'inst-1' }),
    });
    expectSignedAnswer(await send(handler, { method: 'GET', path: `${BASE}?${query}`, headers: {} }), {
      status: 200,
      resultCode: '000000',
    });
    expect(seen).toBe(mobilePhone);
  });

  it('refuses a timeStamp 61 s in the future (the V2 window applies to V1 too)', async () => {
    const { handler } = v1Handler({ expireInstance: () => undefined });
    const json = expectSignedAnswer(
      await send(handler, signedV1('expireInstance', V1_BODIES.expireInstance, { timestamp: T0 + 61_000 })),
      { status: 200, resultCode: '000001' },
    );
    expect(json.resultMsg).toMatch(/ahead/);
    expect(json.resultMsg).toMatch(/timeStampToleranceMs/);
  });

  it('timeStampToleranceMs widens the V1 window, and null applies none (the V1 guide documents none, §7.5)', async () => {
    const old = signedV1('expireInstance', V1_BODIES.expireInstance, { timestamp: T0 - 3_600_000 });
    const make = (timeStampToleranceMs: number | null) =>
      createProductionHandler({
        accessKey: ACCESS_KEY,
        version: 'v1',
        now: () => T0,
        logger: createRecordingLogger(),
        handlers: { expireInstance: () => undefined },
        timeStampToleranceMs,
      });
    expectSignedAnswer(await send(make(null), old), { status: 200, resultCode: '000000' });
    expectSignedAnswer(await send(make(7_200_000), old), { status: 200, resultCode: '000000' });
    expectSignedAnswer(await send(make(60_000), old), { status: 200, resultCode: '000001' });
    expect(() =>
      createProductionHandler({
        accessKey: ACCESS_KEY,
        handlers: {},
        ...({ timeStampToleranceMs: 1000 } as object),
      }),
    ).toThrow(/timeStampToleranceMs applies to version 'v1' only/);
  });
});

/** EME-OAEP with a SHA-256 label hash and MGF1-SHA-1, the defaults of Java's OAEPWithSHA-256AndMGF1Padding. */
function javaSha256Oaep(message: Buffer, modulusBytes: number): Buffer {
  const hLen = 32;
  const mgf1 = (seed: Buffer, len: number): Buffer => {
    const out: Buffer[] = [];
    for (let c = 0; out.length * 20 < len; c++)
      out.push(
        createHash('sha1')
          .update(seed)
          .update(Buffer.from([0, 0, 0, c]))
          .digest(),
      );
    return Buffer.concat(out).subarray(0, len);
  };
  const db = Buffer.concat([
    createHash('sha256').digest(),
    Buffer.alloc(modulusBytes - message.length - 2 * hLen - 2),
    Buffer.from([1]),
    message,
  ]);
  const seed = randomBytes(hLen);
  const maskedDb = Buffer.from(db.map((b, i) => b ^ mgf1(seed, db.length)[i]!));
  const maskedSeed = Buffer.from(seed.map((b, i) => b ^ mgf1(maskedDb, hLen)[i]!));
  const em = Buffer.concat([Buffer.from([0]), maskedSeed, maskedDb]);
  return publicEncrypt({ key: rsa.publicKey, padding: constants.RSA_NO_PADDING }, em);
}

describe('applicationSync clientSecret', () => {
  const sync = (o: Partial<V2HandlerOptions> = {}) => {
    let seen: unknown;
    const logger = createRecordingLogger();
    const handler = createProductionHandler({
      accessKey: ACCESS_KEY,
      kitAccessKey: KIT_KEY,
      now: () => T0,
      logger,
      privateKey: rsa.privateKey,
      handlers: { applicationSync: (body) => void (seen = body.clientSecret) },
      ...o,
    });
    return { handler, logger, seen: () => seen };
  };
  const encrypted = (oaepHash: 'sha1' | 'sha256'): string =>
    publicEncrypt(
      { key: rsa.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash },
      Buffer.from(CLIENT_SECRET),
    ).toString('base64');

  it.each([
    ['SHA-1 (Java OAEPPadding)', () => encrypted('sha1')],
    ['SHA-256', () => encrypted('sha256')],
    [
      'SHA-256 with MGF1-SHA-1 (Java OAEPWithSHA-256AndMGF1Padding)',
      () => javaSha256Oaep(Buffer.from(CLIENT_SECRET), 256).toString('base64'),
    ],
  ])('decrypts %s before the handler sees it', async (_name, make) => {
    const s = sync();
    const res = await send(
      s.handler,
      signedKit('applicationSync', { ...kitBody('applicationSync'), clientSecret: make() }),
    );
    expectSignedAnswer(res, { status: 200, resultCode: '000000', key: KIT_KEY });
    expect(s.seen()).toBe(CLIENT_SECRET);
  });

  it('a pinned variant does not try the others', async () => {
    const s = sync({ clientSecretOaep: 'sha1' });
    expectSignedAnswer(
      await send(
        s.handler,
        signedKit('applicationSync', { ...kitBody('applicationSync'), clientSecret: encrypted('sha256') }),
      ),
      {
        status: 200,
        resultCode: '000005',
        key: KIT_KEY,
      },
    );
    expect(s.seen()).toBeUndefined();
  });

  it('a secret encrypted for another key is a logged configuration problem (000005), not a crash', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const s = sync({ privateKey: other.privateKey });
    expectSignedAnswer(await send(s.handler, signedKit('applicationSync', kitBody('applicationSync'))), {
      status: 200,
      resultCode: '000005',
      key: KIT_KEY,
    });
    expect(s.logger.lines.find((l) => l.level === 'error')?.message).toMatch(
      /privateKey matches the public key/,
    );
    expect(s.seen()).toBeUndefined();
  });

  it('a clientSecret that is not base64 is an invalid parameter (000002)', async () => {
    const s = sync();
    const json = expectSignedAnswer(
      await send(
        s.handler,
        signedKit('applicationSync', { ...kitBody('applicationSync'), clientSecret: 'not base64 at all!' }),
      ),
      {
        status: 200,
        resultCode: '000002',
        key: KIT_KEY,
      },
    );
    expect(json.resultMsg).toMatch(/clientSecret/);
  });
});
