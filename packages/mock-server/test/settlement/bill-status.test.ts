/**
 * The bill status flow (seller-console.md §6.3, §6.4 and the readings of §10 items 4–5): confirmation before the
 * 2024-12-24 cut-off, every operator move, each rejection path and where it returns, the joint-operations
 * invoicing stage, and the timeline that records each change with its business time and actor.
 */
import { describe, expect, it } from 'vitest';
import type { BillAction, BillStatus } from '../../src/engine/model/settlement-types';
import { DEMO_CATALOG } from '../../src/engine/model/demo-catalog';
import { at, setup } from '../engine/helpers';

/** The demo catalog with crm sold as a joint-operations product. */
const JOINT_CATALOG = {
  products: DEMO_CATALOG.products.map((p) =>
    p.code === 'crm' ? { ...p, productType: 'joint-operations' as const } : p,
  ),
};

/** A mock with one bill of 202601 for `productCode`, generated on `billDay`. */
async function withBill(o: { start: string; billDay: string; productCode?: string; joint?: boolean }) {
  const t = setup({ start: at(o.start), ...(o.joint ? { catalog: JOINT_CATALOG } : {}) });
  t.engine.purchase({ productCode: o.productCode ?? 'report', autoPay: true });
  await t.clock.advance(0);
  await t.clock.advanceTo(at(o.billDay));
  return t;
}

const ORDINARY = { start: '2026-01-10T02:00:00Z', billDay: '2026-02-06T16:00:00Z' };

