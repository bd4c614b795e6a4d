/**
 * Transaction details (交易明细, seller-console.md §5), derived from the records the engine already keeps: one row
 * per paid order (new, renewal, change, trial conversion), per unsubscription/refund, and per pay-per-use
 * instance and day of consumption (consumption.ts). Trial orders are not shown (§5 "SaaS trial orders are not
 * shown"); unpaid or canceled-unpaid orders are not transactions; pay-per-use orders show as their usage.
 *
 * Each row says when it took effect for settlement (§6.1 attribution):
 * - new orders at the actual opening (newInstance success); supervised products when supervision completes
 *   (§6.1 "licence, manual service, supervised SaaS, orchestration → new orders when supervision completes",
 *   §2.6), not at the order's Completed state 3 h later;
 * - a trial conversion when paid (its formal period starts then);
 * - renewals when the renewed period begins, or when paid if it already began (§6.1 "renewal → renewal effective
 *   time", §3 "renewal orders enter settlement when the renewal takes effect"). A renewal unsubscribed before it
 *   began never takes effect; when the whole instance is unsubscribed first, the renewal settles with the refund
 *   that pays it back, at the release;
 * - in-period changes when the seller acknowledged the upgrade;
 * - refunds when created, but never before the order they reverse took effect (a refund of an order that never
 *   took effect is never billed);
 * - pay-per-use at its consumption time (§6.1).
 * Credit-paid orders (§8 [P]) are eligible only once repaid, attributed to the repayment.
 *
 * Visibility (§5, §10 item 3 [P]): `cn` (default) shows the rows of day D from D+1 at 08:00 business time;
 * `intl` shows a month's rows once its bills are generated (the bill day of the next month).
 */
import type { EngineContext } from '../context';
import { getFlow, listFlows } from '../flow-timers/flow-store';
import type {
  BillData,
  PaymentInstrument,
  RepaymentStatus,
  TransactionFilter,
  TransactionRow,
  TransactionType,
  UnbilledReason,
} from '../model/settlement-types';
import type { SupervisionData } from '../model/supervision-types';
import type { OrderRecord } from '../model/types';
import { DAY_MS, MINUTE_MS, dayKey, startOfBusinessDay } from '../time/business-time';
import { listConsumption } from './consumption';
import { orderPayment, productTypeOf } from './credit';
import { fromCents, percentOf, toCents } from './money';
import { billRunAt, periodOf, shiftPeriod } from './periods';

/** Meta key of the last period whose bill run happened (`YYYYMM`). */
export const LAST_BILLED_PERIOD_KEY = 'settlement.lastBilledPeriod';

/** When a row took effect, or why it has not (yet, or ever). */
type Effect = { at: number; reason?: undefined } | { at: null; reason: UnbilledReason };

/** A row before its bill flags: everything derived from the orders, usage and payments. */
interface Draft {
  /** The row, its bill flags still unset (filled in place by deriveTransactions: the row is ours). */
  row: TransactionRow;
  /** Attribution time: effective and (credit) repaid; null when not eligible. */
  settleAt: number | null;
  blocked: UnbilledReason | null;
}

const TYPE_OF: Record<OrderRecord['orderType'], TransactionType | null> = {
  NEW: 'NEW',
  TRIAL: null,
  TRIAL_TO_FORMAL: 'NEW',
  RENEW: 'RENEW',
  CHANGE: 'CHANGE',
  UNSUBSCRIBE: 'UNSUBSCRIBE',
};

