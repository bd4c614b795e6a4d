/**
 * The filters of the settlement exports, read with the checks of the lists they export (`GET /transactions`,
 * `GET /bills`): an unknown value is an issue naming the filter.
 */
import type { ValidationIssue } from '@koogallery-kit/sdk';
import {
  BILL_STATUSES,
  PRODUCT_TYPES,
  REPAYMENT_STATUSES,
  TRANSACTION_TYPES,
  type BillStatus,
  type ProductType,
  type TransactionFilter,
} from '../../../engine/model/settlement-types';
import { SUPERVISION_NODE_LABELS, type SupervisionNode } from '../../../engine/model/supervision-types';
import { issue, queryEnum, queryString, type QuerySource } from '../input';
import { queryText, queryTime } from '../order-criteria';
import { BILL_QUERY, TRANSACTION_QUERY } from '../settlement-query';

const SUPERVISION_STATUSES = [...Object.keys(SUPERVISION_NODE_LABELS), 'NA'] as Array<SupervisionNode | 'NA'>;

/** A `YYYYMM` month. */
function queryPeriod(req: QuerySource, name: string, issues: ValidationIssue[]): string | undefined {
  const v = queryString(req, name, issues);
  if (v !== undefined && !/^\d{4}(0[1-9]|1[0-2])$/.test(v)) {
    issues.push(issue(`/${name}`, 'must be a month YYYYMM, e.g. 202601', 'pattern'));
    return undefined;
  }
  return v;
}

/** Drops the filters not given. */
const given = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** Filters of the transaction-detail export: the list's (`all` aside: an export holds what the console shows). */
export const TRANSACTION_FILTER_PARAMS = Object.freeze(TRANSACTION_QUERY.filter((p) => p !== 'all'));

/** Reads the transaction-detail filters. */
export function readTransactionFilter(req: QuerySource, issues: ValidationIssue[]): TransactionFilter {
  return given({
    orderId: queryText(req, 'orderId', issues),
    billingPeriod: queryPeriod(req, 'billingPeriod', issues),
    customer: queryText(req, 'customer', issues),
    productType: queryEnum(req, 'productType', PRODUCT_TYPES, issues),
    transactionType: queryEnum(req, 'transactionType', TRANSACTION_TYPES, issues),
    billStatus: queryEnum(req, 'billStatus', ['BILLED', 'UNBILLED'] as const, issues),
    repaymentStatus: queryEnum(req, 'repaymentStatus', REPAYMENT_STATUSES, issues),
    supervisionStatus: queryEnum(req, 'supervisionStatus', SUPERVISION_STATUSES, issues),
    from: queryTime(req, 'from', issues),
    to: queryTime(req, 'to', issues),
  });
}

/** Filters of the bill export: the bill list's. */
export const BILL_FILTER_PARAMS = BILL_QUERY;

/** Reads the bill filters (all optional: without `billId`, every bill). */
export function readBillFilter(
  req: QuerySource,
  issues: ValidationIssue[],
): { billId?: string; productType?: ProductType; status?: BillStatus } {
  return given({
    billId: queryPeriod(req, 'billId', issues),
    productType: queryEnum(req, 'productType', PRODUCT_TYPES, issues),
    status: queryEnum(req, 'status', BILL_STATUSES, issues),
  });
}

/** Filters of the bill-details export. */
export const BILL_DETAILS_FILTER_PARAMS = Object.freeze(['billId', 'productType'] as const);

/** Reads the bill-details filters: `billId` is required (one bill's lines). */
export function readBillDetailsFilter(
  req: QuerySource,
  issues: ValidationIssue[],
): { billId: string; productType?: ProductType } {
  const billId = queryPeriod(req, 'billId', issues);
  if (billId === undefined && queryString(req, 'billId', []) === undefined) {
    issues.push(issue('/billId', 'is required: the bill (YYYYMM) whose lines to export', 'required'));
  }
  const productType = queryEnum(req, 'productType', PRODUCT_TYPES, issues);
  return given({ billId: billId ?? '', productType });
}
