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
import { Router } from 'express';
import type { ValidationIssue } from '@koogallery-kit/sdk';
import type { MarketEngine } from '../../engine/engine';
import { PRODUCT_TYPES, type BillView } from '../../engine/model/settlement-types';
import { checkKnownQuery, list, queryEnum, throwIssues } from './input';
import {
  BILL_FILTER_PARAMS,
  TRANSACTION_FILTER_PARAMS,
  readBillFilter,
  readTransactionFilter,
} from './settlement-query';

/** A bill without its lines, for lists. */
const billSummary = ({ lines: _lines, ...rest }: BillView): Omit<BillView, 'lines'> => rest;

/** Creates the settlement routes. */
export function createSettlementRoutes(engine: MarketEngine): Router {
  const r = Router();

  r.get('/transactions', (req, res) => {
    let hidden = 0;
    const page = list(
      req,
      [...TRANSACTION_FILTER_PARAMS, 'all'],
      (issues) => {
        const filter = readTransactionFilter(req, issues);
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
        BILL_FILTER_PARAMS,
        (issues) => {
          const filter = readBillFilter(req, issues);
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
