/**
 * The kit idempotency check: a repeated add and a repeated delete of a probe user (authSync) and of a probe
 * department (singleOrgSync), as the platform may send them, each run at once; every repeat must succeed.
 */
import type { KitInterfaceName } from '@koogallery-kit/sdk';
import type { EngineContext } from '../context';
import { ActionRejectedError } from '../model/errors';
import type { JobRunner } from '../jobs/job-runner';
import { createJob } from '../jobs/jobs';
import { activeTenant } from './joint-tenants';
import type { JointOrg, JointUser, KitCheckStep, KitIdempotencyReport } from './joint-types';
import { authSyncBodies, singleOrgSyncBody } from './kit-bodies';
import { unfinishedLastJob } from './kit-send';

const PROBE_USER = 'kit-idempotency-probe';
const PROBE_ORG = 'KIT-IDEMPOTENCY-PROBE';

/** Runs the check for the tenant; refuses while the tenant still has kit calls to deliver. */
export async function checkKitIdempotency(
  ctx: EngineContext,
  runner: JobRunner,
  tenantId: string,
): Promise<KitIdempotencyReport> {
  const t = activeTenant(ctx, tenantId, 'check');
  const last = unfinishedLastJob(ctx, t);
  if (last !== undefined) {
    throw new ActionRejectedError(
      'NOT_SUPPORTED',
      `Tenant ${t.tenantId} still has kit calls to deliver (job ${last.id} is ${last.state}); let them run first (advance the clock or restart them).`,
    );
  }
  const root = t.orgs[0]?.orgCode ?? 'ROOT';
  const probeUser: JointUser = {
    userName: PROBE_USER,
    name: 'Idempotency probe',
    orgCode: root,
    role: 'user',
    enable: 'true',
    userId: 'probe',
    authorized: true,
  };
  const probeOrg: JointOrg = { orgCode: PROBE_ORG, orgName: 'Idempotency probe', parentCode: root };
  const what = 'idempotency check';
  const repeats = [
    ['add', 1],
    ['add (repeat)', 1],
    ['delete', 0],
    ['delete (repeat)', 0],
  ] as const;
  const plan: Array<{ step: string; interface: KitInterfaceName; body: () => Record<string, unknown> }> = [
    ...repeats.map(([label, flag]) => ({
      step: `authSync ${label}`,
      interface: 'authSync' as const,
      body: () => authSyncBodies(ctx, t, [probeUser], flag, what)[0] as Record<string, unknown>,
    })),
    ...repeats.map(([label, flag]) => ({
      step: `singleOrgSync ${label}`,
      interface: 'singleOrgSync' as const,
      body: () => singleOrgSyncBody(ctx, t, probeOrg, flag, what),
    })),
  ];
  const steps: KitCheckStep[] = [];
  for (const p of plan) {
    const job = ctx.unit(() =>
      createJob(ctx, {
        interface: p.interface,
        purpose: 'kitCheck',
        synchronous: true,
        body: p.body(),
        testFlag: null,
        refs: { orderId: t.orderId || null, instanceRef: t.instanceRef },
      }),
    );
    const done = await runner.runNow(job.id, false);
    const attempt = ctx.store.getAttempt(done.id, done.attemptCount);
    steps.push({
      step: p.step,
      jobId: done.id,
      accepted: done.state === 'SUCCEEDED',
      resultCode: attempt?.resultCode ?? null,
      problems: (attempt?.problems ?? []).map((x) => ({ code: x.code, message: x.message })),
    });
  }
  return { passed: steps.every((s) => s.accepted), tenantId: t.tenantId, steps };
}
