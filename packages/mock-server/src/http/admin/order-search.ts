/**
 * The seller console's order list (§11.6): orders searched by order no., customer, product, creation time,
 * status and type, newest first, as flat rows — the same rows for the JSON list and the CSV export, so the web
 * console, the CLI and a spreadsheet always show the same thing.
 *
 * Order states are the console's (Pending payment, Processing, Completed, Canceled); the reference found them
 * only on the Seller Console's order list page, not in the seller-facing API (§15 item 21), so they are shown as
 * labels and never sent to the seller.
 */
import { formatBusinessTime, formatZoneLabel } from '../../delivery/attempt-log';
import { formatAmount } from '../../engine/time/business-time';
import type { MarketEngine } from '../../engine/engine';
import type { BuyerRecord, OrderRecord, OrderState, OrderType } from '../../engine/model/types';
import type { KitMetrics } from '../../engine/kit-metrics/kit-metrics';
import type { SupervisionRecord } from '../../engine/supervision/supervision-flow';
import { toCsv } from './csv';

/** Console labels of the order states, in Chinese and English (seller-console.md §1). */
export const ORDER_STATE_TEXT: Readonly<Record<OrderState, { zh: string; en: string }>> = Object.freeze({
  PENDING_PAYMENT: { zh: '待支付', en: 'Pending payment' },
  PROCESSING: { zh: '处理中', en: 'Processing' },
  COMPLETED: { zh: '已完成', en: 'Completed' },
  CANCELED: { zh: '已取消', en: 'Canceled' },
});

/** English console labels of the order states (the order list's `stateLabel`). */
export const ORDER_STATE_LABELS: Readonly<Record<OrderState, string>> = Object.freeze(
  Object.fromEntries(Object.entries(ORDER_STATE_TEXT).map(([k, v]) => [k, v.en])) as Record<
    OrderState,
    string
  >,
);

/** What to search for; every criterion is optional and they combine with AND. */
export interface OrderSearchCriteria {
  /** Part of the order no. (case-insensitive). */
  orderId?: string;
  /** Part of the customer's id, account name or real name (case-insensitive). */
  customer?: string;
  /** A catalog code (exact), or part of the product's name, productId or SKU code (case-insensitive). */
  product?: string;
  state?: OrderState;
  orderType?: OrderType;
  /** Created at or after this business time (epoch ms). */
  createdFrom?: number;
  /** Created at or before this business time (epoch ms). */
  createdTo?: number;
}

/** One order as a flat row of the order list. */
export interface OrderSearchRow {
  orderId: string;
  orderType: OrderType;
  state: OrderState;
  /** `Pending payment`, `Processing`, `Completed` or `Canceled`. */
  stateLabel: string;
  productCode: string;
  /** Product names of the order lines (`Demo CRM Basic`), joined with `; `. */
  productName: string;
  /** SKU codes of the order lines. */
  skuCodes: string[];
  buyerId: string;
  /** The customer's account name (empty when the buyer record is gone). */
  customerName: string;
  /** The customer's name (客户名称, the full name; seller-console.md), empty when the buyer record is gone. */
  customerRealName: string;
  createdAt: number;
  paidAt: number | null;
  completedAt: number | null;
  canceledAt: number | null;
  cancelReason: string | null;
  /** Amount paid over every line (negative for refunds), as the order query writes amounts. */
  amount: string;
  instanceRefs: string[];
  relatedOrderId: string | null;
  /** Charging mode of the first line (PERIOD, ONE_TIME…). */
  chargingMode: string | null;
  /** Node of the order's service supervision (seller-console.md §2.7), null when not supervised. */
  supervisionNode: string | null;
  /** Kit activity metrics (seller-console.md §9); null for orders without instances. */
  kit: KitMetrics | null;
}

const includes = (haystack: string | null | undefined, needle: string): boolean =>
  typeof haystack === 'string' && haystack.toLowerCase().includes(needle);

/** The row of one order. */
export function toOrderRow(
  order: OrderRecord,
  buyer: BuyerRecord | undefined,
  extra: { supervisionNode: string | null; kit: KitMetrics | null } = { supervisionNode: null, kit: null },
): OrderSearchRow {
  const products = order.lines.flatMap((l) => l.productInfo);
  const amount = order.lines.reduce((sum, l) => sum + (Number(l.currencyAfterDiscount) || 0), 0);
  return {
    orderId: order.orderId,
    orderType: order.orderType,
    state: order.state,
    stateLabel: ORDER_STATE_LABELS[order.state],
    productCode: order.productCode,
    productName: [...new Set(products.map((p) => p.productName))].join('; '),
    skuCodes: [...new Set(products.map((p) => p.skuCode))],
    buyerId: order.buyerId,
    customerName: buyer?.customerName ?? '',
    customerRealName: buyer?.customerRealName ?? '',
    createdAt: order.createdAt,
    paidAt: order.paidAt,
    completedAt: order.completedAt,
    canceledAt: order.canceledAt,
    cancelReason: order.cancelReason,
    amount: formatAmount(amount),
    instanceRefs: [...order.instanceRefs],
    relatedOrderId: order.relatedOrderId,
    chargingMode: order.lines[0]?.chargingMode ?? null,
    ...extra,
  };
}

