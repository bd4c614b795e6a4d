/** The settlement actions of the engine (seller-console.md §5–§8; see the files of this folder). */
import type { EngineContext } from '../context';
import type {
  BillAction,
  BillView,
  CreditSettings,
  OrderPayment,
  PaymentInstrument,
  PerformanceSheet,
  PerformanceSummary,
  ProductType,
  TransactionFilter,
  TransactionRow,
} from '../model/settlement-types';
import type { OrderRecord } from '../model/types';
import { getOrder } from '../lifecycle/lifecycle-guards';
import { nextBillRunAt, type BillRunner } from './bill-run';
import { getBill, listBills, moveBill, type BillFilter, type MoveBillOptions } from './bill-status';
import {
  creditSettings,
  listCreditSettings,
  orderPayment,
  payWith,
  repayCredit,
  setCreditSettings,
  type CreditSettingsInput,
  type RepayInput,
} from './credit';
import { listPerformanceSummaries, performanceSheet, reviewPerformance } from './performance';
import type { ResolvedSettlementOptions } from './settlement-options';
import { LAST_BILLED_PERIOD_KEY, listTransactions } from './transactions';

/** Where the bill run stands. */
export interface SettlementStatus {
  /** Business time of the next bill run. */
  nextBillRunAt: number;
  /** `YYYYMM` of the last month billed, or null. */
  lastBilledPeriod: string | null;
  options: ResolvedSettlementOptions;
}

/** Settlement: transaction details, bills, credit payment, performance summaries. */
export interface SettlementActions {
  /** Transaction-detail rows (§5), visible ones only unless `includeHidden`. */
  listTransactions(filter?: TransactionFilter): TransactionRow[];
  /** Bills (§6), newest first, without changing them. */
  listBills(filter?: BillFilter): BillView[];
  /** One bill with every line and its timeline; `productType` when both product types have that month. */
  getBill(billId: string, productType?: ProductType): BillView;
  /** Confirms, advances, rejects, fails or resolves a bill (§6.3, §6.4). */
  moveBill(billId: string, action: BillAction, options?: MoveBillOptions): BillView;
  /** Generates the bills whose bill day has passed and were not run yet (the clock does it by itself). */
  runBills(): BillView[];
  settlementStatus(): SettlementStatus;
  /** Credit payment switches of every product (§8). */
  listCreditSettings(): CreditSettings[];
  creditSettings(productCode: string): CreditSettings;
  setCreditSettings(productCode: string, input: CreditSettingsInput): CreditSettings;
  /** Buyer: pays an unpaid order with cash or a credit instrument (checked against the switches, §8). */
  payWith(orderId: string, instrument: PaymentInstrument): OrderRecord;
  /** Buyer: repays the credit of one order or of every credit order of a buyer (§8). */
  repayCredit(input: RepayInput): OrderPayment[];
  /** How an order was paid and whether it was repaid. */
  orderPayment(orderId: string): OrderPayment;
  /** Performance summaries of the Partner Center (§7), newest first. */
  listPerformanceSummaries(): PerformanceSummary[];
  /** One sheet with its lines, by sheet id (`PS202601`) or period. */
  performanceSheet(id: string): PerformanceSheet;
  /** Operator: the previous month's draft becomes final. */
  reviewPerformance(period: string): PerformanceSummary;
}

export function createSettlementActions(ctx: EngineContext, runner: BillRunner): SettlementActions {
  return {
    listTransactions: (filter) => listTransactions(ctx, filter),
    listBills: (filter) => listBills(ctx, filter),
    getBill: (billId, productType) => getBill(ctx, billId, productType),
    moveBill: (billId, action, options) => moveBill(ctx, billId, action, options),
    runBills() {
      const made = runner.runDue(ctx.now());
      return made.map((b) => getBill(ctx, b.billId, b.productType));
    },
    settlementStatus: () => ({
      nextBillRunAt: nextBillRunAt(ctx, ctx.now()),
      lastBilledPeriod: ctx.store.getMeta(LAST_BILLED_PERIOD_KEY) ?? null,
      options: ctx.options.settlement,
    }),
    listCreditSettings: () => listCreditSettings(ctx),
    creditSettings: (productCode) => creditSettings(ctx, productCode),
    setCreditSettings: (productCode, input) => setCreditSettings(ctx, productCode, input),
    payWith: (orderId, instrument) => payWith(ctx, orderId, instrument),
    repayCredit: (input) => repayCredit(ctx, input),
    orderPayment: (orderId) => orderPayment(ctx, getOrder(ctx, orderId)),
    listPerformanceSummaries: () => listPerformanceSummaries(ctx),
    performanceSheet: (id) => performanceSheet(ctx, id),
    reviewPerformance: (period) => reviewPerformance(ctx, period),
  };
}
