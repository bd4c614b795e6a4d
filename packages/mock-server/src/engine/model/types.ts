/**
 * Records the mock marketplace keeps: buyers, orders, instances, jobs (production calls), attempts, the
 * simulated outbox, product status and saved debug cases. Every record is plain JSON (no `undefined`, no class
 * instances) so the in-memory and SQLite stores hold exactly the same data. Times are business-clock
 * milliseconds since the epoch.
 */
import type { BasicInterfaceName, KitInterfaceName, V1InterfaceName } from '@koogallery-kit/sdk';
import type { AttemptOutcome, DeliveryProblem, RecordedRequest, RecordedResponse } from './delivery-types';

/** How a product is charged (§1): yearly/monthly, one-time, pay-per-use, pay-per-use package. */
export type ChargingMode = 'PERIOD' | 'ONE_TIME' | 'ON_DEMAND' | 'ON_DEMAND_PKG';

/** Unit of a period; `day` is used by trial orders only. */
export type PeriodType = 'year' | 'month' | 'day';

/** Order types of the order-query Open API (§8.3). */
export const ORDER_TYPES = Object.freeze([
  'NEW',
  'TRIAL',
  'TRIAL_TO_FORMAL',
  'RENEW',
  'CHANGE',
  'UNSUBSCRIBE',
] as const);
export type OrderType = (typeof ORDER_TYPES)[number];

/** Console order states (§11.6; not part of the seller-facing API, see §15 item 21). */
export const ORDER_STATES = Object.freeze([
  'PENDING_PAYMENT',
  'PROCESSING',
  'COMPLETED',
  'CANCELED',
] as const);
export type OrderState = (typeof ORDER_STATES)[number];

/** Instance states as the platform sees them. */
export const INSTANCE_STATES = Object.freeze(['provisioning', 'active', 'frozen', 'released'] as const);
export type InstanceState = (typeof INSTANCE_STATES)[number];

/**
 * Job (production call) states. FAILED = a call without automatic retries failed; EXHAUSTED = every scheduled
 * retry failed (both wait for a manual restart). CANCELED = made obsolete before it was delivered: a pending
 * FREEZE after the buyer renewed, a pending UNFREEZE after a new freeze, either after the instance was released —
 * so the seller never receives calls that contradict the instance's current state.
 */
export type JobState = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'EXHAUSTED' | 'CANCELED';

/**
 * Production interfaces the engine sends: the V2 basic and kit interfaces of the SDK's `InterfaceName`, and the
 * legacy V1 interfaces the lifecycle uses instead of the basic ones when the engine runs with `protocol: 'v1'`.
 */
export type ProductionInterface = BasicInterfaceName | KitInterfaceName | V1InterfaceName;

/** A `{ name, value }` custom parameter (§8.3 ExtendParam). */
export interface ExtendParam {
  name: string;
  value: string;
}

/** A buyer (§8.3 BuyerInfo). `customerId` is the buyer's id everywhere in the engine. */
export interface BuyerRecord {
  customerId: string;
  seq: number;
  customerName: string;
  customerRealName: string;
  /** Undocumented enumeration; the platform's mock orders carry 0 (§15 item 22). */
  customerType: number;
  mobilePhone: string | null;
  email: string | null;
  /** IAM sub-user; null like the platform's mock (no longer provided after 2025-10-25). */
  userId: string | null;
  userName: string | null;
  /** Freeze (grace) period for this buyer in days; null = the engine default (15). Depends on customer level. */
  gracePeriodDays: number | null;
  createdAt: number;
}

/** One product/SKU on an order line (§8.3 ProductInfo). */
export interface ProductInfoRecord {
  productId: string;
  skuCode: string;
  /** Quantity-type pricing attribute (users, seats...), null when the SKU has none. */
  linearValue: number | null;
  productName: string;
}

/** One order line (§8.3 OrderLine). */
export interface OrderLineRecord {
  orderLineId: string;
  chargingMode: ChargingMode;
  periodType: PeriodType | null;
  periodNumber: number | null;
  /** Business time of the (estimated) expiry; PERIOD and ON_DEMAND_PKG only. */
  expireAt: number | null;
  productInfo: ProductInfoRecord[];
  extendParams: ExtendParam[];
  /** List price as a decimal string; empty for reverse (unsubscribe) orders. */
  currency: string;
  /** Amount actually paid as a decimal string; negative for reverse orders. */
  currencyAfterDiscount: string;
}

/** Why an order was canceled. */
export type CancelReason = 'UNPAID' | 'PROVISIONING_FAILED' | 'CHANGE_FAILED';

