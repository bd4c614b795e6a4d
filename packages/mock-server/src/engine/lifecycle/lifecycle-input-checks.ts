/**
 * Checks of lifecycle inputs against the catalog: each pushes its `ValidationIssue`s so an action can report
 * every bad field at once; plus the defaults an action applies to what the buyer left out.
 */
import type { ValidationIssue } from '@koogallery-kit/sdk';
import type { CatalogProductData, CatalogSkuData } from '../model/catalog';
import { isObject, issue } from '../model/input-issues';
import type { InstanceRecord } from '../model/types';

/** A period count: an integer from 1 to 120 when given. */
export function checkPeriodNumber(issues: ValidationIssue[], n: unknown, path = '/periodNumber'): void {
  if (n !== undefined && (!Number.isInteger(n) || (n as number) < 1 || (n as number) > 120)) {
    issues.push(issue(path, 'must be an integer from 1 to 120', 'maximum'));
  }
}

/** A period type: `year` or `month`, and one the SKU is sold by, when given. */
export function checkPeriodType(
  issues: ValidationIssue[],
  p: CatalogProductData,
  s: CatalogSkuData,
  periodType: unknown,
): void {
  if (periodType === undefined) return;
  if (periodType !== 'year' && periodType !== 'month') {
    issues.push(issue('/periodType', 'must be "year" or "month"', 'enum'));
  } else if (s.prices[periodType] === undefined) {
    issues.push(issue('/periodType', `SKU ${s.skuCode} of ${p.code} is not sold by ${periodType}`, 'enum'));
  }
}

/** A quantity: only for SKUs with a linear attribute, an integer within its bounds, when given. */
export function checkLinear(
  issues: ValidationIssue[],
  s: CatalogSkuData,
  v: unknown,
  path = '/linearValue',
): void {
  if (v === undefined) return;
  if (s.linear === undefined) {
    issues.push(issue(path, `SKU ${s.skuCode} has no quantity attribute; omit linearValue`, 'not'));
  } else if (!Number.isInteger(v) || (v as number) < s.linear.min || (v as number) > s.linear.max) {
    issues.push(issue(path, `must be an integer from ${s.linear.min} to ${s.linear.max} (${s.linear.name})`));
  }
}

/** The SKU `skuCode` of the product (its first SKU when undefined); undefined, with an issue, when unknown. */
export function findSku(
  issues: ValidationIssue[],
  p: CatalogProductData,
  skuCode: unknown,
  path = '/skuCode',
): CatalogSkuData | undefined {
  if (skuCode === undefined) return p.skus[0];
  const s = p.skus.find((x) => x.skuCode === skuCode);
  if (s === undefined) {
    issues.push(
      issue(
        path,
        `unknown SKU of ${p.code}; known: ${p.skus.map((x) => `${x.skuCode} (${x.name})`).join(', ')}`,
        'enum',
      ),
    );
  }
  return s;
}

/** Buyer-entered custom parameters: an array of `{ name, value }` strings, when given. */
export function checkExtendParams(issues: ValidationIssue[], v: unknown): void {
  if (v === undefined) return;
  if (!Array.isArray(v)) {
    issues.push(issue('/extendParams', 'must be an array of { name, value } strings'));
    return;
  }
  v.forEach((p, k) => {
    if (!isObject(p) || typeof p.name !== 'string' || p.name.length === 0 || typeof p.value !== 'string') {
      issues.push(issue(`/extendParams/${k}`, 'must be { name: non-empty string, value: string }'));
    }
  });
}

/** `autoPay`: a boolean, when given. */
export function checkAutoPay(issues: ValidationIssue[], v: unknown): void {
  if (v !== undefined && typeof v !== 'boolean') issues.push(issue('/autoPay', 'must be a boolean'));
}

/** Default period unit of a SKU: `month` when it is sold by month, else `year`. */
export const defaultPeriodType = (s: CatalogSkuData): 'year' | 'month' =>
  s.prices.month !== undefined ? 'month' : 'year';

/** The instance's current period unit as a renewal unit (`year` or, for anything else, `month`). */
export const currentPeriodType = (i: InstanceRecord): 'year' | 'month' =>
  i.periodType === 'year' ? 'year' : 'month';

/** Quantity of a SKU: the given one, else the SKU's default; null for SKUs without a quantity. */
export const linearOf = (s: CatalogSkuData, v: number | undefined): number | null =>
  s.linear === undefined ? null : (v ?? s.linear.default);

/** Quantity after a change to `sku`: the given one, else the instance's when the SKU stays, else the SKU's default. */
export const changedLinear = (
  i: InstanceRecord,
  sku: CatalogSkuData,
  v: number | undefined,
): number | null =>
  v !== undefined ? v : sku.skuCode === i.skuCode ? i.linearValue : linearOf(sku, undefined);
