/**
 * In-memory {@link MarketStore}. Records are copied in and out through JSON, exactly like the SQLite store
 * serialises them, so a scenario gives the same state on both. Transactions keep an undo log and roll every
 * write back when the function throws.
 */
import { KooGalleryError } from '@koogallery-kit/sdk';
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

  const open = (): void => {
    if (closed) throw new KooGalleryError('STORE_CLOSED', 'The store is closed; open a new one to continue.');
  };

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
      return copy(
        [...t.orders.values()]
          .filter(
            (o) =>
              (f.state === undefined || o.state === f.state) &&
              (f.orderType === undefined || o.orderType === f.orderType) &&
              (f.buyerId === undefined || o.buyerId === f.buyerId) &&
              (f.productCode === undefined || o.productCode === f.productCode),
          )
          .sort(bySeq),
      );
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
      return copy(
        [...t.instances.values()]
          .filter(
            (i) =>
              (f.state === undefined || i.state === f.state) &&
              (f.orderId === undefined || i.orderId === f.orderId) &&
              (f.buyerId === undefined || i.buyerId === f.buyerId) &&
              (f.productCode === undefined || i.productCode === f.productCode),
          )
          .sort(bySeq),
      );
    },
    nextInstanceDeadline() {
      open();
      let min: number | undefined;
      for (const ref of deadlines) {
        const at = t.instances.get(ref)?.deadlineAt;
        if (at != null && (min === undefined || at < min)) min = at;
      }
      return min;
    },
    instancesDueBy(time) {
      open();
      const due: InstanceRecord[] = [];
      for (const ref of deadlines) {
        const i = t.instances.get(ref);
        if (i !== undefined && i.deadlineAt !== null && i.deadlineAt <= time) due.push(i);
      }
      return copy(due.sort((a, b) => (a.deadlineAt as number) - (b.deadlineAt as number) || a.seq - b.seq));
    },

    getJob: (id) => (open(), t.jobs.has(id) ? copy(t.jobs.get(id)) : undefined),
    putJob(j) {
      open();
      write(t.jobs, j.id, copy(j));
      if (j.nextAttemptAt === null) pendingJobs.delete(j.id);
      else pendingJobs.add(j.id);
    },
    listJobs(f = {}) {
      open();
      return copy(
        [...t.jobs.values()]
          .filter(
            (j) =>
              (f.state === undefined || j.state === f.state) &&
              (f.interface === undefined || j.interface === f.interface) &&
              (f.orderId === undefined || j.refs.orderId === f.orderId) &&
              (f.instanceRef === undefined || j.refs.instanceRef === f.instanceRef) &&
              (f.waitingFor === undefined || j.waitingFor === f.waitingFor),
          )
          .sort(bySeq),
      );
    },
    nextJobDueAt() {
      open();
      let min: number | undefined;
      for (const id of pendingJobs) {
        const at = t.jobs.get(id)?.nextAttemptAt;
        if (at != null && (min === undefined || at < min)) min = at;
      }
      return min;
    },
    jobsDueBy(time) {
      open();
      const due: JobRecord[] = [];
      for (const id of pendingJobs) {
        const j = t.jobs.get(id);
        if (j !== undefined && j.nextAttemptAt !== null && j.nextAttemptAt <= time) due.push(j);
      }
      return copy(
        due.sort((a, b) => (a.nextAttemptAt as number) - (b.nextAttemptAt as number) || a.seq - b.seq),
      );
    },

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
          .filter(
            (a) =>
              (f.jobId === undefined || a.jobId === f.jobId) &&
              (f.state === undefined || a.state === f.state),
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
      return {
        meta: Object.fromEntries([...t.meta.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
        buyers: store.listBuyers(),
        orders: store.listOrders(),
        instances: store.listInstances(),
        jobs: store.listJobs(),
        attempts: store.listAttempts(),
        outbox: store.listOutbox(),
        products: store.listProductStates(),
        debugCases: store.listDebugCases(),
      };
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
