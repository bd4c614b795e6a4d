// @ts-check
/**
 * Labels and pill tones of the settlement pages (seller-console reference §5–§8): the console's Chinese labels
 * as the seller console shows them, with an English gloss where the code alone says little. Plain data, no DOM:
 * test/console/settlement-labels.test.ts checks each table against the engine's (engine/model/settlement-types.ts,
 * the export records' labels), so the console and the mock never name a status differently.
 */

/** Product types: one tab each on 交易明细管理 and 账单管理 (§5 "one tab per product type", §6.2). */
export const PRODUCT_TYPE_LABELS = Object.freeze({
  general: '通用商品',
  'joint-operations': '联营商品',
});

/** Transaction types of a transaction-detail row (§5). */
export const TRANSACTION_TYPE_LABELS = Object.freeze({
  NEW: '新购',
  RENEW: '续费',
  CHANGE: '变更',
  UNSUBSCRIBE: '退订',
  USAGE: '按需消费',
});

/** 已出账 / 未出账 (§5). */
export const BILL_FLAG_LABELS = Object.freeze({
  BILLED: '已出账',
  UNBILLED: '未出账',
});

/** Why a row is not billed yet (§5 "conditions not met"; the others are the mock's readings of §6.1). */
export const UNBILLED_REASON_LABELS = Object.freeze({
  NOT_EFFECTIVE: '订单未生效 (not in effect yet)',
  NEVER_EFFECTIVE: '订单未生效且不会生效 (never in effect: canceled, or unsubscribed before it began)',
  SUPERVISION_OPEN: '服务监管未完成 (supervision not completed)',
  CREDIT_NOT_REPAID: '客户未还款 (credit not repaid)',
  BILL_DATE_NOT_REACHED: '未到出账日 (bill date not reached)',
  BELOW_MINIMUM: '未达出账金额 (below the minimum amount; carried over)',
  ORIGINAL_NOT_SETTLED: '原订单未结算 (the reversed order was never settled)',
});

/** 客户还款状态 (§5, §8). */
export const REPAYMENT_STATUS_LABELS = Object.freeze({
  NOT_APPLICABLE: '不涉及',
  UNPAID: '未还款',
  REPAID: '已还款',
});

/** How an order was paid (§8). */
export const PAYMENT_INSTRUMENT_LABELS = Object.freeze({
  CASH: '现金 (cash)',
  CREDIT_COUPON: '授信现金券 (credit cash coupon)',
  CREDIT_LIMIT: '信用额度 (credit limit)',
});

/** Supervision status of a row: the node (§2.7) or 不涉及 (not supervised). */
export const SUPERVISION_STATUS_LABELS = Object.freeze({
  REQ_PENDING: '待提交需求 (waiting for the requirement)',
  REQ_CONFIRM: '待商家确认需求 (seller confirms the requirement)',
  DELIVERING: '商家实施服务 (seller delivers)',
  USER_ACCEPTANCE: '用户确认验收 (buyer acceptance)',
  CODE_CLAIM: '用户领取授权码 (buyer claims the code)',
  CODE_ACTIVATION: '授权码激活 (code activation)',
  PROOF_UPLOAD: '商家上传交付证明 (seller uploads delivery proof)',
  APPEAL: '申诉中 (appeal, frozen)',
  COMPLETED: '服务完成 (service completed)',
  NA: '不涉及',
});

/** Bill statuses (§6.4 table, 申付驳回 and 支付中 of §10.5, 待确认 of §10.4). */
export const BILL_STATUS_LABELS = Object.freeze({
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

/** Pill tone of each bill status: waiting for someone, in progress, rejected/failed, paid. */
export const BILL_STATUS_TONES = Object.freeze({
  PENDING_CONFIRMATION: 'wait',
  PENDING_COUNTERSIGN: 'wait',
  COUNTERSIGNING: 'busy',
  COUNTERSIGN_REJECTED: 'bad',
  PENDING_PAYMENT_REQUEST: 'wait',
  PAYMENT_REQUEST_FAILED: 'bad',
  PENDING_INVOICE: 'wait',
  INVOICE_REVIEW: 'busy',
  PAYMENT_REQUEST_PROCESSING: 'busy',
  PAYMENT_REQUEST_REJECTED: 'bad',
  PAYING: 'busy',
  PAID: 'ok',
});

/**
 * The bill actions (§6.3, §6.4): 确认账单 is the seller's; the others are the platform's operators', which the
 * mock plays. `advance` at 待开票 is the seller issuing the invoice to Huawei (§6.5).
 */
export const BILL_ACTION_LABELS = Object.freeze({
  confirm: '确认账单 (confirm the bill)',
  advance: 'Advance to the next status',
  reject: 'Reject',
  fail: 'Payment request creation failed',
  resolve: 'Resolve (back to the flow)',
});

/** Performance-sheet statuses (§7). */
export const PERFORMANCE_STATUS_LABELS = Object.freeze({
  ESTIMATED: '预估',
  DRAFT: '初稿',
  FINAL: '终稿',
});

export const PERFORMANCE_STATUS_TONES = Object.freeze({
  ESTIMATED: 'busy',
  DRAFT: 'wait',
  FINAL: 'ok',
});

/** Export-record states (导出记录, §5, §6.2). */
export const EXPORT_STATE_LABELS = Object.freeze({
  GENERATING: '生成中',
  DONE: '已完成',
  FAILED: '失败',
});

export const EXPORT_STATE_TONES = Object.freeze({
  GENERATING: 'busy',
  DONE: 'ok',
  FAILED: 'bad',
});

/** What the settlement pages export (`POST /__admin/exports` kinds) and how the history names them. */
export const EXPORT_KIND_LABELS = Object.freeze({
  orders: '订单列表 (orders)',
  transactions: '交易明细 (transaction details)',
  bill: '账单 (bill)',
  'bill-details': '账单详单 (bill details)',
});

/**
 * The label of `code` in `table`, or the code itself.
 * @param {Readonly<Record<string, string>>} table
 * @param {string | null | undefined} code
 */
export function labelOf(table, code) {
  if (code === null || code === undefined) return '—';
  return table[code] ?? code;
}

/**
 * The pill tone of `code` in `table` (`off` for an unknown code).
 * @param {Readonly<Record<string, string>>} table
 * @param {string} code
 */
export function toneOf(table, code) {
  return table[code] ?? 'off';
}

/** `[value, label]` options of a select from a label table, after an "any" option. @param {Readonly<Record<string, string>>} table @param {string} any */
export function optionsOf(table, any) {
  return /** @type {Array<[string, string]>} */ ([['', any], ...Object.entries(table)]);
}
