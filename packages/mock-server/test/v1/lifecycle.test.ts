/**
 * V1 and V2 lifecycles against small sellers written with the SDK's handler, delivered over HTTP by the mock's
 * deliverer. V1 mode: GET with authToken/timeStamp, encrypted mobilePhone/email, the V1 activities (`upgrade`,
 * `expireInstance`), and the encrypted appInfo of replies checked with the seller key.
 */
import type { Server } from 'node:http';
import {
  KooGalleryError,
  createProductionHandler,
  decryptCredential,
  encryptCredential,
} from '@koogallery-kit/sdk';
import { createNodeListener } from '@koogallery-kit/sdk/node';
import { afterAll, describe, expect, it } from 'vitest';
import { createDeliverer } from '../../src/delivery/deliverer';
import { createUndiciTransport, type UndiciTransport } from '../../src/delivery/undici-transport';
import { DAY, HOUR, closeServer, listen, startMarket, type TestMarket } from '../open-api/helpers';

const KEY = 'test-v1-seller-key-SECRET-0001';

interface Received {
  activity: string;
  body: Record<string, string>;
  query: Record<string, unknown>;
}

/** A V1 seller: keeps instances, answers appInfo with credentials (encrypted by the handler unless `rawAppInfo`). */
async function startV1Seller(o: { encryptType?: 1 | 2; rawAppInfo?: Record<string, string> } = {}) {
  const received: Received[] = [];
  const instances = new Map<string, string>();
  const log = (activity: string) => (body: unknown, ctx: { query: Record<string, unknown> }) => {
    received.push({ activity, body: body as Record<string, string>, query: ctx.query });
  };
  const known = (id: unknown) => typeof id === 'string' && instances.has(id);
  const handler = createProductionHandler({
    version: 'v1',
    accessKey: KEY,
    encryptType: o.encryptType,
    logger: {},
    handlers: {
      newInstance: (body, ctx) => {
        log('newInstance')(body, ctx);
        const id = `v1-${body.orderId}-${body.skuCode}`;
        instances.set(id, 'active');
        if (o.rawAppInfo) {
          return {
            instanceId: id,
            encryptType: '1',
            appInfo: { frontEndUrl: 'https://app.example.com', ...o.rawAppInfo },
          };
        }
        return {
          instanceId: id,
          appInfo: { frontEndUrl: `https://app.example.com/${id}`, userName: 'admin', password: 'P@ssw0rd!' },
        };
      },
      upgrade: (body, ctx) => {
        log('upgrade')(body, ctx);
        if (!known(body.instanceId)) throw new Error('unknown');
      },
      refreshInstance: (body, ctx) => {
        log('refreshInstance')(body, ctx);
        instances.set(body.instanceId, 'active');
      },
      expireInstance: (body, ctx) => {
        log('expireInstance')(body, ctx);
        instances.set(body.instanceId, 'frozen');
      },
      releaseInstance: (body, ctx) => {
        log('releaseInstance')(body, ctx);
        instances.set(body.instanceId, 'released');
      },
      instanceStatus: (body, ctx) => log('instanceStatus')(body, ctx),
      queryInstance: (body, ctx) => {
        log('queryInstance')(body, ctx);
        return {
          info: String(body.instanceId)
            .split(',')
            .filter((id) => instances.has(id))
            .map((id) => ({
              instanceId: id,
              appInfo: { frontEndUrl: 'https://app.example.com', userName: 'admin', password: 'x' },
            })),
        };
      },
    },
  });
  const { server, port } = await listen(createNodeListener(handler));
  servers.push(server);
  return { url: `http://127.0.0.1:${port}/produce`, received, instances };
}

/** A V2 seller with the SDK handler. */
async function startV2Seller() {
  const received: Array<Record<string, unknown>> = [];
  const instances = new Map<string, string>();
  const handler = createProductionHandler({
    accessKey: KEY,
    logger: {},
    handlers: {
      newInstance: (body) => {
        received.push({ ...body });
        const id = `v2-${body.orderId}`;
        instances.set(id, 'active');
        return { instanceId: id, appInfo: { frontEndUrl: `https://app.example.com/${id}` } };
      },
      upgradeInstance: (body) => void received.push({ ...body }),
      refreshInstance: (body) => void received.push({ ...body }),
      updateInstanceStatus: (body) => {
        received.push({ ...body });
        instances.set(body.instanceId, body.status === 'FREEZE' ? 'frozen' : 'active');
      },
      releaseInstance: (body) => {
        received.push({ ...body });
        instances.set(body.instanceId, 'released');
      },
      queryInstance: (body) => {
        received.push({ ...body });
        return { info: [] };
      },
    },
  });
  const { server, port } = await listen(createNodeListener(handler));
  servers.push(server);
  return { url: `http://127.0.0.1:${port}/produce`, received, instances };
}

