/**
 * Idempotency (§3.1, §4, §13 item 3): newInstance retried with a new businessId returns the same instanceId, two
 * concurrent retries return one instanceId, releasing a released instance is answered as a success, and kit adds
 * and deletes may be repeated.
 */
import type { InterfaceName } from '@koogallery-kit/sdk';
import { kitBodies, newKitFixture, newOrderId, v1Bodies, v2Bodies, type BodyContext } from '../bodies';
import type { CheckContext, SentCall } from '../context';
import { instanceIdOf } from '../debug-session';
import { describeCode, isSuccessCode } from '../expect';
import type { CheckOutcome, ContractCheck, ContractProtocol } from '../types';

const names = (p: ContractProtocol): { create: InterfaceName; release: InterfaceName } =>
  p === 'v2'
    ? { create: 'newInstance', release: 'releaseInstance' }
    : { create: 'v1NewInstance', release: 'v1ReleaseInstance' };

/** The same order again with a fresh businessId (what a platform retry looks like). */
function retryBody(ctx: CheckContext, orderId: string): Record<string, unknown> {
  const c: BodyContext = { now: ctx.now(), mode: ctx.options.chargingMode };
  return ctx.options.protocol === 'v2' ? v2Bodies.newInstance(orderId) : v1Bodies.newInstance(orderId, c);
}

/** Why a newInstance reply cannot take part in an idempotency comparison, if it cannot. */
function unusable(sent: SentCall): string | undefined {
  if (sent.reply === undefined) return `no reply (${sent.failure ?? 'no answer'})`;
  if (!isSuccessCode(sent.resultCode)) return `resultCode ${sent.resultCode ?? 'missing'}`;
  if (instanceIdOf(sent) === undefined) return 'no instanceId in the reply';
  return undefined;
}

const IDEMPOTENCY_RISK =
  'The platform re-sends newInstance when a reply is lost or late (hourly for 3 hours) and may call it again when ' +
  'the buyer opens the resource page: a seller that creates a new instance each time provisions duplicates, and ' +
  'the platform keeps only the last instanceId — the buyer loses access to the first one.';

function retryCheck(): ContractCheck<CheckContext> {
  return {
    id: 'idempotency.new-instance-retry',
    group: 'idempotency',
    title: 'newInstance retried with a new businessId returns the same instanceId',
    requires: { protocols: ['v2', 'v1'], interfaces: ['newInstance', 'v1NewInstance'], needs: [] },
    risk: IDEMPOTENCY_RISK,
    fix:
      'Key instance creation on orderId + orderLineId (V1: orderId; pay-per-use: orderId + productId): look the order ' +
      'up first and return the instanceId already created; never key on businessId, which changes on every call.',
    run: async (ctx): Promise<CheckOutcome> => {
      const { create } = names(ctx.options.protocol);
      if (!ctx.interfaces.has(create)) return { status: 'skipped', message: `${create} is not in scope.` };
      const orderId = newOrderId(ctx.now());
      const first = await ctx.call(create, retryBody(ctx, orderId), `newInstance for order ${orderId}`);
      const second = await ctx.call(
        create,
        retryBody(ctx, orderId),
        `the same order again with a new businessId`,
      );
      const exchanges = [first.exchange, second.exchange];
      const bad = unusable(first) ?? unusable(second);
      if (bad !== undefined) {
        return {
          status: 'failed',
          message: `A newInstance of the pair could not be compared: ${bad}.`,
          expected: 'both calls answered 000000 (or 000004) with the same instanceId',
          exchanges,
        };
      }
      const [a, b] = [instanceIdOf(first), instanceIdOf(second)];
      if (a === b) return { status: 'passed', exchanges };
      return {
        status: 'failed',
        message: `The retry created a second instance: the first call returned instanceId ${a}, the retry ${b}.`,
        expected: `the retry answered with instanceId ${a}`,
        exchanges,
      };
    },
  };
}

function concurrentCheck(): ContractCheck<CheckContext> {
  return {
    id: 'idempotency.concurrent-retries',
    group: 'idempotency',
    title: 'two concurrent newInstance calls for one order return one instanceId',
    requires: { protocols: ['v2', 'v1'], interfaces: ['newInstance', 'v1NewInstance'], needs: [] },
    risk: `${IDEMPOTENCY_RISK} Concurrent calls happen when a slow first attempt overlaps the retry.`,
    fix:
      'Claim the order atomically before creating anything (a unique key, SET NX, an insert that fails on ' +
      'conflict); a call that finds the order claimed but unfinished answers 000004 with the claimed instanceId.',
    run: async (ctx): Promise<CheckOutcome> => {
      const { create } = names(ctx.options.protocol);
      if (!ctx.interfaces.has(create)) return { status: 'skipped', message: `${create} is not in scope.` };
      const orderId = newOrderId(ctx.now());
      const [first, second] = await Promise.all([
        ctx.call(
          create,
          retryBody(ctx, orderId),
          `newInstance for order ${orderId} (call 1 of 2, concurrent)`,
        ),
        ctx.call(
          create,
          retryBody(ctx, orderId),
          `newInstance for order ${orderId} (call 2 of 2, concurrent)`,
        ),
      ]);
      const exchanges = [first.exchange, second.exchange];
      const bad = unusable(first) ?? unusable(second);
      if (bad !== undefined) {
        return {
          status: 'failed',
          message: `One of the concurrent calls did not return an instanceId: ${bad}.`,
          expected: 'both calls answered 000000 or 000004 with the same instanceId',
          exchanges,
        };
      }
      const [a, b] = [instanceIdOf(first), instanceIdOf(second)];
      if (a === b) return { status: 'passed', exchanges };
      return {
        status: 'failed',
        message: `Two concurrent calls for the same order created two instances: ${a} and ${b}.`,
        expected: 'one instanceId for both calls',
        exchanges,
      };
    },
  };
}

