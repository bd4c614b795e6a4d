/**
 * Settlement as data (seller-console.md §5–§8): transaction-detail rows, monthly bills and their lines, the bill
 * status flow, credit payment settings, order payments and performance summaries. Plain JSON, like every record;
 * amounts are decimal strings in yuan (as in order queries), computed in whole cents.
 */
import type { SupervisionNode } from './supervision-types';
import type { ChargingMode, OrderType } from './types';

/**
 * Product type of a catalog product: the tab of the settlement pages (§5 "one tab per product type", §6.2) and
 * the unit of a bill. Credit switches (§8) and the invoicing stage (§6.4) apply to joint-operations goods only.
 */
export const PRODUCT_TYPES = Object.freeze(['general', 'joint-operations'] as const);
export type ProductType = (typeof PRODUCT_TYPES)[number];
export const PRODUCT_TYPE_LABELS: Readonly<Record<ProductType, string>> = Object.freeze({
  general: '通用商品',
  'joint-operations': '联营商品',
});

/** What a transaction-detail row records (§5). */
export const TRANSACTION_TYPES = Object.freeze(['NEW', 'RENEW', 'CHANGE', 'UNSUBSCRIBE', 'USAGE'] as const);
export type TransactionType = (typeof TRANSACTION_TYPES)[number];
export const TRANSACTION_TYPE_LABELS: Readonly<Record<TransactionType, string>> = Object.freeze({
  NEW: '新购',
  RENEW: '续费',
  CHANGE: '变更',
  UNSUBSCRIBE: '退订',
  USAGE: '按需消费',
});

/** How an order was paid (§8 [P]). */
export const PAYMENT_INSTRUMENTS = Object.freeze(['CASH', 'CREDIT_COUPON', 'CREDIT_LIMIT'] as const);
export type PaymentInstrument = (typeof PAYMENT_INSTRUMENTS)[number];

/** Whether the buyer repaid the credit an order used (§8 [P]; 客户还款状态 in §5). */
export const REPAYMENT_STATUSES = Object.freeze(['NOT_APPLICABLE', 'UNPAID', 'REPAID'] as const);
export type RepaymentStatus = (typeof REPAYMENT_STATUSES)[number];

/** 已出账 / 未出账 (§5). */
export type BillFlag = 'BILLED' | 'UNBILLED';

/**
 * Why a row is not billed (§5 lists "offline delivery with open supervision, credit not repaid, bill date not
 * reached"; the others are the mock's own readings of §6.1).
 */
export const UNBILLED_REASONS = Object.freeze([
  /** Not in effect yet: provisioning or the upgrade has not succeeded, the renewed period has not begun. */
  'NOT_EFFECTIVE',
  /** Never in effect: the order was canceled (failed provisioning or change), or a renewal unsubscribed first. */
  'NEVER_EFFECTIVE',
  /** Supervision not completed (§2.6, §6.1). */
  'SUPERVISION_OPEN',
  /** Paid on credit, not repaid yet (§8). */
  'CREDIT_NOT_REPAID',
  /** Eligible; the bill of its period has not been generated yet. */
  'BILL_DATE_NOT_REACHED',
  /** Eligible, but the product type's total stayed under the minimum (§10.6); carried over. */
  'BELOW_MINIMUM',
  /** A refund of an order that never took effect (or a renewal unsubscribed before it began): never billed. */
  'ORIGINAL_NOT_SETTLED',
] as const);
export type UnbilledReason = (typeof UNBILLED_REASONS)[number];

