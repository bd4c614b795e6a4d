// newInstance is idempotent per order line: retried (new businessId every time), racing in one process, racing on
// two apps sharing the SQLite file, and after a failed attempt.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mockOrder } from '@koogallery-kit/sdk/testing';
import type { OrderInfo } from '@koogallery-kit/sdk';
import { createSignedRequest } from '@koogallery-kit/sdk/testing';
import type { Running } from './helpers';
import { ACCESS_KEY, expectAccepted, replyBody, startSeller, tempDir } from './helpers';

const dirs = tempDir();
const started: Running[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((r) => r.seller.close()));
});

afterAll(() => dirs.cleanup());

async function start(...args: Parameters<typeof startSeller>): Promise<Running> {
  const running = await startSeller(...args);
  started.push(running);
  return running;
}

/** An order lookup that holds every call until `open()`, and tells when the first one arrived. */
function gatedLookup() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let arrived!: () => void;
  const firstArrival = new Promise<void>((resolve) => (arrived = resolve));
  const calls: string[] = [];
  const lookup = async ({ orderId }: { orderId: string; orderLineId: string }): Promise<OrderInfo> => {
    calls.push(orderId);
    arrived();
    await gate;
    return { ...mockOrder('MOCKPERIODYEARNEW'), orderId };
  };
  return { lookup, open: () => open(), firstArrival, calls };
}

