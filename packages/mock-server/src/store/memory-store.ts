/**
 * In-memory {@link MarketStore}. Records are copied in and out through JSON, exactly like the SQLite store
 * serialises them, so a scenario gives the same state on both. Transactions keep an undo log and roll every
 * write back when the function throws.
 */
import type {
  AttemptRecord,
  BuyerRecord,
  DebugCaseRecord,
  InstanceRecord,
  JobRecord,
  OrderRecord,
  OutboxMessage,
  ProductStateRecord,
} from '../engine/types';
import { assertOpen, dumpRecords } from './store-shared';
import type { MarketStore, StoreDump } from './types';

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

interface Tables {
  meta: Map<string, string>;
  sequences: Map<string, number>;
  buyers: Map<string, BuyerRecord>;
  orders: Map<string, OrderRecord>;
  instances: Map<string, InstanceRecord>;
  jobs: Map<string, JobRecord>;
  attempts: Map<string, AttemptRecord>;
  outbox: OutboxMessage[];
  products: Map<string, ProductStateRecord>;
  debugCases: Map<string, DebugCaseRecord>;
}

const emptyTables = (): Tables => ({
  meta: new Map(),
  sequences: new Map(),
  buyers: new Map(),
  orders: new Map(),
  instances: new Map(),
  jobs: new Map(),
  attempts: new Map(),
  outbox: [],
  products: new Map(),
  debugCases: new Map(),
});

const bySeq = (a: { seq: number }, b: { seq: number }): number => a.seq - b.seq;
const attemptKey = (jobId: string, no: number): string => `${jobId}#${no}`;
/** True when every filter value that is defined equals the record's value (`[filter, record]` pairs). */
const matches = (pairs: Array<[unknown, unknown]>): boolean =>
  pairs.every(([want, got]) => want === undefined || got === want);

/** Copies of the records whose `[filter, record]` value pairs all match, ordered by seq. */
const listWhere = <R extends { seq: number }>(
  records: Map<string, R>,
  pairs: (r: R) => Array<[unknown, unknown]>,
): R[] => copy([...records.values()].filter((r) => matches(pairs(r))).sort(bySeq));

const deadlineOf = (i: InstanceRecord): number | null => i.deadlineAt;
const dueAtOf = (j: JobRecord): number | null => j.nextAttemptAt;

/** Smallest time `at` gives over the indexed records, or undefined. */
function earliest<R>(
  ids: Set<string>,
  records: Map<string, R>,
  at: (r: R) => number | null,
): number | undefined {
  let min: number | undefined;
  for (const id of ids) {
    const r = records.get(id);
    const v = r === undefined ? null : at(r);
    if (v !== null && (min === undefined || v < min)) min = v;
  }
  return min;
}

/** Copies of the indexed records whose time `at` is ≤ `time`, ordered by (time, seq). */
function dueBy<R extends { seq: number }>(
  ids: Set<string>,
  records: Map<string, R>,
  at: (r: R) => number | null,
  time: number,
): R[] {
  const due: Array<{ r: R; at: number }> = [];
  for (const id of ids) {
    const r = records.get(id);
    const v = r === undefined ? null : at(r);
    if (r !== undefined && v !== null && v <= time) due.push({ r, at: v });
  }
  return copy(due.sort((a, b) => a.at - b.at || a.r.seq - b.r.seq).map((d) => d.r));
}

