/**
 * Security checks: requests with a wrong signature, a signature made with another key, stale or future
 * timestamps, a replayed nonce or missing authentication parameters must all be refused with 000001 (§2.2, §7,
 * §13 item 2). Basic calls go to queryInstance with an instance id nobody knows (an accepted call changes
 * nothing); kit calls to singleOrgSync of the run's own test tenant.
 */
import { randomBytes } from 'node:crypto';
import type { InterfaceName } from '@koogallery-kit/sdk';
import type { ProductionCall } from '@koogallery-kit/sdk/platform';
import { kitBodies, newKitFixture, unknownInstanceId, v1Bodies, v2Bodies } from '../bodies';
import type { CheckContext, SentCall } from '../context';
import { expectRefusal, type RefusalExpectation } from '../expect';
import type { CheckOutcome, ContractCheck, ContractProtocol } from '../types';

/**
 * How far outside the ±60 s window the stale and future timestamps lie: 90 s. The 30 s margin keeps the checks
 * meaningful when the CI runner's clock and the seller's differ a little (§2.2 asks for a 60 s window; §13 item 2
 * probes ±61 s, which a few seconds of clock difference would already blur).
 */
export const OUT_OF_WINDOW_MS = 90_000;

const FORGERY =
  "Anyone who learns your production URL can send calls that look like the platform's: open instances without " +
  "paying, freeze or release paying customers' instances, read their instance data.";
const REPLAY =
  'A call captured once (logs, a proxy, a browser extension, a leaked trace) can be sent again: a releaseInstance ' +
  'or updateInstanceStatus FREEZE replayed later hits a paying customer.';

/** Flips the last character of a hex or Base64 value so it no longer verifies. */
function tamper(value: string): string {
  if (value === '') return 'x';
  const last = value.slice(-1);
  const swapped = last === '0' ? '1' : last === 'A' ? 'B' : /[0-9a-f]/i.test(last) ? '0' : 'A';
  return `${value.slice(0, -1)}${swapped}`;
}

/** A copy of the call with its query changed. */
function withQuery(call: ProductionCall, change: (q: URLSearchParams) => void): ProductionCall {
  const url = new URL(call.url);
  change(url.searchParams);
  return { ...call, url: url.toString() };
}

/** A copy of the call with its headers changed. */
function withHeaders(call: ProductionCall, change: (h: Record<string, string>) => void): ProductionCall {
  const headers = { ...call.headers };
  change(headers);
  return { ...call, headers };
}

/** A random key that is certainly not the seller's. */
const anotherKey = (): string => `contract-other-${randomBytes(16).toString('hex')}`;

interface Probe {
  /** Interface the probe calls. */
  name: InterfaceName;
  /** A fresh body for it. */
  body: (ctx: CheckContext) => Record<string, unknown>;
}

const PROBES: Readonly<Record<'v2' | 'v1' | 'kit', Probe>> = {
  v2: { name: 'queryInstance', body: () => v2Bodies.queryInstance(unknownInstanceId()) },
  v1: { name: 'v1QueryInstance', body: () => v1Bodies.queryInstance(unknownInstanceId()) },
  kit: {
    name: 'singleOrgSync',
    body: (ctx) =>
      kitBodies.singleOrgSync(newKitFixture(), ctx.now(), `ORG-${randomBytes(4).toString('hex')}`),
  },
};

interface SecurityCase {
  id: string;
  title: string;
  kind: 'v2' | 'v1' | 'kit';
  risk: string;
  fix: string;
  /** The refused request, as a phrase. */
  request: string;
  acceptedMeans: string;
  otherCodeNote?: RefusalExpectation['otherCodeNote'];
  /** Refusal codes that only warn (see {@link RefusalExpectation.tolerated}). */
  tolerated?: readonly string[];
  /** Builds the (altered) call to send. */
  make: (ctx: CheckContext, probe: Probe) => ProductionCall;
}

const SAMPLE_ANSWERS_000002 = (code: string): string | undefined =>
  code === '000002'
    ? '(Huawei\'s Java sample answers 000002 here, §7.1; a missing or stale parameter also fits §6.1 "request parameters invalid".)'
    : undefined;

/** A missing or stale timestamp or nonce refused with 000002 is still refused: a warning (§6.1, §7.1). */
const PARAMETER_REFUSAL = ['000002'] as const;

