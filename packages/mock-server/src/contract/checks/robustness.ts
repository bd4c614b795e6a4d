/**
 * Robustness: a request missing a mandatory field is refused with 000002, a call for an instance the seller does
 * not know with 000003, and a body whose keys arrive in another order is accepted when the signature covers its
 * canonical form (§6.1, §7.1, §13 item 2).
 */
import type { InterfaceName } from '@koogallery-kit/sdk';
import type { ProductionCall } from '@koogallery-kit/sdk/platform';
import { newOrderId, unknownInstanceId, v1Bodies, v2Bodies, type BodyContext } from '../bodies';
import type { CheckContext, SentCall } from '../context';
import { describeCode, expectRefusal } from '../expect';
import type { CheckOutcome, ContractCheck } from '../types';

/** Interfaces that act on an existing instance, per protocol, with a body for an unknown instance. */
const INSTANCE_CALLS: Readonly<
  Record<
    'v2' | 'v1',
    Array<{ name: InterfaceName; body: (id: string, c: BodyContext) => Record<string, unknown> }>
  >
> = {
  v2: [
    { name: 'refreshInstance', body: (id, c) => v2Bodies.refreshInstance(id, newOrderId(c.now), c) },
    { name: 'updateInstanceStatus', body: (id) => v2Bodies.updateInstanceStatus(id, 'FREEZE') },
    { name: 'upgradeInstance', body: (id, c) => v2Bodies.upgradeInstance(id, newOrderId(c.now)) },
    { name: 'releaseInstance', body: (id) => v2Bodies.releaseInstance(id) },
  ],
  v1: [
    { name: 'v1RefreshInstance', body: (id, c) => v1Bodies.refreshInstance(id, newOrderId(c.now), c) },
    { name: 'v1ExpireInstance', body: (id, c) => v1Bodies.expireInstance(id, newOrderId(c.now)) },
    { name: 'v1Upgrade', body: (id, c) => v1Bodies.upgrade(id, newOrderId(c.now), c) },
    { name: 'v1ReleaseInstance', body: (id, c) => v1Bodies.releaseInstance(id, newOrderId(c.now)) },
  ],
};

function missingField(protocol: 'v2' | 'v1'): ContractCheck<CheckContext> {
  const name: InterfaceName = protocol === 'v2' ? 'newInstance' : 'v1NewInstance';
  return {
    id: protocol === 'v2' ? 'robustness.missing-field' : 'robustness.v1-missing-field',
    group: 'robustness',
    title: `refuses a ${protocol === 'v1' ? 'V1 ' : ''}newInstance without its mandatory orderId (000002)`,
    requires: { protocols: [protocol], interfaces: [name], needs: [name] },
    risk:
      'A request the seller does not validate creates records without an order (instances nobody pays for, ' +
      'lookups that fail later) instead of being refused at the door.',
    fix: 'Validate every request against the interface table (mandatory fields, lengths) and answer 000002 naming the field.',
    refusals: true,
    run: async (ctx) => {
      const c: BodyContext = { now: ctx.now(), mode: ctx.options.chargingMode };
      const full =
        protocol === 'v2'
          ? v2Bodies.newInstance(newOrderId(c.now))
          : v1Bodies.newInstance(newOrderId(c.now), c);
      const { orderId: _dropped, ...body } = full;
      const request = `a correctly signed ${protocol === 'v1' ? 'V1 ' : ''}newInstance without orderId`;
      const sent = await ctx.send(ctx.build(name, body, { validate: false }), request);
      return expectRefusal(ctx, sent, {
        code: '000002',
        request,
        acceptedMeans: 'it does not validate mandatory fields',
      });
    },
  };
}

function unknownInstance(protocol: 'v2' | 'v1'): ContractCheck<CheckContext> {
  const calls = INSTANCE_CALLS[protocol];
  const release: InterfaceName = protocol === 'v2' ? 'releaseInstance' : 'v1ReleaseInstance';
  return {
    id: protocol === 'v2' ? 'robustness.unknown-instance' : 'robustness.v1-unknown-instance',
    group: 'robustness',
    title: 'answers 000003 to calls for an instance it does not know',
    requires: { protocols: [protocol], interfaces: calls.map((c) => c.name), needs: [release] },
    risk:
      'Reporting success for an instance that does not exist hides lost or mistyped instances: the platform ' +
      'believes a renewal, freeze or release took effect that never happened, and customers are billed for, or ' +
      'cut off from, the wrong thing.',
    fix: 'Look the instance up first and answer 000003 (instance id does not exist) when it is unknown.',
    refusals: true,
    run: async (ctx): Promise<CheckOutcome> => {
      const c: BodyContext = { now: ctx.now(), mode: ctx.options.chargingMode };
      const inScope = calls.filter((x) => ctx.interfaces.has(x.name));
      const results = await Promise.all(
        inScope.map(async (x) => {
          const request = `${x.name} for an unknown instance`;
          const sent: SentCall = await ctx.call(x.name, x.body(unknownInstanceId(), c), request);
          return {
            sent,
            outcome: expectRefusal(ctx, sent, {
              code: '000003',
              request,
              acceptedMeans: 'it does not check that the instance exists',
            }),
          };
        }),
      );
      const failed = results.filter((r) => r.outcome.status === 'failed');
      const exchanges = results.map((r) => r.sent.exchange);
      if (failed.length === 0) return { status: 'passed', exchanges };
      return {
        status: 'failed',
        message: failed.map((r) => (r.outcome.status === 'failed' ? r.outcome.message : '')).join(' '),
        expected: `resultCode ${describeCode('000003')} from ${inScope.map((x) => x.name).join(', ')}`,
        exchanges: failed.map((r) => r.sent.exchange),
      };
    },
  };
}