/** One transaction-detail row (交易明细, §5). */
export interface TransactionRow {
  /** `orderId` for order rows; `USAGE-<instanceRef>-<yyyyMMdd>` for one day's pay-per-use consumption. */
  rowId: string;
  productType: ProductType;
  transactionType: TransactionType;
  /** Usage rows: the order that created the pay-per-use instance. */
  orderId: string;
  /** Null for usage rows; TRIAL_TO_FORMAL rows have transaction type NEW. */
  orderType: OrderType | null;
  /** UNSUBSCRIBE rows: the order reversed. */
  relatedOrderId: string | null;
  orderLineId: string | null;
  instanceRef: string | null;
  productCode: string;
  productName: string;
  skuCode: string;
  chargingMode: ChargingMode;
  customerId: string;
  customerName: string;
  /** Business ms: payment (NEW, RENEW, CHANGE), refund (UNSUBSCRIBE), end of the day (USAGE). */
  transactionAt: number;
  /** `yyyy-MM-dd` business day of `transactionAt`. */
  transactionDay: string;
  /** When the transaction took effect for settlement (§6.1 attribution); null while it has not. */
  effectiveAt: number | null;
  amount: string;
  platformFee: string;
  settlementAmount: string;
  /** Usage rows: quantity consumed that day and the unit price. */
  usage: { quantity: number; unitPrice: number } | null;
  paymentInstrument: PaymentInstrument;
  repaymentStatus: RepaymentStatus;
  repaidAt: number | null;
  /** Supervision node of the order, or `NA` (不涉及). */
  supervisionStatus: SupervisionNode | 'NA';
  billStatus: BillFlag;
  unbilledReason: UnbilledReason | null;
  /** 账期 `YYYYMM`: the bill's id when billed, else the period it will be billed in (null: not eligible). */
  billingPeriod: string | null;
  /** `YYYYMM` of the bill holding the row (with `productType` it names the bill). */
  billId: string | null;
  /** Business ms from which the seller console shows the row (§5 timing, §10.3). */
  visibleAt: number;
}

/** Filters of the transaction-detail list (§5: order No., billing period, customer account; the export's others). */
export interface TransactionFilter {
  orderId?: string;
  /** `YYYYMM`. */
  billingPeriod?: string;
  /** Customer account: the buyer's id or name (exact). */
  customer?: string;
  productType?: ProductType;
  transactionType?: TransactionType;
  billStatus?: BillFlag;
  repaymentStatus?: RepaymentStatus;
  supervisionStatus?: SupervisionNode | 'NA';
  /** `transactionAt` ≥ from and < to (business ms). */
  from?: number;
  to?: number;
  /** Also rows the console does not show yet (visibility rule). Default false. */
  includeHidden?: boolean;
}

/** Bill statuses (§6.4 table, plus 申付驳回 and 支付中 of §10.5, and 待确认 of §10.4). */
export const BILL_STATUSES = Object.freeze([
  'PENDING_CONFIRMATION',
  'PENDING_COUNTERSIGN',
  'COUNTERSIGNING',
  'COUNTERSIGN_REJECTED',
  'PENDING_PAYMENT_REQUEST',
  'PAYMENT_REQUEST_FAILED',
  'PENDING_INVOICE',
  'INVOICE_REVIEW',
  'PAYMENT_REQUEST_PROCESSING',
  'PAYMENT_REQUEST_REJECTED',
  'PAYING',
  'PAID',
] as const);
export type BillStatus = (typeof BILL_STATUSES)[number];
export const BILL_STATUS_LABELS: Readonly<Record<BillStatus, string>> = Object.freeze({
  PENDING_CONFIRMATION: '待确认',
  PENDING_COUNTERSIGN: '待会签',
  COUNTERSIGNING: '会签中',
  COUNTERSIGN_REJECTED: '会签驳回',
  PENDING_PAYMENT_REQUEST: '待申付',
  PAYMENT_REQUEST_FAILED: '申付单创建失败',
  PENDING_INVOICE: '待开票',
  INVOICE_REVIEW: '发票待审核',
  PAYMENT_REQUEST_PROCESSING: '申付处理中',
  PAYMENT_REQUEST_REJECTED: '申付驳回',
  PAYING: '支付中',
  PAID: '已支付',
});

/** What moves a bill: 确认账单 by the seller, the rest by the platform's operators (played by the mock). */
export const BILL_ACTIONS = Object.freeze(['confirm', 'advance', 'reject', 'fail', 'resolve'] as const);
export type BillAction = (typeof BILL_ACTIONS)[number];

/** Who made a change on a bill's timeline. */
export type BillActor = 'system' | 'seller' | 'operator';

