import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/index';
import { DAY, HOUR, START, callsOf, setup } from './helpers';

const EXPIRY = Date.parse('2025-04-10T02:00:00Z'); // one month after START

describe('expiry, freeze, renewal and release', () => {
  it('new → renew → expire → freeze → release after the 15-day grace period', async () => {
    const { engine, clock, seller } = setup();
    engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(0);
    const [i] = engine.listInstances();
    engine.renew(i!.ref, { autoPay: true });
    await clock.advance(0);
    const renewedExpiry = Date.parse('2025-05-10T02:00:00Z');
    expect(engine.getInstance(i!.ref).expireAt).toBe(renewedExpiry);

    await clock.advance(EXPIRY + DAY - clock.now());
    expect(engine.getInstance(i!.ref).state).toBe('active');

    await clock.advanceTo(renewedExpiry - 1);
    expect(engine.getInstance(i!.ref).state).toBe('active');
    await clock.advance(1);
    const frozen = engine.getInstance(i!.ref);
    expect(frozen).toMatchObject({
      state: 'frozen',
      freezeReasons: ['EXPIRED'],
      graceEndsAt: renewedExpiry + 15 * DAY,
    });
    const freeze = callsOf(seller, 'updateInstanceStatus');
    expect(freeze.map((c) => c.body)).toEqual([
      { activity: 'updateInstanceStatus', instanceId: i!.instanceId, status: 'FREEZE' },
    ]);
    expect(engine.getJob(freeze[0]!.jobId).attempts[0]!.startedAt).toBe(renewedExpiry);

    await clock.advanceTo(renewedExpiry + 15 * DAY - 1);
    expect(engine.getInstance(i!.ref).state).toBe('frozen');
    await clock.advance(1);
    expect(engine.getInstance(i!.ref)).toMatchObject({
      state: 'released',
      releaseReason: 'EXPIRED',
      releasedAt: renewedExpiry + 15 * DAY,
    });
    const release = callsOf(seller, 'releaseInstance');
    expect(release.map((c) => c.body)).toEqual([{ activity: 'releaseInstance', instanceId: i!.instanceId }]);
    // nothing else is ever scheduled for the released instance
    await clock.advance(400 * DAY);
    expect(seller.calls.map((c) => c.interface)).toEqual([
      'newInstance',
      'refreshInstance',
      'updateInstanceStatus',
      'releaseInstance',
    ]);
    expect(engine.nextDueAt()).toBeUndefined();
  });

  it('renewal during the freeze: refreshInstance first, then UNFREEZE, and no release', async () => {
    const { engine, clock, seller } = setup();
    engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(0);
    const [i] = engine.listInstances();
    await clock.advanceTo(EXPIRY + 3 * DAY);
    expect(engine.getInstance(i!.ref).state).toBe('frozen');
    const renewal = engine.renew(i!.ref, { autoPay: true });
    expect(engine.getInstance(i!.ref)).toMatchObject({
      state: 'active',
      freezeReasons: [],
      graceEndsAt: null,
    });
    const unfreezeJob = engine.listJobs({ instanceRef: i!.ref }).find((j) => j.body.status === 'UNFREEZE')!;
    expect(unfreezeJob).toMatchObject({ state: 'PENDING', nextAttemptAt: null });
    expect(unfreezeJob.waitingFor).not.toBeNull();
    await clock.advance(0);
    expect(
      seller.calls.map(
        (c) => `${c.interface}${typeof c.body.status === 'string' ? `:${c.body.status}` : ''}`,
      ),
    ).toEqual([
      'newInstance',
      'updateInstanceStatus:FREEZE',
      'refreshInstance',
      'updateInstanceStatus:UNFREEZE',
    ]);
    // the renewal extends the old expiry, not the renewal date
    expect(callsOf(seller, 'refreshInstance')[0]!.body).toMatchObject({
      orderId: renewal.orderId,
      expireTime: '20250510020000',
    });
    await clock.advance(20 * DAY);
    expect(engine.getInstance(i!.ref).state).toBe('active');
    expect(callsOf(seller, 'releaseInstance')).toEqual([]);
  });

  it('UNFREEZE waits while refreshInstance fails, and runs once a manual restart succeeds', async () => {
    let refreshFails = true;
    const { engine, clock, seller } = setup({
      behave: (job) =>
        job.interface === 'refreshInstance' && refreshFails
          ? { kind: 'fail', resultCode: '000005' }
          : undefined,
    });
    engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advanceTo(EXPIRY + DAY);
    const [i] = engine.listInstances();
    engine.renew(i!.ref, { autoPay: true });
    await clock.advance(2 * DAY);
    const refresh = engine.listJobs({ interface: 'refreshInstance' })[0]!;
    expect(refresh.state).toBe('FAILED');
    expect(callsOf(seller, 'updateInstanceStatus').map((c) => c.body.status)).toEqual(['FREEZE']);
    const unfreeze = engine.listJobs({ waitingFor: refresh.id })[0]!;
    await expect(engine.retryJobNow(unfreeze.id)).rejects.toThrow(/waits for job/);
    refreshFails = false;
    await engine.restartJob(refresh.id);
    await clock.advance(0);
    expect(callsOf(seller, 'updateInstanceStatus').map((c) => c.body.status)).toEqual(['FREEZE', 'UNFREEZE']);
    expect(engine.getJob(unfreeze.id).state).toBe('SUCCEEDED');
  });

  it('uses the buyer’s own grace period', async () => {
    const { engine, clock } = setup();
    const buyer = engine.createBuyer({ gracePeriodDays: 3 });
    engine.purchase({ productCode: 'crm', buyerId: buyer.customerId, autoPay: true });
    await clock.advanceTo(EXPIRY + 3 * DAY);
    expect(engine.listInstances()[0]).toMatchObject({ state: 'released', releasedAt: EXPIRY + 3 * DAY });
  });

  it('an instance frozen for a violation is not frozen twice at expiry, and stays frozen after renewal', async () => {
    const { engine, clock, seller } = setup();
    engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(0);
    const [i] = engine.listInstances();
    engine.violationFreeze(i!.ref);
    await clock.advanceTo(EXPIRY);
    expect(engine.getInstance(i!.ref)).toMatchObject({
      state: 'frozen',
      freezeReasons: ['VIOLATION', 'EXPIRED'],
    });
    engine.renew(i!.ref, { autoPay: true });
    expect(engine.getInstance(i!.ref)).toMatchObject({ state: 'frozen', freezeReasons: ['VIOLATION'] });
    await clock.advance(0);
    expect(callsOf(seller, 'updateInstanceStatus').map((c) => c.body.status)).toEqual(['FREEZE']);
    engine.violationUnfreeze(i!.ref);
    await clock.advance(0);
    expect(callsOf(seller, 'updateInstanceStatus').map((c) => c.body.status)).toEqual(['FREEZE', 'UNFREEZE']);
    expect(engine.getInstance(i!.ref).state).toBe('active');
  });

  it('a trial that is not converted is frozen at the end of the trial and released after the grace period', async () => {
    const { engine, clock } = setup();
    engine.purchase({ productCode: 'crm', trial: true, autoPay: true });
    await clock.advance(7 * DAY);
    expect(engine.listInstances()[0]!.state).toBe('frozen');
    const converted = engine.trialToFormal(engine.listInstances()[0]!.ref, { autoPay: true });
    await clock.advance(0);
    expect(engine.getOrder(converted.orderId).state).toBe('COMPLETED');
    expect(engine.listInstances()[0]).toMatchObject({
      state: 'active',
      trial: false,
      expireAt: START + 7 * DAY + 31 * DAY,
    });
  });

  it('emits ordered events for the SSE stream', async () => {
    const { engine, clock } = setup();
    const events: EngineEvent[] = [];
    const off = engine.events.onAny((e) => events.push(e));
    const advanced: number[] = [];
    engine.events.on('clock.advanced', (e) => advanced.push(e.to));
    engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(HOUR);
    off();
    expect(events.map((e) => e.type)).toEqual([
      'order.changed', // created, pending payment
      'instance.changed', // paid: instance provisioning
      'order.changed', // processing
      'job.created', // newInstance
      'attempt.started',
      'attempt.finished',
      'job.succeeded',
      'instance.changed', // active
      'order.changed', // completed
      'clock.advanced',
    ]);
    expect(advanced).toEqual([START + HOUR]);
    // a listener that throws does not break the engine
    engine.events.on('order.changed', () => {
      throw new Error('listener bug');
    });
    expect(() => engine.purchase({ productCode: 'crm' })).not.toThrow();
  });
});

