/**
 * The product catalog: products, their SKUs, charging modes, product ids per period type and prices. A catalog
 * is plain data ({@link CatalogData}); {@link createCatalog} validates it once and answers look-ups.
 */
import { ConfigError } from '@koogallery-kit/sdk';
import { NotFoundError } from './errors';
import { checkPurchaseLimit, type PurchaseLimit } from './purchase-limit';
import { PRODUCT_TYPES, type ProductType } from './settlement-types';
import { SUPERVISION_TYPES, type SupervisionType } from './supervision-types';
import type { ChargingMode, ExtendParam, PeriodType } from './types';

/** What a price or product id applies to: a period type, a one-time purchase or pay-per-use. */
export type PriceKey = 'year' | 'month' | 'day' | 'once' | 'usage';

/** A quantity-type pricing attribute (users, seats, gigabytes) sent as `linearValue`. */
export interface LinearAttribute {
  /** Display name, e.g. `users`. */
  name: string;
  /** Inclusive bounds and the value used when a purchase does not choose one (integers). */
  min: number;
  max: number;
  default: number;
}

/** One SKU (specification) of a product. */
export interface CatalogSkuData {
  /** The platform's SKU code (a UUID-like string). Unique in the catalog. */
  skuCode: string;
  /** Display name, e.g. `Professional`. */
  name: string;
  /** Price per period (or per purchase, or per usage unit) and per linear unit, by {@link PriceKey}. */
  prices: Partial<Record<PriceKey, number>>;
  /** Product ids specific to this SKU (pay-per-use items each have their own); else the product's apply. */
  productIds?: Partial<Record<PriceKey, string>>;
  /** Quantity attribute, when the SKU is priced per unit. */
  linear?: LinearAttribute;
  /** Purchase limit per buyer (seller-console.md §4); not for pay-per-use SKUs. */
  purchaseLimit?: PurchaseLimit;
}

/** One product (商品). */
export interface CatalogProductData {
  /** Short catalog code used by actions (`crm`). Unique. */
  code: string;
  /** Display name; becomes `productName` in order queries together with the SKU name. */
  name: string;
  chargingMode: ChargingMode;
  /**
   * Product ids by {@link PriceKey}. A period product has one id per period type (changing month → year
   * changes the productId while the skuCode stays, §3.3); trials use the `day` id.
   */
  productIds: Partial<Record<PriceKey, string>>;
  /** Length of the free trial in days (PERIOD products only); absent = no trial. */
  trialDays?: number;
  skus: CatalogSkuData[];
  /** Custom parameters buyers fill in at purchase (defaults; a purchase may override them). */
  extendParams?: ExtendParam[];
  /** Delivery type of a supervised product (seller-console.md §2.1, §2.3); absent = not supervised. */
  supervision?: SupervisionType;
  /**
   * Settlement tab and bill of the product (seller-console.md §5, §6.2): `general` (通用商品, the default) or
   * `joint-operations` (联营商品: credit payment switches §8 and the invoicing stage §6.4 apply).
   */
  productType?: ProductType;
}

/** A whole catalog as data. */
export interface CatalogData {
  products: CatalogProductData[];
}

/** A validated catalog with look-ups. */
export interface Catalog {
  /** The products, in catalog order. */
  readonly products: readonly CatalogProductData[];
  /** The product with this code; throws `NotFoundError` (code NOT_FOUND). */
  product(code: string): CatalogProductData;
  /** The SKU of a product; throws `NotFoundError`. */
  sku(productCode: string, skuCode: string): CatalogSkuData;
  /** Product id for a SKU and price key; throws `NotFoundError` when the product has none for that key. */
  productId(productCode: string, skuCode: string, key: PriceKey): string;
  /** Price per unit for a SKU and price key; 0 when not priced. */
  price(productCode: string, skuCode: string, key: PriceKey): number;
  /** `productName` as shown in order queries. */
  productName(productCode: string, skuCode: string): string;
}

const MODES: readonly ChargingMode[] = ['PERIOD', 'ONE_TIME', 'ON_DEMAND', 'ON_DEMAND_PKG'];

/** Price keys each charging mode may use. */
export const PRICE_KEYS_BY_MODE: Readonly<Record<ChargingMode, readonly PriceKey[]>> = Object.freeze({
  PERIOD: ['year', 'month'],
  ONE_TIME: ['once'],
  ON_DEMAND: ['usage'],
  ON_DEMAND_PKG: ['year', 'month'],
});

