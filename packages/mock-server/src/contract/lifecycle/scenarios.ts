/**
 * The lifecycle scenarios per charging mode, played on in-process engines (virtual clock: months of a product's
 * life in a fraction of a second; every call signed with the wall clock, so the seller's ±60 s window holds):
 *
 * - PERIOD: new → query → upgrade → renew → freeze (expiry) → unfreeze (renewal while frozen) → release (grace
 *   period over); and, on a second engine, trial → formal → unsubscribe;
 * - ONE_TIME, ON_DEMAND: new → query → unsubscribe;
 * - ON_DEMAND_PKG: new → query → release (expiry, no freeze); and new → unsubscribe.
 *
 * A step whose predecessor failed is skipped (the instance is not in the state it starts from). When newInstance
 * answers 000004 the scenario waits for the queryInstance polling (lifecycle.async-polling).
 */
import type { ChargingMode } from '@koogallery-kit/sdk';
import { MINUTE_MS } from '../../engine/business-time';
import { DEMO_CATALOG } from '../../engine/demo-catalog';
import type { PurchaseInput } from '../../engine/lifecycle';
import type { CheckContext } from '../context';
import type { CheckOutcome, ContractExchange } from '../types';
import { createPlayer, type Player, type StepReport } from './player';

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
}

function productFor(mode: ChargingMode): { code: string; skus: string[] } {
  const p = DEMO_CATALOG.products.find((x) => x.chargingMode === mode);
  if (p === undefined) throw new Error(`the demo catalog has no ${mode} product`);
  return { code: p.code, skus: p.skus.map((s) => s.skuCode) };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

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
  o: { expected: string; after: string; state?: () => string | undefined; reported?: boolean },
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
  const wrongState = o.state?.();
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

/** Buys the product; waits for the polling when the seller answers 000004. */
async function create(s: Scenario, purchase: PurchaseInput, record: boolean): Promise<void> {
  await step(
    s,
    'new-instance',
    true,
    async () => {
      const report = await s.player.act(() => s.player.engine.purchase(purchase));
      const job = report.jobs.find((j) => j.interface === 'newInstance');
      if (job === undefined) return { status: 'skipped', message: 'The mock sent no newInstance.' };
      const expected = 'newInstance answered 000000 (or 000004) with the instanceId';
      if (report.failure !== undefined) {
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
      const attempt = s.player.engine.getJob(job.id).attempts[0];
      if (attempt?.async === true) {
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
      const instance = s.player.instance(ref);
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
  if (s.ref !== undefined && s.player.instance(s.ref).state !== 'active' && s.blocked === undefined) {
    s.blocked = 'Not checked: the instance never became active (see lifecycle.async-polling).';
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
    const report = await s.player.act(() => s.player.engine.unsubscribe(ref));
    return judge(s, report, {
      expected: 'releaseInstance (with the unsubscribe order) answered 000000',
      after: 'the unsubscription',
      reported: false,
      state: () => {
        const st = s.player.instance(ref).state;
        return st === 'released' ? undefined : `The instance is ${st} after the unsubscription.`;
      },
    });
  });
}

async function periodMain(s: Scenario, skus: string[]): Promise<void> {
  await create(s, { productCode: 'crm', skuCode: skus[0], autoPay: true }, true);
  await query(s);
  const ref = (): string => s.ref as string;
  const engine = s.player.engine;
  await step(s, 'upgrade', false, async () => {
    const target = skus.find((k) => k !== s.player.instance(ref()).skuCode) ?? skus[0];
    const report = await s.player.act(() => engine.upgrade(ref(), { skuCode: target, autoPay: true }));
    return judge(s, report, {
      expected: 'upgradeInstance answered 000000, the instance keeps its instanceId',
      after: 'the upgrade',
    });
  });
  await step(s, 'renew', false, async () => {
    const before = s.player.instance(ref()).expireAt ?? 0;
    const report = await s.player.act(() => engine.renew(ref(), { autoPay: true }));
    return judge(s, report, {
      expected: 'refreshInstance RENEWAL answered 000000',
      after: 'the renewal',
      state: () =>
        (s.player.instance(ref()).expireAt ?? 0) > before
          ? undefined
          : 'The renewal did not extend the expiry.',
    });
  });
  await step(s, 'freeze', s.want('unfreeze'), async () => {
    const expireAt = s.player.instance(ref()).expireAt ?? s.player.clock.now();
    const report = await s.player.act(() => s.player.clock.advanceTo(expireAt + MINUTE_MS));
    return judge(s, report, {
      expected: 'updateInstanceStatus FREEZE answered 000000 and the frozen instance still reported',
      after: 'the freeze at expiry',
      state: () => {
        const st = s.player.instance(ref()).state;
        return st === 'frozen' ? undefined : `The instance is ${st} after its expiry.`;
      },
    });
  });
  await step(s, 'unfreeze', false, async () => {
    const report = await s.player.act(() => engine.renew(ref(), { autoPay: true }));
    return judge(s, report, {
      expected: 'refreshInstance RENEWAL then updateInstanceStatus UNFREEZE answered 000000',
      after: 'the renewal during the freeze',
      state: () => {
        const st = s.player.instance(ref()).state;
        return st === 'active' ? undefined : `The instance is ${st} after the renewal during the freeze.`;
      },
    });
  });
  await step(s, 'release', false, async () => {
    const report = await s.player.act(async () => {
      const i = s.player.instance(ref());
      if (i.state === 'active')
        await s.player.clock.advanceTo((i.expireAt ?? s.player.clock.now()) + MINUTE_MS);
      const frozen = s.player.instance(ref());
      await s.player.clock.advanceTo((frozen.graceEndsAt ?? s.player.clock.now()) + MINUTE_MS);
    });
    return judge(s, report, {
      expected:
        'updateInstanceStatus FREEZE at expiry and releaseInstance at the end of the grace period answered 000000',
      after: 'the release at the end of the grace period',
      reported: false,
      state: () => {
        const st = s.player.instance(ref()).state;
        return st === 'released' ? undefined : `The instance is ${st} after the grace period.`;
      },
    });
  });
}

async function periodTrial(s: Scenario): Promise<void> {
  await create(s, { productCode: 'crm', trial: true, autoPay: true }, false);
  await step(s, 'trial-to-formal', false, async () => {
    const ref = s.ref as string;
    const report = await s.player.act(() => s.player.engine.trialToFormal(ref, { autoPay: true }));
    return judge(s, report, {
      expected: 'refreshInstance TRIAL_TO_FORMAL answered 000000',
      after: 'the conversion to a formal order',
      state: () =>
        s.player.instance(ref).trial ? 'The instance is still a trial after the conversion.' : undefined,
    });
  });
  await unsubscribe(s);
}

async function packageMain(s: Scenario): Promise<void> {
  await create(s, { productCode: productFor('ON_DEMAND_PKG').code, autoPay: true }, true);
  await query(s);
  await step(s, 'release', false, async () => {
    const ref = s.ref as string;
    const expireAt = s.player.instance(ref).expireAt ?? s.player.clock.now();
    const report = await s.player.act(() => s.player.clock.advanceTo(expireAt + MINUTE_MS));
    return judge(s, report, {
      expected: 'releaseInstance at the package expiry answered 000000',
      after: 'the release at expiry',
      reported: false,
      state: () => {
        const st = s.player.instance(ref).state;
        return st === 'released' ? undefined : `The package instance is ${st} after its expiry.`;
      },
    });
  });
}

async function simpleMain(s: Scenario, mode: ChargingMode): Promise<void> {
  const p = productFor(mode);
  const purchase: PurchaseInput =
    mode === 'ON_DEMAND'
      ? // One item: pay-per-use orders create one instance per item with the same order line (§3.1).
        { productCode: p.code, items: [{ skuCode: p.skus[0] as string }], autoPay: true }
      : { productCode: p.code, autoPay: true };
  await create(s, purchase, true);
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
    const scenario = (): Scenario => ({ player: createPlayer(ctx), results, want, pollBudgetMs });
    const plays: Array<[Scenario, (s: Scenario) => Promise<void>]> = [];
    if (mode === 'PERIOD') {
      plays.push([scenario(), (s) => periodMain(s, productFor('PERIOD').skus)]);
      if (want('trial-to-formal') || want('unsubscribe')) plays.push([scenario(), periodTrial]);
    } else if (mode === 'ON_DEMAND_PKG') {
      plays.push([scenario(), packageMain]);
      if (want('unsubscribe')) {
        plays.push([
          scenario(),
          async (s) => {
            await create(s, { productCode: productFor('ON_DEMAND_PKG').code, autoPay: true }, false);
            await unsubscribe(s);
          },
        ]);
      }
    } else {
      plays.push([scenario(), (s) => simpleMain(s, mode)]);
    }
    try {
      await Promise.all(plays.map(([s, play]) => play(s)));
    } finally {
      await Promise.all(plays.map(([s]) => s.player.close()));
    }
    if (want('async-polling') && !results.has('async-polling')) {
      results.set('async-polling', {
        status: 'skipped',
        message: 'The seller answered newInstance synchronously (000000): there was no polling to check.',
      });
    }
    return results;
  });
}