/** Creates an empty in-memory store. Records stored are never shared with callers. */
export function createMemoryStore(): MarketStore {
  let t = emptyTables();
  let depth = 0;
  let closed = false;
  // Undo log of the running transaction: each entry restores one write.
  let undo: Array<() => void> = [];
  // Secondary indexes (ids of jobs with a due time, refs of instances with a deadline).
  let pendingJobs = new Set<string>();
  let deadlines = new Set<string>();

  /** Writes `value` (or deletes when undefined) under `key`, logging how to undo it inside a transaction. */
  const write = <V>(map: Map<string, V>, key: string, value: V | undefined): void => {
    if (depth > 0) {
      const had = map.has(key);
      const old = map.get(key);
      undo.push(() => {
        if (had) map.set(key, old as V);
        else map.delete(key);
      });
    }
    if (value === undefined) map.delete(key);
    else map.set(key, value);
  };

  const rebuildIndexes = (): void => {
    pendingJobs = new Set([...t.jobs.values()].filter((j) => j.nextAttemptAt !== null).map((j) => j.id));
    deadlines = new Set([...t.instances.values()].filter((i) => i.deadlineAt !== null).map((i) => i.ref));
  };

  const open = (): void => assertOpen(closed);

  const store: MarketStore = {
    kind: 'memory',
    transaction(fn) {
      open();
      if (depth > 0) return fn();
      depth++;
      undo = [];
      try {
        return fn();
      } catch (error) {
        for (let i = undo.length - 1; i >= 0; i--) undo[i]?.();
        rebuildIndexes();
        throw error;
      } finally {
        undo = [];
        depth--;
      }
    },
    getMeta: (key) => (open(), t.meta.get(key)),
    setMeta(key, value) {
      open();
      write(t.meta, key, value);
    },
    nextSequence(name) {
      open();
      const next = (t.sequences.get(name) ?? 0) + 1;
      write(t.sequences, name, next);
      return next;
    },

    getBuyer: (id) => (open(), t.buyers.has(id) ? copy(t.buyers.get(id)) : undefined),
    putBuyer(b) {
      open();
      write(t.buyers, b.customerId, copy(b));
    },
    listBuyers: () => (open(), copy([...t.buyers.values()].sort(bySeq))),

    getOrder: (id) => (open(), t.orders.has(id) ? copy(t.orders.get(id)) : undefined),
    putOrder(o) {
      open();
      write(t.orders, o.orderId, copy(o));
    },
    listOrders(f = {}) {
      open();
      return listWhere(t.orders, (o) => [
        [f.state, o.state],
        [f.orderType, o.orderType],
        [f.buyerId, o.buyerId],
        [f.productCode, o.productCode],
      ]);
    },

    getInstance: (ref) => (open(), t.instances.has(ref) ? copy(t.instances.get(ref)) : undefined),
    findInstanceByInstanceId(instanceId) {
      open();
      const found = [...t.instances.values()].filter((i) => i.instanceId === instanceId).sort(bySeq)[0];
      return found === undefined ? undefined : copy(found);
    },
    putInstance(i) {
      open();
      write(t.instances, i.ref, copy(i));
      if (i.deadlineAt === null) deadlines.delete(i.ref);
      else deadlines.add(i.ref);
    },
    listInstances(f = {}) {
      open();
      return listWhere(t.instances, (i) => [
        [f.state, i.state],
        [f.orderId, i.orderId],
        [f.buyerId, i.buyerId],
        [f.productCode, i.productCode],
      ]);
    },
    nextInstanceDeadline: () => (open(), earliest(deadlines, t.instances, deadlineOf)),
    instancesDueBy: (time) => (open(), dueBy(deadlines, t.instances, deadlineOf, time)),

    getJob: (id) => (open(), t.jobs.has(id) ? copy(t.jobs.get(id)) : undefined),
    putJob(j) {
      open();
      write(t.jobs, j.id, copy(j));
      if (j.nextAttemptAt === null) pendingJobs.delete(j.id);
      else pendingJobs.add(j.id);
    },
    listJobs(f = {}) {
      open();
      return listWhere(t.jobs, (j) => [
        [f.state, j.state],
        [f.interface, j.interface],
        [f.orderId, j.refs.orderId],
        [f.instanceRef, j.refs.instanceRef],
        [f.waitingFor, j.waitingFor],
      ]);
    },
    nextJobDueAt: () => (open(), earliest(pendingJobs, t.jobs, dueAtOf)),
    jobsDueBy: (time) => (open(), dueBy(pendingJobs, t.jobs, dueAtOf, time)),

    putAttempt(a) {
      open();
      write(t.attempts, attemptKey(a.jobId, a.no), copy(a));
    },
    getAttempt(jobId, no) {
      open();
      const a = t.attempts.get(attemptKey(jobId, no));
      return a === undefined ? undefined : copy(a);
    },
    listAttempts(f = {}) {
      open();
      const seqOf = (id: string): number => t.jobs.get(id)?.seq ?? Number.MAX_SAFE_INTEGER;
      return copy(
        [...t.attempts.values()]
          .filter((a) =>
            matches([
              [f.jobId, a.jobId],
              [f.state, a.state],
            ]),
          )
          .sort((a, b) => seqOf(a.jobId) - seqOf(b.jobId) || a.no - b.no),
      );
    },

    appendOutbox(m) {
      open();
      const outbox = t.outbox;
      outbox.push(copy(m));
      if (depth > 0) undo.push(() => void outbox.pop());
    },
    listOutbox: () => (open(), copy([...t.outbox].sort(bySeq))),

    getProductState: (code) => (open(), t.products.has(code) ? copy(t.products.get(code)) : undefined),
    putProductState(p) {
      open();
      write(t.products, p.productCode, copy(p));
    },
    listProductStates: () => (
      open(),
      copy([...t.products.values()].sort((a, b) => (a.productCode < b.productCode ? -1 : 1)))
    ),

    getDebugCase: (id) => (open(), t.debugCases.has(id) ? copy(t.debugCases.get(id)) : undefined),
    putDebugCase(c) {
      open();
      write(t.debugCases, c.id, copy(c));
    },
    deleteDebugCase(id) {
      open();
      const had = t.debugCases.has(id);
      write(t.debugCases, id, undefined);
      return had;
    },
    listDebugCases: () => (open(), copy([...t.debugCases.values()].sort(bySeq))),

    dump(): StoreDump {
      open();
      return dumpRecords(
        store,
        Object.fromEntries([...t.meta.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      );
    },
    clear() {
      open();
      const saved = t;
      t = emptyTables();
      if (depth > 0) undo.push(() => (t = saved));
      rebuildIndexes();
    },
    close() {
      closed = true;
    },
  };
  return store;
}
