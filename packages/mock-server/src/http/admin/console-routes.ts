/**
 * Admin routes added for the web console, usable from any client (curl, scripts) — the console reads nothing
 * else than the admin API:
 *
 * - `GET /order-search` — the seller console's order list: `orderId`, `customer`, `product`, `state`,
 *   `orderType`, `createdFrom`, `createdTo` (ISO-8601 or epoch ms, both inclusive), `limit`, `offset`; answers
 *   `{ items: OrderSearchRow[], total, offset }`, newest first.
 * - `GET /order-search.csv` — the same filtered list (every match, no paging) as a CSV download (UTF-8 BOM,
 *   CRLF, RFC 4180 quoting); `tz` = minutes east of UTC of the time columns (default 480, UTC+8).
 * - `GET /instances/:ref/usage` — the usage records the seller pushed for an instance (§8.4), oldest first, each
 *   with `at` = its `end_time` in epoch ms: `{ ref, instanceId, usage, items, total, offset }`.
 *
 * Unknown query parameters and bad values are a 400 INVALID_ARGUMENT naming them, like every admin route.
 */
import { Router, type Request } from 'express';
import { parseUsageTime, type ValidationIssue } from '@koogallery-kit/sdk';
import { dayKey } from '../../engine/time/business-time';
import type { MarketEngine } from '../../engine/engine';
import { ORDER_STATES, ORDER_TYPES } from '../../engine/model/types';
import type { UsageLogEntry } from '../../engine/usage/usage';
import { PAGE_PARAMS, checkKnownQuery, issue, pager, queryEnum, queryString, throwIssues } from './input';
import { ordersCsv, searchOrders, type OrderSearchCriteria } from './order-search';

const SEARCH_PARAMS = ['orderId', 'customer', 'product', 'state', 'orderType', 'createdFrom', 'createdTo'];

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * A time query parameter: epoch milliseconds, or ISO-8601 with its zone (`2025-03-10T10:00:00+08:00`). A time
 * without a zone is refused rather than read in the server's zone, which the caller cannot know.
 */
function queryTime(req: Request, name: string, issues: ValidationIssue[]): number | undefined {
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
function queryText(req: Request, name: string, issues: ValidationIssue[]): string | undefined {
  const v = queryString(req, name, issues);
  if (v === undefined || v.trim() === '') return undefined;
  if (v.length > 200) {
    issues.push(issue(`/${name}`, 'must be at most 200 characters', 'maxLength'));
    return undefined;
  }
  return v;
}

/** Reads the search criteria into `issues`. */
function readCriteria(req: Request, issues: ValidationIssue[]): OrderSearchCriteria {
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

/** Reads `tz` (minutes east of UTC, -720..840). */
function readZone(req: Request, issues: ValidationIssue[]): number {
  const v = queryString(req, 'tz', issues);
  if (v === undefined) return 480;
  const n = Number(v);
  if (!/^-?\d+$/.test(v) || n < -720 || n > 840) {
    issues.push(issue('/tz', 'must be whole minutes east of UTC from -720 to 840 (480 = UTC+8)', 'maximum'));
    return 480;
  }
  return n;
}

/** A usage record with its end time in epoch ms (the record time when `end_time` cannot be read). */
export interface UsageChartEntry extends UsageLogEntry {
  at: number;
}

/** Creates the console's admin routes (mount on the admin router). */
export function createConsoleAdminRoutes(engine: MarketEngine): Router {
  const r = Router();

  r.get('/order-search', (req, res) => {
    const issues: ValidationIssue[] = [];
    checkKnownQuery(req, [...SEARCH_PARAMS, ...PAGE_PARAMS], issues);
    const criteria = readCriteria(req, issues);
    const page = pager(req, issues);
    throwIssues('order search', issues);
    res.json(page(searchOrders(engine, criteria)));
  });

  r.get('/order-search.csv', (req, res) => {
    const issues: ValidationIssue[] = [];
    checkKnownQuery(req, [...SEARCH_PARAMS, 'tz'], issues);
    const criteria = readCriteria(req, issues);
    const tz = readZone(req, issues);
    throwIssues('order export', issues);
    const csv = ordersCsv(searchOrders(engine, criteria), { timeZoneOffsetMinutes: tz });
    const name = `koogallery-orders-${dayKey(engine.now(), tz)}.csv`;
    res.set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    });
    res.send(csv);
  });

  r.get('/instances/:ref/usage', (req, res) => {
    const issues: ValidationIssue[] = [];
    checkKnownQuery(req, [...PAGE_PARAMS], issues);
    const page = pager(req, issues);
    throwIssues('usage request', issues);
    const instance = engine.getInstance(req.params.ref);
    const items: UsageChartEntry[] = engine
      .usageLog(instance.ref)
      .map((e) => ({ ...e, at: parseUsageTime(e.end_time) ?? e.acceptedAt }));
    res.json({ ref: instance.ref, instanceId: instance.instanceId, usage: instance.usage, ...page(items) });
  });

  return r;
}
