// @koogallery-kit/example-reconciliation — a monthly reconciliation of the platform's bill with the seller's records.
export { EXIT, HELP, runReconciliation } from './reconciliation-script';
export type { ScriptIo } from './reconciliation-script';
export { formatReport, reconcile, yuan } from './reconcile';
export type {
  BillLine,
  Difference,
  NotOnThisBill,
  ReconciliationReport,
  SellerOrder,
  TransactionDetail,
} from './reconcile';
export { BillFileError, readBillFile } from './bill-file';
export { MockAdminError, downloadBillExport, fetchTransactions } from './mock-admin';
export type { MockAdmin } from './mock-admin';
export { businessMonth, readSellerOrders } from './seller-orders';