const CASES: readonly SecurityCase[] = [
  {
    id: 'security.wrong-signature',
    kind: 'v2',
    title: 'refuses a request whose signature does not match (000001)',
    risk: FORGERY,
    fix: 'Recompute the signature (§7.1) over the body and the timestamp/nonce query values and compare before doing anything; answer 000001 when it differs.',
    request: 'a queryInstance whose signature was altered',
    acceptedMeans: 'it does not verify the signature',
    make: (ctx, p) =>
      withQuery(ctx.build(p.name, p.body(ctx)), (q) => q.set('signature', tamper(q.get('signature') ?? ''))),
  },
  {
    id: 'security.other-key',
    kind: 'v2',
    title: 'refuses a request signed with another key (000001)',
    risk: FORGERY,
    fix: 'Verify with your own key only (Seller Center > App tools > Key management); never accept a signature you cannot reproduce.',
    request: 'a queryInstance signed with a key that is not yours',
    acceptedMeans: 'it accepts signatures made with any key',
    make: (ctx, p) => ctx.build(p.name, p.body(ctx), { accessKey: anotherKey() }),
  },
  {
    id: 'security.stale-timestamp',
    kind: 'v2',
    title: `refuses a correctly signed request whose timestamp is ${OUT_OF_WINDOW_MS / 1000} s old (000001)`,
    risk: REPLAY,
    fix: 'Reject timestamps more than 60 000 ms from your clock (the timestamp is in milliseconds); keep the server clock synchronised (NTP).',
    request: `a correctly signed queryInstance with a timestamp ${OUT_OF_WINDOW_MS / 1000} s in the past`,
    acceptedMeans: 'it does not check the timestamp window, so captured calls stay valid forever',
    otherCodeNote: SAMPLE_ANSWERS_000002,
    tolerated: PARAMETER_REFUSAL,
    make: (ctx, p) => ctx.build(p.name, p.body(ctx), { timestamp: ctx.now() - OUT_OF_WINDOW_MS }),
  },
  {
    id: 'security.future-timestamp',
    kind: 'v2',
    title: `refuses a correctly signed request whose timestamp is ${OUT_OF_WINDOW_MS / 1000} s ahead (000001)`,
    risk: `${REPLAY} A call stamped in the future stays valid for as long as it is ahead of your clock.`,
    fix: 'Check the window in both directions: |now − timestamp| ≤ 60 000 ms.',
    request: `a correctly signed queryInstance with a timestamp ${OUT_OF_WINDOW_MS / 1000} s in the future`,
    acceptedMeans: 'it only checks the window backwards (|now − timestamp| must be at most 60 s)',
    otherCodeNote: SAMPLE_ANSWERS_000002,
    tolerated: PARAMETER_REFUSAL,
    make: (ctx, p) => ctx.build(p.name, p.body(ctx), { timestamp: ctx.now() + OUT_OF_WINDOW_MS }),
  },
  {
    id: 'security.missing-signature',
    kind: 'v2',
    title: 'refuses a request without the signature parameter (000001)',
    risk: FORGERY,
    fix: 'Treat a missing signature as a failed verification and answer 000001.',
    request: 'a queryInstance without the signature query parameter',
    acceptedMeans: 'it skips verification when the signature is absent',
    make: (ctx, p) => withQuery(ctx.build(p.name, p.body(ctx)), (q) => q.delete('signature')),
  },
  {
    id: 'security.missing-timestamp',
    kind: 'v2',
    title: 'refuses a request without the timestamp parameter (000001)',
    risk: REPLAY,
    fix: 'Require the timestamp parameter; answer 000001 when it is absent.',
    request: 'a queryInstance without the timestamp query parameter',
    acceptedMeans: 'it skips the freshness check when the timestamp is absent',
    otherCodeNote: SAMPLE_ANSWERS_000002,
    tolerated: PARAMETER_REFUSAL,
    make: (ctx, p) => withQuery(ctx.build(p.name, p.body(ctx)), (q) => q.delete('timestamp')),
  },
  {
    id: 'security.missing-nonce',
    kind: 'v2',
    title: 'refuses a request without the nonce parameter (000001)',
    risk: REPLAY,
    fix: 'Require the nonce parameter; answer 000001 when it is absent.',
    request: 'a queryInstance without the nonce query parameter',
    acceptedMeans: 'it skips the replay check when the nonce is absent',
    otherCodeNote: SAMPLE_ANSWERS_000002,
    tolerated: PARAMETER_REFUSAL,
    make: (ctx, p) => withQuery(ctx.build(p.name, p.body(ctx)), (q) => q.delete('nonce')),
  },
  {
    id: 'security.kit-wrong-signature',
    kind: 'kit',
    title: 'refuses a kit request whose x-sign does not match (000001)',
    risk: `${FORGERY} Kit calls create tenants, applications and user authorisations.`,
    fix: 'Verify x-sign (§7.2) with the kit key before doing anything; answer 000001 when it differs.',
    request: 'a singleOrgSync whose x-sign was altered',
    acceptedMeans: 'it does not verify x-sign',
    make: (ctx, p) =>
      withHeaders(ctx.build(p.name, p.body(ctx)), (h) => (h['x-sign'] = tamper(h['x-sign'] ?? ''))),
  },
  {
    id: 'security.kit-other-key',
    kind: 'kit',
    title: 'refuses a kit request signed with another key (000001)',
    risk: `${FORGERY} Kit calls create tenants, applications and user authorisations.`,
    fix: 'Verify x-sign with the kit key bound in the console only.',
    request: 'a singleOrgSync signed with a key that is not yours',
    acceptedMeans: 'it accepts kit signatures made with any key',
    make: (ctx, p) => ctx.build(p.name, p.body(ctx), { accessKey: anotherKey() }),
  },
  {
    id: 'security.kit-stale-timestamp',
    kind: 'kit',
    title: `refuses a correctly signed kit request whose x-timestamp is ${OUT_OF_WINDOW_MS / 1000} s old (000001)`,
    risk: REPLAY,
    fix: 'Reject x-timestamp values more than 60 000 ms from your clock.',
    request: `a correctly signed singleOrgSync with an x-timestamp ${OUT_OF_WINDOW_MS / 1000} s in the past`,
    acceptedMeans: 'it does not check the x-timestamp window',
    tolerated: PARAMETER_REFUSAL,
    make: (ctx, p) => ctx.build(p.name, p.body(ctx), { timestamp: ctx.now() - OUT_OF_WINDOW_MS }),
  },
  {
    id: 'security.kit-missing-signature',
    kind: 'kit',
    title: 'refuses a kit request without the x-sign header (000001)',
    risk: FORGERY,
    fix: 'Treat a missing x-sign as a failed verification and answer 000001.',
    request: 'a singleOrgSync without the x-sign header',
    acceptedMeans: 'it skips verification when x-sign is absent',
    make: (ctx, p) => withHeaders(ctx.build(p.name, p.body(ctx)), (h) => delete h['x-sign']),
  },
  {
    id: 'security.v1-wrong-auth-token',
    kind: 'v1',
    title: 'refuses a V1 request whose authToken does not match (000001)',
    risk: FORGERY,
    fix: 'Recompute authToken (§7.5, key = accessKey + timeStamp) over every other parameter and compare; answer 000001 when it differs.',
    request: 'a V1 queryInstance whose authToken was altered',
    acceptedMeans: 'it does not verify authToken',
    make: (ctx, p) =>
      withQuery(ctx.build(p.name, p.body(ctx)), (q) => q.set('authToken', tamper(q.get('authToken') ?? ''))),
  },
  {
    id: 'security.v1-other-key',
    kind: 'v1',
    title: 'refuses a V1 request signed with another key (000001)',
    risk: FORGERY,
    fix: 'Verify authToken with your own key only.',
    request: 'a V1 queryInstance whose authToken was made with a key that is not yours',
    acceptedMeans: 'it accepts authTokens made with any key',
    make: (ctx, p) => ctx.build(p.name, p.body(ctx), { accessKey: anotherKey() }),
  },
  {
    id: 'security.v1-missing-auth-token',
    kind: 'v1',
    title: 'refuses a V1 request without authToken (000001)',
    risk: FORGERY,
    fix: 'Treat a missing authToken as a failed verification and answer 000001.',
    request: 'a V1 queryInstance without the authToken parameter',
    acceptedMeans: 'it skips verification when authToken is absent',
    make: (ctx, p) => withQuery(ctx.build(p.name, p.body(ctx)), (q) => q.delete('authToken')),
  },
];

