// The seller's own order records, read from the example seller's SQLite file (read-only, with the seller's own
// order store), each with the month it was created in (business time, UTC+8).
import Database from 'better-sqlite3';
import { createOrderStore } from '@koogallery-kit/example-express-seller';
import type { SellerOrder } from './reconcile';

/** The business month `YYYYMM` (UTC+8) of a UTC `yyyyMMddHHmmss` time. */
export function businessMonth(utcCompact: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(utcCompact);
  if (m === null) throw new Error(`not a yyyyMMddHHmmss time: ${JSON.stringify(utcCompact)}`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const local = new Date(Date.UTC(y, mo - 1, d, h, mi, s) + 8 * 3_600_000);
  return `${local.getUTCFullYear()}${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Every order record of the seller's database at `dbPath`. */
export function readSellerOrders(dbPath: string): SellerOrder[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < 2) {
      throw new Error(
        `${dbPath} keeps no order records yet (schema version ${version}); run the example seller of this repository on it first`,
      );
    }
    return createOrderStore(db)
      .list()
      .map((o) => ({
        orderId: o.orderId,
        orderType: o.orderType,
        amountCents: o.amountCents,
        month: businessMonth(o.createTime),
      }));
  } finally {
    db.close();
  }
}
