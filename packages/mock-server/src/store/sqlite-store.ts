/**
 * SQLite {@link MarketStore} on better-sqlite3: the embedded default. Files use WAL journaling with
 * `synchronous = NORMAL`, which keeps every committed transaction across a process crash (SIGKILL) — what the
 * engine relies on to resume pending jobs. Records are stored as JSON next to the indexed columns the engine
 * queries (due times, states, foreign ids).
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ConfigError, KooGalleryError } from '@koogallery-kit/sdk';
import type {
  AttemptRecord,
  BuyerRecord,
  DebugCaseRecord,
  InstanceRecord,
  JobRecord,
  OrderRecord,
  OutboxMessage,
  ProductStateRecord,
} from '../engine/model/types';
import { MOCK_APPLICATION_ID, checkDatabasePath, checkMockDatabase, corrupt } from './database-file';
import { acquireDatabaseLock, type DatabaseLock } from './database-lock';
import type { FlowRecord } from '../engine/model/flow-records';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations';
import { frozenFromJson } from './frozen-records';
import { createParsedRecords, type ParsedRecords } from './parsed-records';
import { assertOpen, dumpRecords } from './store-shared';
import type { AttemptFilter, InstanceFilter, JobFilter, MarketStore, OrderFilter, StoreDump } from './types';

/** Options of {@link createSqliteStore}. */
export interface SqliteStoreOptions {
  /** Database file, created with its directory when missing; `:memory:` for a private in-memory database. */
  path: string;
  /** Wall clock for the `applied_at` column of migrations. Default `Date.now`. */
  now?: () => number;
  /** Migrations to apply (tests only). Default: {@link MIGRATIONS}. */
  migrations?: readonly Migration[];
}

/** A SQLite store, with its schema version. */
export interface SqliteMarketStore extends MarketStore {
  readonly kind: 'sqlite';
  /** Absolute path of the file, or `:memory:`. */
  readonly path: string;
  /** Schema version after migrations. */
  schemaVersion(): number;
  /** Records the port of the mock that owns the file in its lock, for the message a second process prints. */
  setOwnerPort(port: number): void;
}

type Row = { data: string };

/** Builds `WHERE a = ? AND b = ?` from the defined entries of a filter. */
function where(conditions: Array<[string, unknown]>): { sql: string; params: unknown[] } {
  const used = conditions.filter(([, v]) => v !== undefined);
  return {
    sql: used.length === 0 ? '' : `WHERE ${used.map(([c]) => `${c} = ?`).join(' AND ')}`,
    params: used.map(([, v]) => v),
  };
}

/**
 * Applies pending migrations; throws `ConfigError` when the file was written by a newer version. The schema
 * version is kept in `schema_migrations` and mirrored in the header's `user_version`.
 */
