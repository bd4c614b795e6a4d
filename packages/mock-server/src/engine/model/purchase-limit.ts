/**
 * A SKU's purchase limit as the catalogue declares it, and its validation (seller-console.md §4). How purchases are
 * counted against it is engine/purchase-limits/.
 */
import { isPositiveInt } from './input-issues';

/** A SKU's purchase limit: `maxPurchases` (with `untilExpiry`) or `maxQuantity`, not both. */
export interface PurchaseLimit {
  /** At most this many purchases per buyer (限购次数). */
  maxPurchases?: number;
  /** With `maxPurchases`: a new purchase only once the buyer's instances of the SKU have expired (资源到期前限购). */
  untilExpiry?: boolean;
  /** At most this total quantity (`linearValue`) per buyer (数量属性限制). */
  maxQuantity?: number;
}

/** Catalog problems of a SKU's `purchaseLimit` (`at` is the SKU's path). */
export function checkPurchaseLimit(
  at: string,
  p: { readonly chargingMode: string },
  s: { readonly purchaseLimit?: PurchaseLimit; readonly linear?: unknown },
): string[] {
  const l = s.purchaseLimit;
  if (l === undefined) return [];
  const path = `${at}.purchaseLimit`;
  if (l === null || typeof l !== 'object') return [`${path}: must be an object`];
  const problems: string[] = [];
  if (p.chargingMode === 'ON_DEMAND')
    problems.push(`${path}: pay-per-use products cannot have a purchase limit (§4)`);
  for (const key of Object.keys(l)) {
    if (!['maxPurchases', 'untilExpiry', 'maxQuantity'].includes(key))
      problems.push(`${path}.${key}: unknown field`);
  }
  if (l.maxPurchases !== undefined && !isPositiveInt(l.maxPurchases))
    problems.push(`${path}.maxPurchases: must be an integer ≥ 1`);
  if (l.maxQuantity !== undefined && !isPositiveInt(l.maxQuantity))
    problems.push(`${path}.maxQuantity: must be an integer ≥ 1`);
  if (l.untilExpiry !== undefined && typeof l.untilExpiry !== 'boolean')
    problems.push(`${path}.untilExpiry: must be a boolean`);
  if (l.maxPurchases !== undefined && l.maxQuantity !== undefined) {
    problems.push(`${path}: set maxPurchases or maxQuantity, not both (the console offers one or the other)`);
  }
  if (l.maxPurchases === undefined && l.maxQuantity === undefined && l.untilExpiry !== true) {
    problems.push(`${path}: set maxPurchases, maxQuantity or untilExpiry`);
  }
  if (l.maxQuantity !== undefined && s.linear === undefined) {
    problems.push(`${path}.maxQuantity: the SKU has no quantity attribute (linear)`);
  }
  return problems;
}