/** The configuration an order asks for (renewals, upgrades, trial→formal, renewal with change). */
export interface OrderTarget {
  skuCode: string;
  linearValue: number | null;
  productId: string;
  periodType: PeriodType | null;
  periodNumber: number | null;
  /** `refreshInstance.scene` this order leads to, when it leads to one. */
  scene: RefreshScene | null;
}

/** `refreshInstance` scenes (§3.3). */
export type RefreshScene = 'TRIAL_TO_FORMAL' | 'RENEWAL' | 'UNSUBSCRIBE_RENEWAL_PERIOD' | 'RENEWAL_CHANGE';

/** One state change, kept for the console's history view. */
export interface HistoryEntry<S extends string> {
  at: number;
  from: S | null;
  to: S;
  action: string;
}

/** An order (console record plus everything the order-query Open API returns). */
export interface OrderRecord {
  orderId: string;
  seq: number;
  orderType: OrderType;
  state: OrderState;
  /** Catalog code of the product the order is for. */
  productCode: string;
  buyerId: string;
  createdAt: number;
  paidAt: number | null;
  completedAt: number | null;
  canceledAt: number | null;
  cancelReason: CancelReason | null;
  lines: OrderLineRecord[];
  /** Order-level custom parameters (usually empty). */
  extendParams: ExtendParam[];
  /** Internal refs of the instances this order creates or acts on. */
  instanceRefs: string[];
  /** For UNSUBSCRIBE orders: the order being reversed. */
  relatedOrderId: string | null;
  /** For canceled orders: the automatic unsubscribe order created when provisioning failed. */
  autoUnsubscribeOrderId: string | null;
  /** Target configuration of RENEW / CHANGE / TRIAL_TO_FORMAL orders. */
  target: OrderTarget | null;
  /** True once the order was counted in its product's monthly failed-order counter. */
  failureCounted: boolean;
  history: HistoryEntry<OrderState>[];
}

/** Why an instance is frozen; both may hold at once. */
export type FreezeReason = 'EXPIRED' | 'VIOLATION';

/** Why an instance was released. */
export type ReleaseReason = 'EXPIRED' | 'UNSUBSCRIBED' | 'PROVISIONING_FAILED';

/** One paid validity period of an instance. */
export interface PeriodRecord {
  orderId: string;
  orderLineId: string;
  startAt: number;
  endAt: number;
}

/** A SaaS instance as the platform tracks it. */
export interface InstanceRecord {
  /** The mock's own stable id (the seller's id is only known after newInstance). */
  ref: string;
  seq: number;
  /** The seller's instanceId, from the newInstance reply. */
  instanceId: string | null;
  state: InstanceState;
  productCode: string;
  productId: string;
  skuCode: string;
  linearValue: number | null;
  chargingMode: ChargingMode;
  periodType: PeriodType | null;
  periodNumber: number | null;
  trial: boolean;
  buyerId: string;
  /** Order and line that created the instance. */
  orderId: string;
  orderLineId: string;
  createdAt: number;
  activatedAt: number | null;
  releasedAt: number | null;
  /** Current expiry (PERIOD and ON_DEMAND_PKG). */
  expireAt: number | null;
  periods: PeriodRecord[];
  freezeReasons: FreezeReason[];
  frozenAt: number | null;
  /** End of the freeze (grace) period after expiry; release follows unless renewed. */
  graceEndsAt: number | null;
  releaseReason: ReleaseReason | null;
  /** Next business time at which the engine must act on this instance (expiry or grace end); indexed. */
  deadlineAt: number | null;
  /** Usage reported for pay-per-use instances. */
  usage: { total: number; records: number; lastAt: number | null };
  history: HistoryEntry<InstanceState>[];
}

/** What a job is for; decides what its success or failure does to orders and instances. */
export type JobPurpose =
  | 'provision'
  | 'poll'
  | 'renew'
  | 'trialToFormal'
  | 'renewalChange'
  | 'unsubscribeRenewal'
  | 'upgrade'
  | 'changeCheck'
  | 'freeze'
  | 'unfreeze'
  | 'release'
  | 'unsubscribe'
  | 'resourcePage'
  | 'probe'
  | 'manual'
  | 'kit'
  | 'kitCheck';

/** What happens when a job gives up: fail the order (cancel + auto-unsubscribe) or wait for a manual restart. */
export type ExhaustionPolicy = 'fail-order' | 'manual';

/**
 * A retry schedule (data). `offsets`: attempt k+1 runs at `roundStart + retryAtMs[k-1]` (the first attempt at
 * `roundStart`). `interval`: attempts every `everyMs` while within `forMs` of the round start (queryInstance
 * polling).
 */
export type RetrySchedule =
  | { kind: 'offsets'; retryAtMs: number[]; onExhausted: ExhaustionPolicy }
  | { kind: 'interval'; everyMs: number; forMs: number; onExhausted: ExhaustionPolicy };