describe('newInstance idempotency', () => {
  it('a retried newInstance (new businessId) gets the same instanceId and creates nothing new', async () => {
    const { platform, seller } = await start({ dbPath: dirs.file('retry.sqlite') });
    const ids = new Set<string>();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const result = expectAccepted(
        await platform.newInstance({ orderId: 'CS-RETRY', businessId: `business-${attempt}` }),
      );
      ids.add(replyBody(result)['instanceId'] as string);
    }
    expect(ids.size).toBe(1);
    expect(seller.listInstances()).toHaveLength(1);
    // The first call's businessId is the one kept.
    expect(seller.listInstances()[0]!.businessId).toBe('business-0');
    // Another line of the same order is another instance.
    const second = expectAccepted(
      await platform.newInstance({ orderId: 'CS-RETRY', orderLineId: 'CS-RETRY-000002' }),
    );
    expect(ids.has(replyBody(second)['instanceId'] as string)).toBe(false);
    expect(seller.listInstances()).toHaveLength(2);
  });

  it('two racing calls: the second gets 000004 with the same instanceId while the first creates it', async () => {
    const gated = gatedLookup();
    const { platform, seller } = await start({ dbPath: dirs.file('race.sqlite'), orderLookup: gated.lookup });
    const first = platform.newInstance({ orderId: 'CS-RACE' });
    await gated.firstArrival;
    const second = await platform.newInstance({ orderId: 'CS-RACE' });
    gated.open();
    const firstResult = expectAccepted(await first);

    expect(firstResult.verdict.resultCode).toBe('000000');
    expectAccepted(second);
    expect(second.verdict.resultCode).toBe('000004');
    expect(second.verdict.async).toBe(true);
    expect(replyBody(second)['instanceId']).toBe(replyBody(firstResult)['instanceId']);
    expect(gated.calls).toEqual(['CS-RACE']);
    expect(seller.listInstances()).toHaveLength(1);
    // Once created, a retry answers 000000.
    const later = expectAccepted(await platform.newInstance({ orderId: 'CS-RACE' }));
    expect(later.verdict.resultCode).toBe('000000');
    expect(replyBody(later)['instanceId']).toBe(replyBody(firstResult)['instanceId']);
  });

  it('five simultaneous calls create one instance and all name it', async () => {
    const lookup = async ({ orderId }: { orderId: string }): Promise<OrderInfo> => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { ...mockOrder('MOCKPERIODYEARNEW'), orderId };
    };
    const { platform, seller } = await start({ dbPath: dirs.file('burst.sqlite'), orderLookup: lookup });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => platform.newInstance({ orderId: 'CS-BURST' })),
    );
    for (const result of results) expectAccepted(result);
    expect(new Set(results.map((r) => replyBody(r)['instanceId'])).size).toBe(1);
    expect(results.filter((r) => r.verdict.resultCode === '000000').length).toBeGreaterThanOrEqual(1);
    expect(seller.listInstances()).toHaveLength(1);
  });

  it('two apps sharing one SQLite file (two replicas) race into one instance', async () => {
    const gated = gatedLookup();
    const file = dirs.file('shared.sqlite');
    const a = await start({ dbPath: file, orderLookup: gated.lookup });
    const b = await start({ dbPath: file, orderLookup: gated.lookup });
    const first = a.platform.newInstance({ orderId: 'CS-REPLICAS' });
    await gated.firstArrival;
    const second = expectAccepted(await b.platform.newInstance({ orderId: 'CS-REPLICAS' }));
    gated.open();
    const firstResult = expectAccepted(await first);
    expect(second.verdict.resultCode).toBe('000004');
    expect(replyBody(second)['instanceId']).toBe(replyBody(firstResult)['instanceId']);
    expect(a.seller.listInstances()).toHaveLength(1);
    expect(b.seller.listInstances()).toEqual(a.seller.listInstances());
  });

  it('after a failed attempt (order lookup down → 000005) the retry creates the instance', async () => {
    let failures = 1;
    const lookup = async ({ orderId }: { orderId: string }): Promise<OrderInfo> => {
      if (failures-- > 0) throw new Error('order query unreachable');
      return { ...mockOrder('MOCKPERIODYEARNEW'), orderId };
    };
    const { platform, seller } = await start({ dbPath: dirs.file('failed.sqlite'), orderLookup: lookup });
    const failed = await platform.newInstance({ orderId: 'CS-FLAKY' });
    expect(failed.verdict.accepted).toBe(false);
    expect(failed.verdict.resultCode).toBe('000005');
    expect(seller.listInstances()).toEqual([]);
    const retried = expectAccepted(await platform.newInstance({ orderId: 'CS-FLAKY' }));
    expect(retried.verdict.resultCode).toBe('000000');
    expect(seller.listInstances().map((i) => i.instanceId)).toEqual([replyBody(retried)['instanceId']]);
  });

  it('a replayed request (same nonce) is refused 000001 by the SDK and creates nothing', async () => {
    const { seller, productionUrl } = await start({ dbPath: dirs.file('replay.sqlite') });
    const signed = createSignedRequest(
      'newInstance',
      { orderId: 'CS-REPLAY', orderLineId: 'CS-REPLAY-000001', businessId: 'b-1' },
      { accessKey: ACCESS_KEY, url: productionUrl },
    );
    const send = async () => {
      const response = await fetch(signed.url, {
        method: 'POST',
        headers: signed.headers,
        body: signed.body,
      });
      return (await response.json()) as Record<string, unknown>;
    };
    expect((await send())['resultCode']).toBe('000000');
    expect((await send())['resultCode']).toBe('000001');
    expect(seller.listInstances()).toHaveLength(1);
  });

  it('a call signed with another key is refused 000001 and stores nothing', async () => {
    const { seller, productionUrl } = await start({ dbPath: dirs.file('wrong-key.sqlite') });
    const signed = createSignedRequest(
      'newInstance',
      { orderId: 'CS-FORGED', orderLineId: 'CS-FORGED-000001', businessId: 'b-1' },
      { accessKey: 'not-the-seller-key', url: productionUrl },
    );
    const response = await fetch(signed.url, { method: 'POST', headers: signed.headers, body: signed.body });
    expect(((await response.json()) as Record<string, unknown>)['resultCode']).toBe('000001');
    expect(seller.listInstances()).toEqual([]);
  });
});