describe('bill status flow (seller-console.md §6.4)', () => {
  it('a bill dated before 2024-12-24 starts at 待确认 and needs 确认账单 (§6.3, §10 item 4)', async () => {
    const { engine, clock } = await withBill({
      start: '2024-11-05T02:00:00Z',
      billDay: '2024-12-06T16:00:00Z',
    });
    const bill = engine.getBill('202411');
    expect(bill).toMatchObject({
      status: 'PENDING_CONFIRMATION',
      statusLabel: '待确认',
      allowedActions: ['confirm'],
    });
    expect(() => engine.moveBill('202411', 'advance')).toThrow(
      /Cannot advance bill general 202411: it is PENDING_CONFIRMATION \(待确认\)\. In state .* the allowed actions are: confirm/,
    );
    await clock.advance(3_600_000);
    const confirmed = engine.moveBill('202411', 'confirm');
    expect(confirmed.status).toBe('PENDING_COUNTERSIGN');
    expect(confirmed.timeline).toEqual([
      expect.objectContaining({
        at: at('2024-12-06T16:00:00Z'),
        from: null,
        to: 'PENDING_CONFIRMATION',
        action: 'generate',
        actor: 'system',
      }),
      {
        at: at('2024-12-06T17:00:00Z'),
        from: 'PENDING_CONFIRMATION',
        to: 'PENDING_COUNTERSIGN',
        action: 'confirm',
        actor: 'seller',
        note: null,
      },
    ]);
  });

  it('the December 2024 bill, generated after the cut-off, starts at 待会签', async () => {
    const { engine } = await withBill({ start: '2024-12-10T02:00:00Z', billDay: '2025-01-06T16:00:00Z' });
    expect(engine.getBill('202412')).toMatchObject({ status: 'PENDING_COUNTERSIGN', statusLabel: '待会签' });
    expect(() => engine.moveBill('202412', 'confirm')).toThrow(/allowed actions are: advance/);
  });

  it('a general bill goes 待会签 → 会签中 → 待申付 → 申付处理中 → 支付中 → 已支付 by operator moves', async () => {
    const { engine, clock } = await withBill(ORDINARY);
    const seen: Array<[BillStatus, string]> = [];
    for (let i = 0; i < 5; i++) {
      await clock.advance(86_400_000);
      const b = engine.moveBill('202601', 'advance', { note: `step ${i + 1}` });
      seen.push([b.status, b.statusLabel]);
    }
    expect(seen).toEqual([
      ['COUNTERSIGNING', '会签中'],
      ['PENDING_PAYMENT_REQUEST', '待申付'],
      ['PAYMENT_REQUEST_PROCESSING', '申付处理中'],
      ['PAYING', '支付中'],
      ['PAID', '已支付'],
    ]);
    const paid = engine.getBill('202601');
    expect(paid.allowedActions).toEqual([]);
    expect(paid.timeline.slice(1).map((e) => [e.at, e.actor, e.note])).toEqual(
      [1, 2, 3, 4, 5].map((d) => [at(ORDINARY.billDay) + d * 86_400_000, 'operator', `step ${d}`]),
    );
    expect(() => engine.moveBill('202601', 'advance')).toThrow(/State PAID \(已支付\) is final/);
  });

  it('each rejection or failure returns where §10 item 5 says once an operator resolves it', async () => {
    const { engine } = await withBill(ORDINARY);
    const path: Array<[BillAction, BillStatus]> = [
      ['advance', 'COUNTERSIGNING'],
      ['reject', 'COUNTERSIGN_REJECTED'], // 会签驳回
      ['resolve', 'PENDING_COUNTERSIGN'],
      ['advance', 'COUNTERSIGNING'],
      ['advance', 'PENDING_PAYMENT_REQUEST'],
      ['fail', 'PAYMENT_REQUEST_FAILED'], // 申付单创建失败
      ['resolve', 'PENDING_PAYMENT_REQUEST'],
      ['advance', 'PAYMENT_REQUEST_PROCESSING'],
      ['reject', 'PAYMENT_REQUEST_REJECTED'], // 申付驳回
      ['resolve', 'PENDING_PAYMENT_REQUEST'],
      ['advance', 'PAYMENT_REQUEST_PROCESSING'],
      ['advance', 'PAYING'],
      ['advance', 'PAID'],
    ];
    for (const [action, to] of path)
      expect(engine.moveBill('202601', action, { note: action }).status).toBe(to);
    const timeline = engine.getBill('202601').timeline;
    expect(timeline.map((e) => [e.from, e.action, e.to])).toEqual([
      [null, 'generate', 'PENDING_COUNTERSIGN'],
      ...path.map(([action, to], i) => [i === 0 ? 'PENDING_COUNTERSIGN' : path[i - 1]![1], action, to]),
    ]);
    // Actions that do not apply are refused with the allowed ones.
    expect(() => engine.moveBill('202601', 'reject')).toThrow(/final/);
  });

  it('a joint-operations bill has the invoicing stage: 待开票 → 发票待审核 (seller issues, operator may refuse)', async () => {
    const { engine } = await withBill({ ...ORDINARY, productCode: 'crm', joint: true });
    const bill = engine.getBill('202601');
    expect(bill).toMatchObject({ productType: 'joint-operations', productTypeLabel: '联营商品' });
    const steps: Array<[BillAction, BillStatus, string]> = [
      ['advance', 'COUNTERSIGNING', 'operator'],
      ['advance', 'PENDING_PAYMENT_REQUEST', 'operator'],
      ['advance', 'PENDING_INVOICE', 'operator'], // 待开票
      ['advance', 'INVOICE_REVIEW', 'seller'], // the seller issues the invoice (开票清单)
      ['reject', 'PENDING_INVOICE', 'operator'], // invoice refused: issue it again
      ['advance', 'INVOICE_REVIEW', 'seller'],
      ['advance', 'PAYMENT_REQUEST_PROCESSING', 'operator'],
      ['advance', 'PAYING', 'operator'],
      ['advance', 'PAID', 'operator'],
    ];
    for (const [action] of steps) engine.moveBill('202601', action, { productType: 'joint-operations' });
    expect(
      engine
        .getBill('202601')
        .timeline.slice(1)
        .map((e) => [e.action, e.to, e.actor]),
    ).toEqual(steps);
  });

  it('names the product type when both have a bill of the month, and refuses unknown bills and actions', async () => {
    const t = setup({ start: at(ORDINARY.start), catalog: JOINT_CATALOG });
    t.engine.purchase({ productCode: 'crm', autoPay: true });
    t.engine.purchase({ productCode: 'report', autoPay: true });
    await t.clock.advance(0);
    await t.clock.advanceTo(at(ORDINARY.billDay));
    expect(t.engine.listBills().map((b) => [b.billId, b.productType])).toEqual([
      ['202601', 'general'],
      ['202601', 'joint-operations'],
    ]);
    expect(() => t.engine.getBill('202601')).toThrow(
      /exists for general and joint-operations; name the product type/,
    );
    expect(t.engine.getBill('202601', 'general').lines.map((l) => l.productCode)).toEqual(['report']);
    expect(() => t.engine.getBill('202602')).toThrow(/No bill "202602" exists/);
    expect(() => t.engine.moveBill('202601', 'approve' as BillAction, { productType: 'general' })).toThrow(
      /action: must be one of confirm, advance, reject, fail, resolve/,
    );
  });
});