/** Links from a job to the records it concerns. */
export interface JobRefs {
  orderId: string | null;
  orderLineId: string | null;
  instanceRef: string | null;
  productCode: string | null;
  /** Probe jobs: the debug case replayed and the business day (yyyy-MM-dd) it counts for. */
  debugCaseId: string | null;
  probeDay: string | null;
}

/** A production call: one job, one or more attempts. */
export interface JobRecord {
  /** Stable id (`J` + sequence). */
  id: string;
  seq: number;
  interface: ProductionInterface;
  purpose: JobPurpose;
  /** Body of the current (or next) attempt; slim V2 body, values as strings. */
  body: Record<string, unknown>;
  refs: JobRefs;
  state: JobState;
  /** Schedule of the current round (copied at creation so later config changes do not move existing jobs). */
  schedule: RetrySchedule;
  /** Business time the current round started (first attempt or manual restart). */
  roundStartedAt: number;
  /** Attempts made in the current round. */
  roundAttempts: number;
  /** Attempts made in total. */
  attemptCount: number;
  /** When the next attempt is due; null while running, finished or waiting for another job. */
  nextAttemptAt: number | null;
  /** Id of the job that must succeed first (e.g. UNFREEZE waits for the renewal's refreshInstance). */
  waitingFor: string | null;
  /** True for calls the buyer waits for (resource page, change check): no retries. */
  synchronous: boolean;
  restarts: number;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
  /** Problems of the last failed attempt. */
  lastProblems: AttemptProblem[];
}

/** Attempt states. NOT_READY = polling answered but the instance is not ready yet; INTERRUPTED = see recovery. */
export type AttemptState = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'NOT_READY' | 'INTERRUPTED';

/** A problem recorded on an attempt: the platform's verdict problems plus engine-side reasons. */
export interface AttemptProblem {
  code: DeliveryProblem['code'] | 'NOT_READY' | 'INTERRUPTED' | 'DELIVERY_ERROR';
  message: string;
  hint?: string;
  field?: string;
}

/** One attempt of a job. Written as an intent (RUNNING) before delivery and completed after. */
export interface AttemptRecord {
  jobId: string;
  no: number;
  state: AttemptState;
  manual: boolean;
  /** When the attempt was due and when it started (business time). */
  scheduledAt: number;
  startedAt: number;
  finishedAt: number | null;
  /** Exact body of this attempt. */
  body: Record<string, unknown>;
  /** The request sent, secrets redacted. */
  request: RecordedRequest | null;
  response: RecordedResponse | null;
  elapsedMs: number | null;
  accepted: boolean | null;
  async: boolean | null;
  resultCode: string | null;
  problems: AttemptProblem[];
}

/** A simulated e-mail to the seller. */
export interface OutboxMessage {
  id: string;
  seq: number;
  at: number;
  to: string;
  kind:
    | 'CALL_FAILED'
    | 'ORDER_FAILED'
    | 'PRODUCT_DELISTED'
    | 'PRODUCT_TRADING_FROZEN'
    | 'PROBE_FAILED'
    | 'JOB_GAVE_UP';
  subject: string;
  text: string;
  refs: { jobId: string | null; orderId: string | null; productCode: string | null };
}

/** Marketplace status of a catalog product. */
export interface ProductStateRecord {
  productCode: string;
  delisted: boolean;
  delistedAt: number | null;
  delistReason: 'FAILED_ORDERS' | 'PROBE_FAILURES' | null;
  /** Trading frozen and hidden after consecutive days of failed lifecycle probing. */
  tradingFrozen: boolean;
  tradingFrozenAt: number | null;
  /** Failed orders per business month (`yyyy-MM`). */
  failedOrdersByMonth: Record<string, number>;
  /** Business days (`yyyy-MM-dd`) on which at least one probe failed, most recent last (bounded). */
  probeFailedDays: string[];
}

/** A saved debugging case, replayed by lifecycle probing twice a day. */
export interface DebugCaseRecord {
  id: string;
  seq: number;
  productCode: string;
  interface: ProductionInterface;
  body: Record<string, unknown>;
  createdAt: number;
}

/**
 * Sends one attempt of a job and judges the reply. `job` is the store's frozen snapshot of the job (read it; copy
 * it before changing anything) and `job.body` is the exact body of this attempt (for newInstance it carries a fresh
 * `businessId` on every attempt). Should resolve with an outcome for every seller-side failure
 * (unreachable, time-out, bad reply); a rejection is recorded as a failed attempt with problem
 * `DELIVERY_ERROR` and the job's retry schedule continues.
 */
export type DeliverFn = (job: Readonly<JobRecord>, attemptNo: number) => Promise<AttemptOutcome>;
