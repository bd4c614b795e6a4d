/**
 * Runs job attempts. Each attempt is written as an intent (attempt RUNNING, job RUNNING) in a transaction
 * before the delivery function is called, and its result — attempt, job and every record the outcome changes —
 * in another transaction afterwards. Attempts due at the same instant run in chunks of up to `concurrency`:
 * a chunk's attempts start in (due time, creation) order, in one transaction, are delivered concurrently, and
 * their results are applied in the same order, in one transaction, so the same seed and the same replies always
 * give the same state. (A sliding window
 * that starts the next attempt as soon as the oldest one finishes was measured: more CPU per attempt and a
 * higher peak RSS than chunks on the virtual-clock benchmark, so chunks stay.)
 *
 * Crash recovery rule: an attempt found RUNNING when the store is reopened was interrupted; its outcome is
 * unknown. It is completed as INTERRUPTED and counts as a failed attempt, exactly like a time-out (no reply):
 * it is never re-sent under the same number and never dropped, and the job's next attempt follows its schedule
 * (if the interrupted attempt was the last one, the job gives up as it would after a time-out).
 */
import { usageInfoProblems } from '@koogallery-kit/sdk/platform';
import type { EngineContext } from '../context';
import type { AttemptOutcome, DeliveryVerdict } from '../model/delivery-types';
import type { DeliverFn } from '../model/types';
import { IllegalTransitionError, NotFoundError } from '../model/errors';
import { cancelPendingJobs } from './jobs';
import { randomUuid } from '../model/random';
import { redactRequest, redactResponse, scrubSecrets } from './recording';
import { nextAttemptTime, retriesAutomatically } from './retry-schedules';
import { sendMail } from '../records/side-effects';
import { JOB_TRANSITIONS, transition } from '../model/state-machines';
import type { AttemptProblem, AttemptRecord, JobRecord } from '../model/types';

/** What the engine does when a job succeeds or gives up (see outcomes.ts). */
export interface OutcomeHandlers {
  /** An accepted answer. For poll jobs only when the seller reports the instance. */
  succeeded(job: JobRecord, verdict: DeliveryVerdict): void;
  /** The job failed its last scheduled attempt (state FAILED or EXHAUSTED). */
  gaveUp(job: JobRecord): void;
}

/** A started attempt. */
interface Started {
  job: JobRecord;
  attempt: AttemptRecord;
}

/** How an attempt ended. */
type Ending = { outcome: AttemptOutcome } | { error: unknown } | { interrupted: true };

/** The part of the engine that runs attempts. */
export interface JobRunner {
  /** Runs every job due at or before `now`, chunk by chunk. */
  runDueJobs(now: number): Promise<number>;
  /** Starts the pending job `id` now, awaits its delivery and returns the updated job. */
  runNow(id: string, manual: boolean): Promise<JobRecord>;
  /** Completes attempts left RUNNING by a crash (see the recovery rule); returns them. */
  recoverInterrupted(): AttemptRecord[];
  /** Resolves when no delivery is in flight. */
  idle(): Promise<void>;
}

/** True when a queryInstance reply lists `instanceId` in `info`. */
export function reportsInstance(body: unknown, instanceId: string): boolean {
  const info = (body as { info?: unknown } | null)?.info;
  return (
    Array.isArray(info) && info.some((i) => (i as { instanceId?: unknown } | null)?.instanceId === instanceId)
  );
}

