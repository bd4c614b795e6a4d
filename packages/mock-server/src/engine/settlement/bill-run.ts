/**
 * The monthly bill run (出账, seller-console.md §6.1). On the bill day of each month (default the 7th at 00:00
 * business time, §10 item 2 [P]) the mock generates, per product type, the bill of the previous month: id
 * `YYYYMM` of that month, every eligible transaction row attributed to that month or to an earlier one and never
 * billed (§6.1 scope: "plus orders partly settled or never settled before"). A product type whose total stays
 * under `minimumBillAmount` (§10 item 6 [P], default 0) gets no bill that month: its rows carry over. A product
 * type without rows gets no bill.
 *
 * Bills generated before the confirmation cut-off (2024-12-24 00:00 Beijing time, §6.3, §10 item 4 [P]) start at
 * 待确认 and need 确认账单; later ones start at 待会签.
 *
 * The run is driven by the engine's clock like any timer: `nextBillRunAt` is part of the engine's next due time,
 * and a clock that jumps over several bill days generates each missed month in order, each dated on its own bill
 * day. The last period run is kept in the store (meta), so a restarted mock neither repeats nor skips a month.
 */
import type { EngineContext } from '../context';
import { saveFlow } from '../flow-timers/flow-store';
import type { BillData, BillLine, ProductType } from '../model/settlement-types';
import { BILL_LINE_ROW_FIELDS, PRODUCT_TYPES } from '../model/settlement-types';
import { fromCents, toCents } from './money';
import { billRunAt, periodMonth, periodOf, shiftPeriod, startOfDayKey } from './periods';
import { LAST_BILLED_PERIOD_KEY, deriveTransactions, type EligibleRow } from './transactions';

/** The flow-record id of a bill. */
export const billKey = (productType: ProductType, billId: string): string => `${productType}:${billId}`;

/** The next period to bill: after the last one run, else the first whose run is not before `now`. */
export function nextPeriodToBill(ctx: EngineContext, now: number): string {
  const last = ctx.store.getMeta(LAST_BILLED_PERIOD_KEY);
  if (last !== undefined) return shiftPeriod(last, 1);
  const tz = ctx.options.timeZoneOffsetMinutes;
  const previous = shiftPeriod(periodOf(now, tz), -1);
  return billRunAt(previous, ctx.options.settlement, tz) >= now ? previous : shiftPeriod(previous, 1);
}

/** When the next bill run is due. */
export function nextBillRunAt(ctx: EngineContext, now: number): number {
  return billRunAt(nextPeriodToBill(ctx, now), ctx.options.settlement, ctx.options.timeZoneOffsetMinutes);
}

/** The line of a bill of `period` for an eligible row. */
export function lineOf(e: EligibleRow, period: string): BillLine {
  const picked = Object.fromEntries(BILL_LINE_ROW_FIELDS.map((k) => [k, e.row[k]]));
  return {
    ...(picked as Omit<BillLine, 'effectiveAt' | 'carriedOver'>),
    effectiveAt: e.settleAt,
    carriedOver: e.period < period,
  };
}

