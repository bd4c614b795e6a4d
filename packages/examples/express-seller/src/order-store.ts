// The seller's own order records: one row per order the platform told it about (newInstance, renewals,
// upgrades, unsubscriptions, orderNotify), with the amount the order query gave. What a monthly reconciliation
// compares with the platform's bill (see packages/examples/reconciliation).
import type { OrderInfo } from '@koogallery-kit/sdk';
import type { SellerDatabase } from './database';

/** One order as the seller recorded it. */
export interface OrderRecord {
  orderId: string;
  /** NEW, TRIAL, TRIAL_TO_FORMAL, RENEW, CHANGE or UNSUBSCRIBE. */
  orderType: string;
  /** The customer (buyerInfo.customerId), when the order query gave it. */
  customerId?: string;
  productId?: string;
  skuCode?: string;
  chargingMode?: string;
  /** Σ of the lines' `currencyAfterDiscount` in cents (negative for a refund). */
  amountCents: number;
  /** The order's creation time as the query gave it (UTC `yyyyMMddHHmmss`). */
  createTime: string;
  /** What the seller did that told it about the order (`newInstance`, `refreshInstance`…). */
  source: string;
  /** When the seller recorded it, epoch ms. */
  recordedAt: number;
}

/** Reads and writes the order records. */
export interface OrderStore {
  /** Records `order` (once: a retried call keeps the first record); true when it was new. */
  record(order: OrderInfo, source: string, now: number): boolean;
  get(orderId: string): OrderRecord | undefined;
  /** Every order record, oldest first. */
  list(): OrderRecord[];
}

interface OrderRow {
  order_id: string;
  order_type: string;
  customer_id: string | null;
  product_id: string | null;
  sku_code: string | null;
  charging_mode: string | null;
  amount_cents: number;
  create_time: string;
  source: string;
  recorded_at: number;
}

/** Yuan as the order query writes them (`"99"`, `"-49.5"`, empty for none) → whole cents. */
export function toCents(amount: string | null | undefined): number {
  if (amount === null || amount === undefined || amount.trim() === '') return 0;
  const value = Number(amount);
  if (!Number.isFinite(value)) throw new Error(`not an amount: ${JSON.stringify(amount)}`);
  return Math.round(value * 100);
}

const toRecord = (row: OrderRow): OrderRecord => ({
  orderId: row.order_id,
  orderType: row.order_type,
  ...(row.customer_id === null ? {} : { customerId: row.customer_id }),
  ...(row.product_id === null ? {} : { productId: row.product_id }),
  ...(row.sku_code === null ? {} : { skuCode: row.sku_code }),
  ...(row.charging_mode === null ? {} : { chargingMode: row.charging_mode }),
  amountCents: row.amount_cents,
  createTime: row.create_time,
  source: row.source,
  recordedAt: row.recorded_at,
});

/** The order records in `db`. */
export function createOrderStore(db: SellerDatabase): OrderStore {
  const insert = db.prepare(`
    INSERT OR IGNORE INTO order_records (order_id, order_type, customer_id, product_id, sku_code, charging_mode,
      amount_cents, create_time, source, recorded_at)
    VALUES (@orderId, @orderType, @customerId, @productId, @skuCode, @chargingMode, @amountCents, @createTime,
      @source, @recordedAt)`);
  const selectOne = db.prepare<[string], OrderRow>('SELECT * FROM order_records WHERE order_id = ?');
  const selectAll = db.prepare<[], OrderRow>('SELECT * FROM order_records ORDER BY rowid');
  return {
    record(order, source, now) {
      const line = order.orderLine[0];
      const product = line?.productInfo[0];
      const result = insert.run({
        orderId: order.orderId,
        orderType: order.orderType,
        customerId: order.buyerInfo?.customerId ?? null,
        productId: product?.productId ?? null,
        skuCode: product?.skuCode ?? null,
        chargingMode: line?.chargingMode ?? null,
        amountCents: order.orderLine.reduce((sum, l) => sum + toCents(l.currencyAfterDiscount), 0),
        createTime: order.createTime,
        source,
        recordedAt: now,
      });
      return result.changes === 1;
    },
    get(orderId) {
      const row = selectOne.get(orderId);
      return row === undefined ? undefined : toRecord(row);
    },
    list: () => selectAll.all().map(toRecord),
  };
}
