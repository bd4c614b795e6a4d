/**
 * Auto-renewal on the virtual clock (seller-console.md §3): the charge runs at 03:00 business time (UTC+8)
 * `deductionDays` before expiry; success creates a RENEW order (refreshInstance to the seller) and extends the
 * expiry; a failing mock balance retries daily and, when every attempt failed, the instance freezes at expiry and
 * is released after the retention period.
 */
import { describe, expect, it } from 'vitest';
import { DAY, HOUR, callsOf, setup } from '../engine/helpers';

const CRM_MONTH = 99 * 10; // demo crm Basic: 99 per user and month, 10 users by default

async function activeCrm(o: Parameters<typeof setup>[0] = {}) {
  const t = setup(o);
  const order = t.engine.purchase({ productCode: 'crm', autoPay: true });
  await t.clock.advance(0);
  const instance = t.engine.getInstance(t.engine.getOrder(order.orderId).instanceRefs[0]!);
  return { ...t, instance, buyerId: order.buyerId };
}

/** 03:00 in UTC+8 (19:00 UTC the day before) of the business day `days` before `ms`. */
const threeAmBefore = (ms: number, days: number): number => {
  const local = ms + 8 * HOUR - days * DAY;
  return local - (local % DAY) - 8 * HOUR + 3 * HOUR;
};

describe('auto-renewal (seller-console.md §3)', () => {
  it('charges 7 days before expiry at 03:00, creates a RENEW order, calls refreshInstance and extends the expiry', async () => {
    const { engine, clock, seller, instance } = await activeCrm();
    const r = engine.setAutoRenew(instance.ref, { enabled: true });
    const chargeAt = threeAmBefore(instance.expireAt!, 7);
    expect(r.dueAt).toBe(chargeAt);
    await clock.advanceTo(chargeAt - 1);
    expect(engine.listOrders({ orderType: 'RENEW' })).toEqual([]);
    await clock.advanceTo(chargeAt);
    const [renewal] = engine.listOrders({ orderType: 'RENEW' });
    expect(renewal).toMatchObject({ state: 'COMPLETED' });
    expect(callsOf(seller, 'refreshInstance')[0]!.body).toMatchObject({
      scene: 'RENEWAL',
      orderId: renewal!.orderId,
    });
    const renewed = engine.getInstance(instance.ref);
    expect(renewed.expireAt).toBe(Date.parse('2025-05-10T02:00:00Z'));
    const [setting] = engine.listAutoRenewals();
    expect(setting!.data.attempts).toEqual([
      { at: chargeAt, outcome: 'PAID', amount: CRM_MONTH, orderId: renewal!.orderId, final: false },
    ]);
    expect(setting!.dueAt).toBe(threeAmBefore(renewed.expireAt!, 7));
  });

  it('the buyer chooses the deduction day (2–7 days)', async () => {
    const { engine, instance } = await activeCrm();
    expect(engine.setAutoRenew(instance.ref, { enabled: true, deductionDays: 3 }).dueAt).toBe(
      threeAmBefore(instance.expireAt!, 3),
    );
    expect(() => engine.setAutoRenew(instance.ref, { enabled: true, deductionDays: 1 })).toThrow(
      /deductionDays/,
    );
    expect(engine.setAutoRenew(instance.ref, { enabled: false }).dueAt).toBeNull();
  });

  it('a failing balance retries daily, then the instance freezes at expiry and is released; a top-up renews during the freeze', async () => {
    const { engine, clock, seller, instance, buyerId } = await activeCrm({ gracePeriodDays: 3 });
    engine.setBuyerBalance(buyerId, 10);
    engine.setAutoRenew(instance.ref, { enabled: true, deductionDays: 2 });
    const expiry = instance.expireAt!;
    await clock.advanceTo(expiry + 3 * DAY + HOUR);
    const [setting] = engine.listAutoRenewals();
    const attempts = setting!.data.attempts;
    // 2 days before expiry, then daily at 03:00 until the last retention day (expiry + 3 days).
    expect(attempts.map((a) => a.outcome)).toEqual(Array(attempts.length).fill('INSUFFICIENT_BALANCE'));
    expect(attempts.map((a) => a.at)).toEqual(
      Array.from({ length: attempts.length }, (_, k) => threeAmBefore(expiry, 2) + k * DAY),
    );
    // 03:00 on 8, 9, 10, 11, 12 and 13 April (expiry 10 April 10:00, retention until 13 April 10:00).
    expect(attempts.length).toBe(6);
    expect(attempts.at(-1)!.final).toBe(true);
    expect(setting!.dueAt).toBeNull();
    expect(engine.listOrders({ orderType: 'RENEW' })).toEqual([]);
    expect(
      callsOf(seller, 'updateInstanceStatus').map((c) => c.body.instanceStatus ?? c.body.status),
    ).toContain('FREEZE');
    expect(engine.getInstance(instance.ref).state).toBe('released');
    // The timeline's flow steps list every attempt.
    const steps = engine.flowEvents({ instanceRef: instance.ref }).filter((e) => e.kind === 'autoRenewal');
    expect(steps.map((e) => e.what)).toEqual(Array(6).fill('auto-renewal charge failed'));
    expect(steps.at(-1)!.detail).toMatch(/insufficient balance, last attempt/);
  });

  it('a top-up before the next attempt renews during the freeze (refreshInstance, then UNFREEZE)', async () => {
    const { engine, clock, seller, instance, buyerId } = await activeCrm({ gracePeriodDays: 5 });
    engine.setBuyerBalance(buyerId, 0);
    engine.setAutoRenew(instance.ref, { enabled: true, deductionDays: 2 });
    await clock.advanceTo(instance.expireAt! + HOUR);
    expect(engine.getInstance(instance.ref).state).toBe('frozen');
    engine.setBuyerBalance(buyerId, 5000);
    await clock.advance(DAY);
    expect(engine.listOrders({ orderType: 'RENEW' })).toHaveLength(1);
    expect(engine.getInstance(instance.ref).state).toBe('active');
    expect(engine.buyerBalance(buyerId)).toBe(5000 - CRM_MONTH);
    expect(callsOf(seller, 'refreshInstance')).toHaveLength(1);
  });

  it('refuses one-time, pay-per-use and trial instances', async () => {
    const { engine, clock } = setup();
    const report = engine.purchase({ productCode: 'report', autoPay: true });
    await clock.advance(0);
    expect(() =>
      engine.setAutoRenew(engine.getOrder(report.orderId).instanceRefs[0]!, { enabled: true }),
    ).toThrow(/cannot renew automatically/);
  });
});
