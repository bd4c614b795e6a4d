/**
 * `createMarketEngine`: the mock marketplace's pure engine. It holds no I/O of its own — state lives in the
 * injected store, time comes from the injected clock, production calls go through the injected `deliver`
 * function — and exposes buyer lifecycle actions, job control, debug cases, product status and the outbox.
 *
 * On creation it resumes a persisted store: the virtual clock moves forward to the saved business time, attempts
 * interrupted by a crash are completed by the rule documented in job-runner.ts, and every scheduled job keeps
 * its due time.
 */
import { INTERFACES, validateSchema } from '@koogallery-kit/sdk';
import type { UsageRecordWire, ValidationIssue } from '@koogallery-kit/sdk';
import type { AttemptFilter, InstanceFilter, JobFilter, MarketStore, OrderFilter } from '../store/types';
import { createBuyer, type BuyerInput } from './lifecycle/buyers';
import type { Catalog } from './model/catalog';
import { createCatalog } from './model/catalog';
import type { Clock, ClockDriver, VirtualClock } from './time/clock';
import { CLOCK_TIME_KEY, saveRealClockOrigin } from './time/clock-origin';
import type { RealClock } from './time/real-clock';
import { createEngineContext, RANDOM_STATE_KEY } from './context';
import { processDeadlines } from './lifecycle/deadlines';
import { DEMO_CATALOG } from './model/demo-catalog';
import { resolveEngineOptions, type MarketEngineOptions } from './engine-options';
import { ActionRejectedError, EngineErrorCodes, NotFoundError } from './model/errors';
import { createEventBus, type EngineEvents } from './model/events';
import { invalidInput, isObject } from './model/input-issues';
import { createJobRunner } from './jobs/job-runner';
import { createJob } from './jobs/jobs';
import { createJointOperations, type JointOperationsActions } from './joint/joint-operations';
import { createLifecycle, type LifecycleActions } from './lifecycle/lifecycle';
import { toOrderInfo, type OrderInfo } from './lifecycle/order-info';
import { createOutcomeHandlers } from './jobs/outcomes';
import { createProber, PROBE_LAST_SLOT_KEY } from './jobs/probing';
import { createSeededRandom, type RandomSource, type SeededRandom } from './model/random';
import { checkSchedule, onceSchedule } from './jobs/retry-schedules';
import { productState, saveProductState } from './records/side-effects';
import { JOB_TRANSITIONS, transition } from './model/state-machines';
import {
  acceptUsage,
  usageLog,
  type AcceptUsageOptions,
  type UsageLogEntry,
  type UsagePushOutcome,
} from './usage/usage';
import { FLOW_TIMER_HANDLERS } from './flow-timers';
import { processFlowTimers } from './flow-timers/flow-store';
import { flowEvents, type FlowEvent } from './flow-timers/flow-events';
import { createSupervisionActions, type SupervisionActions } from './supervision/supervision-actions';
import { createAutoRenewalActions, type AutoRenewalActions } from './auto-renewal/auto-renewal-actions';
import { createKitMetricsActions, type KitMetricsActions } from './kit-metrics/kit-metrics';
import { createSettlementActions, type SettlementActions } from './settlement/settlement-actions';
import { createBillRunner } from './settlement/bill-run';
import type {
  AttemptRecord,
  BuyerRecord,
  DebugCaseRecord,
  InstanceRecord,
  JobRecord,
  OrderRecord,
  OutboxMessage,
  ProductStateRecord,
  ProductionInterface,
  RetrySchedule,
} from './model/types';

export { CLOCK_TIME_KEY } from './time/clock-origin';

/** A job with its attempts, oldest first. */
export interface JobView extends JobRecord {
  attempts: AttemptRecord[];
}

/** What happened when the engine opened its store. */
export interface RecoveryReport {
  /** Business time the virtual clock was moved to from the store, or null. */
  resumedClockAt: number | null;
  /** Attempts found in flight and completed as INTERRUPTED. */
  interruptedAttempts: AttemptRecord[];
  /** Jobs waiting for an attempt after recovery. */
  pendingJobs: number;
}

/** A production call made directly (debugging console, kit sync, anything the lifecycle does not cover). */
export interface DirectCallInput {
  interface: ProductionInterface;
  /** Request body; validated against the interface's request schema (`testFlag` is added from `testFlag`). */
  body: Record<string, unknown>;
  /** Default the interface's configured schedule. */
  schedule?: RetrySchedule;
  /** `testFlag` for the call; default the engine's (V2 basic interfaces only; kit bodies carry their own). */
  testFlag?: '0' | '1' | null;
}

