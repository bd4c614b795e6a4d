/**
 * The filters of the settlement exports, read with the checks of the lists they export (`GET /transactions`,
 * `GET /bills`, ../settlement-query.ts): an unknown value is an issue naming the filter. The bill-details export
 * takes one bill: `billId` is required.
 */
import type { ValidationIssue } from '@koogallery-kit/sdk';
import { PRODUCT_TYPES, type ProductType } from '../../../engine/model/settlement-types';
import { defined, issue, queryEnum, queryString, type QuerySource } from '../input';
import { queryPeriod } from '../settlement-query';

export {
  BILL_FILTER_PARAMS,
  TRANSACTION_FILTER_PARAMS,
  readBillFilter,
  readTransactionFilter,
} from '../settlement-query';

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
  return defined({ billId: billId ?? '', productType });
}
