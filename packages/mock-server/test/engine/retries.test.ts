import { ConfigError } from '@koogallery-kit/sdk';
import { describe, expect, it } from 'vitest';
import { ActionRejectedError, IllegalTransitionError } from '../../src/index';
import { createMarketEngine } from '../../src/engine/engine';
import { RETRY_PRESETS } from '../../src/engine/jobs/retry-schedules';
import { DAY, HOUR, START, callsOf, createFakeSeller, setup } from './helpers';

const MINUTE = 60_000;
const failNewInstance = (job: { interface: string }) =>
  job.interface === 'newInstance' ? ({ kind: 'fail', code: 'BODY_SIGN_INVALID' } as const) : undefined;

describe('newInstance retry schedule', () => {
  it('retries hourly for 3 hours, then cancels, auto-unsubscribes, mails and counts the order', async () => {
    const { engine, clock, seller } = setup({ behave: failNewInstance });
    const order = engine.purchase({ productCode: 'crm', autoPay: true });
    const [instance] = engine.listInstances();
    await clock.advance(2 * HOUR + 59 * MINUTE);
    const job = engine.listJobs({ interface: 'newInstance' })[0]!;
    expect(engine.getJob(job.id)).toMatchObject({
      state: 'PENDING',
      attemptCount: 3,
      nextAttemptAt: START + 3 * HOUR,
    });
    expect(engine.getOrder(order.orderId).state).toBe('PROCESSING');

    await clock.advance(MINUTE);
    const view = engine.getJob(job.id);
    expect(view.state).toBe('EXHAUSTED');
    expect(view.attempts.map((a) => [a.no, a.scheduledAt - START, a.startedAt - START, a.state])).toEqual([
      [1, 0, 0, 'FAILED'],
      [2, HOUR, HOUR, 'FAILED'],
      [3, 2 * HOUR, 2 * HOUR, 'FAILED'],
      [4, 3 * HOUR, 3 * HOUR, 'FAILED'],
    ]);
    expect(view.attempts[0]!.problems[0]).toMatchObject({ code: 'BODY_SIGN_INVALID' });
    // businessId differs on every call, including retries
    expect(new Set(callsOf(seller, 'newInstance').map((c) => c.body.businessId)).size).toBe(4);

    const canceled = engine.getOrder(order.orderId);
    expect(canceled).toMatchObject({
      state: 'CANCELED',
      cancelReason: 'PROVISIONING_FAILED',
      failureCounted: true,
    });
    const refund = engine.getOrder(canceled.autoUnsubscribeOrderId!);
    expect(refund).toMatchObject({
      orderType: 'UNSUBSCRIBE',
      state: 'COMPLETED',
      relatedOrderId: order.orderId,
    });
    expect(refund.lines[0]).toMatchObject({ currency: '', currencyAfterDiscount: '-990' });
    expect(engine.getInstance(instance!.ref)).toMatchObject({
      state: 'released',
      releaseReason: 'PROVISIONING_FAILED',
    });
    // the seller never named an instance, so there is nothing to release on its side
    expect(callsOf(seller, 'releaseInstance')).toEqual([]);

    const mails = engine.outbox();
    expect(mails.map((m) => m.kind)).toEqual([
      'CALL_FAILED',
      'CALL_FAILED',
      'CALL_FAILED',
      'CALL_FAILED',
      'ORDER_FAILED',
    ]);
    expect(mails[0]!.text).toContain('BODY_SIGN_INVALID');
    expect(mails[3]!.text).toContain('No automatic retry is left');
    expect(engine.getProductState('crm').failedOrdersByMonth).toEqual({ '2025-03': 1 });

    await clock.advance(10 * DAY);
    expect(callsOf(seller, 'newInstance')).toHaveLength(4);
  });

  it('stops retrying as soon as an attempt succeeds', async () => {
    const { engine, clock, seller } = setup({
      behave: (job, n) =>
        job.interface === 'newInstance' && n < 3 ? { kind: 'fail', code: 'TIMEOUT' } : undefined,
    });
    const order = engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(5 * HOUR);
    expect(callsOf(seller, 'newInstance')).toHaveLength(3);
    expect(engine.getOrder(order.orderId).state).toBe('COMPLETED');
    const [i] = engine.listInstances();
    expect(i!.activatedAt).toBe(START + 2 * HOUR);
  });

  it('more than 5 failed orders in a month delist the product; relisting allows purchases again', async () => {
    const { engine, clock } = setup({ behave: failNewInstance });
    for (let k = 0; k < 5; k++) engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(4 * HOUR);
    expect(engine.getProductState('crm')).toMatchObject({
      delisted: false,
      failedOrdersByMonth: { '2025-03': 5 },
    });
    engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(4 * HOUR);
    expect(engine.getProductState('crm')).toMatchObject({ delisted: true, delistReason: 'FAILED_ORDERS' });
    expect(engine.outbox().filter((m) => m.kind === 'PRODUCT_DELISTED')).toHaveLength(1);
    expect(() => engine.purchase({ productCode: 'crm' })).toThrow(ActionRejectedError);
    expect(() => engine.purchase({ productCode: 'crm' })).toThrow(/delisted/);
    expect(engine.getProductState('report').delisted).toBe(false);
    engine.relistProduct('crm');
    expect(() => engine.purchase({ productCode: 'crm' })).not.toThrow();
  });

  it('counts per business month', async () => {
    const { engine, clock } = setup({ behave: failNewInstance, start: Date.parse('2025-03-31T10:00:00Z') });
    engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(4 * HOUR); // exhausted at 2025-03-31T13:00Z = 21:00 in UTC+8
    engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(4 * HOUR); // exhausted at 17:00Z = 1 April in UTC+8
    expect(engine.getProductState('crm').failedOrdersByMonth).toEqual({ '2025-03': 1, '2025-04': 1 });
  });
});