const PROTOCOLS: Readonly<Record<SecurityCase['kind'], ContractProtocol[]>> = {
  v2: ['v2'],
  v1: ['v1'],
  kit: ['v1', 'v2'],
};

function refusalCheck(c: SecurityCase): ContractCheck<CheckContext> {
  const probe = PROBES[c.kind];
  return {
    id: c.id,
    group: 'security',
    title: c.title,
    requires: {
      protocols: PROTOCOLS[c.kind],
      interfaces: [probe.name],
      needs: [probe.name],
      ...(c.kind === 'kit' ? { kit: true } : {}),
    },
    risk: c.risk,
    fix: c.fix,
    refusals: true,
    run: async (ctx) => {
      const sent = await ctx.send(c.make(ctx, probe), c.request);
      return expectRefusal(ctx, sent, {
        code: '000001',
        request: c.request,
        acceptedMeans: c.acceptedMeans,
        ...(c.otherCodeNote === undefined ? {} : { otherCodeNote: c.otherCodeNote }),
        ...(c.tolerated === undefined ? {} : { tolerated: c.tolerated }),
      });
    },
  };
}

/** Sends the same signed call twice: the second must be refused. */
function replayCheck(kind: 'v2' | 'kit'): ContractCheck<CheckContext> {
  const probe = PROBES[kind];
  const what = kind === 'kit' ? 'singleOrgSync' : 'queryInstance';
  return {
    id: kind === 'kit' ? 'security.kit-replayed-nonce' : 'security.replayed-nonce',
    group: 'security',
    title: `refuses the exact same ${kind === 'kit' ? 'kit ' : ''}request sent a second time (replayed nonce, 000001)`,
    requires: {
      protocols: PROTOCOLS[kind],
      interfaces: [probe.name],
      needs: [probe.name],
      ...(kind === 'kit' ? { kit: true } : {}),
    },
    risk: REPLAY,
    fix:
      'Remember every nonce of an accepted request for at least twice the timestamp window and refuse a nonce seen ' +
      'before with 000001; with several replicas keep the nonces in a shared store (e.g. Redis).',
    refusals: true,
    run: async (ctx): Promise<CheckOutcome> => {
      const call = ctx.build(probe.name, probe.body(ctx));
      const first: SentCall = await ctx.send(call, `${what} (first time)`);
      if (first.reply === undefined || first.resultCode === '000001') {
        return {
          status: 'failed',
          message:
            `The first, correctly signed ${what} was already refused (${first.resultCode ?? first.failure ?? 'no resultCode'}), ` +
            'so the replay could not be judged: check the key the suite was given.',
          expected: `the first call accepted, the identical second call answered 000001`,
          exchanges: [first.exchange],
        };
      }
      const second = await ctx.send(call, `the same ${what} again (same nonce, timestamp and signature)`);
      const outcome = expectRefusal(ctx, second, {
        code: '000001',
        request: `the same ${what} sent a second time with the same nonce`,
        acceptedMeans: 'it does not remember nonces, so a captured call can be replayed within the window',
        tolerated: PARAMETER_REFUSAL,
      });
      return { ...outcome, exchanges: [first.exchange, second.exchange] };
    },
  };
}

