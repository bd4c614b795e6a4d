// Durable state: a seller restarted on the same SQLite file keeps its instances, its newInstance claims and its
// pending provisionings.
import { afterAll, describe, expect, it } from 'vitest';
import { createSellerApp } from '../src';
import { ACCESS_KEY, expectAccepted, replyBody, startSeller, tempDir } from './helpers';

const dirs = tempDir();
afterAll(() => dirs.cleanup());

describe('restart on the same SQLite file', () => {
  it('keeps instances, freezes, claims and pending provisionings', async () => {
    const file = dirs.file('durable.sqlite');
    let clock = Date.UTC(2026, 2, 1, 12, 0, 0);
    const options = {
      dbPath: file,
      now: () => clock,
      asyncProvisioning: (request: { orderId: string }) => request.orderId.startsWith('ASYNC-'),
      provisioningDelayMs: 60_000,
    };

    const first = await startSeller(options);
    const syncId = replyBody(expectAccepted(await first.platform.newInstance({ orderId: 'CS-DURABLE' })))[
      'instanceId'
    ] as string;
    const asyncId = replyBody(expectAccepted(await first.platform.newInstance({ orderId: 'ASYNC-DURABLE' })))[
      'instanceId'
    ] as string;
    expectAccepted(await first.platform.updateInstanceStatus({ instanceId: syncId, status: 'FREEZE' }));
    const before = first.seller.listInstances();
    await first.seller.close();

    const second = await startSeller(options);
    try {
      expect(second.seller.listInstances()).toEqual(before);
      // The claim survived: the retried newInstance names the same instance and creates nothing.
      const retried = expectAccepted(await second.platform.newInstance({ orderId: 'CS-DURABLE' }));
      expect(replyBody(retried)['instanceId']).toBe(syncId);
      expect(second.seller.getInstance(syncId)!.frozen).toBe(true);
      // The pending provisioning completes in the new process.
      expect(replyBody(expectAccepted(await second.platform.queryInstance(asyncId)))['info']).toEqual([]);
      clock += 60_000;
      const info = replyBody(expectAccepted(await second.platform.queryInstance([syncId, asyncId])))[
        'info'
      ] as Array<Record<string, unknown>>;
      expect(info.map((i) => i['instanceId']).sort()).toEqual([syncId, asyncId].sort());
      expect(second.seller.listInstances()).toHaveLength(2);
    } finally {
      await second.seller.close();
    }
  });

  it('a closed app refuses to be used, and closing twice is harmless', async () => {
    const seller = createSellerApp({ accessKey: ACCESS_KEY, dbPath: dirs.file('closed.sqlite'), logger: {} });
    await seller.close();
    await seller.close();
    expect(() => seller.listInstances()).toThrow(/closed/);
    await expect(seller.listen(0)).rejects.toThrow(/closed/);
  });
});
