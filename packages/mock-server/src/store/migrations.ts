/**
 * Versioned schema migrations of the SQLite store. Each migration runs once, in order, inside a transaction,
 * and is recorded in `schema_migrations`. Never edit a released migration: append a new one.
 */

/** One schema migration. */
export interface Migration {
  /** 1, 2, 3… without gaps. */
  version: number;
  /** Short description, stored with the version. */
  name: string;
  /** SQL statements to run. */
  sql: string;
}

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
      CREATE TABLE buyers (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, data TEXT NOT NULL);
      CREATE TABLE orders (
        id TEXT PRIMARY KEY, seq INTEGER NOT NULL, state TEXT NOT NULL, order_type TEXT NOT NULL,
        buyer_id TEXT NOT NULL, product_code TEXT NOT NULL, data TEXT NOT NULL
      );
      CREATE INDEX orders_seq ON orders (seq);
      CREATE TABLE instances (
        ref TEXT PRIMARY KEY, seq INTEGER NOT NULL, instance_id TEXT, state TEXT NOT NULL, order_id TEXT NOT NULL,
        buyer_id TEXT NOT NULL, product_code TEXT NOT NULL, deadline_at INTEGER, data TEXT NOT NULL
      );
      CREATE INDEX instances_seq ON instances (seq);
      CREATE INDEX instances_instance_id ON instances (instance_id);
      CREATE INDEX instances_deadline ON instances (deadline_at, seq) WHERE deadline_at IS NOT NULL;
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY, seq INTEGER NOT NULL, state TEXT NOT NULL, interface TEXT NOT NULL, order_id TEXT,
        instance_ref TEXT, waiting_for TEXT, next_attempt_at INTEGER, data TEXT NOT NULL
      );
      CREATE INDEX jobs_seq ON jobs (seq);
      CREATE INDEX jobs_due ON jobs (next_attempt_at, seq) WHERE next_attempt_at IS NOT NULL;
      CREATE INDEX jobs_order ON jobs (order_id);
      CREATE INDEX jobs_instance ON jobs (instance_ref);
      CREATE INDEX jobs_waiting ON jobs (waiting_for) WHERE waiting_for IS NOT NULL;
      CREATE TABLE attempts (
        job_id TEXT NOT NULL, no INTEGER NOT NULL, state TEXT NOT NULL, data TEXT NOT NULL,
        PRIMARY KEY (job_id, no)
      );
      CREATE INDEX attempts_state ON attempts (state);
      CREATE TABLE outbox (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, data TEXT NOT NULL);
      CREATE TABLE products (code TEXT PRIMARY KEY, data TEXT NOT NULL);
      CREATE TABLE debug_cases (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, data TEXT NOT NULL);
    `,
  },
  // Issue 18 (business flows around an order, seller-console.md §1–§4, §9). Kept as its own entry so that other
  // branches' migrations merge by renumbering only.
  {
    version: 2,
    name: 'business flows: flow records (supervision, auto-renewal, licences, kit logins, unpaid-order deadlines)',
    sql: `
      CREATE TABLE flows (
        kind TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL, order_id TEXT, due_at INTEGER,
        data TEXT NOT NULL, PRIMARY KEY (kind, id)
      );
      CREATE INDEX flows_kind_seq ON flows (kind, seq);
      CREATE INDEX flows_order ON flows (order_id) WHERE order_id IS NOT NULL;
      CREATE INDEX flows_due ON flows (due_at, seq) WHERE due_at IS NOT NULL;
    `,
  },
]);

/** Highest schema version this build understands. */
export const SCHEMA_VERSION = MIGRATIONS.length;
