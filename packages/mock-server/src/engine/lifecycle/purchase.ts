/**
 * Purchase: a NEW order (TRIAL for a free trial) in PENDING_PAYMENT, paid at once with `autoPay`. PERIOD and
 * ON_DEMAND_PKG orders have a period; ONE_TIME orders none; ON_DEMAND (pay-per-use) orders one product per item.
 */
import type { ValidationIssue } from '@koogallery-kit/sdk';
import { addPeriod } from '../time/business-time';
import { resolveBuyer } from './buyers';
import type { CatalogProductData, CatalogSkuData, PriceKey } from '../model/catalog';
import type { EngineContext } from '../context';
import { ActionRejectedError } from '../model/errors';
import { assertNoIssues, isObject, issue } from '../model/input-issues';
import { createOrder, forwardLine, newOrderId, price } from './orders';
import { productState } from '../records/side-effects';
import type { OrderRecord, PeriodType } from '../model/types';
import {
  checkAutoPay,
  checkExtendParams,
  checkLinear,
  checkPeriodNumber,
  checkPeriodType,
  defaultPeriodType,
  findSku,
  linearOf,
} from './lifecycle-input-checks';
import { payIf } from './payment';
import { assertWithinPurchaseLimit } from '../purchase-limits/purchase-limits';
import type { PurchaseInput } from './lifecycle-types';

/** One product of the order line. */
type Item = { sku: CatalogSkuData; linear: number | null };

/** The products a purchase buys; throws `ValidationError` listing every bad field. */
function purchasedItems(p: CatalogProductData, input: PurchaseInput, trial: boolean): Item[] {
  const issues: ValidationIssue[] = [];
  if (typeof trial !== 'boolean') issues.push(issue('/trial', 'must be a boolean'));
  checkAutoPay(issues, input.autoPay);
  checkPeriodNumber(issues, input.periodNumber);
  checkExtendParams(issues, input.extendParams);
  const mode = p.chargingMode;
  if (trial && (mode !== 'PERIOD' || p.trialDays === undefined)) {
    throw new ActionRejectedError(
      'NOT_SUPPORTED',
      `Product ${p.code} offers no trial; buy it without trial.`,
    );
  }
  const items: Item[] = [];
  if (mode === 'ON_DEMAND') {
    if (input.items !== undefined && (!Array.isArray(input.items) || input.items.length === 0)) {
      issues.push(issue('/items', 'must be a non-empty array of { skuCode, linearValue? }'));
    } else if (input.items !== undefined) {
      const seen = new Set<string>();
      input.items.forEach((it, k) => {
        const s = isObject(it) ? findSku(issues, p, it.skuCode, `/items/${k}/skuCode`) : undefined;
        if (!isObject(it)) issues.push(issue(`/items/${k}`, 'must be { skuCode, linearValue? }'));
        if (s === undefined) return;
        if (seen.has(s.skuCode)) issues.push(issue(`/items/${k}/skuCode`, 'listed twice', 'uniqueItems'));
        seen.add(s.skuCode);
        checkLinear(issues, s, it.linearValue, `/items/${k}/linearValue`);
        items.push({ sku: s, linear: linearOf(s, it.linearValue) });
      });
    } else {
      for (const s of p.skus) items.push({ sku: s, linear: linearOf(s, undefined) });
    }
    if (input.periodType !== undefined)
      issues.push(issue('/periodType', 'pay-per-use orders have no period', 'not'));
  } else {
    if (input.items !== undefined) issues.push(issue('/items', `only ON_DEMAND products take items`, 'not'));
    const s = findSku(issues, p, input.skuCode);
    if (s !== undefined) {
      checkLinear(issues, s, input.linearValue);
      if (mode === 'ONE_TIME' && input.periodType !== undefined) {
        issues.push(issue('/periodType', 'one-time purchases have no period', 'not'));
      } else if (!trial) checkPeriodType(issues, p, s, input.periodType);
      items.push({ sku: s, linear: linearOf(s, input.linearValue) });
    }
  }
  assertNoIssues('purchase', issues);
  return items;
}

/** Creates the purchase's order (see module doc); throws `ValidationError` / `ActionRejectedError`. */
export function purchase(ctx: EngineContext, input: PurchaseInput): OrderRecord {
  if (!isObject(input))
    assertNoIssues('purchase', [issue('', 'must be an object with at least productCode')]);
  if (typeof input.productCode !== 'string') {
    assertNoIssues('purchase', [issue('/productCode', 'required: the catalog code of the product')]);
  }
  const p = ctx.catalog.product(input.productCode);
  const trial = input.trial ?? false;
  const items = purchasedItems(p, input, trial);
  const state = productState(ctx, p.code);
  if (state.delisted || state.tradingFrozen) {
    throw new ActionRejectedError(
      'PRODUCT_UNAVAILABLE',
      `Product ${p.code} is ${state.delisted ? 'delisted' : 'frozen for trading'} and cannot be bought. Fix the failing interface, then relist the product.`,
    );
  }
  // The order and its payment are one unit of work: one commit per purchase, and a crash never leaves an
  // auto-paid order unpaid (virtual-clock-scale bench case, `db` size: a SQLite commit costs more than the writes).
  return ctx.unit(() => payIf(ctx, newOrder(ctx, input, p, items, trial), input.autoPay));
}

/** The purchase's order in PENDING_PAYMENT (inside the purchase's unit). */
function newOrder(
  ctx: EngineContext,
  input: PurchaseInput,
  p: CatalogProductData,
  items: Item[],
  trial: boolean,
): OrderRecord {
  const mode = p.chargingMode;
  const buyer = resolveBuyer(ctx, input.buyerId);
  const first = items[0] as Item;
  // seller-console.md §4: refused at order creation; trials do not count and are not limited.
  if (!trial) {
    assertWithinPurchaseLimit(ctx, {
      buyerId: buyer.customerId,
      productCode: p.code,
      sku: first.sku,
      linearValue: first.linear,
    });
  }
  const orderId = newOrderId(ctx);
  let periodType: PeriodType | null = null;
  let periodNumber: number | null = null;
  let key: PriceKey;
  if (trial) {
    periodType = 'day';
    periodNumber = p.trialDays as number;
    key = 'day';
  } else if (mode === 'PERIOD' || mode === 'ON_DEMAND_PKG') {
    periodType = input.periodType ?? defaultPeriodType(first.sku);
    periodNumber = input.periodNumber ?? 1;
    key = periodType;
  } else key = mode === 'ONE_TIME' ? 'once' : 'usage';
  const total =
    trial || mode === 'ON_DEMAND'
      ? 0
      : price(ctx, p.code, first.sku.skuCode, key, periodNumber ?? 1, first.linear);
  return createOrder(ctx, {
    orderId,
    orderType: trial ? 'TRIAL' : 'NEW',
    state: 'PENDING_PAYMENT',
    productCode: p.code,
    buyerId: buyer.customerId,
    lines: [
      forwardLine({
        orderId,
        chargingMode: mode,
        periodType,
        periodNumber,
        expireAt:
          periodType === null
            ? null
            : addPeriod(ctx.now(), periodType, periodNumber ?? 1, ctx.options.timeZoneOffsetMinutes),
        products: items.map((it) => ({
          productId: ctx.catalog.productId(p.code, it.sku.skuCode, key),
          skuCode: it.sku.skuCode,
          linearValue: it.linear,
          productName: ctx.catalog.productName(p.code, it.sku.skuCode),
        })),
        extendParams: input.extendParams ?? p.extendParams ?? [],
        amount: total,
      }),
    ],
  });
}
