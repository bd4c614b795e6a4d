/**
 * Console labels of the values the exports show, in Chinese and English: order types, charging modes,
 * supervision nodes (§2.7), and the settlement values (seller-console.md §5, §6.4, §8). The Chinese labels of
 * the bill statuses, product and transaction types are the engine's (settlement-types.ts); the English ones
 * follow the intl console where it names them ("pending approval" for 待会签, §6.3).
 */
import {
  BILL_STATUS_LABELS,
  PRODUCT_TYPE_LABELS,
  TRANSACTION_TYPE_LABELS,
  type BillStatus,
  type PaymentInstrument,
  type ProductType,
  type RepaymentStatus,
  type TransactionType,
  type UnbilledReason,
} from '../../../engine/model/settlement-types';
import { SUPERVISION_NODE_LABELS, type SupervisionNode } from '../../../engine/model/supervision-types';
import type { ChargingMode, OrderType } from '../../../engine/model/types';
import type { Bilingual } from './export-records';

/** Console labels of the order types. */
export const ORDER_TYPE_TEXT: Readonly<Record<OrderType, Bilingual>> = Object.freeze({
  NEW: { zh: '新购', en: 'New purchase' },
  TRIAL: { zh: '试用', en: 'Trial' },
  TRIAL_TO_FORMAL: { zh: '试用转正', en: 'Trial to formal' },
  RENEW: { zh: '续费', en: 'Renewal' },
  CHANGE: { zh: '变更', en: 'Change' },
  UNSUBSCRIBE: { zh: '退订', en: 'Unsubscription' },
});

/** Console labels of the charging modes. */
export const CHARGING_MODE_TEXT: Readonly<Record<ChargingMode, Bilingual>> = Object.freeze({
  PERIOD: { zh: '包周期', en: 'Yearly/Monthly' },
  ONE_TIME: { zh: '按次', en: 'One-time' },
  ON_DEMAND: { zh: '按需', en: 'Pay-per-use' },
  ON_DEMAND_PKG: { zh: '按需套餐包', en: 'Pay-per-use package' },
});

/** Supervision nodes: the console's Chinese names and their English glosses; `NA` = not supervised (不涉及). */
export const SUPERVISION_TEXT = Object.freeze({
  ...(Object.fromEntries(
    Object.entries(SUPERVISION_NODE_LABELS).map(([node, label]) => {
      const [, zh = label, en = label] = /^(\S+) \((.+)\)$/.exec(label) ?? [];
      return [node, { zh, en }];
    }),
  ) as Record<SupervisionNode, Bilingual>),
  NA: { zh: '不涉及', en: 'Not involved' },
});

/** Pairs each Chinese label of `zh` with its English label. */
const withEnglish = <K extends string>(
  zh: Readonly<Record<K, string>>,
  en: Readonly<Record<K, string>>,
): Readonly<Record<K, Bilingual>> =>
  Object.freeze(
    Object.fromEntries(
      Object.entries(zh).map(([k, v]) => [k, { zh: v as string, en: en[k as K] }]),
    ) as Record<K, Bilingual>,
  );

export const PRODUCT_TYPE_TEXT = withEnglish<ProductType>(PRODUCT_TYPE_LABELS, {
  general: 'General product',
  'joint-operations': 'Joint-operations product',
});

export const TRANSACTION_TYPE_TEXT = withEnglish<TransactionType>(TRANSACTION_TYPE_LABELS, {
  NEW: ORDER_TYPE_TEXT.NEW.en,
  RENEW: ORDER_TYPE_TEXT.RENEW.en,
  CHANGE: ORDER_TYPE_TEXT.CHANGE.en,
  UNSUBSCRIBE: ORDER_TYPE_TEXT.UNSUBSCRIBE.en,
  USAGE: 'Pay-per-use consumption',
});

export const BILL_STATUS_TEXT = withEnglish<BillStatus>(BILL_STATUS_LABELS, {
  PENDING_CONFIRMATION: 'Pending confirmation',
  PENDING_COUNTERSIGN: 'Pending approval',
  COUNTERSIGNING: 'Approving',
  COUNTERSIGN_REJECTED: 'Approval rejected',
  PENDING_PAYMENT_REQUEST: 'Pending payment request',
  PAYMENT_REQUEST_FAILED: 'Payment request creation failed',
  PENDING_INVOICE: 'Pending invoice',
  INVOICE_REVIEW: 'Invoice under review',
  PAYMENT_REQUEST_PROCESSING: 'Payment request processing',
  PAYMENT_REQUEST_REJECTED: 'Payment request rejected',
  PAYING: 'Paying',
  PAID: 'Paid',
});

export const PAYMENT_INSTRUMENT_TEXT: Readonly<Record<PaymentInstrument, Bilingual>> = Object.freeze({
  CASH: { zh: '现金', en: 'Cash' },
  CREDIT_COUPON: { zh: '授信现金券', en: 'Credit cash coupon' },
  CREDIT_LIMIT: { zh: '信用额度', en: 'Credit limit' },
});

export const REPAYMENT_STATUS_TEXT: Readonly<Record<RepaymentStatus, Bilingual>> = Object.freeze({
  NOT_APPLICABLE: { zh: '不涉及', en: 'Not applicable' },
  UNPAID: { zh: '未还款', en: 'Not repaid' },
  REPAID: { zh: '已还款', en: 'Repaid' },
});

export const BILL_FLAG_TEXT: Readonly<Record<'BILLED' | 'UNBILLED', Bilingual>> = Object.freeze({
  BILLED: { zh: '已出账', en: 'Billed' },
  UNBILLED: { zh: '未出账', en: 'Unbilled' },
});

export const UNBILLED_REASON_TEXT: Readonly<Record<UnbilledReason, Bilingual>> = Object.freeze({
  NOT_EFFECTIVE: { zh: '订单未生效', en: 'Not in effect yet' },
  NEVER_EFFECTIVE: { zh: '订单未生效(不出账)', en: 'Never in effect (not billed)' },
  SUPERVISION_OPEN: { zh: '服务监管未完成', en: 'Supervision not completed' },
  CREDIT_NOT_REPAID: { zh: '客户未还款', en: 'Credit not repaid' },
  BILL_DATE_NOT_REACHED: { zh: '未到出账日', en: 'Bill date not reached' },
  BELOW_MINIMUM: { zh: '未达出账金额', en: 'Below the billing minimum' },
  ORIGINAL_NOT_SETTLED: { zh: '原订单未结算', en: 'Original order never settled' },
});

/** 是 / 否. */
export const YES_NO: Readonly<Record<'yes' | 'no', Bilingual>> = Object.freeze({
  yes: { zh: '是', en: 'Yes' },
  no: { zh: '否', en: 'No' },
});
