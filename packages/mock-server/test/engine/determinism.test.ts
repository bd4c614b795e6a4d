import { describe, expect, it } from 'vitest';
import type { DeliverFn } from '../../src/index';
import { HOUR, createFakeSeller, setup } from './helpers';

/** Plays the same mixed scenario; returns ids, the calls in order and the attempt results in order. */
async function play(seed: number, latency: (n: number) => number) {
  const fake = createFakeSeller({
    behave: (job, n) => (job.seq % 3 === 0 && n < 3 ? { kind: 'fail', code: 'TIMEOUT' } : undefined),
  });
  let k = 0;
  const deliver: DeliverFn = async (job, n) => {
    // the seller records the call when it arrives; the reply then takes a varying time
    const reply = fake.deliver(job, n);
    await new Promise((r) => setTimeout(r, latency(k++)));
    return reply;
  };
  const { engine, clock } = setup({ seed, deliver, concurrency: 4 });
  const finished: string[] = [];
  engine.events.on('attempt.finished', (e) =>
    finished.push(`${e.attempt.jobId}#${e.attempt.no}:${e.attempt.state}`),
  );
  const orders = [];
  for (let n = 0; n < 12; n++)
    orders.push(engine.purchase({ productCode: n % 2 === 0 ? 'crm' : 'sms', autoPay: true }));
  await clock.advance(4 * HOUR);
  return {
    orderIds: orders.map((o) => o.orderId),
    businessIds: fake.calls.filter((c) => c.interface === 'newInstance').map((c) => c.body.businessId),
    calls: fake.calls.map((c) => `${c.jobId}#${c.attemptNo}`),
    finished,
    orders: engine.listOrders().map((o) => [o.orderId, o.state]),
    instances: engine.listInstances().map((i) => [i.ref, i.instanceId, i.state]),
  };
}

describe('determinism', () => {
  it('the same seed gives the same ids and the same order of attempts, whatever the delivery latency', async () => {
    const fast = await play(7, () => 0);
    const jittery = await play(7, (n) => (n * 7919) % 5);
    const reversed = await play(7, (n) => 4 - (n % 5));
    expect(jittery).toEqual(fast);
    expect(reversed).toEqual(fast);
    expect(fast.calls.length).toBeGreaterThan(18);
    expect(new Set(fast.businessIds).size).toBe(fast.businessIds.length);
  });

  it('another seed gives other ids', async () => {
    const a = await play(7, () => 0);
    const b = await play(8, () => 0);
    expect(b.orderIds).not.toEqual(a.orderIds);
    expect(b.calls).toEqual(a.calls);
  });

  it('runs attempts due at the same instant concurrently, never more than the limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const fake = createFakeSeller();
    const deliver: DeliverFn = async (job, n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      return fake.deliver(job, n);
    };
    const { engine, clock } = setup({ deliver, concurrency: 5 });
    for (let n = 0; n < 23; n++) engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(0);
    expect(peak).toBe(5);
    expect(engine.listOrders({ state: 'COMPLETED' })).toHaveLength(23);
  });
});
