/**
 * Order states and their transitions (seller-console.md §1), on the virtual clock: buyer cancel while unpaid,
 * automatic cancellation after `businessFlows.unpaidOrderTtlHours` (proposal, default 7 days), the failed-
 * provisioning path (3 h of newInstance failures → canceled, unsubscribed, refunded) and the renew-with-change
 * answer of the admin API, which must show the order as stored after delivery.
 */
import { describe, expect, it } from 'vitest';
import { runAdminAction } from '../../src/http/admin/action-routes';
import { DAY, HOUR, setup } from '../engine/helpers';

const CRM_PRO = '5f0d1b2c-0002-4a6e-9c11-crm00000pro';

describe('order states (seller-console.md §1)', () => {
  it('Pending payment → Canceled by the buyer, only while unpaid', async () => {
    const { engine } = setup();
    const order = engine.purchase({ productCode: 'crm' });
    expect(order.state).toBe('PENDING_PAYMENT');
    expect(engine.cancelOrder(order.orderId)).toMatchObject({ state: 'CANCELED', cancelReason: 'UNPAID' });
    const paid = engine.purchase({ productCode: 'crm', autoPay: true });
    expect(() => engine.cancelOrder(paid.orderId)).toThrow(/PROCESSING|cancel/);
  });

  it('an unpaid order is canceled automatically when its payment deadline (default 7 days) passes', async () => {
    const { engine, clock } = setup();
    const order = engine.purchase({ productCode: 'crm' });
    await clock.advance(7 * DAY - 1);
    expect(engine.getOrder(order.orderId).state).toBe('PENDING_PAYMENT');
    await clock.advance(1);
    expect(engine.getOrder(order.orderId)).toMatchObject({ state: 'CANCELED', cancelReason: 'UNPAID' });
    expect(engine.store.getFlow('unpaidOrder', order.orderId)).toMatchObject({
      dueAt: null,
      data: { outcome: 'CANCELED' },
    });
  });

  it('the deadline is configurable, and an order paid in time is left alone', async () => {
    const { engine, clock } = setup({ businessFlows: { unpaidOrderTtlHours: 2 } });
    const unpaid = engine.purchase({ productCode: 'crm' });
    const paidLater = engine.purchase({ productCode: 'crm' });
    await clock.advance(HOUR);
    engine.pay(paidLater.orderId);
    await clock.advance(HOUR);
    expect(engine.getOrder(unpaid.orderId).state).toBe('CANCELED');
    expect(engine.getOrder(paidLater.orderId).state).toBe('COMPLETED');
    expect(engine.store.getFlow('unpaidOrder', paidLater.orderId)?.data).toEqual({
      outcome: 'ALREADY_SETTLED',
    });
    expect(() => setup({ businessFlows: { unpaidOrderTtlHours: 0 } })).toThrow(/unpaidOrderTtlHours/);
  });

  it('newInstance failing for 3 h: the order is Canceled, unsubscribed automatically and refunded', async () => {
    const { engine, clock } = setup({
      behave: (job) => (job.interface === 'newInstance' ? { kind: 'fail', resultCode: '000005' } : undefined),
    });
    const order = engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(3 * HOUR - 1);
    expect(engine.getOrder(order.orderId).state).toBe('PROCESSING');
    await clock.advance(1);
    const failed = engine.getOrder(order.orderId);
    expect(failed).toMatchObject({ state: 'CANCELED', cancelReason: 'PROVISIONING_FAILED' });
    const refund = engine.getOrder(failed.autoUnsubscribeOrderId!);
    expect(refund.orderType).toBe('UNSUBSCRIBE');
    expect(refund.lines[0]!.currencyAfterDiscount).toBe(`-${failed.lines[0]!.currencyAfterDiscount}`);
  });

  it('trigger renew-with-change answers the order as stored after delivery (COMPLETED, not PROCESSING)', async () => {
    const { engine, clock } = setup();
    const order = engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(0);
    const ref = engine.getOrder(order.orderId).instanceRefs[0]!;
    await clock.advance(5 * DAY);
    const answer = await runAdminAction(
      engine,
      'renew-with-change',
      { ref, skuCode: CRM_PRO, autoPay: true },
      true,
    );
    const result = answer.result as { order: { orderId: string; state: string }; check: { state: string } };
    expect(engine.getOrder(result.order.orderId).state).toBe('COMPLETED');
    expect(result.order.state).toBe('COMPLETED');
    expect(result.check.state).toBe('SUCCEEDED');
  });
});
