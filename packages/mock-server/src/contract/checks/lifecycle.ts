/**
 * Lifecycle checks (`lifecycle.<step>`): the product's life played by the mock's engine on a virtual clock, with
 * the instance's state confirmed through queryInstance after each step. See lifecycle/scenarios.ts.
 */
import type { ChargingMode, InterfaceName } from '@koogallery-kit/sdk';
import type { CheckContext } from '../context';
import { lifecycleResults, type LifecycleStep } from '../lifecycle/scenarios';
import type { ContractCheck } from '../types';

interface StepSpec {
  step: LifecycleStep;
  title: string;
  interfaces: InterfaceName[];
  needs: InterfaceName[];
  modes?: ChargingMode[];
  risk: string;
  fix: string;
}

const LOST_STATE =
  'The platform and the seller disagree about the instance: buyers pay for something they cannot use, or use ' +
  'something they no longer pay for.';

const STEPS: readonly StepSpec[] = [
  {
    step: 'new-instance',
    title: 'a paid order creates an instance (newInstance from a real purchase)',
    interfaces: ['newInstance'],
    needs: ['newInstance'],
    risk: 'Buyers pay and get nothing; the order is cancelled and refunded after 3 hours of retries.',
    fix: 'Create the instance (or accept it with 000004) and answer with its instanceId.',
  },
  {
    step: 'query-instance',
    title: 'queryInstance reports the new instance when the buyer opens the resource page',
    interfaces: ['queryInstance'],
    needs: ['newInstance', 'queryInstance'],
    risk: 'The buyer opens the resource page and sees no instance, no URL to use what they bought.',
    fix: 'Answer queryInstance with info[] listing each requested instance you hold, with appInfo.frontEndUrl.',
  },
  {
    step: 'upgrade',
    title: 'an in-period upgrade (upgradeInstance) is applied and the instance keeps its id',
    interfaces: ['upgradeInstance'],
    needs: ['newInstance', 'upgradeInstance'],
    modes: ['PERIOD'],
    risk: `${LOST_STATE} A failed upgrade order is cancelled and refunded after 3 hours of retries.`,
    fix: 'Fetch the upgrade order (order query, orderType CHANGE), apply the new SKU/quantity, keep the instanceId.',
  },
  {
    step: 'renew',
    title: 'a renewal (refreshInstance RENEWAL) extends the instance',
    interfaces: ['refreshInstance'],
    needs: ['newInstance', 'refreshInstance'],
    modes: ['PERIOD'],
    risk: `${LOST_STATE} refreshInstance is sent once: a failure needs a manual restart.`,
    fix: 'Store the new expireTime (14 or 17 digits, UTC) and answer 000000.',
  },
  {
    step: 'freeze',
    title: 'at expiry the instance is frozen (updateInstanceStatus FREEZE) and still reported',
    interfaces: ['updateInstanceStatus'],
    needs: ['newInstance', 'updateInstanceStatus'],
    modes: ['PERIOD'],
    risk: `${LOST_STATE} Buyers keep using an expired product, or lose their data during the grace period.`,
    fix: 'Suspend access on FREEZE but keep the data (up to 15 days); keep reporting the instance in queryInstance.',
  },
  {
    step: 'unfreeze',
    title: 'a renewal during the freeze extends and unfreezes the instance (refreshInstance + UNFREEZE)',
    interfaces: ['updateInstanceStatus', 'refreshInstance'],
    needs: ['newInstance', 'refreshInstance', 'updateInstanceStatus'],
    modes: ['PERIOD'],
    risk: `${LOST_STATE} A buyer who renewed in time stays locked out.`,
    fix: "Restore access on UNFREEZE (it follows the renewal's refreshInstance).",
  },
  {
    step: 'release',
    title: 'at the end of the grace period (package: at expiry) the instance is released (releaseInstance)',
    interfaces: ['releaseInstance'],
    needs: ['newInstance', 'releaseInstance'],
    modes: ['PERIOD', 'ON_DEMAND_PKG'],
    risk: `${LOST_STATE} Resources of departed buyers are never freed, or a release retried by the platform fails.`,
    fix: 'Release the resources and answer 000000 (also when the instance was already released).',
  },
  {
    step: 'trial-to-formal',
    title: 'a trial converted to a formal order (refreshInstance TRIAL_TO_FORMAL) stays the same instance',
    interfaces: ['refreshInstance'],
    needs: ['newInstance', 'refreshInstance'],
    modes: ['PERIOD'],
    risk: `${LOST_STATE} A buyer who paid after the trial is cut off when the trial period ends.`,
    fix: 'Handle scene TRIAL_TO_FORMAL: keep the instance and its data, store the new expireTime.',
  },
  {
    step: 'unsubscribe',
    title: 'an unsubscription releases the instance (releaseInstance with the unsubscribe order)',
    interfaces: ['releaseInstance'],
    needs: ['newInstance', 'releaseInstance'],
    risk: `${LOST_STATE} A refunded buyer keeps using the product.`,
    fix: 'Release the instance named in releaseInstance; orderId/orderLineId name the unsubscribe order.',
  },
  {
    step: 'async-polling',
    title: 'after newInstance answered 000004, queryInstance reports the instance once it is ready',
    interfaces: ['newInstance', 'queryInstance'],
    needs: ['newInstance', 'queryInstance'],
    risk: 'The platform polls queryInstance for up to 3 hours; if the instance never appears the order fails and is refunded.',
    fix: 'Finish the asynchronous creation and list the instance (same instanceId as in the 000004 reply) in queryInstance.',
  },
];

/** Every lifecycle check (V2 only: the engine plays the V2 interfaces). */
export function lifecycleChecks(): ContractCheck<CheckContext>[] {
  return STEPS.map((spec) => ({
    id: `lifecycle.${spec.step}`,
    group: 'lifecycle',
    title: spec.title,
    requires: {
      protocols: ['v2'],
      interfaces: spec.interfaces,
      needs: spec.needs,
      ...(spec.modes === undefined ? {} : { chargingModes: spec.modes }),
    },
    risk: spec.risk,
    fix: spec.fix,
    run: async (ctx) => {
      const results = await lifecycleResults(ctx);
      return (
        results.get(spec.step) ?? { status: 'skipped', message: 'This step was not played in this run.' }
      );
    },
  }));
}