const servers: Server[] = [];
const transports: UndiciTransport[] = [];
const markets: TestMarket[] = [];
afterAll(async () => {
  for (const m of markets) await m.close();
  for (const t of transports) await t.close();
  for (const s of servers) await closeServer(s);
});

async function market(sellerUrl: string, v1: { encryptType?: 1 | 2 } | null): Promise<TestMarket> {
  const transport = createUndiciTransport();
  transports.push(transport);
  const m = await startMarket({
    engine: {
      deliver: createDeliverer({ sellerUrl, accessKey: KEY, transport }),
      ...(v1 === null ? {} : { protocol: 'v1' as const, v1: { accessKey: KEY, ...v1 } }),
    },
    oauth: false,
  });
  markets.push(m);
  return m;
}

describe('V1 mode', () => {
  it('runs new → upgrade → renew → expire → release with V1 calls the SDK V1 handler accepts', async () => {
    const seller = await startV1Seller();
    const m = await market(seller.url, {});
    const { engine, clock } = m;
    const buyer = engine.createBuyer({ mobilePhone: '13912345678', email: 'buyer@example.com' });
    const order = engine.purchase({
      productCode: 'crm',
      autoPay: true,
      buyerId: buyer.customerId,
      linearValue: 20,
    });
    await clock.advance(0);
    const [instance] = engine.listInstances({ orderId: order.orderId });
    expect(instance!.state).toBe('active');
    const created = seller.received[0]!;
    expect(created.activity).toBe('newInstance');
    // The handler decrypted mobilePhone and email: the platform sent them AES-encrypted.
    expect(created.body).toMatchObject({
      customerId: buyer.customerId,
      customerName: buyer.customerName,
      mobilePhone: '13912345678',
      email: 'buyer@example.com',
      orderId: order.orderId,
      skuCode: instance!.skuCode,
      productId: instance!.productId,
      chargingMode: '1',
      periodType: 'month',
      periodNumber: '1',
      amount: '20',
      orderAmount: '1980',
    });
    expect(JSON.parse(Buffer.from(created.body.saasExtendParams!, 'base64').toString('utf8'))).toEqual([
      { name: 'emailDomainName', value: 'buyer.example.com' },
    ]);
    expect(typeof created.query.authToken).toBe('string');
    expect(String(created.query.timeStamp)).toMatch(/^\d{17}$/);
    const sentUrl = engine.listAttempts()[0]!.request!.url;
    expect(sentUrl).toContain('activity=newInstance');
    expect(sentUrl).not.toContain('13912345678');
    expect(engine.listAttempts()[0]!.request!.method).toBe('GET');

    const upgrade = engine.upgrade(instance!.ref, {
      skuCode: '5f0d1b2c-0002-4a6e-9c11-crm00000pro',
      autoPay: true,
    });
    await clock.advance(0);
    expect(seller.received.at(-1)).toMatchObject({
      activity: 'upgrade',
      body: {
        instanceId: instance!.instanceId,
        orderId: upgrade.orderId,
        skuCode: '5f0d1b2c-0002-4a6e-9c11-crm00000pro',
        amount: '50',
      },
    });

    const renewal = engine.renew(instance!.ref, { autoPay: true });
    await clock.advance(0);
    const refreshed = engine.getInstance(instance!.ref);
    expect(seller.received.at(-1)).toMatchObject({
      activity: 'refreshInstance',
      body: {
        instanceId: instance!.instanceId,
        orderId: renewal.orderId,
        periodType: 'month',
        periodNumber: '1',
      },
    });
    expect(seller.received.at(-1)!.body.expireTime).toMatch(/^\d{14}$/);

    await clock.advanceTo(refreshed.expireAt! + HOUR);
    expect(seller.received.at(-1)).toMatchObject({
      activity: 'expireInstance',
      body: { instanceId: instance!.instanceId, orderId: order.orderId },
    });
    expect(seller.instances.get(instance!.instanceId!)).toBe('frozen');
    await clock.advance(16 * DAY);
    expect(seller.received.at(-1)).toMatchObject({
      activity: 'releaseInstance',
      body: { instanceId: instance!.instanceId, orderId: order.orderId },
    });
    expect(engine.getInstance(instance!.ref).state).toBe('released');
    expect(engine.listAttempts().every((a) => a.state === 'SUCCEEDED')).toBe(true);
    expect(engine.listJobs().map((j) => j.interface)).toEqual([
      'v1NewInstance',
      'v1Upgrade',
      'v1RefreshInstance',
      'v1ExpireInstance',
      'v1ReleaseInstance',
    ]);
  });

  it('renewal during the freeze restores with refreshInstance alone; trial→formal and unsubscribe map to V1', async () => {
    const seller = await startV1Seller({ encryptType: 2 });
    const m = await market(seller.url, { encryptType: 2 });
    const { engine, clock } = m;
    const trial = engine.purchase({ productCode: 'crm', trial: true, autoPay: true });
    await clock.advance(0);
    expect(seller.received[0]!.body).toMatchObject({ trialFlag: '1', orderId: trial.orderId });
    expect(seller.received[0]!.body.periodType).toBeUndefined();
    const [instance] = engine.listInstances({ orderId: trial.orderId });
    await clock.advanceTo(instance!.expireAt! + HOUR);
    expect(seller.received.at(-1)!.activity).toBe('expireInstance');
    const formal = engine.trialToFormal(instance!.ref, { autoPay: true });
    await clock.advance(0);
    expect(seller.received.at(-1)).toMatchObject({
      activity: 'refreshInstance',
      body: { trialToFormal: '1', orderId: formal.orderId },
    });
    expect(engine.getInstance(instance!.ref).state).toBe('active');
    expect(engine.listJobs().some((j) => j.interface === 'updateInstanceStatus')).toBe(false);

    const unsubscribe = engine.unsubscribe(instance!.ref);
    await clock.advance(0);
    const release = seller.received.at(-1)!;
    expect(release).toMatchObject({ activity: 'releaseInstance', body: { orderId: unsubscribe.orderId } });
    expect(Number(release.body.orderAmount)).toBeLessThan(0);
    expect(engine.listAttempts().every((a) => a.state === 'SUCCEEDED')).toBe(true);
  });

  it('sends pay-per-use instances with chargingMode 0', async () => {
    const seller = await startV1Seller();
    const m = await market(seller.url, {});
    m.engine.purchase({ productCode: 'sms', autoPay: true });
    await m.clock.advance(0);
    expect(seller.received.map((r) => r.body.chargingMode)).toEqual(['0', '0']);
    expect(seller.received.map((r) => r.body.expireTime)).toEqual([undefined, undefined]);
  });

  it('fails a reply whose appInfo credentials do not decrypt with the seller key, and retries', async () => {
    const wrong = encryptCredential('somebody-elses-key', 'admin');
    expect(() => decryptCredential(KEY, wrong)).toThrow();
    const seller = await startV1Seller({ rawAppInfo: { userName: wrong } });
    const m = await market(seller.url, {});
    m.engine.purchase({ productCode: 'crm', autoPay: true });
    await m.clock.advance(0);
    const [job] = m.engine.listJobs();
    const view = m.engine.getJob(job!.id);
    expect(view.state).toBe('PENDING');
    expect(view.nextAttemptAt).toBe(m.clock.now() + HOUR);
    expect(view.attempts[0]!.problems).toEqual([
      expect.objectContaining({ code: 'FIELD_INVALID', field: 'appInfo.userName' }),
    ]);
    expect(m.engine.listInstances()[0]!.state).toBe('provisioning');
  });

  it('refuses what V1 cannot express, and needs the seller key', async () => {
    const seller = await startV1Seller();
    const m = await market(seller.url, {});
    const order = m.engine.purchase({ productCode: 'crm', autoPay: true });
    await m.clock.advance(0);
    const [instance] = m.engine.listInstances({ orderId: order.orderId });
    expect(() => m.engine.violationFreeze(instance!.ref)).toThrow(KooGalleryError);
    expect(() => m.engine.violationFreeze(instance!.ref)).toThrow(/V1 mode/);
    await expect(m.engine.renewWithChange(instance!.ref, { linearValue: 30 })).rejects.toMatchObject({
      code: 'NOT_SUPPORTED',
    });
    await expect(startMarket({ engine: { protocol: 'v1' }, oauth: false })).rejects.toThrow(/v1\.accessKey/);
  });
});

