// Asynchronous provisioning: newInstance answers 000004, the platform polls queryInstance, which reports the
// instance once it is ready. The clock is injected into both the seller and the platform.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Running } from './helpers';
import { expectAccepted, replyBody, startSeller, tempDir } from './helpers';

const dirs = tempDir();
const started: Running[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((r) => r.seller.close()));
});
afterAll(() => dirs.cleanup());

describe('asynchronous provisioning', () => {
  it('answers 000004, is not reported until ready, then completes for query and retries', async () => {
    let clock = Date.UTC(2026, 0, 15, 8, 0, 0);
    const running = await startSeller({
      dbPath: dirs.file('async.sqlite'),
      now: () => clock,
      asyncProvisioning: (request) => request.orderId.startsWith('ASYNC-'),
      provisioningDelayMs: 90_000,
    });
    started.push(running);
    const { platform, seller, url } = running;

    const accepted = expectAccepted(await platform.newInstance({ orderId: 'ASYNC-1' }));
    expect(accepted.verdict.resultCode).toBe('000004');
    expect(accepted.verdict.async).toBe(true);
    const instanceId = replyBody(accepted)['instanceId'] as string;
    expect(seller.getInstance(instanceId)).toMatchObject({ status: 'PROVISIONING', readyAt: clock + 90_000 });

    // Polling before it is ready: accepted, but the instance is not reported yet.
    clock += 60_000;
    expect(replyBody(expectAccepted(await platform.queryInstance(instanceId)))['info']).toEqual([]);
    const retry = expectAccepted(await platform.newInstance({ orderId: 'ASYNC-1' }));
    expect(retry.verdict.resultCode).toBe('000004');
    expect(replyBody(retry)['instanceId']).toBe(instanceId);
    const page = await fetch(`${url}/t/${instanceId}`);
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBe('5');

    // Ready: the next poll reports it; a re-invoked newInstance answers 000000 with the same id.
    clock += 30_000;
    const info = replyBody(expectAccepted(await platform.queryInstance(instanceId)))['info'] as Array<
      Record<string, unknown>
    >;
    expect(info.map((i) => i['instanceId'])).toEqual([instanceId]);
    expect(seller.getInstance(instanceId)!.status).toBe('ACTIVE');
    const after = expectAccepted(await platform.newInstance({ orderId: 'ASYNC-1' }));
    expect(after.verdict.resultCode).toBe('000000');
    expect(replyBody(after)['instanceId']).toBe(instanceId);
    expect(seller.instanceEvents(instanceId).map((e) => e.activity)).toEqual(['newInstance', 'provisioned']);

    // Orders the predicate does not select are provisioned synchronously.
    const sync = expectAccepted(await platform.newInstance({ orderId: 'CS-SYNC-1' }));
    expect(sync.verdict.resultCode).toBe('000000');
  });

  it('a still-provisioning instance among several queried ids is left out until ready', async () => {
    let clock = Date.UTC(2026, 0, 15, 9, 0, 0);
    const running = await startSeller({
      dbPath: dirs.file('mixed.sqlite'),
      now: () => clock,
      asyncProvisioning: (request) => request.orderId.startsWith('ASYNC-'),
      provisioningDelayMs: 10_000,
    });
    started.push(running);
    const { platform } = running;
    const ready = replyBody(expectAccepted(await platform.newInstance({ orderId: 'CS-READY' })))[
      'instanceId'
    ];
    const pending = replyBody(expectAccepted(await platform.newInstance({ orderId: 'ASYNC-2' })))[
      'instanceId'
    ];
    const ids = (r: Awaited<ReturnType<typeof platform.queryInstance>>) =>
      (replyBody(expectAccepted(r))['info'] as Array<Record<string, unknown>>).map((i) => i['instanceId']);
    expect(ids(await platform.queryInstance([ready as string, pending as string]))).toEqual([ready]);
    clock += 10_000;
    expect(ids(await platform.queryInstance([ready as string, pending as string]))).toEqual([ready, pending]);
  });

  it('the background worker completes due provisionings without being asked', async () => {
    const running = await startSeller({
      dbPath: dirs.file('worker.sqlite'),
      asyncProvisioning: true,
      provisioningDelayMs: 30,
      provisioningPollMs: 10,
    });
    started.push(running);
    const accepted = expectAccepted(await running.platform.newInstance({ orderId: 'CS-WORKER' }));
    const instanceId = replyBody(accepted)['instanceId'] as string;
    expect(accepted.verdict.resultCode).toBe('000004');
    // Wait (bounded) for the worker; nothing else touches the instance meanwhile.
    for (let i = 0; i < 500 && running.seller.getInstance(instanceId)!.status !== 'ACTIVE'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(running.seller.getInstance(instanceId)!.status).toBe('ACTIVE');
    expect(running.seller.instanceEvents(instanceId).map((e) => e.activity)).toEqual([
      'newInstance',
      'provisioned',
    ]);
  });

  it('console debugging calls carry testFlag to the predicate and into the record', async () => {
    const running = await startSeller({
      dbPath: dirs.file('test-flag.sqlite'),
      asyncProvisioning: (request) => request.testFlag,
    });
    started.push(running);
    const debug = expectAccepted(await running.platform.newInstance({ orderId: 'CS-DEBUG', testFlag: '1' }));
    expect(debug.verdict.resultCode).toBe('000004');
    expect(running.seller.getInstance(replyBody(debug)['instanceId'] as string)!.testFlag).toBe(true);
    const production = expectAccepted(await running.platform.newInstance({ orderId: 'CS-PROD' }));
    expect(production.verdict.resultCode).toBe('000000');
  });
});