function nonCanonicalOrder(): ContractCheck<CheckContext> {
  return {
    id: 'robustness.non-canonical-order',
    group: 'robustness',
    title:
      'accepts a body whose keys are not in ascending order when the signature covers the canonical form',
    requires: { protocols: ['v2'], interfaces: ['queryInstance'], needs: ['queryInstance'] },
    risk:
      "Huawei's own sample verifies over the canonical form (top-level keys sorted, nulls dropped, compact): a " +
      'seller that only hashes the raw bytes refuses every call the platform serialises differently.',
    fix:
      'Verify over the raw bytes first and, when that fails, over the canonical re-serialisation (the SDK does ' +
      'both); never require a particular key order.',
    run: async (ctx): Promise<CheckOutcome> => {
      const body = v2Bodies.queryInstance(unknownInstanceId());
      const call = ctx.build('queryInstance', body);
      const reordered = Object.fromEntries(Object.entries(JSON.parse(call.body ?? '{}') as object).reverse());
      const request = 'a queryInstance with its keys in descending order, signed over the canonical form';
      const sent = await ctx.send({ ...call, body: JSON.stringify(reordered) }, request);
      const exchanges = [sent.exchange];
      if (sent.reply === undefined) {
        return {
          status: 'failed',
          message: `No reply: ${sent.failure ?? 'no answer'}.`,
          expected: 'resultCode 000000 or 000003',
          exchanges,
        };
      }
      if (sent.resultCode === '000001' || sent.resultCode === '000002') {
        return {
          status: 'failed',
          message:
            `The seller answered ${describeCode(sent.resultCode)} to a correctly signed request whose body keys are ` +
            'in another order: it verifies the signature over the raw bytes only (or requires a key order).',
          expected: 'the request accepted: resultCode 000000 (or 000003, the instance being unknown)',
          exchanges,
        };
      }
      if (sent.resultCode === undefined) {
        return {
          status: 'failed',
          message: `The reply carries no readable resultCode (HTTP ${sent.reply.status}).`,
          expected: 'resultCode 000000 (or 000003, the instance being unknown)',
          exchanges,
        };
      }
      return { status: 'passed', exchanges };
    },
  };
}

/** Most tries at finding a V1 queryInstance whose authToken contains a `+` (each has about even odds). */
const PLUS_TRIES = 64;

/**
 * A V1 call whose authToken carries a `+` sent raw, not percent-encoded, as the platform's examples show (§7.5):
 * a seller that form-decodes the query reads a space and refuses a correct call.
 */
function v1RawPlus(): ContractCheck<CheckContext> {
  return {
    id: 'robustness.v1-raw-plus-auth-token',
    group: 'robustness',
    title: "accepts a V1 call whose authToken carries a raw '+' (not percent-encoded)",
    requires: { protocols: ['v1'], interfaces: ['v1QueryInstance'], needs: ['v1QueryInstance'] },
    risk:
      "The platform's V1 examples send authToken (Base64) with raw '+' characters; a seller that decodes the query " +
      'as a form turns them into spaces and refuses about half of all genuine calls with 000001.',
    fix:
      "Before comparing authToken (and decrypting mobilePhone/email), turn spaces back into '+' or read the raw " +
      'query string (protocol §7.5: authToken = base64(HMAC-SHA256(key = accessKey + timeStamp, the other ' +
      "parameters sorted and joined as k=v&…)); a URL-decoded '+' must stay '+').",
    run: async (ctx): Promise<CheckOutcome> => {
      let call: ProductionCall | undefined;
      for (let i = 0; i < PLUS_TRIES && call === undefined; i++) {
        const built = ctx.build('v1QueryInstance', v1Bodies.queryInstance(unknownInstanceId()));
        const token = new URL(built.url).searchParams.get('authToken') ?? '';
        if (token.includes('+')) {
          const encoded = encodeURIComponent(token);
          // Only the '+' goes raw; everything else stays percent-encoded.
          const raw = encoded.replace(/%2B/gi, '+');
          call = { ...built, url: built.url.replace(`authToken=${encoded}`, `authToken=${raw}`) };
        }
      }
      if (call === undefined) {
        return { status: 'skipped', message: `No authToken with a '+' came up in ${PLUS_TRIES} tries.` };
      }
      const request = "a correctly signed V1 queryInstance whose authToken carries a raw '+'";
      const sent = await ctx.send(call, request);
      const exchanges = [sent.exchange];
      if (sent.reply === undefined || sent.resultCode === undefined) {
        return {
          status: 'failed',
          message: `No readable reply to ${request}: ${sent.failure ?? `HTTP ${sent.reply?.status ?? '?'}, no resultCode`}.`,
          expected: 'resultCode 000000 (the instance is unknown: an empty info list) or 000003',
          exchanges,
        };
      }
      if (sent.resultCode === '000001') {
        return {
          status: 'failed',
          message:
            `The seller refused ${request} with 000001: it reads the '+' as a space (form decoding), so about half ` +
            "of the platform's genuine V1 calls fail.",
          expected: 'the call accepted: resultCode 000000 (or 000003, the instance being unknown)',
          exchanges,
        };
      }
      return { status: 'passed', exchanges };
    },
  };
}

/** Every robustness check. */
export function robustnessChecks(): ContractCheck<CheckContext>[] {
  return [
    missingField('v2'),
    unknownInstance('v2'),
    nonCanonicalOrder(),
    missingField('v1'),
    unknownInstance('v1'),
    v1RawPlus(),
  ];
}
