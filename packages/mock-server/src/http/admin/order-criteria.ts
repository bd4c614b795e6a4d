/**
 * Reading the order list's search criteria (and the zone of its time columns) from a query: the same checks for
 * `GET /order-search`, its CSV and the `filters` of an order-list export (exports/order-export.ts).
 */
import type { ValidationIssue } from '@koogallery-kit/sdk';
import { ORDER_STATES, ORDER_TYPES } from '../../engine/model/types';
import { issue, queryEnum, queryString, type QuerySource } from './input';
import type { OrderSearchCriteria } from './order-search';

/** The query parameters of the order search. */
export const ORDER_SEARCH_PARAMS = Object.freeze([
  'orderId',
  'customer',
  'product',
  'state',
  'orderType',
  'createdFrom',
  'createdTo',
] as const);

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * A time query parameter: epoch milliseconds, or ISO-8601 with its zone (`2025-03-10T10:00:00+08:00`). A time
 * without a zone is refused rather than read in the server's zone, which the caller cannot know.
 */
export function queryTime(req: QuerySource, name: string, issues: ValidationIssue[]): number | undefined {
  const v = queryString(req, name, issues)?.trim();
  if (v === undefined || v === '') return undefined;
  const ms = /^\d+$/.test(v) ? Number(v) : ISO_WITH_ZONE.test(v) ? Date.parse(v) : Number.NaN;
  if (!Number.isSafeInteger(ms)) {
    issues.push(
      issue(
        `/${name}`,
        'must be epoch milliseconds or an ISO-8601 time with its zone (2025-03-10T10:00:00+08:00 or …Z)',
        'format',
      ),
    );
    return undefined;
  }
  return ms;
}

/** A free-text query parameter; empty text means "not given". At most 200 characters. */
export function queryText(req: QuerySource, name: string, issues: ValidationIssue[]): string | undefined {
  const v = queryString(req, name, issues);
  if (v === undefined || v.trim() === '') return undefined;
  if (v.length > 200) {
    issues.push(issue(`/${name}`, 'must be at most 200 characters', 'maxLength'));
    return undefined;
  }
  return v;
}

/** Reads the search criteria into `issues`. */
export function readOrderCriteria(req: QuerySource, issues: ValidationIssue[]): OrderSearchCriteria {
  const c: OrderSearchCriteria = {
    orderId: queryText(req, 'orderId', issues),
    customer: queryText(req, 'customer', issues),
    product: queryText(req, 'product', issues),
    state: queryEnum(req, 'state', ORDER_STATES, issues),
    orderType: queryEnum(req, 'orderType', ORDER_TYPES, issues),
    createdFrom: queryTime(req, 'createdFrom', issues),
    createdTo: queryTime(req, 'createdTo', issues),
  };
  if (c.createdFrom !== undefined && c.createdTo !== undefined && c.createdFrom > c.createdTo) {
    issues.push(issue('/createdTo', 'must not be before createdFrom', 'minimum'));
  }
  return c;
}

/** The platform's zone: UTC+8, in minutes east of UTC. */
export const PLATFORM_ZONE_MINUTES = 480;

/** Reads `tz` (minutes east of UTC, -720..840; default 480, UTC+8). */
export function readZone(req: QuerySource, issues: ValidationIssue[]): number {
  const v = queryString(req, 'tz', issues);
  if (v === undefined) return PLATFORM_ZONE_MINUTES;
  const n = Number(v);
  if (!/^-?\d+$/.test(v) || n < -720 || n > 840) {
    issues.push(issue('/tz', 'must be whole minutes east of UTC from -720 to 840 (480 = UTC+8)', 'maximum'));
    return PLATFORM_ZONE_MINUTES;
  }
  return n;
}
