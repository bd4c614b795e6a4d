/**
 * Admin routes over settlement (seller-console.md §5–§8, console 结算管理): what the seller console and the Partner
 * Center show. Lists answer `{ items, total, offset }` with `limit`/`offset`; an unknown filter or value is a 400
 * naming it.
 *
 * - `GET /transactions` → transaction-detail rows (§5) visible now (`all=true`: also those not visible yet), with
 *   `timing` (`cn`/`intl`) and `hidden` (rows not visible yet); filters `orderId`, `billingPeriod` (YYYYMM),
 *   `customer` (buyer id or name), `productType`, `transactionType`, `billStatus`, `repaymentStatus`,
 *   `supervisionStatus`, `from`/`to` (ISO times or epoch ms, on the transaction time);
 * - `GET /bills` → bills without their lines (filters `productType`, `status`, `billId`);
 * - `GET /bills/:billId` → one bill with every line and its timeline (`productType` when both types have it);
 * - `GET /settlement` → the next bill run, the last month billed and the settlement options;
 * - `GET /credit-settings` → the credit payment switches of every product (§8);
 * - `GET /order-payments/:orderId` → how an order was paid and whether its credit was repaid;
 * - `GET /performance` → performance summaries (§7, Partner Center); `GET /performance/:sheetId` with its lines.
 *
 * What changes settlement is an action (`POST /__admin/actions/<name>`, actions.ts): `pay` with a
 * `paymentInstrument`, `repay`, `set-credit-settings`, `confirm-bill`, `advance-bill`, `reject-bill`,
 * `fail-bill`, `resolve-bill`, `run-bills`, `review-performance`.
 */
import { Router, type Request } from 'express';
import type { ValidationIssue } from '@koogallery-kit/sdk';
import type { MarketEngine } from '../../engine/engine';
import {
  BILL_STATUSES,
  PRODUCT_TYPES,
  REPAYMENT_STATUSES,
  TRANSACTION_TYPES,
  type BillView,
} from '../../engine/model/settlement-types';
import type { SupervisionNode } from '../../engine/model/supervision-types';
import { SUPERVISION_NODE_LABELS } from '../../engine/model/supervision-types';
import { BILL_QUERY, TRANSACTION_QUERY } from './settlement-query';
import { checkKnownQuery, defined, issue, list, queryEnum, queryString, throwIssues } from './input';

const SUPERVISION_STATUSES = [...Object.keys(SUPERVISION_NODE_LABELS), 'NA'] as Array<SupervisionNode | 'NA'>;

/** A time query parameter: ISO time or epoch ms. */
function queryTime(req: Request, name: string, issues: ValidationIssue[]): number | undefined {
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

/** A `YYYYMM` query parameter. */
function queryPeriod(req: Request, name: string, issues: ValidationIssue[]): string | undefined {
  const v = queryString(req, name, issues);
  if (v !== undefined && !/^\d{4}(0[1-9]|1[0-2])$/.test(v)) {
    issues.push(issue(`/${name}`, 'must be a month YYYYMM, e.g. 202601', 'pattern'));
    return undefined;
  }
  return v;
}

/** A bill without its lines, for lists. */
const billSummary = ({ lines: _lines, ...rest }: BillView): Omit<BillView, 'lines'> => rest;

/** Creates the settlement routes. */
export function createSettlementRoutes(engine: MarketEngine): Router {
  const r = Router();

  r.get('/transactions', (req, res) => {
    let hidden = 0;
    const page = list(
      req,
      TRANSACTION_QUERY,
      (issues) => {
        const filter = defined({
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
        const all = queryEnum(req, 'all', ['true', 'false'] as const, issues) === 'true';
        return () => {
          const rows = engine.listTransactions({ ...filter, includeHidden: true });
          const now = engine.now();
          const visible = rows.filter((row) => row.visibleAt <= now);
          hidden = rows.length - visible.length;
          return all ? rows : visible;
        };
      },
      'transactions query',
    );
    res.json({ timing: engine.settlementStatus().options.transactionTiming, hidden, ...page });
  });

  r.get('/bills', (req, res) => {
    res.json(
      list(
        req,
        BILL_QUERY,
        (issues) => {
          const filter = defined({
            productType: queryEnum(req, 'productType', PRODUCT_TYPES, issues),
            status: queryEnum(req, 'status', BILL_STATUSES, issues),
            billId: queryPeriod(req, 'billId', issues),
          });
          return () => engine.listBills(filter).map(billSummary);
        },
        'bills query',
      ),
    );
  });

  r.get('/bills/:billId', (req, res) => {
    const issues: ValidationIssue[] = [];
    checkKnownQuery(req, ['productType'], issues);
    const productType = queryEnum(req, 'productType', PRODUCT_TYPES, issues);
    throwIssues('bill query', issues);
    res.json(engine.getBill(req.params.billId, productType));
  });

  r.get('/settlement', (req, res) => {
    const issues: ValidationIssue[] = [];
    checkKnownQuery(req, [], issues);
    throwIssues('settlement query', issues);
    res.json(engine.settlementStatus());
  });

  r.get('/credit-settings', (req, res) => {
    res.json(list(req, [], () => () => engine.listCreditSettings(), 'credit settings query'));
  });

  r.get('/order-payments/:orderId', (req, res) => {
    res.json(engine.orderPayment(req.params.orderId));
  });

  r.get('/performance', (req, res) => {
    res.json(list(req, [], () => () => engine.listPerformanceSummaries(), 'performance query'));
  });

  r.get('/performance/:sheetId', (req, res) => {
    res.json(engine.performanceSheet(req.params.sheetId));
  });

  return r;
}
