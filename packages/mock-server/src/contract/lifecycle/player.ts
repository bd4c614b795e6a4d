/**
 * Plays lifecycle steps on an in-process engine (virtual clock, in-memory store) against the real seller and
 * turns what happened into check outcomes: the jobs a step created must succeed at their first attempt, the
 * engine must reach the expected state, and queryInstance (the buyer opening the resource page) must still
 * report the instance.
 */
import { randomBytes } from 'node:crypto';
import type { InterfaceName } from '@koogallery-kit/sdk';
import { createMarketEngine, type MarketEngine } from '../../engine/engine';
import { createVirtualClock, type VirtualClock } from '../../engine/clock';
import type { InstanceRecord, JobRecord } from '../../engine/types';
import { createMemoryStore } from '../../store/memory-store';
import type { CheckContext } from '../context';
import { attemptExchange } from '../exchange';
import type { CheckOutcome, ContractExchange } from '../types';
import { createBehaviourDeliverer } from './behaviour-deliverer';

/** Wall time between two polls while waiting for an asynchronous newInstance (one virtual minute each). */
const POLL_PAUSE_MS = 100;

/** What one step produced. */
export interface StepReport {
  /** Jobs the step created, oldest first. */
  jobs: JobRecord[];
  /** Printable exchanges of every attempt of those jobs. */
  exchanges: ContractExchange[];
  /** A problem description when a job did not succeed, else undefined. */
  failure?: { message: string; fix?: string };
}

/** An engine of its own for one scenario. */
export interface Player {
  readonly engine: MarketEngine;
  readonly clock: VirtualClock;
  /** Runs `action` (an engine action or a clock move), then everything due, and reports the new jobs. */
  act(action: () => unknown): Promise<StepReport>;
  /** The buyer opens the resource page: a synchronous queryInstance. Fails unless the instance is reported. */
  checkReported(ref: string, after: string): Promise<{ ok: true; exchanges: ContractExchange[] } | Failed>;
  /** Polls (one virtual minute, a short wall pause) until the poll job of `ref` finishes or `budgetMs` passes. */
  waitForPolling(ref: string, budgetMs: number): Promise<CheckOutcome>;
  instance(ref: string): InstanceRecord;
  close(): Promise<void>;
}

/** A failed step outcome. */
export type Failed = Extract<CheckOutcome, { status: 'failed' }>;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `refreshInstance RENEWAL`, `updateInstanceStatus FREEZE`, … */
export function describeJob(job: JobRecord): string {
  const detail = job.body['scene'] ?? job.body['status'];
  return typeof detail === 'string' ? `${job.interface} ${detail}` : job.interface;
}