/** Creates the runner. */
export function createJobRunner(
  ctx: EngineContext,
  deliver: DeliverFn,
  handlers: OutcomeHandlers,
): JobRunner {
  const inFlight = new Set<Promise<unknown>>();

  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  };

  /** Writes the intent of the next attempt of a pending job; null when the job is no longer pending. */
  const start = (id: string, manual: boolean): Started | null =>
    ctx.unit(() => {
      const job = ctx.store.getJob(id);
      if (job === undefined || job.state !== 'PENDING') return null;
      const now = ctx.now();
      const obsolete = contradiction(job);
      if (obsolete !== null) {
        cancelPendingJobs(ctx, job.refs.instanceRef as string, [job.purpose], obsolete);
        return null;
      }
      const no = job.attemptCount + 1;
      const body =
        (job.interface === 'newInstance' || job.interface === 'v1NewInstance') && no > 1
          ? { ...job.body, businessId: randomUuid(ctx.random) }
          : job.body;
      const running: JobRecord = {
        ...job,
        state: transition('job', JOB_TRANSITIONS, job.id, job.state, 'start'),
        body,
        attemptCount: no,
        roundAttempts: job.roundAttempts + 1,
        nextAttemptAt: null,
        updatedAt: now,
      };
      ctx.store.putJob(running);
      // The stored version: a frozen snapshot (store records are immutable), safe to hand to the delivery function;
      // the intent shares its frozen body instead of the store copying a retry's new body twice.
      const stored = ctx.store.getJob(job.id) ?? running;
      const attempt: AttemptRecord = {
        jobId: job.id,
        no,
        state: 'RUNNING',
        manual,
        scheduledAt: job.nextAttemptAt ?? now,
        startedAt: now,
        finishedAt: null,
        body: stored.body,
        request: null,
        response: null,
        elapsedMs: null,
        accepted: null,
        async: null,
        resultCode: null,
        problems: [],
      };
      ctx.store.putAttempt(attempt);
      ctx.emit({ type: 'attempt.started', at: now, job: stored, attempt });
      return { job: stored, attempt };
    });

  /** Why a status call no longer fits its instance (e.g. a FREEZE retry after the buyer renewed), or null. */
  const contradiction = (job: JobRecord): string | null => {
    if ((job.purpose !== 'freeze' && job.purpose !== 'unfreeze') || job.refs.instanceRef === null)
      return null;
    const state = ctx.store.getInstance(job.refs.instanceRef)?.state;
    const wanted = job.purpose === 'freeze' ? 'frozen' : 'active';
    return state === wanted
      ? null
      : `instance ${job.refs.instanceRef} is ${String(state)}, so ${String(job.body.status)} is obsolete`;
  };

  const deliverSafely = (s: Started): Promise<Ending> =>
    track(
      (async (): Promise<Ending> => {
        try {
          // The job is the store's frozen snapshot: the delivery function can read it but not change it.
          const outcome = await deliver(s.job, s.attempt.no);
          if (outcome === null || typeof outcome !== 'object' || typeof outcome.verdict !== 'object') {
            return {
              error: new Error('the delivery function resolved without an outcome { verdict, request }'),
            };
          }
          return { outcome };
        } catch (error) {
          return { error };
        }
      })(),
    );

  /** Decides how an answered attempt counts for its job. */
  const classify = (
    job: JobRecord,
    verdict: DeliveryVerdict,
  ): { state: 'SUCCEEDED' | 'NOT_READY' | 'FAILED'; extra: AttemptProblem[] } => {
    const ok = verdict.accepted || (verdict.async && verdict.problems.length === 0);
    if (ok && job.interface === 'queryInstance' && job.refs.instanceRef !== null) {
      // Pay-per-use and package instances must report usage (the SDK's judging, §3.2 UsageInfo).
      const mode = ctx.store.getInstance(job.refs.instanceRef)?.chargingMode;
      const body = verdict.body;
      const missing =
        body !== null && typeof body === 'object' && !Array.isArray(body)
          ? usageInfoProblems('queryInstance', body as Record<string, unknown>, mode)
          : [];
      if (missing.length > 0) return { state: 'FAILED', extra: missing };
    }
    if (job.purpose === 'poll') {
      const instanceId = typeof job.body.instanceId === 'string' ? job.body.instanceId : '';
      if (ok && reportsInstance(verdict.body, instanceId)) return { state: 'SUCCEEDED', extra: [] };
      if (ok || verdict.resultCode === '000004') {
        return {
          state: 'NOT_READY',
          extra: [
            { code: 'NOT_READY', message: `queryInstance does not report instance ${instanceId} yet.` },
          ],
        };
      }
      return { state: 'FAILED', extra: [] };
    }
    if (!ok) return { state: 'FAILED', extra: [] };
    if (job.interface === 'newInstance' || job.interface === 'v1NewInstance') {
      const id = (verdict.body as { instanceId?: unknown } | null)?.instanceId;
      if (typeof id !== 'string' || id.length === 0) {
        return {
          state: 'FAILED',
          extra: [
            {
              code: 'FIELD_MISSING',
              field: 'instanceId',
              message: 'The newInstance reply has no instanceId.',
              hint: 'Return the instanceId of the created instance in every successful newInstance reply.',
            },
          ],
        };
      }
    }
    return { state: 'SUCCEEDED', extra: [] };
  };

  /** Applies the result of an attempt to the attempt, its job and (through the handlers) everything else. */
  const finish = (s: Started, ending: Ending): JobRecord | null =>
    ctx.unit(() => {
      const job = ctx.store.getJob(s.job.id);
      if (job === undefined || job.state !== 'RUNNING' || job.attemptCount !== s.attempt.no) return null;
      const now = ctx.now();
      const secrets = ctx.options.secrets;
      const attempt: AttemptRecord = { ...s.attempt, finishedAt: now };
      let verdict: DeliveryVerdict | null = null;
      if ('interrupted' in ending) {
        attempt.state = 'INTERRUPTED';
        attempt.problems = [
          {
            code: 'INTERRUPTED',
            message:
              'The mock stopped while this attempt was in flight; its outcome is unknown, so it counts as a failed attempt (like a time-out) and the schedule continues.',
          },
        ];
      } else if ('error' in ending) {
        attempt.state = 'FAILED';
        const reason = ending.error instanceof Error ? ending.error.message : String(ending.error);
        attempt.problems = [
          {
            code: 'DELIVERY_ERROR',
            message: `The delivery function failed: ${scrubSecrets(reason, secrets)}`,
            hint: 'This is a bug in the delivery function, not in the seller; it should return a verdict for every reply or transport failure.',
          },
        ];
      } else {
        const o = ending.outcome;
        verdict = o.verdict;
        const c = classify(job, verdict);
        attempt.state = c.state;
        attempt.request = o.request ? redactRequest(o.request, secrets) : null;
        attempt.response = o.response ? redactResponse(o.response, secrets) : null;
        attempt.elapsedMs = typeof o.elapsedMs === 'number' ? o.elapsedMs : null;
        attempt.accepted = Boolean(verdict.accepted);
        attempt.async = Boolean(verdict.async);
        attempt.resultCode = typeof verdict.resultCode === 'string' ? verdict.resultCode : null;
        attempt.problems = [
          ...(verdict.problems ?? []).map((p) => {
            const copy: AttemptProblem = { code: p.code, message: scrubSecrets(String(p.message), secrets) };
            if (p.hint !== undefined) copy.hint = p.hint;
            if (p.field !== undefined) copy.field = p.field;
            return copy;
          }),
          ...c.extra,
        ];
      }
      ctx.store.putAttempt(attempt);

      if (attempt.state === 'SUCCEEDED' && verdict !== null) {
        const done: JobRecord = {
          ...job,
          state: transition('job', JOB_TRANSITIONS, job.id, job.state, 'succeed'),
          updatedAt: now,
          finishedAt: now,
          lastProblems: [],
        };
        ctx.store.putJob(done);
        ctx.emit({ type: 'attempt.finished', at: now, job: done, attempt });
        ctx.emit({ type: 'job.succeeded', at: now, job: done });
        handlers.succeeded(done, verdict);
        return ctx.store.getJob(done.id) ?? done;
      }

      const next = nextAttemptTime(job.schedule, job.roundStartedAt, job.roundAttempts);
      const action = next !== null ? 'retry' : retriesAutomatically(job.schedule) ? 'exhaust' : 'fail';
      const updated: JobRecord = {
        ...job,
        state: transition('job', JOB_TRANSITIONS, job.id, job.state, action),
        nextAttemptAt: next,
        updatedAt: now,
        finishedAt: next === null ? now : null,
        lastProblems: attempt.state === 'NOT_READY' ? job.lastProblems : attempt.problems,
      };
      ctx.store.putJob(updated);
      ctx.emit({ type: 'attempt.finished', at: now, job: updated, attempt });
      // An interrupted attempt counts as a failed call (see the recovery rule), so it is mailed like one.
      const failedCall = attempt.state === 'FAILED' || attempt.state === 'INTERRUPTED';
      if (failedCall && job.purpose !== 'probe') failureMail(updated, attempt, next);
      if (next === null) {
        ctx.emit({ type: action === 'exhaust' ? 'job.exhausted' : 'job.failed', at: now, job: updated });
        handlers.gaveUp(updated);
      }
      return ctx.store.getJob(updated.id) ?? updated;
    });

  /** E-mail for a failed call (§11.2: every failed call notifies the seller). */
  const failureMail = (job: JobRecord, attempt: AttemptRecord, next: number | null): void => {
    const reasons = attempt.problems.map((p) => `- ${p.code}: ${p.message}`).join('\n');
    const then =
      next !== null
        ? `The platform will call again at ${new Date(next).toISOString()} (business time).`
        : 'No automatic retry is left: fix the interface, then restart the call on the production interface messages page.';
    sendMail(
      ctx,
      'CALL_FAILED',
      `Production interface ${job.interface} failed (job ${job.id}, attempt ${attempt.no})`,
      `The call ${job.interface} for ${job.refs.orderId ?? job.refs.instanceRef ?? job.id} failed:\n${reasons}\n${then}`,
      { jobId: job.id, orderId: job.refs.orderId, productCode: job.refs.productCode },
    );
  };

  return {
    async runDueJobs(now) {
      const due = ctx.store.jobsDueBy(now);
      const size = ctx.options.concurrency;
      let ran = 0;
      for (let i = 0; i < due.length; i += size) {
        // A chunk's intents are one unit of work, and its results another: one commit each instead of one per
        // attempt (a SQLite commit costs more than the attempt's own writes; virtual-clock-scale bench case).
        const chunk = ctx.unit(() => {
          const started: Started[] = [];
          for (const j of due.slice(i, i + size)) {
            const s = start(j.id, false);
            if (s !== null) started.push(s);
          }
          return started;
        });
        const endings = await Promise.all(chunk.map(deliverSafely));
        ctx.unit(() => chunk.forEach((s, k) => finish(s, endings[k] as Ending)));
        ran += chunk.length;
      }
      return ran;
    },
    async runNow(id, manual) {
      const s = start(id, manual);
      if (s === null) {
        const job = ctx.store.getJob(id);
        if (job === undefined) throw new NotFoundError('job', id, 'List jobs to see their ids.');
        // A conflict with the job's state (409), not a bad request: say how to run it again.
        throw new IllegalTransitionError('job', id, job.state, 'run now', [], runAgainHint(job));
      }
      const ending = await deliverSafely(s);
      return finish(s, ending) ?? (ctx.store.getJob(id) as JobRecord);
    },
    recoverInterrupted() {
      const interrupted = ctx.store.listAttempts({ state: 'RUNNING' });
      for (const attempt of interrupted) {
        const job = ctx.store.getJob(attempt.jobId);
        if (job === undefined) continue;
        finish({ job, attempt }, { interrupted: true });
      }
      // A job left RUNNING without a running attempt cannot happen (intent and result are atomic); if a store
      // was edited by hand, put such a job back in line for an attempt now.
      for (const job of ctx.store.listJobs({ state: 'RUNNING' })) {
        ctx.unit(() =>
          ctx.store.putJob({ ...job, state: 'PENDING', nextAttemptAt: ctx.now(), updatedAt: ctx.now() }),
        );
      }
      return interrupted.map((a) => ctx.store.getAttempt(a.jobId, a.no) ?? a);
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/** How to run a job again that can no longer run now (it is not PENDING). */
function runAgainHint(job: JobRecord): string {
  if (Object.hasOwn(JOB_TRANSITIONS[job.state], 'restart')) {
    return `Restart it with restartJob (POST /__admin/jobs/${job.id}/restart, or Restart in the console) to run it again.`;
  }
  if (job.state === 'RUNNING') return 'An attempt is running: wait for it to finish.';
  return `Only a FAILED or EXHAUSTED job can be restarted (restartJob); this one is final.`;
}
