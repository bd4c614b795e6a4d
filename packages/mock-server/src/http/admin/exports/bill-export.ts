/**
 * The bill exports (结算管理 > 账单管理, seller-console.md §6.2): `bill` — 导出 of the bill list, one row per bill
 * with its status and totals (one bill with `billId`); `bill-details` — 详情 > 详单导出, one row per line of one
 * bill (§6.2: at least 交易金额 and 应结算金额 per line).
 */
import type { BillLine, BillView } from '../../../engine/model/settlement-types';
import {
  BILL_ID,
  ORDER_NO,
  ORDER_TYPE,
  PRODUCT_TYPE,
  RELATED_ORDER_NO,
  TRANSACTION_LINE_COLUMNS,
  TRANSACTION_TYPE,
} from './common-columns';
import {
  amountColumn,
  labelColumn,
  numberColumn,
  textColumn,
  timeColumn,
  type ExportColumn,
} from './export-columns';
import { defineExportKind } from './export-kind';
import { BILL_STATUS_TEXT, YES_NO } from './labels';
import {
  BILL_DETAILS_FILTER_PARAMS,
  BILL_FILTER_PARAMS,
  readBillDetailsFilter,
  readBillFilter,
} from './settlement-filters';

/** The columns of the bill export (one row per bill). */
export const BILL_EXPORT_COLUMNS: readonly ExportColumn<BillView>[] = Object.freeze([
  BILL_ID,
  PRODUCT_TYPE,
  textColumn('period', '账期', 'Billing Period'),
  timeColumn('generatedAt', '出账时间', 'Generated'),
  labelColumn('status', '账单状态', 'Bill Status', BILL_STATUS_TEXT, 18),
  numberColumn('lineCount', '明细条数', 'Lines', 'integer'),
  amountColumn('transactionTotal', '交易金额(元)', 'Transaction Amount (CNY)'),
  numberColumn('platformFeePercent', '平台服务费率(%)', 'Platform Fee Rate (%)'),
  amountColumn('platformFeeTotal', '平台服务费(元)', 'Platform Fee (CNY)'),
  amountColumn('settlementTotal', '应结算金额(元)', 'Amount to Settle (CNY)'),
]);

/** A bill line with the bill it belongs to. */
export interface BillDetailRow extends BillLine {
  billId: string;
  productType: BillView['productType'];
  /** `yes` when the line belongs to an earlier month never settled before (§6.1 scope). */
  carriedOverText: 'yes' | 'no';
}

/** The columns of the bill-details export (one row per line). */
export const BILL_DETAILS_EXPORT_COLUMNS: readonly ExportColumn<BillDetailRow>[] = Object.freeze([
  BILL_ID,
  PRODUCT_TYPE,
  TRANSACTION_TYPE,
  ORDER_NO,
  ORDER_TYPE,
  RELATED_ORDER_NO,
  ...TRANSACTION_LINE_COLUMNS,
  labelColumn('carriedOverText', '往期结转', 'Carried Over', YES_NO),
]);

/** The bill export. */
export const BILL_EXPORT = defineExportKind({
  kind: 'bill',
  title: { zh: '账单', en: 'Bills' },
  slug: 'bills',
  filterParams: BILL_FILTER_PARAMS,
  columns: BILL_EXPORT_COLUMNS,
  readFilters: readBillFilter,
  rows: (engine, filter) => engine.listBills(filter),
});

/** The bill-details export. */
export const BILL_DETAILS_EXPORT = defineExportKind({
  kind: 'bill-details',
  title: { zh: '账单详情', en: 'Bill details' },
  slug: 'bill-details',
  filterParams: BILL_DETAILS_FILTER_PARAMS,
  columns: BILL_DETAILS_EXPORT_COLUMNS,
  readFilters: readBillDetailsFilter,
  rows: (engine, { billId, productType }) => {
    const bill = engine.getBill(billId, productType);
    return bill.lines.map((line) => ({
      ...line,
      billId: bill.billId,
      productType: bill.productType,
      carriedOverText: line.carriedOver ? ('yes' as const) : ('no' as const),
    }));
  },
});