/** One change of a bill's status. */
export interface BillTimelineEntry {
  at: number;
  from: BillStatus | null;
  to: BillStatus;
  action: BillAction | 'generate';
  actor: BillActor;
  note: string | null;
}

/** The fields of a transaction-detail row a bill line keeps. */
export const BILL_LINE_ROW_FIELDS = Object.freeze([
  'rowId',
  'transactionType',
  'orderId',
  'orderType',
  'relatedOrderId',
  'instanceRef',
  'productCode',
  'productName',
  'skuCode',
  'chargingMode',
  'customerId',
  'customerName',
  'transactionAt',
  'amount',
  'platformFee',
  'settlementAmount',
  'paymentInstrument',
] as const);

/** One line of a bill (账单详情): a transaction-detail row as billed. */
export type BillLine = Pick<TransactionRow, (typeof BILL_LINE_ROW_FIELDS)[number]> & {
  /** Attribution time (effective, and repaid for credit orders). */
  effectiveAt: number;
  /** True when the row belongs to an earlier month and was never settled before (§6.1 scope). */
  carriedOver: boolean;
};

/** The `data` of a `bill` flow record (id `<productType>:<YYYYMM>`). */
export interface BillData {
  /** `YYYYMM` of the billed month (§6.1: generated 2019-02-07 → `201901`). */
  billId: string;
  productType: ProductType;
  /** `YYYY-MM`. */
  period: string;
  /** Business time of the bill run (the bill day). */
  generatedAt: number;
  status: BillStatus;
  platformFeePercent: number;
  transactionTotal: string;
  platformFeeTotal: string;
  settlementTotal: string;
  lines: BillLine[];
  timeline: BillTimelineEntry[];
}

/** A bill as the admin API and the console show it. */
export interface BillView extends BillData {
  statusLabel: string;
  productTypeLabel: string;
  lineCount: number;
  /** Actions allowed in the current status. */
  allowedActions: BillAction[];
}

/** Credit payment switches of one product (信控设置, §8). */
export interface CreditSettings {
  productCode: string;
  productType: ProductType;
  /** 授信现金券支付 (全量用户). */
  creditCoupon: boolean;
  /** 信用额度支付 (全量用户). */
  creditLimit: boolean;
  /** 自定义用户设置: customers allowed to pay by credit limit while `creditLimit` is off. */
  creditLimitWhitelist: string[];
  updatedAt: number | null;
}

/** How one order was paid and whether its credit was repaid (§8 [P]). */
export interface OrderPayment {
  orderId: string;
  paymentInstrument: PaymentInstrument;
  repaymentStatus: RepaymentStatus;
  paidAt: number | null;
  repaidAt: number | null;
}

/** Performance-summary states (业绩汇总, §7 [P]). */
export type PerformanceStatus = 'ESTIMATED' | 'DRAFT' | 'FINAL';
export const PERFORMANCE_STATUS_LABELS: Readonly<Record<PerformanceStatus, string>> = Object.freeze({
  ESTIMATED: '预估',
  DRAFT: '初稿',
  FINAL: '终稿',
});

/** The Partner Center page the summaries belong to (§7): not the seller console. */
export const PARTNER_CENTER_VIEW = Object.freeze({
  view: 'PARTNER_CENTER' as const,
  viewLabel: '伙伴中心 (Partner Center) > 销售 > 伙伴账务 > 业绩汇总',
});

/** One monthly performance sheet of the (single) partner the mock plays. */
export interface PerformanceSummary {
  /** 业绩单ID: `PS<YYYYMM>`. */
  sheetId: string;
  /** 对账期次 `YYYYMM`. */
  period: string;
  status: PerformanceStatus;
  statusLabel: string;
  /** 业绩总金额: the period's transaction total. */
  totalAmount: string;
  lineCount: number;
  /** Where the figure comes from: the period's bills, or (before they exist) its eligible rows. */
  source: 'bills' | 'transactions';
  view: 'PARTNER_CENTER';
  viewLabel: string;
  reviewedAt: number | null;
}

/** A performance sheet with its lines (业绩明细). */
export interface PerformanceSheet extends PerformanceSummary {
  lines: BillLine[];
}
