// A whole instance lifecycle, every call made and judged by the SDK's platform side exactly as KooGallery does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformCallResult } from '@koogallery-kit/sdk/platform';
import type { Running } from './helpers';
import { expectAccepted, replyBody, startSeller, tempDir } from './helpers';

/** One `info` entry of a queryInstance reply. */
interface ReportedInstance {
  instanceId: string;
  appInfo: { frontEndUrl: string; adminUrl?: string; userName?: string; password?: string; memo?: string };
}
const reported = (result: PlatformCallResult) => replyBody(result)['info'] as ReportedInstance[];

const dirs = tempDir();
let running: Running;

beforeAll(async () => {
  running = await startSeller({ dbPath: dirs.file('seller.sqlite') });
});

afterAll(async () => {
  await running?.seller.close();
  dirs.cleanup();
});

describe('instance lifecycle', () => {
  let instanceId: string;

  it('newInstance creates the instance synchronously (000000 with instanceId)', async () => {
    const { platform, seller } = running;
    const created = expectAccepted(await platform.newInstance({ orderId: 'CS-LIFE-1' }));
    expect(created.verdict.async).toBe(false);
    expect(created.verdict.resultCode).toBe('000000');
    instanceId = replyBody(created)['instanceId'] as string;
    expect(instanceId).toMatch(/^[0-9a-f]{32}$/);
    expect(seller.getInstance(instanceId)).toMatchObject({
      orderId: 'CS-LIFE-1',
      orderLineId: 'CS-LIFE-1-000001',
      status: 'ACTIVE',
      frozen: false,
      testFlag: false,
    });
  });

  it('queryInstance reports the instance with its URLs and administrator account', async () => {
    const { platform, seller, url } = running;
    const queried = expectAccepted(await platform.queryInstance([instanceId, 'unknown-instance']));
    const info = reported(queried);
    expect(info).toHaveLength(1);
    expect(info[0]).toEqual({
      instanceId,
      appInfo: {
        frontEndUrl: `https://app.example.com/t/${instanceId}`,
        adminUrl: `https://app.example.com/t/${instanceId}/admin`,
        userName: seller.getInstance(instanceId)!.adminUser,
        password: seller.getInstance(instanceId)!.adminPassword,
      },
    });
    expect(info[0]!.appInfo.password).toMatch(/^.{16,}$/);
    // The tenant page the buyer is sent to is live and never shows the password.
    const page = await fetch(`${url}/t/${instanceId}`);
    expect(page.status).toBe(200);
    const view = (await page.json()) as Record<string, unknown>;
    expect(view).toMatchObject({ instanceId, status: 'ACTIVE', frozen: false });
    expect(JSON.stringify(view)).not.toContain(seller.getInstance(instanceId)!.adminPassword);
    const admin = await fetch(`${url}/t/${instanceId}/admin`);
    expect(admin.status).toBe(200);
    expect(await admin.json()).toMatchObject({
      instanceId,
      adminUser: seller.getInstance(instanceId)!.adminUser,
    });
  });

  it.each([
    ['TRIAL_TO_FORMAL', '20260101000000'],
    ['RENEWAL', '20270101000000'],
    ['UNSUBSCRIBE_RENEWAL_PERIOD', '20261201000000'],
    ['RENEWAL_CHANGE', '20280101120000123'],
  ] as const)('refreshInstance %s sets the expiry %s', async (scene, expireTime) => {
    const { platform, seller } = running;
    expectAccepted(
      await platform.refreshInstance({ instanceId, scene, orderId: `CS-REFRESH-${scene}`, expireTime }),
    );
    expect(seller.getInstance(instanceId)!.expireTime).toBe(expireTime);
  });

  it('refreshInstance with a new productId (period type changed) records it', async () => {
    const { platform, seller } = running;
    expectAccepted(
      await platform.refreshInstance({
        instanceId,
        scene: 'RENEWAL',
        orderId: 'CS-REFRESH-YEARLY',
        productId: 'OFFI000000000000000002',
        expireTime: '20290101000000',
      }),
    );
    expect(seller.getInstance(instanceId)).toMatchObject({
      productId: 'OFFI000000000000000002',
      expireTime: '20290101000000',
    });
  });

  it('updateInstanceStatus FREEZE keeps the data, reports the freeze, UNFREEZE lifts it', async () => {
    const { platform, seller, url } = running;
    expectAccepted(await platform.updateInstanceStatus({ instanceId, status: 'FREEZE' }));
    expect(seller.getInstance(instanceId)).toMatchObject({ frozen: true, status: 'ACTIVE' });
    const frozenInfo = reported(expectAccepted(await platform.queryInstance(instanceId)));
    expect(frozenInfo[0]!.appInfo.memo).toMatch(/frozen/i);
    expect((await fetch(`${url}/t/${instanceId}`)).status).toBe(423);

    // A renewal arrives while frozen: the instance stays frozen until UNFREEZE.
    expectAccepted(
      await platform.refreshInstance({
        instanceId,
        scene: 'RENEWAL',
        orderId: 'CS-RENEW-WHILE-FROZEN',
        expireTime: '20300101000000',
      }),
    );
    expect(seller.getInstance(instanceId)!.frozen).toBe(true);
    expectAccepted(await platform.updateInstanceStatus({ instanceId, status: 'UNFREEZE' }));
    expect(seller.getInstance(instanceId)!.frozen).toBe(false);
    expect((await fetch(`${url}/t/${instanceId}`)).status).toBe(200);
  });

  it('upgradeInstance is accepted and recorded; the instanceId does not change', async () => {
    const { platform, seller } = running;
    expectAccepted(await platform.upgradeInstance({ instanceId, orderId: 'CS-UPGRADE-1' }));
    const last = seller.instanceEvents(instanceId).at(-1);
    expect(last).toMatchObject({
      activity: 'upgradeInstance',
      orderId: 'CS-UPGRADE-1',
      orderLineId: 'CS-UPGRADE-1-000001',
    });
    expect(seller.getInstance(instanceId)!.status).toBe('ACTIVE');
  });

  it('changeInstanceCheck allows a target that holds the users and refuses a smaller one', async () => {
    const { platform, seller } = running;
    const target = { productId: 'OFFI000000000000000003', skuCode: 'sku-5-users', linearValue: 5 };
    expectAccepted(await platform.changeInstanceCheck({ instanceId, productInfo: target }));

    seller.setUsersInUse(instanceId, 8);
    const refused = await platform.changeInstanceCheck({ instanceId, productInfo: target });
    expect(refused.verdict.accepted).toBe(false);
    expect(refused.verdict.resultCode).toBe('000002');
    expect(replyBody(refused)['resultMsg']).toContain('8');
    // A linearValue sent as a decimal string is compared as a number.
    expectAccepted(
      await platform.changeInstanceCheck({ instanceId, productInfo: { ...target, linearValue: '10' } }),
    );
  });

  it('orderNotify records the order once, however often it is sent', async () => {
    const { platform, seller } = running;
    expectAccepted(await platform.orderNotify({ orderId: 'CS-LICENSE-1' }));
    expectAccepted(await platform.orderNotify({ orderId: 'CS-LICENSE-1' }));
    expect(seller.orderNotifications()).toEqual([
      expect.objectContaining({
        orderId: 'CS-LICENSE-1',
        orderLineId: 'CS-LICENSE-1-000001',
        testFlag: false,
      }),
    ]);
  });

  it('releaseInstance releases once and stays successful when retried', async () => {
    const { platform, seller, url } = running;
    expectAccepted(await platform.releaseInstance({ instanceId, orderId: 'CS-UNSUBSCRIBE-1' }));
    const released = seller.getInstance(instanceId)!;
    expect(released.status).toBe('RELEASED');
    expect(released.adminPassword).toBe('');
    expect(released.releasedAt).toEqual(expect.any(Number));
    expectAccepted(await platform.releaseInstance({ instanceId }));
    expect(seller.instanceEvents(instanceId).filter((e) => e.activity === 'releaseInstance')).toHaveLength(1);

    // Gone for the platform and the buyer.
    expect(replyBody(expectAccepted(await platform.queryInstance(instanceId)))['info']).toEqual([]);
    expect((await fetch(`${url}/t/${instanceId}`)).status).toBe(404);
    const refresh = await platform.refreshInstance({
      instanceId,
      scene: 'RENEWAL',
      orderId: 'CS-TOO-LATE',
      expireTime: '20310101000000',
    });
    expect(refresh.verdict.resultCode).toBe('000003');
  });

  it('keeps the audit trail of every accepted call, in order', () => {
    const activities = running.seller.instanceEvents(instanceId).map((e) => e.activity);
    expect(activities[0]).toBe('newInstance');
    expect(activities.at(-1)).toBe('releaseInstance');
    expect(activities).toEqual(
      expect.arrayContaining([
        'refreshInstance',
        'updateInstanceStatus',
        'upgradeInstance',
        'changeInstanceCheck',
      ]),
    );
  });
});

describe('unknown instances', () => {
  it.each([
    ['refreshInstance', { scene: 'RENEWAL', orderId: 'CS-X', expireTime: '20300101000000' }],
    ['updateInstanceStatus', { status: 'FREEZE' }],
    ['releaseInstance', {}],
    ['upgradeInstance', { orderId: 'CS-X' }],
    ['changeInstanceCheck', { productInfo: { productId: 'P', skuCode: 'S' } }],
  ] as const)('%s answers 000003', async (name, fields) => {
    const result = await running.platform.call(name, { instanceId: 'no-such-instance', ...fields });
    expect(result.verdict.resultCode).toBe('000003');
    expect(running.seller.getInstance('no-such-instance')).toBeUndefined();
  });

  it('/healthz answers', async () => {
    const response = await fetch(`${running.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});