/** A saved debugging case for lifecycle probing. */
export interface DebugCaseInput {
  productCode: string;
  interface: ProductionInterface;
  /** Request body as the debugging console sends it; `testFlag` "1" is added on replay. */
  body: Record<string, unknown>;
}

/** Options of `restartJob`. */
export interface RestartOptions {
  /** Run the interface's whole retry schedule again instead of a single manual attempt. Default false. */
  withRetries?: boolean;
}

/** The marketplace engine. Instance `ref` arguments accept the mock ref (`I000001`) or the seller instanceId. */
export interface MarketEngine
  extends
    LifecycleActions,
    JointOperationsActions,
    SupervisionActions,
    AutoRenewalActions,
    KitMetricsActions,
    SettlementActions {
  readonly store: MarketStore;
  readonly clock: Clock;
  readonly catalog: Catalog;
  readonly events: EngineEvents;
  /** What was resumed from the store when the engine was created. */
  readonly recovery: RecoveryReport;
  /** Current business time. */
  now(): number;

  createBuyer(input?: BuyerInput): BuyerRecord;
  getBuyer(customerId: string): BuyerRecord;
  listBuyers(): BuyerRecord[];

  getOrder(orderId: string): OrderRecord;
  listOrders(filter?: OrderFilter): OrderRecord[];
  /** The order as the order-query Open API returns it (§8.3). */
  orderInfo(orderId: string, orderLineId?: string): OrderInfo;

  getInstance(ref: string): InstanceRecord;
  listInstances(filter?: InstanceFilter): InstanceRecord[];

  /**
   * Stores a usage push (new) that passed the Open API's signature and record checks (§8.4): every record's
   * instance must be a pay-per-use instance of the mock (else `MKT.9001` / `MKT.0150`, nothing stored); records
   * already stored under their `metering_sn` are left out. Accepted usage is added to each instance's `usage`.
   * `options.checkedAt`: the instant the records' 21-day limit was checked against (the Open API's clock); serial
   * numbers of records past that window are forgotten, and a record beginning before the latest such window is
   * answered `MKT.9004` (engine/usage/usage-serials.ts). Without it nothing is forgotten.
   */
  acceptUsagePush(records: readonly UsageRecordWire[], options?: AcceptUsageOptions): UsagePushOutcome;
  /** The usage records stored for an instance (ref or instanceId), oldest first, the last 200 at most. */
  usageLog(ref: string): UsageLogEntry[];

  getJob(id: string): JobView;
  listJobs(filter?: JobFilter): JobRecord[];
  listAttempts(filter?: AttemptFilter): AttemptRecord[];
  /** Manual restart ("重新启动") of a FAILED or EXHAUSTED job: one attempt now (or the whole schedule). */
  restartJob(id: string, options?: RestartOptions): Promise<JobView>;
  /** Runs the next scheduled attempt of a PENDING job now; the rest of its schedule is unchanged. */
  retryJobNow(id: string): Promise<JobView>;
  /** Creates a job for any production call; it runs when the clock next runs due work. */
  call(input: DirectCallInput): JobRecord;

  saveDebugCase(input: DebugCaseInput): DebugCaseRecord;
  listDebugCases(): DebugCaseRecord[];
  removeDebugCase(id: string): void;
  /** Replays every saved debug case now (one probe round outside the schedule). */
  probeNow(): JobRecord[];

  /** Marketplace status of every catalog product. */
  listProductStates(): ProductStateRecord[];
  getProductState(productCode: string): ProductStateRecord;
  /** Lists a delisted or trading-frozen product again (after the seller fixed the interface). */
  relistProduct(productCode: string): ProductStateRecord;

  /** Simulated e-mails to the seller, oldest first. */
  outbox(): OutboxMessage[];
  /** Business-flow steps (supervision, auto-renewal, unpaid deadline) of an order or instance, by time. */
  flowEvents(subject: { orderId?: string; instanceRef?: string }): FlowEvent[];

  /** Earliest business time at which anything is scheduled, or undefined. */
  nextDueAt(): number | undefined;
  /** Runs everything due at the current business time (virtual clock: without moving it). */
  flush(): Promise<void>;
  /** Resolves when no delivery is in flight. */
  idle(): Promise<void>;
  /** Deletes every order, instance, job, buyer and message (keeps the clock where it is). */
  reset(): Promise<void>;
  /** Detaches from the clock and waits for deliveries in flight. Store and clock stay open (the caller owns them). */
  close(): Promise<void>;
}

