/**
 * Turning what a mock recorded into lifecycle check outcomes, the same way for the in-process and the remote
 * player: the jobs of a step must succeed (judged by their first attempt), queryInstance must report the instance
 * when the buyer opens the resource page, and the queryInstance polling after a 000004 must end with the instance
 * reported.
 */
import type { InterfaceName } from '@koogallery-kit/sdk';
import type { JobView } from '../../engine/engine';
import type { ResourcePageResult } from '../../engine/lifecycle/lifecycle';
import type { JobRecord } from '../../engine/model/types';
import { attemptExchange } from '../exchange';
import type { CheckOutcome, ContractExchange } from '../types';
import type { Failed, StepReport } from './player-types';

/** Wall time between two polls while waiting for an asynchronous newInstance. */
export const POLL_PAUSE_MS = 100;

/** `refreshInstance RENEWAL`, `updateInstanceStatus FREEZE`, … */
export function describeJob(job: JobRecord): string {
  const detail = job.body['scene'] ?? job.body['status'];
  return typeof detail === 'string' ? `${job.interface} ${detail}` : job.interface;
}

/** The step report of `jobs` (oldest first, with their attempts). */
export function stepReport(jobs: readonly JobView[], secrets: readonly string[]): StepReport {
  const exchanges = jobs.flatMap((job) =>
    job.attempts.map((a) =>
      attemptExchange(`${describeJob(job)} (attempt ${a.no})`, a, job.interface as InterfaceName, secrets),
    ),
  );
  const failure = failureOf(jobs);
  return { jobs: [...jobs], exchanges, ...(failure === undefined ? {} : { failure }) };
}

/** Why the first unsuccessful job of a step failed, judged by its first attempt; undefined when all succeeded. */
function failureOf(jobs: readonly JobView[]): StepReport['failure'] {
  for (const view of jobs) {
    if (view.state === 'SUCCEEDED' || view.state === 'CANCELED') continue;
    const first = view.attempts[0];
    if (first === undefined) {
      return {
        message: `${describeJob(view)} was not sent (job ${view.state}${view.waitingFor ? `, waiting for ${view.waitingFor}` : ''}).`,
      };
    }
    const problems = first.problems.map((p) => `[${p.code}] ${p.message}`).join(' ');
    const hint = first.problems.find((p) => p.hint !== undefined)?.hint;
    return {
      message: `${describeJob(view)} failed${first.resultCode === null ? '' : ` with resultCode ${first.resultCode}`}: ${problems || first.state}.`,
      ...(hint === undefined ? {} : { fix: hint }),
    };
  }
  return undefined;
}

/** The outcome of the buyer opening the resource page of instance `instanceId` after `after`. */
export function reportedOutcome(
  page: ResourcePageResult,
  instanceId: string,
  after: string,
  secrets: readonly string[],
): { ok: true; exchanges: ContractExchange[] } | Failed {
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
  if (!page.accepted) {
    const problems = page.attempt?.problems.map((p) => `[${p.code}] ${p.message}`).join(' ') ?? '';
    return {
      status: 'failed',
      message: `After ${after}, queryInstance for instance ${instanceId} failed: ${problems || 'not accepted'}.`,
      expected: `queryInstance answers 000000 and lists instance ${instanceId} in info`,
      exchanges,
    };
  }
  if (!page.reported) {
    return {
      status: 'failed',
      message: `After ${after}, queryInstance answered 000000 but does not list instance ${instanceId} in info.`,
      expected: `info contains { "instanceId": "${instanceId}", "appInfo": { "frontEndUrl": … } }`,
      fix: 'Report every instance you hold (active or frozen) in queryInstance; the buyer sees nothing otherwise.',
      exchanges,
    };
  }
  return { ok: true, exchanges };
}

/** How a player reads and moves the polling of an asynchronous newInstance. */
export interface PollingDriver {
  /** The poll job of the instance, if the mock created one. */
  find(): Promise<JobRecord | undefined>;
  /** The job with its attempts now. */
  read(id: string): Promise<JobView>;
  /** Lets the next poll happen (moves the business clock to it). */
  next(job: JobView): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (wall time `budgetMs` at most) until the poll job finishes, judging it as lifecycle.async-polling. */
export async function waitForPoll(
  driver: PollingDriver,
  budgetMs: number,
  secrets: readonly string[],
): Promise<CheckOutcome> {
  const poll = await driver.find();
  if (poll === undefined) {
    return { status: 'skipped', message: 'The mock created no queryInstance polling for this instance.' };
  }
  const deadline = performance.now() + budgetMs;
  for (;;) {
    const view = await driver.read(poll.id);
    const shown = (): ContractExchange[] => {
      const attempts = view.attempts;
      const picked = attempts.length <= 3 ? attempts : [attempts[0]!, ...attempts.slice(-2)];
      return picked.map((a) => attemptExchange(`queryInstance poll #${a.no}`, a, 'queryInstance', secrets));
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
    await driver.next(view);
  }
}
