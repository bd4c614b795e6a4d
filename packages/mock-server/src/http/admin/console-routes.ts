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
import { Router } from 'express';
import { parseUsageTime, type ValidationIssue } from '@koogallery-kit/sdk';
import { dayKey } from '../../engine/time/business-time';
import type { MarketEngine } from '../../engine/engine';
import type { UsageLogEntry } from '../../engine/usage/usage';
import { PAGE_PARAMS, checkKnownQuery, pager, throwIssues } from './input';
import { ORDER_SEARCH_PARAMS, readOrderCriteria, readZone } from './order-criteria';
import { ordersCsv, searchOrders } from './order-search';

/** A usage record with its end time in epoch ms (the record time when `end_time` cannot be read). */
export interface UsageChartEntry extends UsageLogEntry {
  at: number;
}

/** Creates the console's admin routes (mount on the admin router). */
export function createConsoleAdminRoutes(engine: MarketEngine): Router {
  const r = Router();

  r.get('/order-search', (req, res) => {
    const issues: ValidationIssue[] = [];
    checkKnownQuery(req, [...ORDER_SEARCH_PARAMS, ...PAGE_PARAMS], issues);
    const criteria = readOrderCriteria(req, issues);
    const page = pager(req, issues);
    throwIssues('order search', issues);
    res.json(page(searchOrders(engine, criteria)));
  });

  r.get('/order-search.csv', (req, res) => {
    const issues: ValidationIssue[] = [];
    checkKnownQuery(req, [...ORDER_SEARCH_PARAMS, 'tz'], issues);
    const criteria = readOrderCriteria(req, issues);
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