/** Supervision node and kit metrics of an order, for its row. */
function rowExtra(
  engine: MarketEngine,
  o: OrderRecord,
): { supervisionNode: string | null; kit: KitMetrics | null } {
  const supervision = engine.store.getFlow('supervision', o.orderId) as SupervisionRecord | undefined;
  return {
    supervisionNode: supervision?.data.node ?? null,
    kit: o.instanceRefs.length > 0 && o.orderType !== 'UNSUBSCRIBE' ? engine.kitMetrics(o.orderId) : null,
  };
}

/** True when `order` (with its buyer) matches every given criterion. */
export function matchesOrder(
  order: OrderRecord,
  buyer: BuyerRecord | undefined,
  c: OrderSearchCriteria,
): boolean {
  if (c.state !== undefined && order.state !== c.state) return false;
  if (c.orderType !== undefined && order.orderType !== c.orderType) return false;
  if (c.createdFrom !== undefined && order.createdAt < c.createdFrom) return false;
  if (c.createdTo !== undefined && order.createdAt > c.createdTo) return false;
  if (c.orderId !== undefined && !includes(order.orderId, c.orderId.trim().toLowerCase())) return false;
  if (c.customer !== undefined) {
    const q = c.customer.trim().toLowerCase();
    const hit =
      includes(order.buyerId, q) || includes(buyer?.customerName, q) || includes(buyer?.customerRealName, q);
    if (!hit) return false;
  }
  if (c.product !== undefined) {
    const q = c.product.trim().toLowerCase();
    const hit =
      order.productCode.toLowerCase() === q ||
      order.lines.some((l) =>
        l.productInfo.some(
          (p) => includes(p.productName, q) || includes(p.productId, q) || includes(p.skuCode, q),
        ),
      );
    if (!hit) return false;
  }
  return true;
}

/** The matching orders as rows, newest first (by creation time, then by order sequence). */
export function searchOrders(engine: MarketEngine, c: OrderSearchCriteria): OrderSearchRow[] {
  const buyers = new Map(engine.listBuyers().map((b) => [b.customerId, b]));
  return engine
    .listOrders(c.state === undefined ? {} : { state: c.state })
    .filter((o) => matchesOrder(o, buyers.get(o.buyerId), c))
    .sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq)
    .map((o) => toOrderRow(o, buyers.get(o.buyerId), rowExtra(engine, o)));
}

/** Options of {@link ordersCsv}. */
export interface OrdersCsvOptions {
  /** Zone of the time columns, in minutes east of UTC. Default 480 (UTC+8, the platform's). */
  timeZoneOffsetMinutes?: number;
}

/**
 * The rows as a CSV document (UTF-8 BOM, CRLF, quoted as needed): order no., type, status, product, customer,
 * times (`yyyy-MM-dd HH:mm:ss` in the given zone, named in the header), cancel reason, amount, instances and
 * the related order.
 */
export function ordersCsv(rows: readonly OrderSearchRow[], o: OrdersCsvOptions = {}): string {
  const tz = o.timeZoneOffsetMinutes ?? 480;
  const zone = formatZoneLabel(tz);
  const time = (ms: number | null): string => (ms === null ? '' : formatBusinessTime(ms, tz));
  const header = [
    'Order no.',
    'Order type',
    'Status',
    'Product code',
    'Product',
    'SKU',
    'Customer ID',
    'Customer name',
    'Account name',
    `Created (${zone})`,
    `Paid (${zone})`,
    `Completed (${zone})`,
    `Canceled (${zone})`,
    'Cancel reason',
    'Amount',
    'Instances',
    'Related order',
    // seller-console.md §1 [P] export columns, then the kit activity metrics of §9.
    'Charging mode',
    'Supervision status',
    'Opened via kit',
    'Active via kit',
    'Authorised users',
    'Active users',
    'Activity degree',
  ];
  return toCsv(
    header,
    rows.map((r) => [
      r.orderId,
      r.orderType,
      r.stateLabel,
      r.productCode,
      r.productName,
      r.skuCodes.join(' '),
      r.buyerId,
      r.customerRealName,
      r.customerName,
      time(r.createdAt),
      time(r.paidAt),
      time(r.completedAt),
      time(r.canceledAt),
      r.cancelReason,
      r.amount,
      r.instanceRefs.join(' '),
      r.relatedOrderId,
      r.chargingMode,
      r.supervisionNode ?? 'NA',
      r.kit === null ? '' : r.kit.openedViaKit ? 'yes' : 'no',
      r.kit === null ? '' : r.kit.activeViaKit ? 'yes' : 'no',
      r.kit?.authorisedUsers ?? '',
      r.kit?.activeUsers ?? '',
      r.kit?.activityDegree ?? '',
    ]),
  );
}