/** Creates a player (its own engine, store and virtual clock starting at the wall clock). */
export function createPlayer(ctx: CheckContext): Player {
  const o = ctx.options;
  const clock = createVirtualClock(ctx.now());
  const store = createMemoryStore();
  const deliver = createBehaviourDeliverer({
    sellerUrl: o.sellerUrl,
    accessKey: o.key,
    ...(o.kitKey === undefined ? {} : { kitAccessKey: o.kitKey }),
    transport: o.transport,
    timeoutMs: o.callTimeoutMs,
    timeLimitMs: o.timeLimitMs,
    now: ctx.now,
  });
  const engine = createMarketEngine({
    store,
    clock,
    deliver,
    // A random seed: order ids differ on every run, so a seller with persistent state sees new orders.
    seed: randomBytes(8).toString('hex'),
    testFlag: '1',
    probing: { enabled: false },
    secrets: [...ctx.secrets],
  });
  const secrets = ctx.secrets;

  const settle = async (): Promise<void> => {
    for (let i = 0; i < 16 && (engine.nextDueAt() ?? Number.POSITIVE_INFINITY) <= clock.now(); i++) {
      await clock.advance(0);
    }
    await engine.idle();
  };

  const exchangesOf = (jobs: readonly JobRecord[]): ContractExchange[] =>
    jobs.flatMap((job) =>
      engine
        .getJob(job.id)
        .attempts.map((a) =>
          attemptExchange(
            `${describeJob(job)} (attempt ${a.no})`,
            a,
            job.interface as InterfaceName,
            secrets,
          ),
        ),
    );

  const failureOf = (jobs: readonly JobRecord[]): StepReport['failure'] => {
    for (const job of jobs) {
      const view = engine.getJob(job.id);
      if (view.state === 'SUCCEEDED' || view.state === 'CANCELED') continue;
      const first = view.attempts[0];
      if (first === undefined) {
        return {
          message: `${describeJob(job)} was not sent (job ${view.state}${view.waitingFor ? `, waiting for ${view.waitingFor}` : ''}).`,
        };
      }
      const problems = first.problems.map((p) => `[${p.code}] ${p.message}`).join(' ');
      const hint = first.problems.find((p) => p.hint !== undefined)?.hint;
      return {
        message: `${describeJob(job)} failed${first.resultCode === null ? '' : ` with resultCode ${first.resultCode}`}: ${problems || first.state}.`,
        ...(hint === undefined ? {} : { fix: hint }),
      };
    }
    return undefined;
  };

  return {
    engine,
    clock,
    async act(action) {
      const before = Math.max(0, ...engine.listJobs().map((j) => j.seq));
      await action();
      await settle();
      // Polling after a 000004 is judged by waitForPolling, not as part of the step that triggered it.
      const jobs = engine
        .listJobs()
        .filter((j) => j.seq > before && j.purpose !== 'poll')
        .sort((a, b) => a.seq - b.seq);
      const failure = failureOf(jobs);
      return { jobs, exchanges: exchangesOf(jobs), ...(failure === undefined ? {} : { failure }) };
    },
    async checkReported(ref, after) {
      if (!ctx.interfaces.has('queryInstance')) return { ok: true, exchanges: [] };
      const page = await engine.openResourcePage(ref);
      const exchanges =
        page.attempt === null
          ? []
          : [
              attemptExchange(
                `queryInstance after ${after} (buyer opens the resource page)`,
                page.attempt,
                'queryInstance',
                secrets,
              ),
            ];
      const id = engine.getInstance(ref).instanceId ?? '?';
      if (!page.accepted) {
        const problems = page.attempt?.problems.map((p) => `[${p.code}] ${p.message}`).join(' ') ?? '';
        return {
          status: 'failed',
          message: `After ${after}, queryInstance for instance ${id} failed: ${problems || 'not accepted'}.`,
          expected: `queryInstance answers 000000 and lists instance ${id} in info`,
          exchanges,
        };
      }
      if (!page.reported) {
        return {
          status: 'failed',
          message: `After ${after}, queryInstance answered 000000 but does not list instance ${id} in info.`,
          expected: `info contains { "instanceId": "${id}", "appInfo": { "frontEndUrl": … } }`,
          fix: 'Report every instance you hold (active or frozen) in queryInstance; the buyer sees nothing otherwise.',
          exchanges,
        };
      }
      return { ok: true, exchanges };
    },
    async waitForPolling(ref, budgetMs) {
      const poll = engine.listJobs({ instanceRef: ref }).find((j) => j.purpose === 'poll');
      if (poll === undefined) {
        return { status: 'skipped', message: 'The mock created no queryInstance polling for this instance.' };
      }
      const deadline = performance.now() + budgetMs;
      for (;;) {
        const view = engine.getJob(poll.id);
        const shown = (): ContractExchange[] => {
          const attempts = view.attempts;
          const picked = attempts.length <= 3 ? attempts : [attempts[0]!, ...attempts.slice(-2)];
          return picked.map((a) =>
            attemptExchange(`queryInstance poll #${a.no}`, a, 'queryInstance', secrets),
          );
        };
        if (view.state === 'SUCCEEDED') {
          return {
            status: 'passed',
            message: `Reported after ${view.attempts.length} poll(s).`,
            exchanges: shown(),
          };
        }
        const last = view.attempts[view.attempts.length - 1];
        if (view.state !== 'PENDING' && view.state !== 'RUNNING') {
          return {
            status: 'failed',
            message: `Polling queryInstance ended ${view.state}: ${last?.problems.map((p) => p.message).join(' ') ?? ''}`,
            expected: 'queryInstance reports the instance once the asynchronous creation is done',
            exchanges: shown(),
          };
        }
        if (last !== undefined && last.state === 'FAILED') {
          return {
            status: 'failed',
            message: `A queryInstance poll failed: ${last.problems.map((p) => `[${p.code}] ${p.message}`).join(' ')}`,
            expected: 'every poll answered 000000 (listing the instance once it is ready)',
            exchanges: shown(),
          };
        }
        if (performance.now() > deadline) {
          return {
            status: 'failed',
            message:
              `After ${view.attempts.length} polls over ${Math.round(budgetMs)} ms, queryInstance still does not list ` +
              `instance ${String(poll.body['instanceId'])}.`,
            expected:
              'the instance listed in queryInstance once created (the platform polls for at most 3 hours)',
            exchanges: shown(),
          };
        }
        await sleep(POLL_PAUSE_MS);
        await clock.advanceToNextJob();
        await engine.idle();
      }
    },
    instance: (ref) => engine.getInstance(ref),
    async close() {
      await engine.close();
      store.close();
    },
  };
}