function migrate(
  db: Database.Database,
  migrations: readonly Migration[],
  now: () => number,
  path: string,
): number {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const current =
    (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  const latest = migrations.length;
  if (current > latest) {
    throw new ConfigError(
      `The database ${path} has schema version ${current}, newer than this build understands (${latest}). Upgrade @koogallery-kit/mock-server or use another --db file.`,
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date(now()).toISOString());
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  const version = Math.max(current, latest);
  if (db.pragma('user_version', { simple: true }) !== version) db.pragma(`user_version = ${version}`);
  return version;
}

/**
 * Opens (or creates) a SQLite store and applies pending migrations. Before anything touches the file it takes
 * the file's lock and checks the path and the file (database-file.ts). Throws `ConfigError` (CONFIG_INVALID)
 * when another process holds the file, when the path cannot hold a database, when the file is not a
 * mock-marketplace database (left untouched) or is damaged (`PRAGMA quick_check` on every open).
 */
export function createSqliteStore(options: SqliteStoreOptions): SqliteMarketStore {
  if (typeof options?.path !== 'string' || options.path.length === 0) {
    throw new ConfigError('createSqliteStore needs a `path`: a database file, or ":memory:".');
  }
  const inMemory = options.path === ':memory:';
  const path = inMemory ? ':memory:' : resolve(options.path);
  let db: Database.Database | undefined;
  let version: number;
  let lock: DatabaseLock | null = null;
  try {
    if (!inMemory) {
      const exists = checkDatabasePath(path);
      mkdirSync(dirname(path), { recursive: true });
      lock = acquireDatabaseLock(path);
      if (exists) checkMockDatabase(path);
    }
    db = new Database(path);
    if (!inMemory) {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw corrupt(path, new Error(`quick_check: ${String(check)}`));
      db.pragma('journal_mode = WAL');
    }
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    if (db.pragma('application_id', { simple: true }) !== MOCK_APPLICATION_ID) {
      db.pragma(`application_id = ${MOCK_APPLICATION_ID}`);
    }
    version = migrate(db, options.migrations ?? MIGRATIONS, options.now ?? Date.now, path);
  } catch (error) {
    db?.close();
    lock?.release();
    if (error instanceof KooGalleryError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') throw corrupt(path, error);
    throw new ConfigError(
      `Cannot open the mock database ${path}: ${(error as Error).message}. Check the --db path, or delete the file to start afresh.`,
      { cause: error },
    );
  }
  const heldLock = lock;
  let closed = false;
  let depth = 0;

  const st = <P extends unknown[] = unknown[]>(sql: string) => db.prepare<P>(sql);
  /**
   * Writes one row by its key: an update in place when the row exists, so SQLite rewrites only the index entries
   * whose columns changed. (INSERT OR REPLACE deletes the row and inserts it again, rewriting every index entry of
   * the row: a job has six. Bench virtual-clock-scale on a file, issue 21.)
   */
  const upsert = (table: string, key: string[], columns: string[]) =>
    st(
      `INSERT INTO ${table} (${[...key, ...columns].join(', ')}) VALUES (${[...key, ...columns].map(() => '?').join(', ')}) ` +
        `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}`,
    );
  const s = {
    getMeta: st('SELECT value FROM meta WHERE key = ?'),
    setMeta: st(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    allMeta: st('SELECT key, value FROM meta ORDER BY key'),
    nextSeq: st(
      'INSERT INTO sequences (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value',
    ),
    getBuyer: st('SELECT data FROM buyers WHERE id = ?'),
    putBuyer: upsert('buyers', ['id'], ['seq', 'data']),
    listBuyers: st('SELECT data FROM buyers ORDER BY seq'),
    getOrder: st('SELECT data FROM orders WHERE id = ?'),
    putOrder: upsert('orders', ['id'], ['seq', 'state', 'order_type', 'buyer_id', 'product_code', 'data']),
    getInstance: st('SELECT data FROM instances WHERE ref = ?'),
    findInstance: st('SELECT data FROM instances WHERE instance_id = ? ORDER BY seq LIMIT 1'),
    putInstance: upsert(
      'instances',
      ['ref'],
      ['seq', 'instance_id', 'state', 'order_id', 'buyer_id', 'product_code', 'deadline_at', 'data'],
    ),
    nextDeadline: st('SELECT MIN(deadline_at) AS at FROM instances WHERE deadline_at IS NOT NULL'),
    dueInstances: st(
      'SELECT data FROM instances WHERE deadline_at IS NOT NULL AND deadline_at <= ? ORDER BY deadline_at, seq',
    ),
    getJob: st('SELECT data FROM jobs WHERE id = ?'),
    putJob: upsert(
      'jobs',
      ['id'],
      ['seq', 'state', 'interface', 'order_id', 'instance_ref', 'waiting_for', 'next_attempt_at', 'data'],
    ),
    nextJob: st('SELECT MIN(next_attempt_at) AS at FROM jobs WHERE next_attempt_at IS NOT NULL'),
    dueJobs: st(
      'SELECT id, data FROM jobs WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, seq',
    ),
    putAttempt: upsert('attempts', ['job_id', 'no'], ['state', 'data']),
    getAttempt: st('SELECT data FROM attempts WHERE job_id = ? AND no = ?'),
    appendOutbox: st('INSERT INTO outbox (seq, id, data) VALUES (?, ?, ?)'),
    listOutbox: st('SELECT data FROM outbox ORDER BY seq'),
    getProduct: st('SELECT data FROM products WHERE code = ?'),
    putProduct: upsert('products', ['code'], ['data']),
    listProducts: st('SELECT data FROM products ORDER BY code'),
    getCase: st('SELECT data FROM debug_cases WHERE id = ?'),
    putCase: upsert('debug_cases', ['id'], ['seq', 'data']),
    deleteCase: st('DELETE FROM debug_cases WHERE id = ?'),
    listCases: st('SELECT data FROM debug_cases ORDER BY seq'),
    getFlow: st('SELECT data FROM flows WHERE kind = ? AND id = ?'),
    putFlow: upsert('flows', ['kind', 'id'], ['seq', 'order_id', 'due_at', 'data']),
    nextFlow: st('SELECT MIN(due_at) AS at FROM flows WHERE due_at IS NOT NULL'),
    dueFlows: st('SELECT data FROM flows WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, seq'),
  };

  const open = (): void => assertOpen(closed);
  const json = (v: unknown): string => JSON.stringify(v);
  // Records come back deeply frozen, like the memory store's (see frozen-records.ts). The parse of a job, order,
  // instance or flow read or written recently is kept (parsed-records.ts); other records are rarely read.
  const parsed = {
    jobs: createParsedRecords(),
    orders: createParsedRecords(),
    instances: createParsedRecords(),
    flows: createParsedRecords(),
  };
  const parse = <T>(row: Row | undefined): T | undefined =>
    row === undefined ? undefined : frozenFromJson<T>(row.data);
  const parseAll = <T>(rows: Row[]): T[] => rows.map((r) => frozenFromJson<T>(r.data));
  /** The record of row `key`, through the table's kept parses. */
  const read = <T>(cache: ParsedRecords, key: string, row: Row | undefined): T | undefined =>
    row === undefined ? undefined : cache.read<T>(key, row.data);
  /** The JSON of a record being written as row `key`, its parse kept. */
  const kept = (cache: ParsedRecords, key: string, v: unknown): string => {
    const text = json(v);
    cache.wrote(key, text, v);
    return text;
  };
  /** The `data` rows of `table` matching the filter, by seq. */
  const selectWhere = (table: string, w: { sql: string; params: unknown[] }): Row[] =>
    db.prepare(`SELECT data FROM ${table} ${w.sql} ORDER BY seq`).all(...w.params) as Row[];

  const store: SqliteMarketStore = {
    kind: 'sqlite',
    path,
    schemaVersion: () => version,
    setOwnerPort: (port) => heldLock?.setPort(port),
    transaction(fn) {
      open();
      if (depth > 0) return fn();
      depth++;
      try {
        return db.transaction(fn)();
      } finally {
        depth--;
      }
    },
    getMeta(key) {
      open();
      return (s.getMeta.get(key) as { value: string } | undefined)?.value;
    },
    setMeta(key, value) {
      open();
      s.setMeta.run(key, value);
    },
    nextSequence(name) {
      open();
      return (s.nextSeq.get(name) as { value: number }).value;
    },

    getBuyer: (id) => (open(), parse<BuyerRecord>(s.getBuyer.get(id) as Row | undefined)),
    putBuyer(b) {
      open();
      s.putBuyer.run(b.customerId, b.seq, json(b));
    },
    listBuyers: () => (open(), parseAll<BuyerRecord>(s.listBuyers.all() as Row[])),

    getOrder: (id) => (open(), read<OrderRecord>(parsed.orders, id, s.getOrder.get(id) as Row | undefined)),
    putOrder(o) {
      open();
      s.putOrder.run(
        o.orderId,
        o.seq,
        o.state,
        o.orderType,
        o.buyerId,
        o.productCode,
        kept(parsed.orders, o.orderId, o),
      );
    },
    listOrders(f: OrderFilter = {}) {
      open();
      const w = where([
        ['state', f.state],
        ['order_type', f.orderType],
        ['buyer_id', f.buyerId],
        ['product_code', f.productCode],
      ]);
      return parseAll<OrderRecord>(selectWhere('orders', w));
    },

    getInstance: (ref) => (
      open(),
      read<InstanceRecord>(parsed.instances, ref, s.getInstance.get(ref) as Row | undefined)
    ),
    findInstanceByInstanceId: (id) => (
      open(),
      parse<InstanceRecord>(s.findInstance.get(id) as Row | undefined)
    ),
    putInstance(i) {
      open();
      s.putInstance.run(
        i.ref,
        i.seq,
        i.instanceId,
        i.state,
        i.orderId,
        i.buyerId,
        i.productCode,
        i.deadlineAt,
        kept(parsed.instances, i.ref, i),
      );
    },
    listInstances(f: InstanceFilter = {}) {
      open();
      const w = where([
        ['state', f.state],
        ['order_id', f.orderId],
        ['buyer_id', f.buyerId],
        ['product_code', f.productCode],
      ]);
      return parseAll<InstanceRecord>(selectWhere('instances', w));
    },
    nextInstanceDeadline() {
      open();
      return (s.nextDeadline.get() as { at: number | null }).at ?? undefined;
    },
    instancesDueBy: (time) => (open(), parseAll<InstanceRecord>(s.dueInstances.all(time) as Row[])),

    getJob: (id) => (open(), read<JobRecord>(parsed.jobs, id, s.getJob.get(id) as Row | undefined)),
    putJob(j) {
      open();
      s.putJob.run(
        j.id,
        j.seq,
        j.state,
        j.interface,
        j.refs.orderId,
        j.refs.instanceRef,
        j.waitingFor,
        j.nextAttemptAt,
        kept(parsed.jobs, j.id, j),
      );
    },
    listJobs(f: JobFilter = {}) {
      open();
      const w = where([
        ['state', f.state],
        ['interface', f.interface],
        ['order_id', f.orderId],
        ['instance_ref', f.instanceRef],
        ['waiting_for', f.waitingFor],
      ]);
      return parseAll<JobRecord>(selectWhere('jobs', w));
    },
    nextJobDueAt() {
      open();
      return (s.nextJob.get() as { at: number | null }).at ?? undefined;
    },
    jobsDueBy(time) {
      open();
      const rows = s.dueJobs.all(time) as Array<Row & { id: string }>;
      return rows.map((r) => parsed.jobs.peek<JobRecord>(r.id, r.data));
    },

    putAttempt(a) {
      open();
      s.putAttempt.run(a.jobId, a.no, a.state, json(a));
    },
    getAttempt: (jobId, no) => (open(), parse<AttemptRecord>(s.getAttempt.get(jobId, no) as Row | undefined)),
    listAttempts(f: AttemptFilter = {}) {
      open();
      const w = where([
        ['a.job_id', f.jobId],
        ['a.state', f.state],
      ]);
      return parseAll<AttemptRecord>(
        db
          .prepare(
            `SELECT a.data FROM attempts a LEFT JOIN jobs j ON j.id = a.job_id ${w.sql} ORDER BY COALESCE(j.seq, 9007199254740991), a.no`,
          )
          .all(...w.params) as Row[],
      );
    },

    appendOutbox(m) {
      open();
      s.appendOutbox.run(m.seq, m.id, json(m));
    },
    listOutbox: () => (open(), parseAll<OutboxMessage>(s.listOutbox.all() as Row[])),

    getProductState: (code) => (open(), parse<ProductStateRecord>(s.getProduct.get(code) as Row | undefined)),
    putProductState(p) {
      open();
      s.putProduct.run(p.productCode, json(p));
    },
    listProductStates: () => (open(), parseAll<ProductStateRecord>(s.listProducts.all() as Row[])),

    getDebugCase: (id) => (open(), parse<DebugCaseRecord>(s.getCase.get(id) as Row | undefined)),
    putDebugCase(c) {
      open();
      s.putCase.run(c.id, c.seq, json(c));
    },
    deleteDebugCase: (id) => (open(), s.deleteCase.run(id).changes > 0),
    listDebugCases: () => (open(), parseAll<DebugCaseRecord>(s.listCases.all() as Row[])),

    getFlow: (kind, id) => (
      open(),
      read<FlowRecord>(parsed.flows, `${kind}:${id}`, s.getFlow.get(kind, id) as Row | undefined)
    ),
    putFlow(f) {
      open();
      s.putFlow.run(f.kind, f.id, f.seq, f.orderId, f.dueAt, kept(parsed.flows, `${f.kind}:${f.id}`, f));
    },
    listFlows(filter = {}) {
      open();
      const w = where([
        ['kind', filter.kind],
        ['order_id', filter.orderId],
      ]);
      return parseAll<FlowRecord>(
        db.prepare(`SELECT data FROM flows ${w.sql} ORDER BY kind, seq`).all(...w.params) as Row[],
      );
    },
    nextFlowDueAt: () => (open(), (s.nextFlow.get() as { at: number | null }).at ?? undefined),
    flowsDueBy: (time) => (open(), parseAll<FlowRecord>(s.dueFlows.all(time) as Row[])),

    dump(): StoreDump {
      open();
      const meta: Record<string, string> = {};
      for (const row of s.allMeta.all() as Array<{ key: string; value: string }>) meta[row.key] = row.value;
      return dumpRecords(store, meta);
    },
    clear() {
      open();
      store.transaction(() => {
        for (const table of [
          'meta',
          'sequences',
          'buyers',
          'orders',
          'instances',
          'jobs',
          'attempts',
          'outbox',
          'products',
          'debug_cases',
          'flows',
        ]) {
          db.exec(`DELETE FROM ${table}`);
        }
      });
    },
    close() {
      if (closed) return;
      closed = true;
      db.close();
      heldLock?.release();
    },
  };
  return store;
}