/** Settlement's view of the engine at `now`, with memoised effects. */
function createDeriver(ctx: EngineContext, now: number) {
  const effects = new Map<string, Effect>();

  /** When a NEW order opened: supervision completion, else the first activation of its instances. */
  const opened = (order: OrderRecord): Effect => {
    const sup = getFlow<SupervisionData>(ctx, 'supervision', order.orderId)?.data;
    if (sup !== undefined) {
      return sup.node === 'COMPLETED' && sup.acceptedAt !== null && sup.acceptedAt <= now
        ? { at: sup.acceptedAt }
        : { at: null, reason: 'SUPERVISION_OPEN' };
    }
    let first: number | null = null;
    for (const ref of order.instanceRefs) {
      const at = ctx.store.getInstance(ref)?.activatedAt ?? null;
      if (at !== null && (first === null || at < first)) first = at;
    }
    return first !== null && first <= now ? { at: first } : { at: null, reason: 'NOT_EFFECTIVE' };
  };

  /** When a renewal (or renewal with change) took effect (see module doc). */
  const renewed = (order: OrderRecord): Effect => {
    const instance = ctx.store.getInstance(order.instanceRefs[0] ?? '');
    const period = instance?.periods.find((p) => p.orderId === order.orderId);
    // Its period is gone when the renewal was unsubscribed before it began (unsubscribeRenewal).
    if (instance === undefined || period === undefined || order.paidAt === null)
      return { at: null, reason: 'NEVER_EFFECTIVE' };
    const starts = Math.max(order.paidAt, period.startAt);
    const at = instance.releasedAt !== null && instance.releasedAt < starts ? instance.releasedAt : starts;
    return at <= now ? { at } : { at: null, reason: 'NOT_EFFECTIVE' };
  };

  const effect = (order: OrderRecord): Effect => {
    const known = effects.get(order.orderId);
    if (known !== undefined) return known;
    let e: Effect;
    if (order.state === 'CANCELED') e = { at: null, reason: 'NEVER_EFFECTIVE' };
    else if (order.paidAt === null && order.orderType !== 'UNSUBSCRIBE') {
      e = { at: null, reason: 'NOT_EFFECTIVE' };
    } else if (order.orderType === 'NEW' || order.orderType === 'TRIAL') {
      // A trial shows no row, but the refund of a converted trial names it as the order it reverses.
      e = opened(order);
    } else if (order.orderType === 'TRIAL_TO_FORMAL') e = { at: order.paidAt as number };
    else if (order.orderType === 'RENEW' || order.target?.scene === 'RENEWAL_CHANGE') e = renewed(order);
    else if (order.orderType === 'CHANGE')
      e =
        order.completedAt !== null && order.completedAt <= now
          ? { at: order.completedAt }
          : { at: null, reason: 'NOT_EFFECTIVE' };
    else if (order.orderType === 'UNSUBSCRIBE') {
      const related = order.relatedOrderId === null ? undefined : ctx.store.getOrder(order.relatedOrderId);
      const settle = related === undefined ? null : settleOf(related);
      e =
        settle === null || settle.at === null
          ? { at: null, reason: 'ORIGINAL_NOT_SETTLED' }
          : { at: Math.max(order.createdAt, settle.at) };
    } else e = { at: null, reason: 'NOT_EFFECTIVE' };
    effects.set(order.orderId, e);
    return e;
  };

  /** Effect plus the credit rule: a credit order settles when repaid (§8 [P]). */
  const settleOf = (order: OrderRecord): Effect => {
    const e = effect(order);
    if (e.at === null) return e;
    const payment = orderPayment(ctx, order);
    if (payment.repaymentStatus === 'UNPAID') return { at: null, reason: 'CREDIT_NOT_REPAID' };
    return { at: Math.max(e.at, payment.repaidAt ?? e.at) };
  };

  return { effect, settleOf };
}

/** The bill flags of a row before deriveTransactions sets them. */
const UNFLAGGED = {
  billStatus: 'UNBILLED',
  unbilledReason: null,
  billingPeriod: null,
  billId: null,
} as const satisfies Partial<TransactionRow>;

