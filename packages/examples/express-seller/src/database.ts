// The seller's durable state: one SQLite file (better-sqlite3), schema versioned with `PRAGMA user_version`.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ConfigError } from '@koogallery-kit/sdk';

/** The open database handle (better-sqlite3). */
export type SellerDatabase = Database.Database;

/**
 * Schema migrations, oldest first; migration `n` brings the file from version `n - 1` to `n`. Never edit a
 * released migration: append one.
 */
const MIGRATIONS: readonly string[] = [
  `
  -- One row per instance. Released instances stay as tombstones (credentials erased) so that a retried
  -- releaseInstance, or a newInstance re-invoked for the same order, still gets a consistent answer.
  CREATE TABLE instances (
    instance_id    TEXT PRIMARY KEY,
    order_id       TEXT NOT NULL,
    order_line_id  TEXT NOT NULL,
    business_id    TEXT NOT NULL,
    product_id     TEXT,
    sku_code       TEXT,
    charging_mode  TEXT,
    linear_value   REAL,
    expire_time    TEXT,
    status         TEXT NOT NULL CHECK (status IN ('PROVISIONING', 'ACTIVE', 'RELEASED')),
    frozen         INTEGER NOT NULL DEFAULT 0,
    users_in_use   INTEGER NOT NULL DEFAULT 1,
    test_flag      INTEGER NOT NULL DEFAULT 0,
    admin_user     TEXT NOT NULL,
    admin_password TEXT NOT NULL,
    ready_at       INTEGER,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    released_at    INTEGER
  );
  CREATE INDEX instances_order ON instances (order_id, order_line_id);
  CREATE INDEX instances_provisioning ON instances (ready_at) WHERE status = 'PROVISIONING';

  -- The idempotency claims of newInstance (an IdempotencyStore of the SDK, see sqlite-idempotency-store.ts).
  CREATE TABLE instance_claims (
    claim_key   TEXT PRIMARY KEY,
    instance_id TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'completed', 'failed')),
    updated_at  INTEGER NOT NULL,
    expires_at  INTEGER
  );

  -- Every production call the seller accepted, in order: the audit trail of what the platform asked for.
  CREATE TABLE instance_events (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    instance_id   TEXT,
    activity      TEXT NOT NULL,
    order_id      TEXT,
    order_line_id TEXT,
    detail        TEXT NOT NULL,
    at            INTEGER NOT NULL
  );
  CREATE INDEX instance_events_instance ON instance_events (instance_id, seq);

  -- orderNotify: paid orders of products delivered outside the instance interfaces.
  CREATE TABLE order_notifications (
    order_id      TEXT NOT NULL,
    order_line_id TEXT NOT NULL,
    test_flag     INTEGER NOT NULL,
    received_at   INTEGER NOT NULL,
    PRIMARY KEY (order_id, order_line_id)
  );
  `,
  `
  -- The seller's own order records (order-store.ts): one row per order, with the amount the order query gave,
  -- in cents. What the monthly reconciliation compares with the platform's bill.
  CREATE TABLE order_records (
    order_id      TEXT PRIMARY KEY,
    order_type    TEXT NOT NULL,
    customer_id   TEXT,
    product_id    TEXT,
    sku_code      TEXT,
    charging_mode TEXT,
    amount_cents  INTEGER NOT NULL,
    create_time   TEXT NOT NULL,
    source        TEXT NOT NULL,
    recorded_at   INTEGER NOT NULL
  );
  `,
];

/** Schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Opens (creating it and its directory when missing) the SQLite file at `dbPath`, or a private in-memory database
 * for `':memory:'`, and brings its schema up to date. WAL journaling with `synchronous = NORMAL` keeps every
 * committed transaction across a process crash; `busy_timeout` lets several processes share the file.
 *
 * @throws ConfigError when `dbPath` is empty or the file was written by a newer version of this example.
 */
export function openDatabase(dbPath: string): SellerDatabase {
  if (typeof dbPath !== 'string' || dbPath.trim() === '') {
    throw new ConfigError("dbPath must be the path of the seller's SQLite file (or ':memory:').");
  }
  const memory = dbPath === ':memory:';
  if (!memory) mkdirSync(dirname(resolve(dbPath)), { recursive: true });
  const db = new Database(memory ? ':memory:' : resolve(dbPath));
  try {
    if (!memory) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      throw new ConfigError(
        `${dbPath} has schema version ${current}, newer than this seller's ${SCHEMA_VERSION}: upgrade the seller ` +
          'or point dbPath at another file.',
      );
    }
    db.transaction(() => {
      for (let version = current + 1; version <= SCHEMA_VERSION; version += 1) {
        db.exec(MIGRATIONS[version - 1] as string);
        db.pragma(`user_version = ${version}`);
      }
    }).immediate();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