function releaseTwiceCheck(): ContractCheck<CheckContext> {
  return {
    id: 'idempotency.release-twice',
    group: 'idempotency',
    title: 'releasing an instance that is already released is answered 000000',
    requires: {
      protocols: ['v2', 'v1'],
      interfaces: ['releaseInstance', 'v1ReleaseInstance'],
      needs: [],
    },
    risk:
      'The platform repeats releaseInstance when the first reply was lost; an error answer to the repeat counts as ' +
      'a failed call (anything but 000000 does, §6.1): e-mails, a manual restart and a failed-order count.',
    fix: 'Remember released instances and answer 000000 when the release is repeated.',
    refusals: true,
    run: async (ctx): Promise<CheckOutcome> => {
      const { create, release } = names(ctx.options.protocol);
      if (!ctx.interfaces.has(create) || !ctx.interfaces.has(release)) {
        return { status: 'skipped', message: `${create} and ${release} must both be in scope.` };
      }
      const orderId = newOrderId(ctx.now());
      const created = await ctx.call(create, retryBody(ctx, orderId), `newInstance for order ${orderId}`);
      const id = instanceIdOf(created);
      if (id === undefined || !isSuccessCode(created.resultCode)) {
        return {
          status: 'skipped',
          message: `newInstance did not return an instance to release (${unusable(created) ?? 'no instanceId'}).`,
          exchanges: [created.exchange],
        };
      }
      const body = (): Record<string, unknown> =>
        ctx.options.protocol === 'v2' ? v2Bodies.releaseInstance(id) : v1Bodies.releaseInstance(id, orderId);
      const first = await ctx.call(release, body(), `releaseInstance ${id}`);
      const second = await ctx.call(release, body(), `releaseInstance ${id} again`);
      const exchanges = [created.exchange, first.exchange, second.exchange];
      if (first.resultCode !== '000000') {
        return {
          status: 'failed',
          message: `The first release of ${id} was not accepted (${first.resultCode ?? first.failure ?? 'no resultCode'}).`,
          expected: 'both releases answered 000000',
          exchanges,
        };
      }
      if (second.resultCode === '000000') return { status: 'passed', exchanges };
      if (second.reply !== undefined) ctx.recordRefusal(second);
      return {
        status: 'failed',
        message:
          second.resultCode === undefined
            ? `The repeated release got no readable resultCode (${second.failure ?? `HTTP ${second.reply?.status ?? '?'}`}).`
            : `The repeated release was answered ${describeCode(second.resultCode)}; the platform counts that as a failed call.`,
        expected: 'resultCode 000000 for the repeated release',
        exchanges,
      };
    },
  };
}

function kitRepeatCheck(): ContractCheck<CheckContext> {
  return {
    id: 'idempotency.kit-repeat',
    group: 'idempotency',
    title: 'repeating a kit add or delete is answered 000000 (tenantSync)',
    requires: { protocols: ['v1', 'v2'], interfaces: ['tenantSync'], needs: ['tenantSync'], kit: true },
    risk:
      'Kit syncs are re-triggered by buyers and administrators; an error on a repeated add or delete leaves the ' +
      'tenant half-synchronised and the buyer unable to log in (§4: repeated add or delete must succeed).',
    fix: 'Treat an add of an existing tenant as an update and a delete of a missing one as done; answer 000000.',
    run: async (ctx): Promise<CheckOutcome> => {
      const fixture = newKitFixture();
      const steps: Array<[0 | 1, string]> = [
        [1, 'tenantSync add'],
        [1, 'tenantSync add again'],
        [0, 'tenantSync delete'],
        [0, 'tenantSync delete again'],
      ];
      const sent: SentCall[] = [];
      for (const [flag, label] of steps) {
        sent.push(await ctx.call('tenantSync', kitBodies.tenantSync(fixture, ctx.now(), flag), label));
      }
      const bad = sent.filter((s) => s.resultCode !== '000000');
      if (bad.length === 0) return { status: 'passed', exchanges: sent.map((s) => s.exchange) };
      return {
        status: 'failed',
        message: bad
          .map(
            (s) =>
              `${s.label}: ${s.resultCode === undefined ? (s.failure ?? 'no resultCode') : describeCode(s.resultCode)}.`,
          )
          .join(' '),
        expected: 'resultCode 000000 for every add and delete, repeated or not',
        exchanges: bad.map((s) => s.exchange),
      };
    },
  };
}

/** Every idempotency check. */
export function idempotencyChecks(): ContractCheck<CheckContext>[] {
  return [retryCheck(), concurrentCheck(), releaseTwiceCheck(), kitRepeatCheck()];
}
