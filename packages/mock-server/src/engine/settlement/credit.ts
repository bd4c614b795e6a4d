/**
 * Credit payment switches (信控设置, seller-console.md §8) and how each order was paid.
 *
 * - Per product two toggles, 授信现金券支付 (credit cash coupon) and 信用额度支付 (credit limit), plus a whitelist of
 *   customers allowed the credit limit while it is off for everyone (自定义用户设置). They apply to
 *   joint-operations goods; defaults as published: credit coupon on, credit limit off.
 * - An order paid with a credit instrument records `paymentInstrument` and `repaymentStatus` UNPAID (§8 [P]); it
 *   enters settlement only once the buyer repaid, attributed to the period of the repayment (transactions.ts).
 * - Orders paid in cash (every order without a record) are `CASH` / `NOT_APPLICABLE`.
 */
import type { EngineContext } from '../context';
import { getFlow, listFlows, saveFlow } from '../flow-timers/flow-store';
import { pay } from '../lifecycle/payment';
import { getOrder } from '../lifecycle/lifecycle-guards';
import { ActionRejectedError, EngineErrorCodes } from '../model/errors';
import { assertNoIssues, isObject, issue } from '../model/input-issues';
import {
  PAYMENT_INSTRUMENTS,
  type CreditSettings,
  type OrderPayment,
  type PaymentInstrument,
  type ProductType,
} from '../model/settlement-types';
import type { OrderRecord } from '../model/types';

/** The `data` of a `creditSettings` record (id = the product code). */
export type CreditSettingsData = Omit<CreditSettings, 'productCode' | 'productType'>;

/** The `data` of an `orderPayment` record (id = the order id). */
export type OrderPaymentData = Omit<OrderPayment, 'orderId' | 'paidAt'>;

/** The settlement tab of a catalog product (default `general`). */
export function productTypeOf(ctx: EngineContext, productCode: string): ProductType {
  return ctx.catalog.product(productCode).productType ?? 'general';
}

/** The credit switches of a product (§8 defaults when never set). */
export function creditSettings(ctx: EngineContext, productCode: string): CreditSettings {
  const productType = productTypeOf(ctx, productCode);
  const saved = getFlow<CreditSettingsData>(ctx, 'creditSettings', productCode)?.data;
  const joint = productType === 'joint-operations';
  return {
    productCode,
    productType,
    creditCoupon: saved?.creditCoupon ?? joint,
    creditLimit: saved?.creditLimit ?? false,
    creditLimitWhitelist: [...(saved?.creditLimitWhitelist ?? [])],
    updatedAt: saved?.updatedAt ?? null,
  };
}

/** The switches of every catalog product, in catalog order. */
export function listCreditSettings(ctx: EngineContext): CreditSettings[] {
  return ctx.catalog.products.map((p) => creditSettings(ctx, p.code));
}

/** What `setCreditSettings` may change. */
export interface CreditSettingsInput {
  creditCoupon?: boolean;
  creditLimit?: boolean;
  /** Customer ids (replaces the list). */
  creditLimitWhitelist?: string[];
}

/** Seller: changes the switches of a joint-operations product (§8 全量用户设置 / 自定义用户设置). */
export function setCreditSettings(
  ctx: EngineContext,
  productCode: string,
  input: CreditSettingsInput,
): CreditSettings {
  return ctx.unit(() => {
    const current = creditSettings(ctx, productCode);
    const issues = [];
    if (!isObject(input)) assertNoIssues('credit settings', [issue('', 'must be an object')]);
    for (const key of Object.keys(input)) {
      if (!['creditCoupon', 'creditLimit', 'creditLimitWhitelist'].includes(key))
        issues.push(
          issue(`/${key}`, 'unknown field; allowed: creditCoupon, creditLimit, creditLimitWhitelist'),
        );
    }
    for (const key of ['creditCoupon', 'creditLimit'] as const) {
      if (input[key] !== undefined && typeof input[key] !== 'boolean')
        issues.push(issue(`/${key}`, 'must be true or false'));
    }
    const list = input.creditLimitWhitelist;
    if (list !== undefined && (!Array.isArray(list) || list.some((c) => typeof c !== 'string' || c === ''))) {
      issues.push(issue('/creditLimitWhitelist', 'must be an array of customer ids'));
    }
    assertNoIssues('credit settings', issues);
    if (
      current.productType !== 'joint-operations' &&
      (input.creditCoupon === true || input.creditLimit === true || (list?.length ?? 0) > 0)
    ) {
      throw new ActionRejectedError(
        'NOT_SUPPORTED',
        `Product ${productCode} is a general product; credit payment switches apply to joint-operations goods (seller-console §8). Set productType "joint-operations" on the catalog product to use them.`,
      );
    }
    const data: CreditSettingsData = {
      creditCoupon: input.creditCoupon ?? current.creditCoupon,
      creditLimit: input.creditLimit ?? current.creditLimit,
      creditLimitWhitelist: list === undefined ? current.creditLimitWhitelist : [...new Set(list)],
      updatedAt: ctx.now(),
    };
    saveFlow<CreditSettingsData>(ctx, {
      kind: 'creditSettings',
      id: productCode,
      orderId: null,
      dueAt: null,
      data,
    });
    return creditSettings(ctx, productCode);
  });
}

