/**
 * The settlement reads of `koogallery-mock trigger` (seller-console.md §5–§8) and the one-line summaries of what
 * the settlement routes and actions answer. The changes (repay, set-credit-settings, confirm-bill, advance-bill,
 * reject-bill, fail-bill, resolve-bill, run-bills, review-performance, pay --payment-instrument) are admin
 * actions, played like every other action.
 *
 * - `transactions [--order ID] [--billing-period YYYYMM] [--customer X] [--product-type T] [--all]`
 * - `bills [--product-type T] [--status S]`, `bill 202601 [--product-type T]`
 * - `settlement`, `credit-settings`, `order-payment --order ID`
 * - `performance`, `performance-sheet PS202601`
 */
import { isObject } from '@koogallery-kit/sdk/platform';
import { formatZonedTime } from '../../delivery/attempt-log';
import { BILL_FILTER_PARAMS, TRANSACTION_FILTER_PARAMS } from '../../http/admin/settlement-query';
import { UsageError } from './usage-error';

/** The read commands, with the query fields each takes. */
const READS: Readonly<Record<string, readonly string[]>> = {
  transactions: [...TRANSACTION_FILTER_PARAMS, 'all'],
  bills: BILL_FILTER_PARAMS,
  bill: ['billId', 'productType'],
  settlement: [],
  'credit-settings': [],
  'order-payment': ['orderId'],
  performance: [],
  'performance-sheet': ['sheetId'],
};

/** Names of the settlement read commands. */
export const SETTLEMENT_READS: readonly string[] = Object.keys(READS);

