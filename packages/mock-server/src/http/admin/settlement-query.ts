/**
 * Query parameters of the settlement list routes (settlement-routes.ts), shared with `koogallery-mock trigger`
 * (which must not load express).
 */

/** Query parameters of `GET /transactions` (the CLI's `trigger transactions` takes the same). */
export const TRANSACTION_QUERY = Object.freeze([
  'orderId',
  'billingPeriod',
  'customer',
  'productType',
  'transactionType',
  'billStatus',
  'repaymentStatus',
  'supervisionStatus',
  'from',
  'to',
  'all',
] as const);

/** Query parameters of `GET /bills`. */
export const BILL_QUERY = Object.freeze(['productType', 'status', 'billId'] as const);
