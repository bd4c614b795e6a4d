/**
 * The console-style debugging calls (§11.4): one realistic call per interface in scope, in the order a product's
 * life runs (new → query → upgrade → renew → change check → freeze/unfreeze → release), each judged by the SDK's
 * `judgeReply`. The per-interface checks read these calls; the sequence runs once per run.
 */
import type { InterfaceName } from '@koogallery-kit/sdk';
import { kitBodies, newKitFixture, newOrderId, v1Bodies, v2Bodies, type BodyContext } from './bodies';
import type { CheckContext, SentCall } from './context';

/** The debugging calls of a run. */
export interface DebugSession {
  /** Calls made per interface, in order (updateInstanceStatus: FREEZE then UNFREEZE). */
  calls: Map<InterfaceName, SentCall[]>;
  /** Interfaces in scope that could not be called, and why. */
  notCalled: Map<InterfaceName, string>;
}

/** The instanceId a newInstance reply carries, if any. */
export function instanceIdOf(sent: SentCall): string | undefined {
  const id = sent.body?.['instanceId'];
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

/** Short description of what a reply said, for messages. */
export function describeReply(sent: SentCall): string {
  if (sent.reply === undefined) return `no reply: ${sent.failure ?? 'unknown reason'}`;
  const code = sent.resultCode === undefined ? 'no resultCode' : `resultCode ${sent.resultCode}`;
  return `HTTP ${sent.reply.status}, ${code}`;
}

function record(session: DebugSession, sent: SentCall): SentCall {
  const list = session.calls.get(sent.interface) ?? [];
  list.push(sent);
  session.calls.set(sent.interface, list);
  return sent;
}

/** A new session, whether an interface is in scope, and `call`, which sends a call and records it. */
function openSession(ctx: CheckContext) {
  const session: DebugSession = { calls: new Map(), notCalled: new Map() };
  const has = (n: InterfaceName): boolean => ctx.interfaces.has(n);
  const call = async (name: InterfaceName, body: Record<string, unknown>, label: string): Promise<SentCall> =>
    record(session, await ctx.call(name, body, label));
  return { session, has, call };
}

/** The session, with every interface of `rest` in scope marked not called: `created` gave no instance. */
function withoutInstance(
  session: DebugSession,
  rest: InterfaceName[],
  has: (n: InterfaceName) => boolean,
  created: SentCall,
  what: string,
): DebugSession {
  for (const name of rest.filter(has)) {
    session.notCalled.set(
      name,
      `${what} returned no instanceId (${describeReply(created)}), so there was no instance to call ${name} for.`,
    );
  }
  return session;
}

/** The basic-interface debugging sequence (V2 or V1), shared by every check that needs it. */
export function basicSession(ctx: CheckContext): Promise<DebugSession> {
  return ctx.once('session.basic', () =>
    ctx.options.protocol === 'v1' ? runV1Session(ctx) : runV2Session(ctx),
  );
}

async function runV2Session(ctx: CheckContext): Promise<DebugSession> {
  const { session, has, call } = openSession(ctx);
  const bc: BodyContext = { now: ctx.now(), mode: ctx.options.chargingMode };

  const created = await call(
    'newInstance',
    v2Bodies.newInstance(newOrderId(bc.now)),
    'newInstance debugging call (a new order)',
  );
  const id = instanceIdOf(created);
  if (id === undefined) {
    const rest: InterfaceName[] = [
      'queryInstance',
      'upgradeInstance',
      'refreshInstance',
      'changeInstanceCheck',
      'updateInstanceStatus',
      'releaseInstance',
    ];
    return withoutInstance(session, rest, has, created, 'newInstance');
  }
  if (has('queryInstance'))
    await call('queryInstance', v2Bodies.queryInstance(id), 'queryInstance of the new instance');
  if (has('upgradeInstance')) {
    await call(
      'upgradeInstance',
      v2Bodies.upgradeInstance(id, newOrderId(bc.now)),
      'upgradeInstance (upgrade order)',
    );
  }
  if (has('refreshInstance')) {
    await call(
      'refreshInstance',
      v2Bodies.refreshInstance(id, newOrderId(bc.now), bc),
      'refreshInstance RENEWAL (renewal order)',
    );
  }
  if (has('changeInstanceCheck')) {
    await call(
      'changeInstanceCheck',
      v2Bodies.changeInstanceCheck(id, bc),
      'changeInstanceCheck (another SKU)',
    );
  }
  if (has('updateInstanceStatus')) {
    await call(
      'updateInstanceStatus',
      v2Bodies.updateInstanceStatus(id, 'FREEZE'),
      'updateInstanceStatus FREEZE',
    );
    await call(
      'updateInstanceStatus',
      v2Bodies.updateInstanceStatus(id, 'UNFREEZE'),
      'updateInstanceStatus UNFREEZE',
    );
  }
  if (has('releaseInstance')) {
    await call(
      'releaseInstance',
      v2Bodies.releaseInstance(id, newOrderId(bc.now)),
      'releaseInstance (unsubscribe order)',
    );
  }
  return session;
}

async function runV1Session(ctx: CheckContext): Promise<DebugSession> {
  const { session, has, call } = openSession(ctx);
  const bc: BodyContext = { now: ctx.now(), mode: ctx.options.chargingMode, accessKey: ctx.options.key };

  const orderId = newOrderId(bc.now);
  const created = await call(
    'v1NewInstance',
    v1Bodies.newInstance(orderId, bc),
    'V1 newInstance (a new order; mobilePhone and email encrypted)',
  );
  const id = instanceIdOf(created);
  if (id === undefined) {
    const rest: InterfaceName[] = [
      'v1QueryInstance',
      'v1Upgrade',
      'v1RefreshInstance',
      'v1InstanceStatus',
      'v1ExpireInstance',
      'v1ReleaseInstance',
    ];
    return withoutInstance(session, rest, has, created, 'V1 newInstance');
  }
  if (has('v1QueryInstance')) await call('v1QueryInstance', v1Bodies.queryInstance(id), 'V1 queryInstance');
  if (has('v1Upgrade')) await call('v1Upgrade', v1Bodies.upgrade(id, newOrderId(bc.now), bc), 'V1 upgrade');
  if (has('v1RefreshInstance')) {
    await call(
      'v1RefreshInstance',
      v1Bodies.refreshInstance(id, newOrderId(bc.now), bc),
      'V1 refreshInstance',
    );
  }
  if (has('v1InstanceStatus')) {
    await call('v1InstanceStatus', v1Bodies.instanceStatus(id, 'FREEZE'), 'V1 instanceStatus FREEZE');
    await call('v1InstanceStatus', v1Bodies.instanceStatus(id, 'NORMAL'), 'V1 instanceStatus NORMAL');
  }
  if (has('v1ExpireInstance'))
    await call('v1ExpireInstance', v1Bodies.expireInstance(id, orderId), 'V1 expireInstance');
  if (has('v1ReleaseInstance')) {
    await call('v1ReleaseInstance', v1Bodies.releaseInstance(id, orderId), 'V1 releaseInstance');
  }
  return session;
}

/** The kit debugging sequence (tenant, application, users, departments), shared by the kit checks. */
export function kitSession(ctx: CheckContext): Promise<DebugSession> {
  return ctx.once('session.kit', async () => {
    const { session, has, call } = openSession(ctx);
    const fixture = newKitFixture();
    const now = ctx.now();
    if (has('tenantSync'))
      await call('tenantSync', kitBodies.tenantSync(fixture, now), 'tenantSync (add a tenant)');
    if (has('applicationSync')) {
      const publicKey = ctx.options.kitPublicKey;
      if (publicKey === undefined) {
        session.notCalled.set(
          'applicationSync',
          'applicationSync carries a clientSecret encrypted with your RSA public key: pass it (kitPublicKey, ' +
            '--kit-public-key FILE) to check this interface.',
        );
      } else {
        await call(
          'applicationSync',
          kitBodies.applicationSync(fixture, now, publicKey),
          'applicationSync (add an application credential)',
        );
      }
    }
    if (has('authSync'))
      await call('authSync', kitBodies.authSync(fixture, now), 'authSync (authorise a user)');
    if (has('singleOrgSync')) {
      await call('singleOrgSync', kitBodies.singleOrgSync(fixture, now), 'singleOrgSync (add a department)');
    }
    if (has('allOrgSync'))
      await call('allOrgSync', kitBodies.allOrgSync(fixture, now), 'allOrgSync (department tree)');
    return session;
  });
}