/** The admin request of a settlement read: `name`, its positional argument (if any) and its field flags. */
export function settlementRequest(
  name: string,
  rest: readonly string[],
  body: Record<string, unknown>,
): { method: 'GET'; path: string; query?: Record<string, string> } {
  const allowed = READS[name] ?? [];
  const positional: Record<string, string> = { bill: 'billId', 'performance-sheet': 'sheetId' };
  const key = positional[name];
  if (rest.length > (key === undefined ? 0 : 1))
    throw new UsageError(`Unexpected argument ${JSON.stringify(rest.at(-1))}.`);
  if (key !== undefined && rest[0] !== undefined) body[key] = rest[0];
  for (const k of Object.keys(body)) {
    if (!allowed.includes(k)) {
      throw new UsageError(
        `${name} takes ${allowed.length === 0 ? 'no fields' : allowed.map((a) => `--${a.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}; remove --${k}.`,
      );
    }
  }
  const need = (field: string, example: string): string => {
    const v = body[field];
    if (typeof v !== 'string') throw new UsageError(`${name} needs ${example}.`);
    return encodeURIComponent(v);
  };
  const query = Object.fromEntries(
    Object.entries(body)
      .filter(([k]) => k !== key && !(name === 'order-payment' && k === 'orderId'))
      .map(([k, v]) => [k, String(v)]),
  );
  const withQuery = (path: string) => ({
    method: 'GET' as const,
    path,
    ...(Object.keys(query).length > 0 ? { query } : {}),
  });
  switch (name) {
    case 'bill':
      return withQuery(`/bills/${need('billId', 'the bill month: bill 202601')}`);
    case 'performance-sheet':
      return withQuery(`/performance/${need('sheetId', 'the sheet: performance-sheet PS202601')}`);
    case 'order-payment':
      return withQuery(`/order-payments/${need('orderId', 'the order: --order ID')}`);
    case 'performance':
      return withQuery('/performance');
    default:
      return withQuery(`/${name}`);
  }
}

const time = (ms: unknown): string => (typeof ms === 'number' ? formatZonedTime(ms) : '—');

/** One line for a settlement record, or undefined when `v` is none. */
export function describeSettlement(v: Record<string, unknown>): string | undefined {
  if (typeof v.billId === 'string' && typeof v.statusLabel === 'string') {
    const actions =
      Array.isArray(v.allowedActions) && v.allowedActions.length > 0
        ? `; next: ${v.allowedActions.join(', ')}`
        : '';
    const lines = Array.isArray(v.lines)
      ? (v.lines as Array<Record<string, unknown>>).map(
          (l) =>
            `\n  ${String(l.transactionType).padEnd(11)} ${String(l.orderId)}  ${String(l.amount).padStart(10)}  fee ${String(l.platformFee)}  settle ${String(l.settlementAmount)}${l.carriedOver === true ? '  (carried over)' : ''}`,
        )
      : [];
    return `bill ${v.billId} ${String(v.productType)} (${String(v.productTypeLabel)}): ${v.statusLabel} ${String(v.status)}, ${String(v.lineCount)} line(s), total ${String(v.transactionTotal)}, platform fee ${String(v.platformFeeTotal)}, to settle ${String(v.settlementTotal)}${actions}${lines.join('')}`;
  }
  if (typeof v.rowId === 'string' && typeof v.transactionType === 'string') {
    const flag =
      v.billStatus === 'BILLED'
        ? `billed in ${String(v.billId)}`
        : `unbilled (${String(v.unbilledReason)}${typeof v.billingPeriod === 'string' ? `, period ${v.billingPeriod}` : ''})`;
    return `${String(v.transactionDay)} ${String(v.transactionType).padEnd(11)} ${String(v.rowId)} ${String(v.productCode)} ${String(v.customerName)} ${String(v.amount)} — ${flag}${v.paymentInstrument !== 'CASH' ? `, ${String(v.paymentInstrument)} ${String(v.repaymentStatus)}` : ''}`;
  }
  if (typeof v.paymentInstrument === 'string' && typeof v.repaymentStatus === 'string') {
    return `order ${String(v.orderId)} paid ${v.paymentInstrument}, repayment ${v.repaymentStatus}${typeof v.repaidAt === 'number' ? ` ${time(v.repaidAt)}` : ''}`;
  }
  if (typeof v.creditCoupon === 'boolean' && typeof v.creditLimit === 'boolean') {
    const list =
      Array.isArray(v.creditLimitWhitelist) && v.creditLimitWhitelist.length > 0
        ? v.creditLimitWhitelist.join(', ')
        : 'none';
    return `credit settings of ${String(v.productCode)} (${String(v.productType)}): 授信现金券 ${v.creditCoupon ? 'on' : 'off'}, 信用额度 ${v.creditLimit ? 'on' : 'off'}, whitelist ${list}`;
  }
  if (typeof v.sheetId === 'string' && v.view === 'PARTNER_CENTER') {
    return `${v.sheetId} ${String(v.period)}: ${String(v.statusLabel)} ${String(v.status)}, total ${String(v.totalAmount)} in ${String(v.lineCount)} line(s) from ${String(v.source)} (Partner Center view)`;
  }
  if (typeof v.nextBillRunAt === 'number' && isObject(v.options)) {
    return `next bill run ${time(v.nextBillRunAt)}; last month billed ${typeof v.lastBilledPeriod === 'string' ? v.lastBilledPeriod : 'none'}; platform fee ${String(v.options.platformFeePercent)} %, bill day ${String(v.options.billDay)}, transaction timing ${String(v.options.transactionTiming)}`;
  }
  return undefined;
}

/** The summary of a settlement list answer (`{ items }`), or undefined for other answers. */
export function describeSettlementList(path: string, answer: Record<string, unknown>): string | undefined {
  if (
    !Array.isArray(answer.items) ||
    !['/transactions', '/bills', '/credit-settings', '/performance'].includes(path)
  ) {
    return undefined;
  }
  const items = answer.items as Array<Record<string, unknown>>;
  const hidden =
    typeof answer.hidden === 'number' && answer.hidden > 0
      ? `\n(${answer.hidden} more not visible yet: --all shows them)`
      : '';
  if (items.length === 0) return `no ${path.slice(1)} yet${hidden}\n`;
  return `${items.map((i) => describeSettlement(i) ?? JSON.stringify(i)).join('\n')}${hidden}\n`;
}