/** Creates the engine (see module doc). Throws `ConfigError` listing every invalid option. */
export function createMarketEngine(o: MarketEngineOptions): MarketEngine {
  const options = resolveEngineOptions(o);
  const catalog = createCatalog(o.catalog ?? DEMO_CATALOG);
  const { store, clock } = o;

  let seeded: SeededRandom | null = null;
  let random: RandomSource;
  let initialRandomState = 0;
  if (o.random !== undefined) random = o.random;
  else {
    seeded = createSeededRandom(o.seed ?? `${Math.random()}`);
    initialRandomState = seeded.state();
    const saved = Number(store.getMeta(RANDOM_STATE_KEY) ?? Number.NaN);
    if (Number.isFinite(saved)) seeded.restore(saved);
    random = seeded;
  }

  const bus = createEventBus((error, event) => options.onError(error, `listener of ${event.type}`));
  const ctx = createEngineContext({ store, clock, catalog, random, seeded, options, bus });

  // Resume the virtual clock where the store left it (never backwards).
  let resumedClockAt: number | null = null;
  const savedTime = Number(store.getMeta(CLOCK_TIME_KEY) ?? Number.NaN);
  if (clock.kind === 'virtual' && Number.isFinite(savedTime) && savedTime > clock.now()) {
    (clock as VirtualClock).restore(savedTime);
    resumedClockAt = savedTime;
  }
  // The business time is saved at every virtual step and every pass of due work, and the real clock's origin
  // when the engine starts: a restarted mock resumes from them and never goes back (clock-origin.ts).
  const persistClock = (): void => store.setMeta(CLOCK_TIME_KEY, String(clock.now()));
  const persistOrigin = (): void => {
    const real = clock as Partial<RealClock>;
    saveRealClockOrigin(
      store,
      clock.kind === 'real' && typeof real.origin === 'function' ? real.origin() : null,
    );
  };
  store.transaction(() => {
    persistClock();
    persistOrigin();
  });

  let prober = createProber(ctx);
  const handlers = createOutcomeHandlers(ctx, { probeFailed: (job) => prober.probeFailed(job) });
  const runner = createJobRunner(ctx, o.deliver, handlers);
  const interruptedAttempts = runner.recoverInterrupted();
  const lifecycle = createLifecycle(ctx, runner);
  const joint = createJointOperations(ctx, runner);
  const supervision = createSupervisionActions(ctx);
  const autoRenewal = createAutoRenewalActions(ctx);
  const billRunner = createBillRunner(ctx);
  const settlement = createSettlementActions(ctx, billRunner);
  const kit = createKitMetricsActions(ctx, (orderId) => {
    const order = store.getOrder(orderId);
    if (order === undefined) throw new NotFoundError('order', orderId, 'List orders to see their ids.');
    return order;
  });
  let closed = false;

  // One pass of due work at a time, whoever triggers it (clock, flush).
  let passes: Promise<unknown> = Promise.resolve();
  const serialize = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = passes.then(fn, fn);
    passes = p.catch(() => undefined);
    return p;
  };

  const nextDueAt = (): number | undefined => {
    if (closed) return undefined;
    let min: number | undefined;
    for (const at of [
      store.nextJobDueAt(),
      store.nextInstanceDeadline(),
      store.nextFlowDueAt(),
      prober.nextDueAt(),
      billRunner.nextDueAt(),
    ]) {
      if (at !== undefined && (min === undefined || at < min)) min = at;
    }
    return min;
  };

  const runDue = (now: number): Promise<void> =>
    serialize(async () => {
      if (closed) return;
      if (clock.kind === 'real') persistClock();
      processFlowTimers(ctx, now, FLOW_TIMER_HANDLERS);
      processDeadlines(ctx, now);
      billRunner.runDue(now);
      prober.runDue(now);
      await runner.runDueJobs(now);
    });

  const driver: ClockDriver = {
    nextDueAt,
    runDue,
    timeChanged: () => persistClock(),
    advanced: (from, to) => bus.emit({ type: 'clock.advanced', at: to, from, to }),
  };
  const detach = clock.attach(driver);

  const open = (): void => {
    if (closed)
      throw new ActionRejectedError(
        EngineErrorCodes.ENGINE_CLOSED,
        'The engine is closed; create a new one.',
      );
  };

  const jobView = (id: string): JobView => {
    const job = store.getJob(id);
    if (job === undefined) throw new NotFoundError('job', id, 'List jobs to see their ids.');
    return { ...job, attempts: store.listAttempts({ jobId: id }) };
  };

  const invalid = (what: string, issues: ValidationIssue[]): never => {
    throw invalidInput(what, issues, '(body)');
  };

  /** Validates an interface name and a request body against the interface's schema. */
  const checkCall = (
    what: string,
    iface: unknown,
    body: unknown,
    testFlag: string | null,
  ): Record<string, unknown> => {
    if (typeof iface !== 'string' || !(iface in options.retrySchedules)) {
      invalid(what, [
        {
          path: '/interface',
          message: `must be one of ${Object.keys(options.retrySchedules).join(', ')}`,
          keyword: 'enum',
        },
      ]);
    }
    if (!isObject(body))
      invalid(what, [{ path: '/body', message: 'must be a JSON object', keyword: 'type' }]);
    const name = iface as ProductionInterface;
    const info = INTERFACES[name];
    const full =
      (info.family === 'basic' || info.family === 'v1') && testFlag !== null
        ? { ...(body as object), testFlag }
        : (body as object);
    const result = validateSchema(info.request, full);
    if (!result.ok)
      invalid(
        `${what} body for ${name}`,
        result.issues.map((i) => ({ ...i, path: `/body${i.path}` })),
      );
    return body as Record<string, unknown>;
  };

  const restartJob = async (id: string, ro: RestartOptions = {}): Promise<JobView> => {
    open();
    ctx.unit(() => {
      const job = store.getJob(id);
      if (job === undefined) throw new NotFoundError('job', id, 'List jobs to see their ids.');
      const now = ctx.now();
      const schedule =
        ro.withRetries === true && !job.synchronous && job.purpose !== 'probe'
          ? options.retrySchedules[job.interface]
          : onceSchedule(job.schedule.onExhausted);
      store.putJob({
        ...job,
        state: transition('job', JOB_TRANSITIONS, job.id, job.state, 'restart'),
        schedule,
        roundStartedAt: now,
        roundAttempts: 0,
        nextAttemptAt: now,
        restarts: job.restarts + 1,
        finishedAt: null,
        updatedAt: now,
      });
    });
    await runner.runNow(id, true);
    return jobView(id);
  };

  // Lifecycle and joint-operations actions refuse to run on a closed engine.
  const guarded = Object.fromEntries(
    Object.entries({ ...lifecycle, ...joint, ...supervision, ...autoRenewal, ...kit, ...settlement }).map(
      ([name, fn]) => [
        name,
        (...args: unknown[]) => {
          open();
          return (fn as (...a: unknown[]) => unknown)(...args);
        },
      ],
    ),
  ) as unknown as LifecycleActions &
    JointOperationsActions &
    SupervisionActions &
    AutoRenewalActions &
    KitMetricsActions &
    SettlementActions;

  const engine: MarketEngine = {
    ...guarded,
    store,
    clock,
    catalog,
    events: bus,
    recovery: {
      resumedClockAt,
      interruptedAttempts,
      pendingJobs: store.listJobs({ state: 'PENDING' }).length,
    },
    now: () => clock.now(),

    createBuyer: (input) => (open(), createBuyer(ctx, input)),
    getBuyer(id) {
      const b = store.getBuyer(id);
      if (b === undefined) throw new NotFoundError('buyer', id, 'List buyers to see their ids.');
      return b;
    },
    listBuyers: () => store.listBuyers(),

    getOrder(id) {
      const order = store.getOrder(id);
      if (order === undefined) throw new NotFoundError('order', id, 'List orders to see their ids.');
      return order;
    },
    listOrders: (filter) => store.listOrders(filter),
    orderInfo(orderId, orderLineId) {
      const order = engine.getOrder(orderId);
      return toOrderInfo(order, store.getBuyer(order.buyerId), orderLineId);
    },

    getInstance(ref) {
      const i = store.getInstance(ref) ?? store.findInstanceByInstanceId(ref);
      if (i === undefined)
        throw new NotFoundError('instance', ref, 'Use the mock ref (I000001) or the seller instanceId.');
      return i;
    },
    listInstances: (filter) => store.listInstances(filter),
    acceptUsagePush(records, options) {
      open();
      return acceptUsage(ctx, records, options);
    },
    usageLog: (ref) => usageLog(ctx, engine.getInstance(ref).ref),

    getJob: jobView,
    listJobs: (filter) => store.listJobs(filter),
    listAttempts: (filter) => store.listAttempts(filter),
    restartJob,
    async retryJobNow(id) {
      open();
      const job = store.getJob(id);
      if (job === undefined) throw new NotFoundError('job', id, 'List jobs to see their ids.');
      if (job.state === 'PENDING' && job.waitingFor !== null) {
        throw new ActionRejectedError(
          'NOT_SUPPORTED',
          `Job ${id} waits for job ${job.waitingFor} to succeed; run or restart that job first.`,
        );
      }
      if (job.state === 'PENDING') {
        ctx.unit(() =>
          store.putJob({
            ...job,
            state: transition('job', JOB_TRANSITIONS, job.id, job.state, 'retryNow'),
            nextAttemptAt: ctx.now(),
          }),
        );
      }
      await runner.runNow(id, true);
      return jobView(id);
    },
    call(input) {
      open();
      if (!isObject(input))
        return invalid('call', [{ path: '', message: 'must be an object', keyword: 'type' }]);
      const testFlag = input.testFlag === undefined ? options.testFlag : input.testFlag;
      const body = checkCall('call', input.interface, input.body, testFlag);
      if (input.schedule !== undefined) {
        const problems = checkSchedule('schedule', input.schedule);
        if (problems.length > 0) {
          invalid(
            'call',
            problems.map((m) => ({ path: '/schedule', message: m, keyword: 'schedule' })),
          );
        }
      }
      return ctx.unit(() =>
        createJob(ctx, {
          interface: input.interface,
          purpose: 'manual',
          body,
          schedule: input.schedule,
          testFlag: ['basic', 'v1'].includes(INTERFACES[input.interface].family) ? testFlag : null,
        }),
      );
    },

    saveDebugCase(input) {
      open();
      if (!isObject(input))
        return invalid('debug case', [{ path: '', message: 'must be an object', keyword: 'type' }]);
      catalog.product(input.productCode);
      const family = typeof input.interface === 'string' ? INTERFACES[input.interface]?.family : undefined;
      const isBasic = family === 'basic' || family === 'v1';
      const body = checkCall('debug case', input.interface, input.body, isBasic ? '1' : null);
      const saved = ctx.unit(() => {
        const seq = store.nextSequence('debugCase');
        const c: DebugCaseRecord = {
          id: `D${String(seq).padStart(6, '0')}`,
          seq,
          productCode: input.productCode,
          interface: input.interface,
          body: structuredClone(body),
          createdAt: ctx.now(),
        };
        store.putDebugCase(c);
        return c;
      });
      prober.casesChanged();
      return saved;
    },
    listDebugCases: () => store.listDebugCases(),
    removeDebugCase(id) {
      open();
      const removed = ctx.unit(() => store.deleteDebugCase(id));
      if (!removed) throw new NotFoundError('debugCase', id, 'List debug cases to see their ids.');
      prober.casesChanged();
    },
    probeNow: () => (open(), prober.probeNow()),

    listProductStates: () => catalog.products.map((p) => productState(ctx, p.code)),
    getProductState: (code) => (catalog.product(code), productState(ctx, code)),
    relistProduct(code) {
      open();
      catalog.product(code);
      return ctx.unit(() =>
        saveProductState(ctx, {
          ...productState(ctx, code),
          delisted: false,
          delistedAt: null,
          delistReason: null,
          tradingFrozen: false,
          tradingFrozenAt: null,
          probeFailedDays: [],
        }),
      );
    },

    outbox: () => store.listOutbox(),
    flowEvents: (subject) => flowEvents(ctx, subject),

    nextDueAt,
    async flush() {
      open();
      if (clock.kind === 'virtual') {
        await (clock as VirtualClock).runDue();
        return;
      }
      for (let guard = 0; guard < 100_000; guard++) {
        const at = nextDueAt();
        if (at === undefined || at > clock.now()) return;
        await runDue(clock.now());
      }
      throw new ActionRejectedError(
        EngineErrorCodes.SCHEDULER_STALLED,
        'Work keeps falling due at the same instant; check the retry schedules (every interval must be > 0).',
      );
    },
    idle: () => runner.idle(),
    async reset() {
      open();
      await serialize(async () => {
        await runner.idle();
        ctx.unit(() => {
          store.clear();
          persistClock();
          persistOrigin();
          store.setMeta(PROBE_LAST_SLOT_KEY, String(ctx.now()));
        });
        if (seeded !== null) {
          seeded.restore(initialRandomState);
          ctx.unit(() => store.setMeta(RANDOM_STATE_KEY, String(initialRandomState)));
        }
        prober = createProber(ctx);
        billRunner.reset();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      detach();
      billRunner.close();
      await passes;
      await runner.idle();
    },
  };
  return engine;
}
