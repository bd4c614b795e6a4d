/** A scenario touching every kind of record, used by the parity and reopen tests. */
import type { JobRecord, MarketEngine, VirtualClock } from '../../src/index';
import type { Behaviour } from '../engine/helpers';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Seller behaviour of the scenario: some newInstance calls fail or answer 000004; refreshInstance always fails. */
export function scenarioBehaviour(job: Readonly<JobRecord>, attemptNo: number): Behaviour | undefined {
  if (job.interface === 'newInstance' && job.seq % 4 === 1 && attemptNo < 3)
    return { kind: 'fail', code: 'TIMEOUT' };
  if (job.interface === 'newInstance' && job.seq % 4 === 2) return { kind: 'async' };
  if (job.interface === 'newInstance' && job.seq % 9 === 0)
    return { kind: 'fail', code: 'BODY_SIGN_INVALID' };
  if (job.interface === 'refreshInstance') return { kind: 'fail', resultCode: '000005' };
  return undefined;
}

/** Plays the scenario. */
export async function playScenario(engine: MarketEngine, clock: VirtualClock): Promise<void> {
  const buyer = engine.createBuyer({ customerName: 'parity', gracePeriodDays: 5 });
  engine.saveDebugCase({
    productCode: 'crm',
    interface: 'queryInstance',
    body: { activity: 'queryInstance', instanceId: 'dbg' },
  });
  for (let n = 0; n < 10; n++) {
    engine.purchase({
      productCode: n % 3 === 0 ? 'sms' : 'crm',
      buyerId: n % 2 === 0 ? buyer.customerId : undefined,
      autoPay: n !== 5,
    });
  }
  engine.purchase({ productCode: 'crm', trial: true, autoPay: true });
  engine.purchase({ productCode: 'report', autoPay: true });
  await clock.advance(4 * HOUR);
  const active = engine.listInstances({ state: 'active' });
  const period = active.filter((i) => i.chargingMode === 'PERIOD' && !i.trial);
  engine.renew(period[0]!.ref, { autoPay: true });
  engine.upgrade(period[1]!.ref, { linearValue: 77, autoPay: true });
  engine.violationFreeze(period[2]!.ref);
  engine.unsubscribe(active.find((i) => i.chargingMode === 'ON_DEMAND')!.ref);
  engine.recordUsage(active.filter((i) => i.chargingMode === 'ON_DEMAND').at(-1)!.ref, 3.25);
  await engine.openResourcePage(period[3]!.ref);
  await clock.advance(40 * DAY);
  const failed = engine.listJobs({ state: 'FAILED' })[0];
  if (failed !== undefined) await engine.restartJob(failed.id);
  // The unpaid order above was canceled when its payment deadline passed (seller-console.md §1); this one is
  // still waiting for payment at the end.
  engine.purchase({ productCode: 'crm', buyerId: buyer.customerId });
  await clock.advance(3 * DAY);
}