/** Signed with the basic key where the kit key is expected (only when the two keys differ). */
function kitBasicKeyCheck(): ContractCheck<CheckContext> {
  const probe = PROBES.kit;
  return {
    id: 'security.kit-basic-key',
    group: 'security',
    title: 'refuses a kit request signed with the basic key when the kit key differs (000001)',
    requires: { protocols: ['v1', 'v2'], interfaces: [probe.name], needs: [probe.name], kit: true },
    risk: 'A party holding the basic key can impersonate the platform on the kit interfaces as well.',
    fix: 'Verify kit requests with the kit key only (§15 item 5a: the console binds a key per interface).',
    refusals: true,
    run: async (ctx) => {
      if (ctx.options.kitKey === undefined || ctx.options.kitKey === ctx.options.key) {
        return { status: 'skipped', message: 'The kit key is the basic key: nothing to tell apart.' };
      }
      const request = 'a singleOrgSync signed with the basic key instead of the kit key';
      const sent = await ctx.send(
        ctx.build(probe.name, probe.body(ctx), { accessKey: ctx.options.key }),
        request,
      );
      return expectRefusal(ctx, sent, {
        code: '000001',
        request,
        acceptedMeans: 'it verifies kit calls with the basic key',
      });
    },
  };
}

/** Every security check. */
export function securityChecks(): ContractCheck<CheckContext>[] {
  const [v2, kit, v1] = [
    CASES.filter((c) => c.kind === 'v2'),
    CASES.filter((c) => c.kind === 'kit'),
    CASES.filter((c) => c.kind === 'v1'),
  ];
  return [
    ...v2.map(refusalCheck),
    replayCheck('v2'),
    ...v1.map(refusalCheck),
    ...kit.map(refusalCheck),
    replayCheck('kit'),
    kitBasicKeyCheck(),
  ];
}