describe('manual restart (重新启动)', () => {
  it('restarts an exhausted job with one manual attempt; success releases what the seller created for the refunded order', async () => {
    let broken = true;
    const { engine, clock, seller } = setup({
      behave: (job) =>
        job.interface === 'newInstance' && broken ? { kind: 'fail', code: 'HTTP_STATUS' } : undefined,
    });
    const order = engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(4 * HOUR);
    const job = engine.listJobs({ interface: 'newInstance' })[0]!;
    expect(job.state).toBe('EXHAUSTED');
    broken = false;
    const restarted = await engine.restartJob(job.id);
    expect(restarted).toMatchObject({ state: 'SUCCEEDED', restarts: 1, attemptCount: 5 });
    expect(restarted.attempts.at(-1)).toMatchObject({
      no: 5,
      manual: true,
      state: 'SUCCEEDED',
      startedAt: START + 4 * HOUR,
    });
    await clock.advance(0);
    const refund = engine.getOrder(engine.getOrder(order.orderId).autoUnsubscribeOrderId!);
    expect(callsOf(seller, 'releaseInstance').map((c) => c.body)).toEqual([
      {
        activity: 'releaseInstance',
        instanceId: `inst-${job.refs.instanceRef}`,
        orderId: refund.orderId,
        orderLineId: `${refund.orderId}-000001`,
      },
    ]);
    expect(engine.getOrder(order.orderId).state).toBe('CANCELED');
  });

  it('a failed restart leaves the job FAILED with one more attempt; withRetries runs the whole schedule again', async () => {
    const { engine, clock, seller } = setup({ behave: failNewInstance });
    engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(4 * HOUR);
    const job = engine.listJobs({ interface: 'newInstance' })[0]!;
    const again = await engine.restartJob(job.id);
    expect(again).toMatchObject({ state: 'FAILED', attemptCount: 5 });
    await clock.advance(5 * HOUR);
    expect(callsOf(seller, 'newInstance')).toHaveLength(5);
    const full = await engine.restartJob(job.id, { withRetries: true });
    expect(full).toMatchObject({ state: 'PENDING', attemptCount: 6, nextAttemptAt: clock.now() + HOUR });
    await clock.advance(4 * HOUR);
    expect(engine.getJob(job.id)).toMatchObject({ state: 'EXHAUSTED', attemptCount: 9 });
    // the order is counted once, however often its job fails
    expect(engine.getProductState('crm').failedOrdersByMonth).toEqual({ '2025-03': 1 });
  });

  it('refuses to restart a pending or succeeded job, and runs a pending retry now on request', async () => {
    const { engine, clock, seller } = setup({
      behave: (job, n) =>
        job.interface === 'newInstance' && n === 1 ? { kind: 'fail', code: 'TIMEOUT' } : undefined,
    });
    engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(0);
    const job = engine.listJobs()[0]!;
    await expect(engine.restartJob(job.id)).rejects.toThrow(IllegalTransitionError);
    const now = await engine.retryJobNow(job.id);
    expect(now).toMatchObject({ state: 'SUCCEEDED', attemptCount: 2 });
    expect(now.attempts[1]).toMatchObject({ manual: true, startedAt: START });
    await expect(engine.restartJob(job.id)).rejects.toThrow(/SUCCEEDED/);
    await expect(engine.restartJob('J999999')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(callsOf(seller, 'newInstance')).toHaveLength(2);
  });

  it('running a finished job now is a state conflict (409) that points at restartJob', async () => {
    const { engine, clock, seller } = setup({ behave: failNewInstance });
    engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(4 * HOUR);
    const job = engine.listJobs({ interface: 'newInstance' })[0]!;
    expect(job.state).toBe('EXHAUSTED');
    const refused = engine.retryJobNow(job.id);
    await expect(refused).rejects.toThrow(IllegalTransitionError);
    await expect(refused).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION', state: 'EXHAUSTED' });
    await expect(refused).rejects.toThrow(/restartJob/);
    // nothing was sent: the four scheduled attempts only
    expect(callsOf(seller, 'newInstance')).toHaveLength(4);
  });
});

describe('schedules of the other interfaces', () => {
  async function frozenInstance(o: Parameters<typeof setup>[0]) {
    const s = setup(o);
    s.engine.purchase({ productCode: 'crm', autoPay: true });
    await s.clock.advance(0);
    return { ...s, instance: s.engine.listInstances()[0]! };
  }

  it('refreshInstance is called once (cn); the order stays processing and counts as failed', async () => {
    const { engine, clock, seller, instance } = await frozenInstance({
      behave: (job) =>
        job.interface === 'refreshInstance' ? { kind: 'fail', resultCode: '000005' } : undefined,
    });
    const renewal = engine.renew(instance.ref, { autoPay: true });
    await clock.advance(5 * HOUR);
    expect(callsOf(seller, 'refreshInstance')).toHaveLength(1);
    expect(engine.listJobs({ interface: 'refreshInstance' })[0]!.state).toBe('FAILED');
    expect(engine.getOrder(renewal.orderId)).toMatchObject({ state: 'PROCESSING', failureCounted: true });
  });

  it('refreshInstance can be configured to retry within an hour (intl reading)', async () => {
    const { engine, clock, seller, instance } = await frozenInstance({
      retrySchedules: { refreshInstance: RETRY_PRESETS.refreshWithinOneHour },
      behave: (job) =>
        job.interface === 'refreshInstance' ? { kind: 'fail', resultCode: '000005' } : undefined,
    });
    engine.renew(instance.ref, { autoPay: true });
    await clock.advance(5 * HOUR);
    const [job] = engine.listJobs({ interface: 'refreshInstance' });
    expect(engine.getJob(job!.id).attempts.map((a) => a.startedAt - START)).toEqual([0, HOUR]);
    expect(job!.state).toBe('EXHAUSTED');
    expect(callsOf(seller, 'refreshInstance')).toHaveLength(2);
  });

  it('updateInstanceStatus retries hourly for 2 hours, releaseInstance once an hour later, then both wait for a manual restart', async () => {
    const { engine, clock, instance } = await frozenInstance({
      gracePeriodDays: 1,
      behave: (job) =>
        job.interface === 'updateInstanceStatus' || job.interface === 'releaseInstance'
          ? { kind: 'fail', code: 'UNREACHABLE' }
          : undefined,
    });
    const expiry = instance.expireAt!;
    await clock.advanceTo(expiry + 3 * DAY);
    for (const iface of ['updateInstanceStatus', 'releaseInstance'] as const) {
      const [job] = engine.listJobs({ interface: iface });
      const base = iface === 'updateInstanceStatus' ? expiry : expiry + DAY;
      // seller-console.md §3 (cn 生产接口消息 page): updateInstanceStatus is repeated for 2 hours.
      expect(engine.getJob(job!.id).attempts.map((a) => a.startedAt - base)).toEqual(
        iface === 'updateInstanceStatus' ? [0, HOUR, 2 * HOUR] : [0, HOUR],
      );
      expect(job!.state).toBe('EXHAUSTED');
    }
    expect(engine.getInstance(instance.ref).state).toBe('released');
  });

  it('upgradeInstance exhausted: the CHANGE order fails and is refunded; the instance keeps its configuration', async () => {
    const { engine, clock, instance } = await frozenInstance({
      behave: (job) =>
        job.interface === 'upgradeInstance' ? { kind: 'fail', code: 'CONTENT_TYPE' } : undefined,
    });
    const change = engine.upgrade(instance.ref, { linearValue: 99, autoPay: true });
    await clock.advance(3 * HOUR);
    const failed = engine.getOrder(change.orderId);
    expect(failed).toMatchObject({ state: 'CANCELED', cancelReason: 'CHANGE_FAILED' });
    expect(engine.getOrder(failed.autoUnsubscribeOrderId!).orderType).toBe('UNSUBSCRIBE');
    expect(engine.getInstance(instance.ref)).toMatchObject({ state: 'active', linearValue: 10 });
    expect(engine.listJobs({ interface: 'upgradeInstance' })[0]!.attemptCount).toBe(4);
  });

  it('applies per-interface overrides and rejects invalid ones listing every problem', async () => {
    const { engine, clock, seller } = setup({
      behave: failNewInstance,
      retrySchedules: {
        newInstance: { kind: 'offsets', retryAtMs: [10 * MINUTE], onExhausted: 'fail-order' },
      },
    });
    engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(HOUR);
    expect(callsOf(seller, 'newInstance')).toHaveLength(2);
    const err = (() => {
      try {
        setup({
          retrySchedules: {
            newInstance: { kind: 'offsets', retryAtMs: [HOUR, HOUR], onExhausted: 'fail-order' },
            queryInstance: { kind: 'interval', everyMs: 0, forMs: HOUR, onExhausted: 'fail-order' },
            bogus: RETRY_PRESETS.once,
          } as never,
        });
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.message).toContain('retrySchedules.newInstance.retryAtMs[1]');
    expect(err!.message).toContain('retrySchedules.queryInstance.everyMs');
    expect(err!.message).toContain('retrySchedules.bogus');
  });
});

describe('newInstance answered 000004 → queryInstance polling', () => {
  it('accepts 000004 as success of newInstance, then polls queryInstance until it reports the instance', async () => {
    const { engine, clock, seller } = setup({
      behave: (job) => (job.interface === 'newInstance' ? { kind: 'async' } : undefined),
    });
    const seen: string[] = [];
    engine.events.on('instance.changed', (e) =>
      seen.push(`${e.instance.state}:${e.instance.instanceId ?? '-'}`),
    );
    const order = engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(0);
    const [i] = engine.listInstances();
    const sellerId = `inst-${i!.ref}`;
    // provisioning without id → provisioning with the id named by 000004 → active once queryInstance reports it
    expect(seen).toEqual(['provisioning:-', `provisioning:${sellerId}`, `active:${sellerId}`]);
    const create = engine.getJob(engine.listJobs({ interface: 'newInstance' })[0]!.id);
    expect(create.state).toBe('SUCCEEDED');
    expect(create.attempts[0]).toMatchObject({ async: true, resultCode: '000004' });
    const poll = engine.listJobs({ interface: 'queryInstance' })[0]!;
    expect(poll).toMatchObject({
      purpose: 'poll',
      state: 'SUCCEEDED',
      body: { activity: 'queryInstance', instanceId: sellerId },
    });
    expect(engine.getOrder(order.orderId).state).toBe('COMPLETED');
    expect(callsOf(seller, 'queryInstance')).toHaveLength(1);
  });

  it('keeps polling on the schedule while the instance is not reported, without failure e-mails', async () => {
    const { engine, clock, seller } = setup({
      seller: createFakeSeller({
        readyAfterPolls: 4,
        behave: (job) => (job.interface === 'newInstance' ? { kind: 'async' } : undefined),
      }),
    });
    const order = engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(10 * MINUTE);
    const poll = engine.listJobs({ interface: 'queryInstance' })[0]!;
    const view = engine.getJob(poll.id);
    expect(view.attempts.map((a) => [a.startedAt - START, a.state])).toEqual([
      [0, 'NOT_READY'],
      [MINUTE, 'NOT_READY'],
      [2 * MINUTE, 'NOT_READY'],
      [3 * MINUTE, 'SUCCEEDED'],
    ]);
    expect(engine.getOrder(order.orderId).state).toBe('COMPLETED');
    expect(engine.outbox()).toEqual([]);
    expect(callsOf(seller, 'queryInstance')).toHaveLength(4);
  });

  it('gives up after 3 hours of polling: order failed, the named instance released on the seller side', async () => {
    const { engine, clock, seller } = setup({
      seller: createFakeSeller({
        readyAfterPolls: 10_000,
        behave: (job) => (job.interface === 'newInstance' ? { kind: 'async' } : undefined),
      }),
    });
    const order = engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(4 * HOUR);
    const poll = engine.listJobs({ interface: 'queryInstance' })[0]!;
    expect(poll).toMatchObject({ state: 'EXHAUSTED', attemptCount: 181 });
    expect(engine.getOrder(order.orderId)).toMatchObject({
      state: 'CANCELED',
      cancelReason: 'PROVISIONING_FAILED',
    });
    const [release] = callsOf(seller, 'releaseInstance');
    expect(release!.body).toMatchObject({ instanceId: poll.body.instanceId });
  });
});

describe('delivery robustness', () => {
  it('a throwing delivery function is a recorded failed attempt and the schedule continues', async () => {
    const { engine, clock } = setup({
      behave: (job, n) =>
        job.interface === 'newInstance' && n === 1
          ? { kind: 'throw', message: 'socket bug key=sk-123456' }
          : undefined,
      secrets: ['sk-123456'],
    });
    const order = engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(HOUR);
    const job = engine.getJob(engine.listJobs()[0]!.id);
    expect(job.attempts[0]).toMatchObject({ state: 'FAILED', problems: [{ code: 'DELIVERY_ERROR' }] });
    expect(job.attempts[0]!.problems[0]!.message).not.toContain('sk-123456');
    expect(job.attempts[1]!.state).toBe('SUCCEEDED');
    expect(engine.getOrder(order.orderId).state).toBe('COMPLETED');
  });

  it('stores requests and replies with signatures cut and secrets masked', async () => {
    const secret = 'my-access-key-0001';
    const { engine, clock } = setup({
      secrets: [secret],
      deliver: async (job) => ({
        verdict: {
          accepted: true,
          async: false,
          resultCode: '000000',
          body: { resultCode: '000000', instanceId: 'x1' },
          problems: [],
        },
        request: {
          method: 'POST',
          url: 'https://seller.example/p?signature=ABCDEF0123456789ABCDEF&timestamp=1&nonce=n',
          headers: { 'x-sign': 'deadbeefdeadbeefdeadbeef', Authorization: 'Bearer abc', 'X-Echo': secret },
          body: JSON.stringify({ ...job.body, note: secret }),
        },
        response: {
          status: 200,
          headers: [['Body-Sign', 'sign_type="HMAC-SHA256", signature="c2lnbmF0dXJlc2lnbmF0dXJlc2lnbg=="']],
          body: '{"resultCode":"000000","instanceId":"x1"}',
        },
        elapsedMs: 2,
      }),
    });
    engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(0);
    const attempt = engine.listAttempts()[0]!;
    const dump = JSON.stringify(attempt);
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain('ABCDEF0123456789ABCDEF');
    expect(dump).not.toContain('deadbeefdeadbeefdeadbeef');
    expect(dump).not.toContain('c2lnbmF0dXJlc2lnbmF0dXJlc2lnbg==');
    expect(attempt.request!.url).toContain('signature=ABCDEF');
    expect(attempt.response!.headers[0]![1]).toMatch(/^sign_type="HMAC-SHA256", signature="c2lnbm/);
    expect(attempt.request!.headers.Authorization).toBe('[REDACTED]');
  });

  it('rejects engine options with every problem listed', () => {
    expect(() =>
      createMarketEngine({
        store: undefined as never,
        clock: undefined as never,
        deliver: undefined as never,
        concurrency: 0,
        gracePeriodDays: -1,
        sellerEmail: 'nope',
      }),
    ).toThrow(
      /store: required[\s\S]*clock: required[\s\S]*deliver: required[\s\S]*gracePeriodDays[\s\S]*concurrency[\s\S]*sellerEmail/,
    );
  });
});
