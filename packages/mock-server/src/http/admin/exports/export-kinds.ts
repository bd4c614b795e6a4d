/** Every export kind, by name. */
import type { ExportKindDefinition } from './export-kind';
import type { ExportKind } from './export-records';
import { BILL_DETAILS_EXPORT, BILL_EXPORT } from './bill-export';
import { ORDER_EXPORT } from './order-export';
import { TRANSACTION_EXPORT } from './transaction-export';

/** The definition of each kind. */
export const EXPORT_KIND_DEFINITIONS: Readonly<Record<ExportKind, ExportKindDefinition>> = Object.freeze({
  orders: ORDER_EXPORT,
  transactions: TRANSACTION_EXPORT,
  bill: BILL_EXPORT,
  'bill-details': BILL_DETAILS_EXPORT,
});
