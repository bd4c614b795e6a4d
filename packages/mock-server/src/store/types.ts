/**
 * The store behind the mock marketplace. Synchronous by design (better-sqlite3 is synchronous), so that a whole
 * engine step — an attempt's result plus every record it changes — commits in one transaction.
 *
 * Implementations: {@link createMemoryStore} (tests, throw-away runs) and `createSqliteStore` (the embedded
 * default; survives crashes). Both behave identically: a write stores a copy with JSON semantics (the store never
 * keeps the caller's object), and every record read back is a deeply frozen snapshot — to change one, spread it
 * into a new object and put that (assigning to a frozen record throws a `TypeError`).
 */
import type {
  AttemptRecord,
  AttemptState,
  BuyerRecord,
  DebugCaseRecord,
  InstanceRecord,
  InstanceState,
  JobRecord,
  JobState,
  OrderRecord,
  OrderState,
  OrderType,
  OutboxMessage,
  ProductStateRecord,
  ProductionInterface,
} from '../engine/model/types';
import type { FlowFilter, FlowKind, FlowRecord } from '../engine/model/flow-records';

/** Filter for listing orders (all fields optional; combined with AND). */
export interface OrderFilter {
  state?: OrderState;
  orderType?: OrderType;
  buyerId?: string;
  productCode?: string;
}

/** Filter for listing instances. */
export interface InstanceFilter {
  state?: InstanceState;
  orderId?: string;
  buyerId?: string;
  productCode?: string;
}

/** Filter for listing jobs. */
export interface JobFilter {
  state?: JobState;
  interface?: ProductionInterface;
  orderId?: string;
  instanceRef?: string;
  waitingFor?: string;
}

/** Filter for listing attempts. */
export interface AttemptFilter {
  jobId?: string;
  state?: AttemptState;
}

/** Everything a store holds, in a stable order (by sequence), for snapshots and parity checks. */
export interface StoreDump {
  meta: Record<string, string>;
  buyers: BuyerRecord[];
  orders: OrderRecord[];
  instances: InstanceRecord[];
  jobs: JobRecord[];
  attempts: AttemptRecord[];
  outbox: OutboxMessage[];
  products: ProductStateRecord[];
  debugCases: DebugCaseRecord[];
  /** Business-flow records (seller-console.md §1–§4, §9), by (kind, seq). */
  flows: FlowRecord[];
}

/** Persistence for the marketplace engine. All lists are ordered by `seq` (creation order) unless stated. */
export interface MarketStore {
  /** `memory` or `sqlite`. */
  readonly kind: 'memory' | 'sqlite';
  /** Runs `fn` atomically: all its writes commit together or not at all. Nested calls join the outer one. */
  transaction<T>(fn: () => T): T;

  /** Small key/value settings (virtual clock time, random state, probe progress). */
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
  /** Next value of a named counter, starting at 1. Persistent and never reused. */
  nextSequence(name: string): number;

  getBuyer(customerId: string): BuyerRecord | undefined;
  putBuyer(buyer: BuyerRecord): void;
  listBuyers(): BuyerRecord[];

  getOrder(orderId: string): OrderRecord | undefined;
  putOrder(order: OrderRecord): void;
  listOrders(filter?: OrderFilter): OrderRecord[];

  getInstance(ref: string): InstanceRecord | undefined;
  /** The instance with this seller-side `instanceId`, if any. */
  findInstanceByInstanceId(instanceId: string): InstanceRecord | undefined;
  putInstance(instance: InstanceRecord): void;
  listInstances(filter?: InstanceFilter): InstanceRecord[];
  /** Earliest `deadlineAt` over all instances, or undefined. */
  nextInstanceDeadline(): number | undefined;
  /** Instances whose `deadlineAt` ≤ `time`, ordered by (deadlineAt, seq). */
  instancesDueBy(time: number): InstanceRecord[];

  getJob(id: string): JobRecord | undefined;
  putJob(job: JobRecord): void;
  listJobs(filter?: JobFilter): JobRecord[];
  /** Earliest `nextAttemptAt` over all jobs, or undefined. */
  nextJobDueAt(): number | undefined;
  /** Jobs whose `nextAttemptAt` ≤ `time`, ordered by (nextAttemptAt, seq). */
  jobsDueBy(time: number): JobRecord[];

  /** Inserts or replaces the attempt identified by (jobId, no). */
  putAttempt(attempt: AttemptRecord): void;
  getAttempt(jobId: string, no: number): AttemptRecord | undefined;
  /** Attempts ordered by (job seq, no). */
  listAttempts(filter?: AttemptFilter): AttemptRecord[];

  appendOutbox(message: OutboxMessage): void;
  listOutbox(): OutboxMessage[];

  getProductState(productCode: string): ProductStateRecord | undefined;
  putProductState(state: ProductStateRecord): void;
  listProductStates(): ProductStateRecord[];

  getDebugCase(id: string): DebugCaseRecord | undefined;
  putDebugCase(debugCase: DebugCaseRecord): void;
  deleteDebugCase(id: string): boolean;
  listDebugCases(): DebugCaseRecord[];

  /** Business-flow records (supervision, auto-renewal, licences, kit logins, unpaid-order deadlines). */
  getFlow(kind: FlowKind, id: string): FlowRecord | undefined;
  putFlow(record: FlowRecord): void;
  /** Flow records ordered by (kind, seq). */
  listFlows(filter?: FlowFilter): FlowRecord[];
  /** Earliest `dueAt` over all flow records, or undefined. */
  nextFlowDueAt(): number | undefined;
  /** Flow records whose `dueAt` ≤ `time`, ordered by (dueAt, seq). */
  flowsDueBy(time: number): FlowRecord[];

  /** Everything, for snapshots, exports and parity tests. */
  dump(): StoreDump;
  /** Deletes every record and setting (keeps the schema). */
  clear(): void;
  /** Releases resources; further calls throw. */
  close(): void;
}
