/**
 * Purchase limits (seller-console.md §4): per buyer and SKU, a number of purchases (optionally until the resource
 * expires) or a quantity; unsubscribed and canceled orders do not count; pay-per-use products cannot have one.
 * The refusal happens at order creation, in the engine and through the admin API.
 */
import { describe, expect, it } from 'vitest';
import type { CatalogData } from '../../src/engine/model/catalog';
import { DEMO_CATALOG } from '../../src/engine/model/demo-catalog';
import { runAdminAction } from '../../src/http/admin/action-routes';
import { DAY, setup } from '../engine/helpers';

const CRM_BASIC = '5f0d1b2c-0001-4a6e-9c11-crm000basic';
const CRM_PRO = '5f0d1b2c-0002-4a6e-9c11-crm00000pro';

/** The demo catalog with a purchase limit on crm's Basic SKU. */
function limited(purchaseLimit: Record<string, unknown>, code = 'crm'): CatalogData {
  const data = structuredClone<CatalogData>(DEMO_CATALOG);
  const product = data.products.find((p) => p.code === code)!;
  product.skus[0]!.purchaseLimit = purchaseLimit;
  return data;
}

describe('purchase limits (seller-console.md §4)', () => {
  it('refuses a purchase over the count limit, and accepts it again after an unsubscribe', async () => {
    const { engine, clock } = setup({ catalog: limited({ maxPurchases: 1 }) });
    const first = engine.purchase({ productCode: 'crm', skuCode: CRM_BASIC, autoPay: true });
    await clock.advance(0);
    expect(() => engine.purchase({ productCode: 'crm', skuCode: CRM_BASIC })).toThrow(
      expect.objectContaining({
        code: 'PURCHASE_LIMIT_REACHED',
        message: expect.stringMatching(/限购次数 1/) as string,
      }) as Error,
    );
    // Another SKU, another buyer and a trial are not limited.
    expect(engine.purchase({ productCode: 'crm', skuCode: CRM_PRO }).state).toBe('PENDING_PAYMENT');
    const other = engine.createBuyer({ customerName: 'other' });
    expect(
      engine.purchase({ productCode: 'crm', skuCode: CRM_BASIC, buyerId: other.customerId }).orderType,
    ).toBe('NEW');
    engine.unsubscribe(engine.getOrder(first.orderId).instanceRefs[0]!);
    await clock.advance(0);
    expect(engine.purchase({ productCode: 'crm', skuCode: CRM_BASIC, autoPay: true }).state).toBe(
      'PROCESSING',
    );
  });

  it('a canceled unpaid order does not count', () => {
    const { engine } = setup({ catalog: limited({ maxPurchases: 1 }) });
    const unpaid = engine.purchase({ productCode: 'crm', skuCode: CRM_BASIC });
    expect(() => engine.purchase({ productCode: 'crm', skuCode: CRM_BASIC })).toThrow(
      /Purchase limit reached/,
    );
    engine.cancelOrder(unpaid.orderId);
    expect(engine.purchase({ productCode: 'crm', skuCode: CRM_BASIC }).state).toBe('PENDING_PAYMENT');
  });

  it('limits the total quantity (linearValue)', () => {
    const { engine } = setup({ catalog: limited({ maxQuantity: 30 }) });
    engine.purchase({ productCode: 'crm', skuCode: CRM_BASIC, linearValue: 20 });
    expect(() => engine.purchase({ productCode: 'crm', skuCode: CRM_BASIC, linearValue: 11 })).toThrow(
      /数量属性限制 30.*holds 20/,
    );
    expect(engine.purchase({ productCode: 'crm', skuCode: CRM_BASIC, linearValue: 10 }).state).toBe(
      'PENDING_PAYMENT',
    );
  });

  it('"until the resource expires": a new purchase only once the instance has expired', async () => {
    const { engine, clock } = setup({ catalog: limited({ untilExpiry: true }) });
    const first = engine.purchase({ productCode: 'crm', skuCode: CRM_BASIC, autoPay: true });
    await clock.advance(0);
    expect(() => engine.purchase({ productCode: 'crm', skuCode: CRM_BASIC })).toThrow(/资源到期前限购/);
    const expiry = engine.getInstance(engine.getOrder(first.orderId).instanceRefs[0]!).expireAt!;
    await clock.advanceTo(expiry + DAY);
    expect(engine.purchase({ productCode: 'crm', skuCode: CRM_BASIC }).state).toBe('PENDING_PAYMENT');
  });

  it('refuses limits on pay-per-use products and inconsistent limits in the catalog', () => {
    expect(() => setup({ catalog: limited({ maxPurchases: 1 }, 'sms') })).toThrow(
      /pay-per-use products cannot have a purchase limit/,
    );
    expect(() => setup({ catalog: limited({ maxPurchases: 1, maxQuantity: 5 }) })).toThrow(/not both/);
    expect(() => setup({ catalog: limited({ maxPurchases: 0 }) })).toThrow(
      /maxPurchases: must be an integer ≥ 1/,
    );
  });

  it('the admin API refuses with 409 PURCHASE_LIMIT_REACHED', async () => {
    const { engine } = setup({ catalog: limited({ maxPurchases: 1 }) });
    await runAdminAction(engine, 'purchase', { productCode: 'crm', skuCode: CRM_BASIC }, true);
    await expect(
      runAdminAction(engine, 'purchase', { productCode: 'crm', skuCode: CRM_BASIC }, true),
    ).rejects.toMatchObject({
      code: 'PURCHASE_LIMIT_REACHED',
    });
  });
});