/** The visibility time of a row made at `at` (see module doc). */
function visibleAt(ctx: EngineContext, at: number): number {
  const o = ctx.options.settlement;
  const tz = ctx.options.timeZoneOffsetMinutes;
  return o.transactionTiming === 'intl'
    ? billRunAt(periodOf(at, tz), o, tz)
    : startOfBusinessDay(at, tz) + DAY_MS + o.transactionVisibleMinute * MINUTE_MS;
}

/** Every row before its bill flags, in transaction order. */
function drafts(ctx: EngineContext, now: number): Draft[] {
  const tz = ctx.options.timeZoneOffsetMinutes;
  const pct = ctx.options.settlement.platformFeePercent;
  const d = createDeriver(ctx, now);
  const out: Draft[] = [];
  const money = (cents: number) => ({
    amount: fromCents(cents),
    platformFee: fromCents(percentOf(cents, pct)),
    settlementAmount: fromCents(cents - percentOf(cents, pct)),
  });
  const buyerName = (id: string): string => ctx.store.getBuyer(id)?.customerName ?? id;

  for (const order of ctx.store.listOrders()) {
    const type = TYPE_OF[order.orderType];
    const line = order.lines[0];
    if (type === null || line === undefined || line.chargingMode === 'ON_DEMAND') continue;
    const at = order.orderType === 'UNSUBSCRIBE' ? order.createdAt : order.paidAt;
    if (at === null) continue;
    const paymentOrder =
      order.orderType === 'UNSUBSCRIBE' && order.relatedOrderId !== null
        ? (ctx.store.getOrder(order.relatedOrderId) ?? order)
        : order;
    const payment = orderPayment(ctx, paymentOrder);
    const effect = d.effect(order);
    const settle = d.settleOf(order);
    const item = line.productInfo[0];
    const sup =
      order.orderType === 'NEW'
        ? getFlow<SupervisionData>(ctx, 'supervision', order.orderId)?.data
        : undefined;
    out.push({
      row: {
        rowId: order.orderId,
        productType: productTypeOf(ctx, order.productCode),
        transactionType: type,
        orderId: order.orderId,
        orderType: order.orderType,
        relatedOrderId: order.relatedOrderId,
        orderLineId: line.orderLineId,
        instanceRef: order.instanceRefs[0] ?? null,
        productCode: order.productCode,
        productName: item?.productName ?? order.productCode,
        skuCode: item?.skuCode ?? '',
        chargingMode: line.chargingMode,
        customerId: order.buyerId,
        customerName: buyerName(order.buyerId),
        transactionAt: at,
        transactionDay: dayKey(at, tz),
        effectiveAt: effect.at,
        ...money(toCents(line.currencyAfterDiscount)),
        usage: null,
        paymentInstrument: payment.paymentInstrument,
        repaymentStatus: payment.repaymentStatus,
        repaidAt: payment.repaidAt,
        supervisionStatus: sup?.node ?? 'NA',
        visibleAt: visibleAt(ctx, at),
        ...UNFLAGGED,
      },
      settleAt: settle.at,
      blocked: settle.reason ?? null,
    });
  }

  for (const c of listConsumption(ctx)) {
    const instance = ctx.store.getInstance(c.data.ref);
    if (instance === undefined || c.data.lastAt > now) continue;
    const unitPrice = ctx.catalog.price(instance.productCode, instance.skuCode, 'usage');
    const cents = toCents(c.data.quantity * unitPrice);
    const cash: { paymentInstrument: PaymentInstrument; repaymentStatus: RepaymentStatus } = {
      paymentInstrument: 'CASH',
      repaymentStatus: 'NOT_APPLICABLE',
    };
    out.push({
      row: {
        rowId: `USAGE-${instance.ref}-${c.data.day.replace(/-/g, '')}`,
        productType: productTypeOf(ctx, instance.productCode),
        transactionType: 'USAGE',
        orderId: instance.orderId,
        orderType: null,
        relatedOrderId: null,
        orderLineId: instance.orderLineId,
        instanceRef: instance.ref,
        productCode: instance.productCode,
        productName: ctx.catalog.productName(instance.productCode, instance.skuCode),
        skuCode: instance.skuCode,
        chargingMode: instance.chargingMode,
        customerId: instance.buyerId,
        customerName: buyerName(instance.buyerId),
        transactionAt: c.data.lastAt,
        transactionDay: c.data.day,
        effectiveAt: c.data.lastAt,
        ...money(cents),
        usage: { quantity: c.data.quantity, unitPrice },
        ...cash,
        repaidAt: null,
        supervisionStatus: 'NA',
        visibleAt: visibleAt(ctx, c.data.lastAt),
        ...UNFLAGGED,
      },
      settleAt: c.data.lastAt,
      blocked: null,
    });
  }
  // Stable: rows of the same instant keep their creation order (orders by sequence, then consumption).
  return out.sort((a, b) => a.row.transactionAt - b.row.transactionAt);
}