describe('V2 mode with the SDK handler', () => {
  it('runs new → upgrade → renew → expire (FREEZE) → renew (UNFREEZE) → release', async () => {
    const seller = await startV2Seller();
    const m = await market(seller.url, null);
    const { engine, clock } = m;
    const order = engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(0);
    const [instance] = engine.listInstances({ orderId: order.orderId });
    engine.upgrade(instance!.ref, { linearValue: 40, autoPay: true });
    engine.renew(instance!.ref, { autoPay: true });
    await clock.advance(0);
    await clock.advanceTo(engine.getInstance(instance!.ref).expireAt! + HOUR);
    engine.renew(instance!.ref, { autoPay: true });
    await clock.advance(0);
    await clock.advance(2 * DAY);
    engine.unsubscribe(instance!.ref);
    await clock.advance(0);
    expect(
      seller.received.map(
        (b) => `${String(b.activity)}${typeof b.status === 'string' ? `:${b.status}` : ''}`,
      ),
    ).toEqual([
      'newInstance',
      'upgradeInstance',
      'refreshInstance',
      'updateInstanceStatus:FREEZE',
      'refreshInstance',
      'updateInstanceStatus:UNFREEZE',
      'releaseInstance',
    ]);
    expect(engine.listAttempts().every((a) => a.state === 'SUCCEEDED')).toBe(true);
    expect(seller.instances.get(instance!.instanceId!)).toBe('released');
  });
});
