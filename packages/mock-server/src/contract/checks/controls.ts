/**
 * Negative controls (`lifecycle.control-*`): production calls (no testFlag, as the platform sends them, §2.1) whose
 * outcome is checked through queryInstance against facts a stateless seller cannot fake. A seller that answers
 * 000000 to everything and echoes any instanceId back (Huawei's sample does so for debugging calls) passes every
 * call-level check; these catch it:
 *
 * - an instance id never created must not be reported;
 * - two different orders must get two different instance ids;
 * - a released instance must no longer be reported.
 *
 * (An upgraded SKU cannot be observed this way: queryInstance replies carry no SKU, §3.2.)
 */
import type { CallBody } from '../../engine/jobs/bodies';
import { newOrderId, unknownInstanceId, v2Bodies } from '../bodies';
import type { CheckContext, SentCall } from '../context';
import { instanceIdOf } from '../debug-session';
import { describeCode, isSuccessCode } from '../expect';
import type { CheckOutcome, ContractCheck } from '../types';

/** The body as production sends it: without testFlag. */
function production(body: CallBody): CallBody {
  const { testFlag: _debug, ...rest } = body;
  return rest;
}

/** True when a queryInstance reply lists `instanceId`. */
function lists(sent: SentCall, instanceId: string): boolean {
  const info = sent.body?.['info'];
  return (
    Array.isArray(info) && info.some((i) => (i as { instanceId?: unknown } | null)?.instanceId === instanceId)
  );
}

const STATELESS =
  'The platform shows buyers, and bills, what queryInstance reports: a seller that reports instances it does not ' +
  'hold (a stateless sample answering 000000 to everything, echoing ids back) shows buyers resources that do not ' +
  'exist and hides lost instances from everyone.';

/** Why a call cannot serve as a control step, if it cannot. */
function unusable(sent: SentCall, what: string): CheckOutcome | undefined {
  if (sent.reply !== undefined && isSuccessCode(sent.resultCode)) return undefined;
  return {
    status: 'skipped',
    message:
      `Not checked: ${what} was not accepted (${sent.reply === undefined ? (sent.failure ?? 'no reply') : `HTTP ${sent.reply.status}, ${sent.resultCode === undefined ? 'no resultCode' : describeCode(sent.resultCode)}`}); ` +
      'see the newInstance and queryInstance checks.',
    exchanges: [sent.exchange],
  };
}

function unknownInstanceControl(): ContractCheck<CheckContext> {
  return {
    id: 'lifecycle.control-unknown-instance',
    group: 'lifecycle',
    title: 'queryInstance (production call) does not report an instance id that was never created',
    requires: { protocols: ['v2'], interfaces: ['queryInstance'], needs: ['queryInstance'] },
    risk: STATELESS,
    fix:
      'Look every requested id up in your own records and list only the instances you hold (info may be empty); ' +
      'never build the reply from the ids in the request.',
    run: async (ctx): Promise<CheckOutcome> => {
      const id = unknownInstanceId();
      const sent = await ctx.call(
        'queryInstance',
        production(v2Bodies.queryInstance(id)),
        'queryInstance (production, no testFlag) of an id never created',
      );
      if (sent.reply === undefined || sent.resultCode === undefined) {
        return {
          status: 'skipped',
          message: 'Not checked: no readable reply (see the queryInstance checks).',
          exchanges: [sent.exchange],
        };
      }
      if (isSuccessCode(sent.resultCode) && lists(sent, id)) {
        return {
          status: 'failed',
          message:
            `queryInstance reported instance ${id}, which was never created: the seller echoes any instanceId back ` +
            'instead of looking it up (a stateless seller).',
          expected: 'the id not listed: an empty info list (resultCode 000000) or 000003',
          exchanges: [sent.exchange],
        };
      }
      return { status: 'passed', exchanges: [sent.exchange] };
    },
  };
}