/** A row eligible for a bill: its attribution time and period. */
export interface EligibleRow {
  row: TransactionRow;
  settleAt: number;
  period: string;
}

/** Every row with its bill flags at `now`, and the eligible unbilled ones (for the bill run). */
export function deriveTransactions(
  ctx: EngineContext,
  now: number,
): { rows: TransactionRow[]; eligible: EligibleRow[] } {
  const tz = ctx.options.timeZoneOffsetMinutes;
  const billed = new Map<string, BillData>();
  for (const b of listFlows<BillData>(ctx, 'bill')) {
    for (const line of b.data.lines) billed.set(line.rowId, b.data);
  }
  const last = ctx.store.getMeta(LAST_BILLED_PERIOD_KEY);
  const rows: TransactionRow[] = [];
  const eligible: EligibleRow[] = [];
  for (const { row, settleAt, blocked } of drafts(ctx, now)) {
    rows.push(row);
    const bill = billed.get(row.rowId);
    if (bill !== undefined) {
      row.billStatus = 'BILLED';
      row.billingPeriod = bill.billId;
      row.billId = bill.billId;
    } else if (settleAt === null) row.unbilledReason = blocked;
    else {
      const period = periodOf(settleAt, tz);
      // Eligible in a period whose run already happened: it stayed out only by the minimum amount (§10 item 6).
      const late = last !== undefined && period <= last;
      row.unbilledReason = late ? 'BELOW_MINIMUM' : 'BILL_DATE_NOT_REACHED';
      row.billingPeriod = late ? shiftPeriod(last, 1) : period;
      eligible.push({ row, settleAt, period });
    }
  }
  return { rows, eligible };
}

/** The transaction-detail rows matching `filter` at `now` (visible ones only unless `includeHidden`). */
export function listTransactions(ctx: EngineContext, filter: TransactionFilter = {}): TransactionRow[] {
  const now = ctx.now();
  return deriveTransactions(ctx, now).rows.filter(
    (r) =>
      (filter.includeHidden === true || r.visibleAt <= now) &&
      (filter.orderId === undefined || r.orderId === filter.orderId || r.relatedOrderId === filter.orderId) &&
      (filter.billingPeriod === undefined || r.billingPeriod === filter.billingPeriod) &&
      (filter.customer === undefined ||
        r.customerId === filter.customer ||
        r.customerName === filter.customer) &&
      (filter.productType === undefined || r.productType === filter.productType) &&
      (filter.transactionType === undefined || r.transactionType === filter.transactionType) &&
      (filter.billStatus === undefined || r.billStatus === filter.billStatus) &&
      (filter.repaymentStatus === undefined || r.repaymentStatus === filter.repaymentStatus) &&
      (filter.supervisionStatus === undefined || r.supervisionStatus === filter.supervisionStatus) &&
      (filter.from === undefined || r.transactionAt >= filter.from) &&
      (filter.to === undefined || r.transactionAt < filter.to),
  );
}
