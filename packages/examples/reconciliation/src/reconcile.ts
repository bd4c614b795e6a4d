// The matching itself, pure: the lines of the platform's bill for one month, the platform's transaction details
// and the seller's own order records, matched by order id. Amounts are whole cents (no float drift).

/** One line of the bill (账单详情), as read from its export. */
export interface BillLine {
  orderId: string;
  /** NEW, RENEW, CHANGE, UNSUBSCRIBE or USAGE (pay-per-use consumption of a day). */
  transactionType: string;
  /** 交易金额 in cents (negative for a refund). */
  amountCents: number;
}

/** One transaction-detail row (交易明细) of the platform, as its admin API returns it. */
export interface TransactionDetail {
  orderId: string;
  transactionType: string;
  /** 已出账 / 未出账. */
  billStatus: 'BILLED' | 'UNBILLED';
  unbilledReason: string | null;
  /** `YYYYMM`: the bill holding the row, or the period it will be billed in. */
  billingPeriod: string | null;
  billId: string | null;
}

/** One order of the seller's own records. */
export interface SellerOrder {
  orderId: string;
  orderType: string;
  amountCents: number;
  /** `YYYYMM` of the order's creation in business time (UTC+8). */
  month: string;
}

/** A difference between the bill and the seller's records. */
export type Difference =
  | { kind: 'MISSING_IN_SELLER_RECORDS'; orderId: string; transactionType: string; billCents: number }
  | { kind: 'MISSING_ON_PLATFORM'; orderId: string; orderType: string; sellerCents: number }
  | {
      kind: 'AMOUNT_MISMATCH';
      orderId: string;
      transactionType: string;
      billCents: number;
      sellerCents: number;
    };

/** A seller order that is not on this bill for a reason the transaction details give (not a difference). */
export interface NotOnThisBill {
  orderId: string;
  orderType: string;
  /** `billed in 202512`, `billing period 202602 (BILL_DATE_NOT_REACHED)`, `unbilled (SUPERVISION_OPEN)`. */
  why: string;
}

/** What the reconciliation found. */
export interface ReconciliationReport {
  period: string;
  /** Order lines of the bill found in the seller's records with the same amount. */
  matched: number;
  matchedCents: number;
  /** Order lines of the bill (pay-per-use consumption excluded) and their total. */
  billOrderLines: number;
  billOrderCents: number;
  /** Pay-per-use consumption on the bill: not orders, so not matched against the order records. */
  usageLines: number;
  usageCents: number;
  differences: Difference[];
  notOnThisBill: NotOnThisBill[];
}

/** Order types that never reach a bill: trials are free and hidden from the transaction details. */
const NEVER_BILLED = new Set(['TRIAL']);

/**
 * Reconciles the bill of `period` (`YYYYMM`): every order line of the bill must be in the seller's records with
 * the same amount; every seller order of the period or before (trials aside) must be on this bill, or explained
 * by the transaction details (billed in another month, or not billed yet and why).
 */
export function reconcile(input: {
  period: string;
  billLines: readonly BillLine[];
  transactions: readonly TransactionDetail[];
  sellerOrders: readonly SellerOrder[];
}): ReconciliationReport {
  const { period } = input;
  const seller = new Map(input.sellerOrders.map((o) => [o.orderId, o]));
  const details = new Map<string, TransactionDetail>();
  for (const t of input.transactions) if (t.transactionType !== 'USAGE') details.set(t.orderId, t);
  const report: ReconciliationReport = {
    period,
    matched: 0,
    matchedCents: 0,
    billOrderLines: 0,
    billOrderCents: 0,
    usageLines: 0,
    usageCents: 0,
    differences: [],
    notOnThisBill: [],
  };
  const onBill = new Set<string>();
  for (const line of input.billLines) {
    if (line.transactionType === 'USAGE') {
      report.usageLines += 1;
      report.usageCents += line.amountCents;
      continue;
    }
    onBill.add(line.orderId);
    report.billOrderLines += 1;
    report.billOrderCents += line.amountCents;
    const own = seller.get(line.orderId);
    if (own === undefined) {
      report.differences.push({
        kind: 'MISSING_IN_SELLER_RECORDS',
        orderId: line.orderId,
        transactionType: line.transactionType,
        billCents: line.amountCents,
      });
    } else if (own.amountCents !== line.amountCents) {
      report.differences.push({
        kind: 'AMOUNT_MISMATCH',
        orderId: line.orderId,
        transactionType: line.transactionType,
        billCents: line.amountCents,
        sellerCents: own.amountCents,
      });
    } else {
      report.matched += 1;
      report.matchedCents += line.amountCents;
    }
  }
  for (const own of input.sellerOrders) {
    if (onBill.has(own.orderId) || NEVER_BILLED.has(own.orderType) || own.month > period) continue;
    const detail = details.get(own.orderId);
    if (detail === undefined) {
      report.differences.push({
        kind: 'MISSING_ON_PLATFORM',
        orderId: own.orderId,
        orderType: own.orderType,
        sellerCents: own.amountCents,
      });
      continue;
    }
    // Billed in an earlier month's bill: reconciled then, nothing to say now.
    if (detail.billStatus === 'BILLED' && detail.billId !== null && detail.billId < period) continue;
    const why =
      detail.billStatus === 'BILLED'
        ? `billed in ${detail.billId ?? '?'}`
        : detail.billingPeriod === null
          ? `unbilled (${detail.unbilledReason ?? 'no reason given'})`
          : `billing period ${detail.billingPeriod} (${detail.unbilledReason ?? 'unbilled'})`;
    report.notOnThisBill.push({ orderId: own.orderId, orderType: own.orderType, why });
  }
  return report;
}

/** Cents as yuan with two decimals: `-4950` → `-49.50`. */
export function yuan(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The report as text, one difference per line. */
export function formatReport(r: ReconciliationReport, productType: string): string {
  const lines = [
    `Reconciliation of bill ${r.period} (${productType}): ${r.billOrderLines} order lines on the bill (${yuan(r.billOrderCents)} yuan)` +
      (r.usageLines > 0
        ? `, ${r.usageLines} pay-per-use lines (${yuan(r.usageCents)} yuan, not matched)`
        : ''),
    `  matched: ${r.matched} orders, ${yuan(r.matchedCents)} yuan`,
  ];
  for (const d of r.differences) {
    if (d.kind === 'AMOUNT_MISMATCH') {
      lines.push(
        `  DIFFERENCE amount mismatch: ${d.orderId} (${d.transactionType}) bill ${yuan(d.billCents)}, seller ${yuan(d.sellerCents)} (bill − seller = ${yuan(d.billCents - d.sellerCents)})`,
      );
    } else if (d.kind === 'MISSING_IN_SELLER_RECORDS') {
      lines.push(
        `  DIFFERENCE missing in the seller's records: ${d.orderId} (${d.transactionType}) billed ${yuan(d.billCents)}`,
      );
    } else {
      lines.push(
        `  DIFFERENCE missing on the platform: ${d.orderId} (${d.orderType}) recorded ${yuan(d.sellerCents)}, in no transaction detail`,
      );
    }
  }
  for (const n of r.notOnThisBill) lines.push(`  not on this bill: ${n.orderId} (${n.orderType}) — ${n.why}`);
  const count = r.differences.length;
  lines.push(count === 0 ? 'no differences' : `${count} difference${count === 1 ? '' : 's'}`);
  return `${lines.join('\n')}\n`;
}