/** How an order was paid (CASH / NOT_APPLICABLE when it was not paid on credit). */
export function orderPayment(ctx: EngineContext, order: OrderRecord): OrderPayment {
  const saved = getFlow<OrderPaymentData>(ctx, 'orderPayment', order.orderId)?.data;
  return {
    orderId: order.orderId,
    paymentInstrument: saved?.paymentInstrument ?? 'CASH',
    repaymentStatus: saved?.repaymentStatus ?? 'NOT_APPLICABLE',
    paidAt: order.paidAt,
    repaidAt: saved?.repaidAt ?? null,
  };
}

/** Buyer: pays an unpaid order with `instrument`; credit instruments are checked against the switches. */
export function payWith(ctx: EngineContext, orderId: string, instrument: PaymentInstrument): OrderRecord {
  return ctx.unit(() => {
    if (!PAYMENT_INSTRUMENTS.includes(instrument)) {
      assertNoIssues('payment', [
        issue('/paymentInstrument', `must be one of ${PAYMENT_INSTRUMENTS.join(', ')}`, 'enum'),
      ]);
    }
    const order = getOrder(ctx, orderId);
    if (instrument !== 'CASH') {
      const s = creditSettings(ctx, order.productCode);
      const allowed =
        instrument === 'CREDIT_COUPON'
          ? s.creditCoupon
          : s.creditLimit || s.creditLimitWhitelist.includes(order.buyerId);
      if (!allowed) {
        const what =
          instrument === 'CREDIT_COUPON'
            ? '授信现金券支付 (credit cash coupon)'
            : '信用额度支付 (credit limit)';
        throw new ActionRejectedError(
          EngineErrorCodes.CREDIT_PAYMENT_DISABLED,
          `${what} is off for product ${order.productCode}${instrument === 'CREDIT_LIMIT' ? ` and buyer ${order.buyerId} is not on its whitelist` : ''}; switch it on with set-credit-settings (seller-console §8) or pay in cash.`,
        );
      }
    }
    const paid = pay(ctx, orderId);
    if (instrument !== 'CASH') {
      saveFlow<OrderPaymentData>(ctx, {
        kind: 'orderPayment',
        id: orderId,
        orderId,
        dueAt: null,
        data: { paymentInstrument: instrument, repaymentStatus: 'UNPAID', repaidAt: null },
      });
    }
    return paid;
  });
}

/** Who repays: one order, or every unpaid credit order of a buyer. */
export type RepayInput = { orderId: string; buyerId?: undefined } | { buyerId: string; orderId?: undefined };

/** Buyer: repays the credit of one order or of all its credit orders (§8); answers the orders repaid. */
export function repayCredit(ctx: EngineContext, input: RepayInput): OrderPayment[] {
  return ctx.unit(() => {
    const byOrder = isObject(input) && typeof input.orderId === 'string';
    const byBuyer = isObject(input) && typeof input.buyerId === 'string';
    if (byOrder === byBuyer) {
      assertNoIssues('repayment', [
        issue(
          '/orderId',
          'give exactly one of orderId (one order) or buyerId (all its credit orders)',
          'oneOf',
        ),
      ]);
    }
    const unpaid = listFlows<OrderPaymentData>(ctx, 'orderPayment').filter(
      (r) => r.data.repaymentStatus === 'UNPAID',
    );
    let targets = unpaid;
    if (byOrder) {
      const order = getOrder(ctx, input.orderId);
      targets = unpaid.filter((r) => r.id === order.orderId);
      if (targets.length === 0) {
        throw new ActionRejectedError(
          'NOT_SUPPORTED',
          `Order ${order.orderId} has no unpaid credit: it was paid in cash or is already repaid (see its payment).`,
        );
      }
    } else {
      if (ctx.store.getBuyer(input.buyerId) === undefined) {
        assertNoIssues('repayment', [
          issue('/buyerId', `no buyer ${String(input.buyerId)}; list buyers to see their ids`),
        ]);
      }
      targets = unpaid.filter((r) => ctx.store.getOrder(r.id)?.buyerId === input.buyerId);
    }
    const now = ctx.now();
    return targets.map((r) => {
      saveFlow<OrderPaymentData>(ctx, {
        ...r,
        data: { ...r.data, repaymentStatus: 'REPAID', repaidAt: now },
      });
      return orderPayment(ctx, ctx.store.getOrder(r.id) as OrderRecord);
    });
  });
}
