/**
 * Every interface answered successfully: V2 basic and licence activities, the five kit interfaces (kit key,
 * decrypted clientSecret) and the seven V1 activities (GET, decrypted mobilePhone/email, encrypted appInfo), each
 * through the core and through a real express server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptCredential } from '../../src/signing';
import type { KitName, V1Activity, V2ActivityName } from '../../src/handler';
import { KIT_BODIES, V1_BODIES, V2_BODIES } from './fixtures/bodies';
import {
  ACCESS_KEY,
  CLIENT_SECRET,
  KIT_KEY,
  KIT_NAMES,
  createTestSetup,
  expectSignedAnswer,
  kitBody,
  signedKit,
  signedV1,
  signedV2,
  startTransport,
} from './harness';
import type { TestSetup, Transport, TransportKind } from './harness';

const V2_NAMES = Object.keys(V2_BODIES) as V2ActivityName[];
const V1_NAMES = Object.keys(V1_BODIES) as V1Activity[];

describe.each<TransportKind>(['core', 'express'])('V2 seller through %s', (kind) => {
  let setup: TestSetup;
  let transport: Transport;
  beforeAll(async () => {
    setup = createTestSetup();
    transport = await startTransport(kind, setup.handler);
  });
  afterAll(() => transport.close());

  it.each(V2_NAMES)('%s → 000000 with the handler called once on the validated body', async (activity) => {
    const spy = setup.spies[activity]!;
    spy.mockClear();
    const res = await transport.send(signedV2(activity, V2_BODIES[activity]));
    const json = expectSignedAnswer(res, { status: 200, resultCode: '000000' });
    expect(spy).toHaveBeenCalledTimes(1);
    const [body, context] = spy.mock.calls[0]!;
    expect(body).toEqual({ ...V2_BODIES[activity], activity });
    expect(context).toMatchObject({ activity, testFlag: V2_BODIES[activity].testFlag === '1' });
    expect(Object.keys((context as { query: object }).query).sort()).toEqual([
      'nonce',
      'signature',
      'timestamp',
    ]);
    expect((context as { headers: Record<string, string> }).headers['content-type']).toBe(
      'application/json;charset=utf8',
    );
    if (activity === 'newInstance')
      expect(json.instanceId).toBe(`inst-${V2_BODIES.newInstance.orderId as string}`);
    if (activity === 'queryInstance') {
      expect(json.info).toEqual([
        {
          instanceId: V2_BODIES.queryInstance.instanceId,
          appInfo: {
            frontEndUrl: `https://app.example.com/${V2_BODIES.queryInstance.instanceId as string}`,
            userName: 'admin',
            password: 'Huawei12345',
          },
        },
      ]);
    }
  });

  it.each(KIT_NAMES)('kit %s → 000000 signed with the kit key', async (name: KitName) => {
    const spy = setup.spies[name]!;
    spy.mockClear();
    const res = await transport.send(signedKit(name, kitBody(name)));
    expectSignedAnswer(res, { status: 200, resultCode: '000000', key: KIT_KEY });
    expect(spy).toHaveBeenCalledTimes(1);
    const [body, context] = spy.mock.calls[0]!;
    const expected =
      name === 'applicationSync' ? { ...KIT_BODIES[name], clientSecret: CLIENT_SECRET } : KIT_BODIES[name];
    expect(body).toEqual(expected);
    expect(context).toMatchObject({ activity: name, testFlag: KIT_BODIES[name].testFlag === 1 });
  });

  it('accepts a kit path with a trailing slash', async () => {
    const req = signedKit('tenantSync', kitBody('tenantSync'));
    const res = await transport.send({ ...req, path: `${req.path}/` });
    expectSignedAnswer(res, { status: 200, resultCode: '000000', key: KIT_KEY });
  });
});

describe.each<TransportKind>(['core', 'express'])('V1 seller through %s', (kind) => {
  let setup: TestSetup;
  let transport: Transport;
  beforeAll(async () => {
    setup = createTestSetup({ version: 'v1' });
    transport = await startTransport(kind, setup.handler);
  });
  afterAll(() => transport.close());

  it.each(V1_NAMES)('%s → 000000 over GET with authToken', async (activity) => {
    const spy = setup.spies[activity]!;
    spy.mockClear();
    const res = await transport.send(signedV1(activity, V1_BODIES[activity]));
    const json = expectSignedAnswer(res, { status: 200, resultCode: '000000' });
    expect(spy).toHaveBeenCalledTimes(1);
    const [body, context] = spy.mock.calls[0]!;
    // The handler sees plain mobilePhone/email (decrypted), every other parameter as sent, and no authToken.
    expect(body).toMatchObject({ ...V1_BODIES[activity], activity });
    expect(body).not.toHaveProperty('authToken');
    expect(body).toHaveProperty('timeStamp');
    expect(context).toMatchObject({ activity, testFlag: V1_BODIES[activity].testFlag === '1' });
    if (activity === 'newInstance') expect(json.instanceId).toBe('inst-CS1906666666ABCDE');
    if (activity === 'queryInstance') {
      expect(json.encryptType).toBe('1');
      const info = json.info as Array<{
        instanceId: string;
        appInfo: { userName: string; password: string };
      }>;
      expect(info.map((i) => i.instanceId)).toEqual(V1_BODIES.queryInstance.instanceId!.split(','));
      for (const item of info) {
        expect(item.appInfo.userName).not.toBe('admin');
        expect(decryptCredential(ACCESS_KEY, item.appInfo.userName, 1)).toBe('admin');
        expect(decryptCredential(ACCESS_KEY, item.appInfo.password, 1)).toBe('Huawei12345');
      }
    }
  });

  it('kit interfaces keep working in V1 mode (POST, kit key)', async () => {
    const res = await transport.send(signedKit('tenantSync', kitBody('tenantSync')));
    expectSignedAnswer(res, { status: 200, resultCode: '000000', key: KIT_KEY });
  });
});
