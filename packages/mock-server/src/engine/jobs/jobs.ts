/**
 * Creating jobs: every production call the engine makes is a job with a stable id, its body, the records it
 * concerns and a copy of its retry schedule.
 */
import type { CallBody } from './bodies';
import { withTestFlag } from './bodies';
import type { EngineContext } from '../context';
import { onceSchedule } from './retry-schedules';
import { JOB_TRANSITIONS, transition } from '../model/state-machines';
import type { JobPurpose, JobRecord, JobRefs, ProductionInterface, RetrySchedule } from '../model/types';
import { toV1Call, translatesToV1 } from '../v1/v1-calls';

/** What to call, why, and for which records. */
export interface JobSpec {
  interface: ProductionInterface;
  purpose: JobPurpose;
  body: CallBody;
  refs?: Partial<JobRefs>;
  /** Default: the configured schedule of the interface (single attempt for synchronous jobs). */
  schedule?: RetrySchedule;
  /** The buyer waits for the answer: one attempt, run immediately by the caller. */
  synchronous?: boolean;
  /** Id of a job that must succeed before this one starts. */
  waitingFor?: string | null;
  /** `testFlag` for this call; default the engine's. */
  testFlag?: string | null;
}

/** Job id for a sequence number: `J000001`. */
export function jobId(seq: number): string {
  return `J${String(seq).padStart(6, '0')}`;
}

/**
 * Creates and stores a pending job (due now unless it waits for another job) and emits `job.created`. In V1 mode
 * a lifecycle call of a V2 basic interface becomes its V1 counterpart (v1-calls.ts); direct calls and probes are
 * sent as given.
 */
export function createJob(ctx: EngineContext, given: JobSpec): JobRecord {
  const spec =
    ctx.options.protocol === 'v1' &&
    given.purpose !== 'manual' &&
    given.purpose !== 'probe' &&
    translatesToV1(given.interface)
      ? toV1Call(ctx, given)
      : given;
  const now = ctx.now();
  const seq = ctx.store.nextSequence('job');
  const synchronous = spec.synchronous ?? false;
  const waitingFor = spec.waitingFor ?? null;
  const job: JobRecord = {
    id: jobId(seq),
    seq,
    interface: spec.interface,
    purpose: spec.purpose,
    body: withTestFlag(spec.body, spec.testFlag === undefined ? ctx.options.testFlag : spec.testFlag),
    refs: {
      orderId: null,
      orderLineId: null,
      instanceRef: null,
      productCode: null,
      debugCaseId: null,
      probeDay: null,
      ...spec.refs,
    },
    state: 'PENDING',
    // No copy needed: the store keeps its own (and shares the resolved schedules, which are frozen).
    schedule: spec.schedule ?? (synchronous ? onceSchedule() : ctx.options.retrySchedules[spec.interface]),
    roundStartedAt: now,
    roundAttempts: 0,
    attemptCount: 0,
    nextAttemptAt: waitingFor === null ? now : null,
    waitingFor,
    synchronous,
    restarts: 0,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
    lastProblems: [],
  };
  ctx.store.putJob(job);
  ctx.emit({ type: 'job.created', at: now, job });
  return job;
}

/**
 * Cancels the pending jobs of an instance with one of `purposes` (never a job in flight): used when an instance
 * change makes them obsolete. Returns the canceled jobs.
 */
export function cancelPendingJobs(
  ctx: EngineContext,
  instanceRef: string,
  purposes: readonly JobPurpose[],
  reason: string,
): JobRecord[] {
  const now = ctx.now();
  const canceled: JobRecord[] = [];
  for (const job of ctx.store.listJobs({ instanceRef, state: 'PENDING' })) {
    if (!purposes.includes(job.purpose)) continue;
    const next: JobRecord = {
      ...job,
      state: transition('job', JOB_TRANSITIONS, job.id, job.state, 'cancel'),
      nextAttemptAt: null,
      updatedAt: now,
      finishedAt: now,
    };
    ctx.store.putJob(next);
    ctx.emit({ type: 'job.canceled', at: now, job: next, reason });
    canceled.push(next);
  }
  return canceled;
}
