/**
 * The filters of the settlement list routes (settlement-routes.ts) read from a query: shared with the exports of
 * those lists (which read their `filters` with the same checks) and with `koogallery-mock trigger` (so nothing
 * here loads express).
 */
import type { ValidationIssue } from '@koogallery-kit/sdk';
import type { BillFilter } from '../../engine/settlement/bill-status';
import {
  BILL_STATUSES,
  PRODUCT_TYPES,
  REPAYMENT_STATUSES,
  TRANSACTION_TYPES,
  type TransactionFilter,
} from '../../engine/model/settlement-types';
import { SUPERVISION_NODE_LABELS, type SupervisionNode } from '../../engine/model/supervision-types';
import { defined, issue, queryEnum, queryString, type QuerySource } from './input';

/** Filter parameters of `GET /transactions` (the route also takes `all`, limit and offset). */
export const TRANSACTION_FILTER_PARAMS = Object.freeze([
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
] as const);

/** Filter parameters of `GET /bills`. */
export const BILL_FILTER_PARAMS = Object.freeze(['productType', 'status', 'billId'] as const);

const SUPERVISION_STATUSES = [...Object.keys(SUPERVISION_NODE_LABELS), 'NA'] as Array<SupervisionNode | 'NA'>;

/** A time parameter: ISO time or epoch ms. */
function queryTime(req: QuerySource, name: string, issues: ValidationIssue[]): number | undefined {
  const v = queryString(req, name, issues);
  if (v === undefined) return undefined;
  const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(ms)) {
    issues.push(
      issue(`/${name}`, 'must be an ISO time (2026-01-31T16:00:00Z) or epoch milliseconds', 'format'),
    );
    return undefined;
  }
  return ms;
}

/** A `YYYYMM` parameter. */
export function queryPeriod(req: QuerySource, name: string, issues: ValidationIssue[]): string | undefined {
  const v = queryString(req, name, issues);
  if (v !== undefined && !/^\d{4}(0[1-9]|1[0-2])$/.test(v)) {
    issues.push(issue(`/${name}`, 'must be a month YYYYMM, e.g. 202601', 'pattern'));
    return undefined;
  }
  return v;
}

/** The transaction-detail filter of a query (problems go to `issues`; unknown parameters are the caller's). */
export function readTransactionFilter(req: QuerySource, issues: ValidationIssue[]): TransactionFilter {
  return defined({
    orderId: queryString(req, 'orderId', issues),
    billingPeriod: queryPeriod(req, 'billingPeriod', issues),
    customer: queryString(req, 'customer', issues),
    productType: queryEnum(req, 'productType', PRODUCT_TYPES, issues),
    transactionType: queryEnum(req, 'transactionType', TRANSACTION_TYPES, issues),
    billStatus: queryEnum(req, 'billStatus', ['BILLED', 'UNBILLED'] as const, issues),
    repaymentStatus: queryEnum(req, 'repaymentStatus', REPAYMENT_STATUSES, issues),
    supervisionStatus: queryEnum(req, 'supervisionStatus', SUPERVISION_STATUSES, issues),
    from: queryTime(req, 'from', issues),
    to: queryTime(req, 'to', issues),
  });
}

/** The bill-list filter of a query. */
export function readBillFilter(req: QuerySource, issues: ValidationIssue[]): BillFilter {
  return defined({
    productType: queryEnum(req, 'productType', PRODUCT_TYPES, issues),
    status: queryEnum(req, 'status', BILL_STATUSES, issues),
    billId: queryPeriod(req, 'billId', issues),
  });
}
