/**
 * The transaction-detail export (结算管理 > 交易明细管理 > 导出, seller-console.md §5): one row per transaction the
 * console shows now (the visibility rule applies, as on the page), with the filters of the list
 * (`GET /__admin/transactions`), its bill flag, repayment and supervision status.
 */
import type { TransactionRow } from '../../../engine/model/settlement-types';
import {
  BILL_ID,
  ORDER_NO,
  ORDER_TYPE,
  PRODUCT_TYPE,
  TRANSACTION_LINE_COLUMNS,
  TRANSACTION_TYPE,
} from './common-columns';
import { labelColumn, textColumn, type ExportColumn } from './export-columns';
import { defineExportKind } from './export-kind';
import { BILL_FLAG_TEXT, REPAYMENT_STATUS_TEXT, SUPERVISION_TEXT, UNBILLED_REASON_TEXT } from './labels';
import { TRANSACTION_FILTER_PARAMS, readTransactionFilter } from './settlement-filters';

/** The columns of the transaction-detail export. */
export const TRANSACTION_EXPORT_COLUMNS: readonly ExportColumn<TransactionRow>[] = Object.freeze([
  ORDER_NO,
  TRANSACTION_TYPE,
  ORDER_TYPE,
  PRODUCT_TYPE,
  ...TRANSACTION_LINE_COLUMNS,
  labelColumn('repaymentStatus', '客户还款状态', 'Customer Repayment Status', REPAYMENT_STATUS_TEXT),
  labelColumn('supervisionStatus', '服务监管状态', 'Supervision Status', SUPERVISION_TEXT, 20),
  labelColumn('billStatus', '出账状态', 'Bill Status', BILL_FLAG_TEXT),
  labelColumn('unbilledReason', '未出账原因', 'Unbilled Reason', UNBILLED_REASON_TEXT, 20),
  textColumn('billingPeriod', '账期', 'Billing Period'),
  BILL_ID,
]);

/** The transaction-detail export. */
export const TRANSACTION_EXPORT = defineExportKind({
  kind: 'transactions',
  title: { zh: '交易明细', en: 'Transaction details' },
  slug: 'transactions',
  filterParams: TRANSACTION_FILTER_PARAMS,
  columns: TRANSACTION_EXPORT_COLUMNS,
  readFilters: readTransactionFilter,
  // The rows the console shows now (§5 timing), as the list does without `all`.
  rows: (engine, filter) => engine.listTransactions({ ...filter, includeHidden: false }),
});
