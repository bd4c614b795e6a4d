import { ConfigError } from '@koogallery-kit/sdk';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/index';
import { checkCatalog, createCatalog, type CatalogData } from '../../src/engine/model/catalog';
import { DEMO_CATALOG } from '../../src/engine/model/demo-catalog';

describe('catalog', () => {
  it('ships a valid demo catalog with one product per charging mode, plus two supervised products', () => {
    expect(checkCatalog(DEMO_CATALOG)).toEqual([]);
    const plain = DEMO_CATALOG.products.filter((p) => p.supervision === undefined);
    expect(plain.map((p) => p.chargingMode).sort()).toEqual([
      'ONE_TIME',
      'ON_DEMAND',
      'ON_DEMAND_PKG',
      'PERIOD',
    ]);
    expect(
      DEMO_CATALOG.products.filter((p) => p.supervision !== undefined).map((p) => [p.code, p.supervision]),
    ).toEqual([
      ['consulting', 'manual-service'],
      ['licence', 'licence-code'],
    ]);
  });

  it('answers look-ups: product ids per period type, prices, names', () => {
    const c = createCatalog(DEMO_CATALOG);
    const crm = c.product('crm');
    const sku = crm.skus[0]!.skuCode;
    expect(c.productId('crm', sku, 'month')).not.toBe(c.productId('crm', sku, 'year'));
    expect(c.productId('crm', sku, 'day')).toMatch(/^OFFI\d{18}$/);
    expect(c.price('crm', sku, 'month')).toBe(99);
    expect(c.productName('crm', sku)).toBe('Demo CRM, Basic');
    // pay-per-use items each have their own product id
    const sms = c.product('sms');
    expect(new Set(sms.skus.map((s) => c.productId('sms', s.skuCode, 'usage'))).size).toBe(sms.skus.length);
  });

  it('throws NotFoundError naming what exists', () => {
    const c = createCatalog(DEMO_CATALOG);
    expect(() => c.product('nope')).toThrow(NotFoundError);
    expect(() => c.product('nope')).toThrow(/crm/);
    expect(() => c.sku('crm', 'nope')).toThrow(/Basic/);
    expect(() => c.productId('report', DEMO_CATALOG.products[1]!.skus[0]!.skuCode, 'month')).toThrow(
      NotFoundError,
    );
  });

  it('lists every problem of a bad catalog at once', () => {
    const bad = {
      products: [
        { code: 'A b', name: '', chargingMode: 'WEEKLY', productIds: {}, skus: [] },
        {
          code: 'p',
          name: 'P',
          chargingMode: 'PERIOD',
          productIds: { month: 'OFFI1' },
          trialDays: 3,
          skus: [
            { skuCode: 's1', name: 'S', prices: { month: 1, once: 2, year: 5 } },
            {
              skuCode: 's1',
              name: 'T',
              prices: { month: -1 },
              linear: { name: 'u', min: 5, max: 2, default: 3 },
            },
          ],
        },
        {
          code: 'p',
          name: 'dup',
          chargingMode: 'ONE_TIME',
          productIds: { once: 'x' },
          skus: [{ skuCode: 's9', name: 'x', prices: { once: 1 } }],
        },
      ],
    } as unknown as CatalogData;
    const problems = checkCatalog(bad);
    const text = problems.join('\n');
    expect(text).toContain('catalog.products[0].code');
    expect(text).toContain('catalog.products[0].name');
    expect(text).toContain('catalog.products[0].chargingMode');
    expect(text).toContain('catalog.products[1].productIds.day: required when trialDays is set');
    expect(text).toContain('catalog.products[1].skus[0].prices.once');
    expect(text).toContain('catalog.products[1].skus[0].productIds.year');
    expect(text).toContain('catalog.products[1].skus[1].skuCode: "s1" is used twice');
    expect(text).toContain('catalog.products[1].skus[1].prices.month: must be a number ≥ 0');
    expect(text).toContain('catalog.products[1].skus[1].linear');
    expect(text).toContain('catalog.products[2].code: "p" is used twice');
    expect(() => createCatalog(bad)).toThrow(ConfigError);
    expect(checkCatalog({ products: [] })).toEqual(['catalog.products: must list at least one product']);
  });
});