function distinctOrdersControl(): ContractCheck<CheckContext> {
  return {
    id: 'lifecycle.control-distinct-orders',
    group: 'lifecycle',
    title: 'two different orders (production newInstance) get two different instance ids',
    requires: { protocols: ['v2'], interfaces: ['newInstance'], needs: ['newInstance'] },
    risk:
      'Every order pays for its own instance: a seller that answers every order with the same instanceId merges ' +
      "buyers' resources, and a release of one order releases the other's.",
    fix: 'Create one instance per orderId + orderLineId and return its own, globally unique instanceId (§3.1).',
    run: async (ctx): Promise<CheckOutcome> => {
      const [a, b] = [newOrderId(ctx.now()), newOrderId(ctx.now())];
      const first = await ctx.call(
        'newInstance',
        production(v2Bodies.newInstance(a)),
        `newInstance (production) for order ${a}`,
      );
      const second = await ctx.call(
        'newInstance',
        production(v2Bodies.newInstance(b)),
        `newInstance (production) for order ${b}`,
      );
      const exchanges = [first.exchange, second.exchange];
      const idA = instanceIdOf(first);
      const idB = instanceIdOf(second);
      const blocked = unusable(first, 'the first newInstance') ?? unusable(second, 'the second newInstance');
      if (blocked !== undefined) return blocked;
      if (idA === undefined || idB === undefined) {
        return {
          status: 'skipped',
          message: 'Not checked: a newInstance reply carried no instanceId.',
          exchanges,
        };
      }
      if (idA === idB) {
        return {
          status: 'failed',
          message: `Two different orders (${a}, ${b}) got the same instanceId ${idA}: the seller does not create an instance per order.`,
          expected: 'two different instanceIds',
          exchanges,
        };
      }
      return { status: 'passed', exchanges };
    },
  };
}

function releasedInstanceControl(): ContractCheck<CheckContext> {
  return {
    id: 'lifecycle.control-released-instance',
    group: 'lifecycle',
    title: 'after releaseInstance (production call) queryInstance no longer reports the instance',
    requires: {
      protocols: ['v2'],
      interfaces: ['releaseInstance', 'queryInstance'],
      needs: ['newInstance', 'releaseInstance', 'queryInstance'],
    },
    risk: `${STATELESS} A released instance still reported looks alive to the buyer after the platform ended it.`,
    fix: 'Mark the instance released on releaseInstance and stop listing it in queryInstance.',
    run: async (ctx): Promise<CheckOutcome> => {
      const order = newOrderId(ctx.now());
      const created = await ctx.call(
        'newInstance',
        production(v2Bodies.newInstance(order)),
        `newInstance (production) for order ${order}`,
      );
      const blocked = unusable(created, 'newInstance');
      if (blocked !== undefined) return blocked;
      const id = instanceIdOf(created);
      if (id === undefined) {
        return {
          status: 'skipped',
          message: 'Not checked: newInstance returned no instanceId.',
          exchanges: [created.exchange],
        };
      }
      const released = await ctx.call(
        'releaseInstance',
        production(v2Bodies.releaseInstance(id)),
        'releaseInstance (production)',
      );
      const notReleased = unusable(released, 'releaseInstance');
      if (notReleased !== undefined) return notReleased;
      const query = await ctx.call(
        'queryInstance',
        production(v2Bodies.queryInstance(id)),
        'queryInstance (production) of the released instance',
      );
      const exchanges = [created.exchange, released.exchange, query.exchange];
      if (isSuccessCode(query.resultCode) && lists(query, id)) {
        return {
          status: 'failed',
          message:
            `queryInstance still reports instance ${id} after releaseInstance answered 000000: the release was not ` +
            'recorded (or the seller reports whatever it is asked about).',
          expected: 'the released instance not listed (an empty info list, or 000003)',
          exchanges,
        };
      }
      return { status: 'passed', exchanges };
    },
  };
}

/** The negative controls. */
export function controlChecks(): ContractCheck<CheckContext>[] {
  return [unknownInstanceControl(), distinctOrdersControl(), releasedInstanceControl()];
}