/** The price key of a period type. */
export function periodPriceKey(periodType: PeriodType): PriceKey {
  return periodType;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Every problem in `data`, as `path: message` strings (empty when valid). */
export function checkCatalog(data: CatalogData): string[] {
  const problems: string[] = [];
  if (data === null || typeof data !== 'object' || !Array.isArray(data.products)) {
    return ['catalog: must be an object with a `products` array'];
  }
  if (data.products.length === 0) problems.push('catalog.products: must list at least one product');
  const codes = new Set<string>();
  const skuCodes = new Set<string>();
  data.products.forEach((p, i) => {
    const at = `catalog.products[${i}]`;
    if (typeof p?.code !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(p.code)) {
      problems.push(`${at}.code: must be 1-64 lower-case letters, digits or dashes`);
    } else if (codes.has(p.code)) problems.push(`${at}.code: "${p.code}" is used twice`);
    else codes.add(p.code);
    if (typeof p?.name !== 'string' || p.name.length === 0)
      problems.push(`${at}.name: must be a non-empty string`);
    if (!MODES.includes(p?.chargingMode)) {
      problems.push(`${at}.chargingMode: must be one of ${MODES.join(', ')}`);
      return;
    }
    const keys = PRICE_KEYS_BY_MODE[p.chargingMode];
    const ids = p.productIds ?? {};
    for (const [key, id] of Object.entries(ids)) {
      if (typeof id !== 'string' || id.length === 0 || id.length > 64) {
        problems.push(`${at}.productIds.${key}: must be a string of 1-64 characters`);
      }
    }
    if (p.trialDays !== undefined) {
      if (p.chargingMode !== 'PERIOD') problems.push(`${at}.trialDays: only PERIOD products offer trials`);
      else if (!isInt(p.trialDays) || p.trialDays < 1 || p.trialDays > 366) {
        problems.push(`${at}.trialDays: must be an integer from 1 to 366`);
      } else if (ids.day === undefined) problems.push(`${at}.productIds.day: required when trialDays is set`);
    }
    if (p.supervision !== undefined && !SUPERVISION_TYPES.includes(p.supervision)) {
      problems.push(`${at}.supervision: must be one of ${SUPERVISION_TYPES.join(', ')}`);
    }
    if (p.productType !== undefined && !PRODUCT_TYPES.includes(p.productType)) {
      problems.push(`${at}.productType: must be one of ${PRODUCT_TYPES.join(', ')}`);
    }
    if (!Array.isArray(p.skus) || p.skus.length === 0) {
      problems.push(`${at}.skus: must list at least one SKU`);
      return;
    }
    p.skus.forEach((s, j) => {
      const sat = `${at}.skus[${j}]`;
      if (typeof s?.skuCode !== 'string' || s.skuCode.length === 0 || s.skuCode.length > 64) {
        problems.push(`${sat}.skuCode: must be a string of 1-64 characters`);
      } else if (skuCodes.has(s.skuCode)) problems.push(`${sat}.skuCode: "${s.skuCode}" is used twice`);
      else skuCodes.add(s.skuCode);
      if (typeof s?.name !== 'string' || s.name.length === 0)
        problems.push(`${sat}.name: must be a non-empty string`);
      const priced = Object.keys(s?.prices ?? {}) as PriceKey[];
      if (priced.length === 0) problems.push(`${sat}.prices: must price at least one of ${keys.join(', ')}`);
      for (const key of priced) {
        const value = s.prices[key];
        if (!keys.includes(key)) {
          problems.push(
            `${sat}.prices.${key}: a ${p.chargingMode} product is priced by ${keys.join(' or ')}`,
          );
        } else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
          problems.push(`${sat}.prices.${key}: must be a number ≥ 0`);
        } else if ((s.productIds?.[key] ?? ids[key]) === undefined) {
          problems.push(
            `${sat}.productIds.${key}: no product id for ${key} (set it on the SKU or the product)`,
          );
        }
      }
      if (s?.linear !== undefined) {
        const l = s.linear;
        if (![l.min, l.max, l.default].every(isInt) || l.min < 1 || l.min > l.default || l.default > l.max) {
          problems.push(`${sat}.linear: min, default and max must be integers with 1 ≤ min ≤ default ≤ max`);
        }
      }
      problems.push(...checkPurchaseLimit(sat, p, s));
    });
  });
  return problems;
}

/**
 * Validates `data` and returns a catalog with look-ups. Throws `ConfigError` (code CONFIG_INVALID) listing every
 * problem at once.
 */
export function createCatalog(data: CatalogData): Catalog {
  const problems = checkCatalog(data);
  if (problems.length > 0) {
    throw new ConfigError(`The catalog is invalid; fix these and try again:\n- ${problems.join('\n- ')}`);
  }
  const products = structuredClone(data.products);
  const byCode = new Map(products.map((p) => [p.code, p]));
  const product = (code: string): CatalogProductData => {
    const p = byCode.get(code);
    if (p === undefined) {
      throw new NotFoundError('product', code, `Known products: ${[...byCode.keys()].join(', ')}.`);
    }
    return p;
  };
  const sku = (productCode: string, skuCode: string): CatalogSkuData => {
    const p = product(productCode);
    const s = p.skus.find((x) => x.skuCode === skuCode);
    if (s === undefined) {
      throw new NotFoundError(
        'sku',
        skuCode,
        `Product ${productCode} has SKUs: ${p.skus.map((x) => `${x.skuCode} (${x.name})`).join(', ')}.`,
      );
    }
    return s;
  };
  return {
    products,
    product,
    sku,
    productId(productCode, skuCode, key) {
      const id = sku(productCode, skuCode).productIds?.[key] ?? product(productCode).productIds[key];
      if (id === undefined) {
        throw new NotFoundError(
          'product',
          `${productCode}/${key}`,
          `Product ${productCode} is not sold by ${key}.`,
        );
      }
      return id;
    },
    price: (productCode, skuCode, key) => sku(productCode, skuCode).prices[key] ?? 0,
    productName: (productCode, skuCode) => `${product(productCode).name}, ${sku(productCode, skuCode).name}`,
  };
}