describe('contradicting status calls', () => {
  it('cancels a FREEZE still waiting for its retry when the buyer renews, and sends UNFREEZE instead', async () => {
    const { engine, clock, seller } = setup({
      behave: (job) => (job.purpose === 'freeze' ? { kind: 'fail', code: 'TIMEOUT' } : undefined),
    });
    const canceled: string[] = [];
    engine.events.on('job.canceled', (e) => canceled.push(`${e.job.id}: ${e.reason}`));
    engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advanceTo(EXPIRY + 10 * 60_000);
    const [i] = engine.listInstances();
    const freeze = engine.listJobs({ interface: 'updateInstanceStatus' })[0]!;
    expect(freeze).toMatchObject({ state: 'PENDING', nextAttemptAt: EXPIRY + HOUR });
    engine.renew(i!.ref, { autoPay: true });
    expect(engine.getJob(freeze.id).state).toBe('CANCELED');
    expect(canceled).toEqual([`${freeze.id}: instance ${i!.ref} is active again`]);
    await clock.advance(3 * HOUR);
    expect(
      seller.calls.map(
        (c) => `${c.interface}${typeof c.body.status === 'string' ? `:${c.body.status}` : ''}`,
      ),
    ).toEqual([
      'newInstance',
      'updateInstanceStatus:FREEZE',
      'refreshInstance',
      'updateInstanceStatus:UNFREEZE',
    ]);
    await expect(engine.restartJob(freeze.id)).rejects.toThrow(/CANCELED/);
  });

  it('cancels pending status calls of a released instance', async () => {
    const { engine, clock, seller } = setup({
      behave: (job) => (job.purpose === 'freeze' ? { kind: 'fail', code: 'TIMEOUT' } : undefined),
    });
    engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(0);
    const [i] = engine.listInstances();
    engine.violationFreeze(i!.ref);
    await clock.advance(0);
    engine.unsubscribe(i!.ref);
    expect(engine.listJobs({ interface: 'updateInstanceStatus' })[0]!.state).toBe('CANCELED');
    await clock.advance(5 * HOUR);
    expect(callsOf(seller, 'updateInstanceStatus')).toHaveLength(1);
    expect(callsOf(seller, 'releaseInstance')).toHaveLength(1);
  });
});
