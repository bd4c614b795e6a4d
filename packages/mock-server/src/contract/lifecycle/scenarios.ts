/**
 * The lifecycle scenarios per charging mode, played on a virtual clock (months of a product's life in a fraction
 * of a second; every call signed with the wall clock, so the seller's ±60 s window holds):
 *
 * - PERIOD: new → query → upgrade → renew → freeze (expiry) → unfreeze (renewal while frozen) → release (grace
 *   period over); and, as a second scenario, trial → formal → unsubscribe;
 * - ONE_TIME, ON_DEMAND: new → query → unsubscribe;
 * - ON_DEMAND_PKG: new → query → release (expiry, no freeze); and new → unsubscribe.
 *
 * By default each scenario runs on an in-process engine of its own (player.ts), the scenarios in parallel. With
 * `mockUrl` they run one after the other on the running mock (remote-player.ts): they share its clock, and a
 * scenario that moves it by months must not age the other's instance.
 *
 * A step whose predecessor failed is skipped (the instance is not in the state it starts from). When newInstance
 * answers 000004 the scenario waits for the queryInstance polling (lifecycle.async-polling).
 */
import type { ChargingMode } from '@koogallery-kit/sdk';
import { MINUTE_MS } from '../../engine/time/business-time';
import type { PurchaseInput } from '../../engine/lifecycle/lifecycle';
import type { CheckContext } from '../context';
import type { CheckOutcome, ContractExchange } from '../types';
import { createPlayer } from './player';
import type { Player, PlayerAction, ScenarioProduct, StepReport } from './player-types';
import { createRemotePlayer } from './remote-player';

/** Lifecycle steps; each is the check `lifecycle.<step>`. */
export type LifecycleStep =
  | 'new-instance'
  | 'query-instance'
  | 'upgrade'
  | 'renew'
  | 'freeze'
  | 'unfreeze'
  | 'release'
  | 'trial-to-formal'
  | 'unsubscribe'
  | 'async-polling';

/** Outcome per step (only the steps selected for the run). */
export type LifecycleResults = ReadonlyMap<LifecycleStep, CheckOutcome>;