/** Generates the bills of `period`, dated `at`; answers the bills made. */
function runPeriod(ctx: EngineContext, period: string, at: number): BillData[] {
  const o = ctx.options.settlement;
  const tz = ctx.options.timeZoneOffsetMinutes;
  const { eligible } = deriveTransactions(ctx, at);
  const cutoff = startOfDayKey(o.confirmationCutoff, tz);
  const made: BillData[] = [];
  for (const productType of PRODUCT_TYPES) {
    const rows = eligible.filter((e) => e.row.productType === productType && e.period <= period);
    if (rows.length === 0) continue;
    const lines = rows.map((e) => lineOf(e, period));
    const sum = (key: 'amount' | 'platformFee' | 'settlementAmount') =>
      fromCents(lines.reduce((s, l) => s + toCents(l[key]), 0));
    const total = lines.reduce((s, l) => s + toCents(l.amount), 0);
    if (total < toCents(o.minimumBillAmount) || total < 0) continue;
    const status = at < cutoff ? 'PENDING_CONFIRMATION' : 'PENDING_COUNTERSIGN';
    const bill: BillData = {
      billId: period,
      productType,
      period: periodMonth(period),
      generatedAt: at,
      status,
      platformFeePercent: o.platformFeePercent,
      transactionTotal: sum('amount'),
      platformFeeTotal: sum('platformFee'),
      settlementTotal: sum('settlementAmount'),
      lines,
      timeline: [
        {
          at,
          from: null,
          to: status,
          action: 'generate',
          actor: 'system',
          note: `bill run of ${periodMonth(period)}: ${lines.length} line(s)`,
        },
      ],
    };
    saveFlow<BillData>(ctx, {
      kind: 'bill',
      id: billKey(productType, period),
      orderId: null,
      dueAt: null,
      data: bill,
    });
    made.push(bill);
  }
  ctx.store.setMeta(LAST_BILLED_PERIOD_KEY, period);
  return made;
}

/** Runs every bill run due by `now`, oldest month first, each in its own unit of work; answers the bills made. */
export function runDueBills(ctx: EngineContext, now: number): BillData[] {
  const made: BillData[] = [];
  for (let guard = 0; guard < 1200; guard++) {
    const period = nextPeriodToBill(ctx, now);
    const at = billRunAt(period, ctx.options.settlement, ctx.options.timeZoneOffsetMinutes);
    if (at > now) break;
    made.push(...ctx.unit(() => runPeriod(ctx, period, at)));
  }
  return made;
}

/** True while some row is or may become billable without any further action (eligible, or a renewal to begin). */
function billingPending(ctx: EngineContext, now: number): boolean {
  return deriveTransactions(ctx, now).rows.some(
    (r) =>
      r.billStatus === 'UNBILLED' &&
      (r.unbilledReason === 'BILL_DATE_NOT_REACHED' ||
        r.unbilledReason === 'BELOW_MINIMUM' ||
        (r.unbilledReason === 'NOT_EFFECTIVE' && r.transactionType === 'RENEW')),
  );
}

/** Flow kinds whose changes can make a row billable. */
const BILLABLE_FLOWS = new Set(['supervision', 'consumption', 'orderPayment']);

/**
 * The bill run on the engine's clock. It is due only while something waits for a bill, so that a mock with
 * nothing to settle has nothing scheduled: any change of an order, an instance, a supervision, the consumption
 * or a repayment marks billing pending; a run that leaves nothing to bill clears it. The check costs one
 * derivation per run, never one per clock step.
 */
export interface BillRunner {
  nextDueAt(): number | undefined;
  runDue(now: number): BillData[];
  /** Forgets pending work (the store was cleared). */
  reset(): void;
  /** Stops listening to the engine's events. */
  close(): void;
}

export function createBillRunner(ctx: EngineContext): BillRunner {
  // A reopened store may hold unbilled transactions: the first run finds out. Every order has a buyer, and buyers
  // are few, so "has buyers" is the cheap test (listing every order of a large SQLite store is not).
  let pending = ctx.store.listBuyers().length > 0;
  const off = ctx.bus.onAny((e) => {
    if (
      e.type === 'order.changed' ||
      e.type === 'instance.changed' ||
      (e.type === 'flow.changed' && BILLABLE_FLOWS.has(e.flow.kind))
    )
      pending = true;
  });
  return {
    nextDueAt: () => (pending ? nextBillRunAt(ctx, ctx.now()) : undefined),
    runDue(now) {
      if (!pending || nextBillRunAt(ctx, now) > now) return [];
      const made = runDueBills(ctx, now);
      pending = billingPending(ctx, now);
      return made;
    },
    reset: () => {
      pending = false;
    },
    close: off,
  };
}