interface Scenario {
  player: Player;
  results: Map<LifecycleStep, CheckOutcome>;
  want: (step: LifecycleStep) => boolean;
  /** Why the remaining steps cannot run, once a step failed. */
  blocked?: string;
  ref?: string;
  pollBudgetMs: number;
  /** Shared by the run's scenarios: how newInstance answered (for the lifecycle.async-polling verdict). */
  creation: { synchronous: boolean; failed?: string };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The product of `mode` the scenario buys; throws (the step is then skipped) when the catalog has none. */
async function productOf(s: Scenario, mode: ChargingMode, trial = false): Promise<ScenarioProduct> {
  const p = await s.player.product(mode, { trial });
  if (p === undefined) {
    throw new Error(`the mock's catalog has no listed ${mode} product${trial ? ' with a trial' : ''}`);
  }
  return p;
}

/** Runs one step unless blocked; records it when wanted; blocks the rest when it does not pass. */
async function step(
  s: Scenario,
  name: LifecycleStep,
  needed: boolean,
  run: () => Promise<CheckOutcome>,
  record = true,
): Promise<void> {
  const wanted = record && s.want(name);
  if (!wanted && !needed) return;
  if (s.blocked !== undefined) {
    if (wanted) s.results.set(name, { status: 'skipped', message: s.blocked });
    return;
  }
  let outcome: CheckOutcome;
  try {
    outcome = await run();
  } catch (error) {
    outcome = { status: 'skipped', message: `The mock could not play this step: ${messageOf(error)}` };
  }
  if (wanted) s.results.set(name, outcome);
  if (outcome.status !== 'passed') {
    s.blocked =
      outcome.status === 'failed'
        ? `Not checked: lifecycle.${name} failed, so the instance is not in the state this step starts from.`
        : outcome.message;
  }
}

/** Fails when a job of the step failed; otherwise checks `state` and that queryInstance still reports the instance. */
async function judge(
  s: Scenario,
  report: StepReport,
  o: {
    expected: string;
    after: string;
    state?: () => Promise<string | undefined>;
    reported?: boolean;
  },
): Promise<CheckOutcome> {
  if (report.jobs.length === 0) {
    return { status: 'skipped', message: `The mock sent nothing for ${o.after}.` };
  }
  if (report.failure !== undefined) {
    return {
      status: 'failed',
      message: report.failure.message,
      expected: o.expected,
      ...(report.failure.fix === undefined ? {} : { fix: report.failure.fix }),
      exchanges: report.exchanges,
    };
  }
  const wrongState = await o.state?.();
  if (wrongState !== undefined) {
    return { status: 'failed', message: wrongState, expected: o.expected, exchanges: report.exchanges };
  }
  let exchanges: ContractExchange[] = report.exchanges;
  if (o.reported !== false && s.ref !== undefined) {
    const seen = await s.player.checkReported(s.ref, o.after);
    if ('status' in seen) return { ...seen, exchanges: [...exchanges, ...(seen.exchanges ?? [])] };
    exchanges = [...exchanges, ...seen.exchanges];
  }
  return { status: 'passed', exchanges };
}

/** A state check: undefined when the instance is `want`, else the message. */
const stateIs =
  (s: Scenario, ref: string, want: string, after: string) => async (): Promise<string | undefined> => {
    const st = (await s.player.instance(ref)).state;
    return st === want ? undefined : `The instance is ${st} after ${after}.`;
  };

/** Buys the product; waits for the polling when the seller answers 000004. */
async function create(s: Scenario, purchase: () => Promise<PurchaseInput>, record: boolean): Promise<void> {
  await step(
    s,
    'new-instance',
    true,
    async () => {
      const report = await s.player.act({ kind: 'purchase', input: await purchase() });
      const job = report.jobs.find((j) => j.interface === 'newInstance');
      if (job === undefined) return { status: 'skipped', message: 'The mock sent no newInstance.' };
      const expected = 'newInstance answered 000000 (or 000004) with the instanceId';
      if (report.failure !== undefined) {
        s.creation.failed ??= report.failure.message;
        return {
          status: 'failed',
          message: report.failure.message,
          expected,
          ...(report.failure.fix === undefined ? {} : { fix: report.failure.fix }),
          exchanges: report.exchanges,
        };
      }
      const ref = job.refs.instanceRef ?? undefined;
      if (ref === undefined)
        return { status: 'skipped', message: 'The mock recorded no instance for the order.' };
      s.ref = ref;
      if (job.attempts[0]?.async !== true) s.creation.synchronous = true;
      if (job.attempts[0]?.async === true) {
        const polled = await s.player.waitForPolling(ref, s.pollBudgetMs);
        if (record && s.want('async-polling')) s.results.set('async-polling', polled);
        if (polled.status !== 'passed') {
          return {
            status: 'passed',
            message:
              'Accepted asynchronously (000004); the instance never became ready (see lifecycle.async-polling).',
            exchanges: report.exchanges,
          };
        }
      }
      const instance = await s.player.instance(ref);
      if (instance.state !== 'active') {
        return {
          status: 'failed',
          message: `The instance is ${instance.state} after newInstance.`,
          expected,
          exchanges: report.exchanges,
        };
      }
      return { status: 'passed', exchanges: report.exchanges };
    },
    record,
  ); // the second scenario's set-up is not recorded, but a failure blocks its steps
  if (s.ref !== undefined && s.blocked === undefined) {
    try {
      if ((await s.player.instance(s.ref)).state !== 'active') {
        s.blocked = 'Not checked: the instance never became active (see lifecycle.async-polling).';
      }
    } catch (error) {
      s.blocked = `The mock could not play this step: ${messageOf(error)}`;
    }
  }
}

async function query(s: Scenario): Promise<void> {
  await step(s, 'query-instance', false, async () => {
    const seen = await s.player.checkReported(s.ref as string, 'newInstance');
    return 'status' in seen ? seen : { status: 'passed', exchanges: seen.exchanges };
  });
}

async function unsubscribe(s: Scenario): Promise<void> {
  await step(s, 'unsubscribe', false, async () => {
    const ref = s.ref as string;
    const report = await s.player.act({ kind: 'unsubscribe', ref });
    return judge(s, report, {
      expected: 'releaseInstance (with the unsubscribe order) answered 000000',
      after: 'the unsubscription',
      reported: false,
      state: stateIs(s, ref, 'released', 'the unsubscription'),
    });
  });
}

/** Moves the clock a minute past `at` (the instance's expiry or grace end), reporting the jobs of `ref`. */
const pastTime = (ref: string, at: number): PlayerAction => ({
  kind: 'advance-to',
  ref,
  time: at + MINUTE_MS,
});

async function periodMain(s: Scenario): Promise<void> {
  let skus: string[] = [];
  await create(
    s,
    async () => {
      const p = await productOf(s, 'PERIOD');
      skus = p.skus;
      return { productCode: p.code, skuCode: p.skus[0], autoPay: true };
    },
    true,
  );
  await query(s);
  const ref = (): string => s.ref as string;
  await step(s, 'upgrade', false, async () => {
    const current = (await s.player.instance(ref())).skuCode;
    const target = skus.find((k) => k !== current) ?? skus[0] ?? current;
    const report = await s.player.act({
      kind: 'upgrade',
      ref: ref(),
      input: { skuCode: target, autoPay: true },
    });
    return judge(s, report, {
      expected: 'upgradeInstance answered 000000, the instance keeps its instanceId',
      after: 'the upgrade',
    });
  });
  await step(s, 'renew', false, async () => {
    const before = (await s.player.instance(ref())).expireAt ?? 0;
    const report = await s.player.act({ kind: 'renew', ref: ref(), input: { autoPay: true } });
    return judge(s, report, {
      expected: 'refreshInstance RENEWAL answered 000000',
      after: 'the renewal',
      state: async () =>
        ((await s.player.instance(ref())).expireAt ?? 0) > before
          ? undefined
          : 'The renewal did not extend the expiry.',
    });
  });
  await step(s, 'freeze', s.want('unfreeze'), async () => {
    const expireAt = (await s.player.instance(ref())).expireAt ?? (await s.player.now());
    const report = await s.player.act(pastTime(ref(), expireAt));
    return judge(s, report, {
      expected: 'updateInstanceStatus FREEZE answered 000000 and the frozen instance still reported',
      after: 'the freeze at expiry',
      state: stateIs(s, ref(), 'frozen', 'its expiry'),
    });
  });
  await step(s, 'unfreeze', false, async () => {
    const report = await s.player.act({ kind: 'renew', ref: ref(), input: { autoPay: true } });
    return judge(s, report, {
      expected: 'refreshInstance RENEWAL then updateInstanceStatus UNFREEZE answered 000000',
      after: 'the renewal during the freeze',
      state: stateIs(s, ref(), 'active', 'the renewal during the freeze'),
    });
  });
  await step(s, 'release', false, async () => {
    // Two clock moves (to the expiry when still active, then past the grace period); the step reports both.
    const i = await s.player.instance(ref());
    const first =
      i.state === 'active'
        ? await s.player.act(pastTime(ref(), i.expireAt ?? (await s.player.now())))
        : undefined;
    const frozen = await s.player.instance(ref());
    const second = await s.player.act(pastTime(ref(), frozen.graceEndsAt ?? (await s.player.now())));
    const report: StepReport =
      first === undefined
        ? second
        : {
            jobs: [...first.jobs, ...second.jobs],
            exchanges: [...first.exchanges, ...second.exchanges],
            ...(first.failure !== undefined
              ? { failure: first.failure }
              : second.failure !== undefined
                ? { failure: second.failure }
                : {}),
          };
    return judge(s, report, {
      expected:
        'updateInstanceStatus FREEZE at expiry and releaseInstance at the end of the grace period answered 000000',
      after: 'the release at the end of the grace period',
      reported: false,
      state: stateIs(s, ref(), 'released', 'the grace period'),
    });
  });
}

async function periodTrial(s: Scenario): Promise<void> {
  await create(
    s,
    async () => ({ productCode: (await productOf(s, 'PERIOD', true)).code, trial: true, autoPay: true }),
    false,
  );
  await step(s, 'trial-to-formal', false, async () => {
    const ref = s.ref as string;
    const report = await s.player.act({ kind: 'trial-to-formal', ref, input: { autoPay: true } });
    return judge(s, report, {
      expected: 'refreshInstance TRIAL_TO_FORMAL answered 000000',
      after: 'the conversion to a formal order',
      state: async () =>
        (await s.player.instance(ref)).trial
          ? 'The instance is still a trial after the conversion.'
          : undefined,
    });
  });
  await unsubscribe(s);
}

async function packageMain(s: Scenario): Promise<void> {
  await create(
    s,
    async () => ({ productCode: (await productOf(s, 'ON_DEMAND_PKG')).code, autoPay: true }),
    true,
  );
  await query(s);
  await step(s, 'release', false, async () => {
    const ref = s.ref as string;
    const expireAt = (await s.player.instance(ref)).expireAt ?? (await s.player.now());
    const report = await s.player.act(pastTime(ref, expireAt));
    return judge(s, report, {
      expected: 'releaseInstance at the package expiry answered 000000',
      after: 'the release at expiry',
      reported: false,
      state: async () => {
        const st = (await s.player.instance(ref)).state;
        return st === 'released' ? undefined : `The package instance is ${st} after its expiry.`;
      },
    });
  });
}

async function simpleMain(s: Scenario, mode: ChargingMode): Promise<void> {
  await create(
    s,
    async () => {
      const p = await productOf(s, mode);
      return mode === 'ON_DEMAND'
        ? // One item: pay-per-use orders create one instance per item with the same order line (§3.1).
          { productCode: p.code, items: [{ skuCode: p.skus[0] as string }], autoPay: true }
        : { productCode: p.code, autoPay: true };
    },
    true,
  );
  await query(s);
  await unsubscribe(s);
}

/**
 * Plays the scenarios of the run's charging mode once (shared by every lifecycle check) and returns the outcome
 * of each selected step.
 */
export function lifecycleResults(ctx: CheckContext): Promise<LifecycleResults> {
  return ctx.once('lifecycle', async () => {
    const mode = ctx.options.chargingMode;
    const results = new Map<LifecycleStep, CheckOutcome>();
    const want = (st: LifecycleStep): boolean => ctx.selected.has(`lifecycle.${st}`);
    const pollBudgetMs = ctx.options.asyncWaitMs;
    const remote = ctx.mock;
    const creation: Scenario['creation'] = { synchronous: false };
    const scenario = (): Scenario => ({
      player: remote === null ? createPlayer(ctx) : createRemotePlayer(ctx, remote.client),
      results,
      want,
      pollBudgetMs,
      creation,
    });
    const plays: Array<() => Promise<void>> = [];
    const players: Player[] = [];
    const play = (fn: (s: Scenario) => Promise<void>): void => {
      plays.push(async () => {
        const s = scenario();
        players.push(s.player);
        await fn(s);
      });
    };
    if (mode === 'PERIOD') {
      play(periodMain);
      if (want('trial-to-formal') || want('unsubscribe')) play(periodTrial);
    } else if (mode === 'ON_DEMAND_PKG') {
      play(packageMain);
      if (want('unsubscribe')) {
        play(async (s) => {
          await create(
            s,
            async () => ({ productCode: (await productOf(s, 'ON_DEMAND_PKG')).code, autoPay: true }),
            false,
          );
          await unsubscribe(s);
        });
      }
    } else {
      play((s) => simpleMain(s, mode));
    }
    try {
      if (remote === null) await Promise.all(plays.map((p) => p()));
      else for (const p of plays) await p();
    } finally {
      await Promise.all(players.map((p) => p.close()));
    }
    if (want('async-polling') && !results.has('async-polling')) {
      // Say what really happened: a synchronous 000000, or a newInstance that failed (HTTP 415, 000005, …).
      results.set('async-polling', {
        status: 'skipped',
        message: creation.synchronous
          ? 'The seller answered newInstance synchronously (000000): there was no polling to check.'
          : creation.failed !== undefined
            ? `Not checked: there was no asynchronous creation to follow — ${creation.failed}`
            : 'Not checked: no newInstance was answered in this run (see lifecycle.new-instance).',
      });
    }
    return results;
  });
}
