/**
 * Tenant events of joint operations: an application credential is created or a buyer binds the app (tenantSync,
 * applicationSync, allOrgSync, plus authSync of initial users), the tenant changes (tenantSync flag 2), the
 * binding ends (applicationSync flag 0, tenantSync flag 0).
 */
import type { ValidationIssue } from '@koogallery-kit/sdk';
import type { EngineContext } from '../context';
import { ActionRejectedError, NotFoundError } from '../model/errors';
import { assertNoIssues, isObject, issue } from '../model/input-issues';
import { checkDomainName, tenantFrom, usersFrom } from './joint-inputs';
import { activeTenant } from './joint-tenants';
import type { JointEventResult, JointTenantInput, JointTenantRecord } from './joint-types';
import { allOrgSyncBody, applicationSyncBody, authSyncBodies, tenantSyncBody } from './kit-bodies';
import { sendKitCalls } from './kit-send';
import type { KitCall } from './kit-send';
import { findInstance } from '../lifecycle/lifecycle-guards';

/** tenantSync, applicationSync, allOrgSync (+ authSync of the initial users) for a new tenant. */
function announce(
  ctx: EngineContext,
  t: JointTenantRecord,
  input: JointTenantInput | undefined,
  what: string,
): JointEventResult {
  const issues: ValidationIssue[] = [];
  const users = input?.users === undefined ? [] : usersFrom(ctx, t, input.users, 1, issues);
  assertNoIssues(what, issues);
  const calls: KitCall[] = [
    { interface: 'tenantSync', body: tenantSyncBody(ctx, t, 1, what) },
    { interface: 'applicationSync', body: applicationSyncBody(ctx, t, 1, what) },
    { interface: 'allOrgSync', body: allOrgSyncBody(ctx, t, what) },
  ];
  const withUsers = { ...t, users };
  if (users.length > 0) {
    for (const body of authSyncBodies(ctx, withUsers, users, 1, what))
      calls.push({ interface: 'authSync', body });
  }
  return sendKitCalls(ctx, withUsers, calls);
}

/** The seller creates an application credential: a test tenant of its own (no instance). */
export function createAppCredential(ctx: EngineContext, input?: JointTenantInput): JointEventResult {
  return ctx.unit(() => {
    const t = tenantFrom(ctx, input, 'credential', null, 'Seller test tenant', 'application credential');
    return announce(ctx, t, input, 'application credential');
  });
}

/** A buyer binds the app of a provisioned, unreleased instance to its enterprise. */
export function bindTenant(ctx: EngineContext, ref: string, input?: JointTenantInput): JointEventResult {
  return ctx.unit(() => {
    const instance = findInstance(ctx, ref);
    if (instance === undefined) {
      throw new NotFoundError(
        'instance',
        String(ref),
        'Use the mock ref (I000001) or the seller instanceId.',
      );
    }
    if (instance.instanceId === null || instance.state === 'provisioning' || instance.state === 'released') {
      throw new ActionRejectedError(
        'NOT_SUPPORTED',
        `Instance ${instance.ref} is ${instance.state}; a buyer binds the app of a provisioned, unreleased instance.`,
      );
    }
    const buyer = ctx.store.getBuyer(instance.buyerId);
    const t = tenantFrom(
      ctx,
      input,
      'binding',
      { ref: instance.ref, instanceId: instance.instanceId, orderId: instance.orderId },
      buyer?.customerRealName ?? buyer?.customerName ?? 'Buyer enterprise',
      'tenant binding',
    );
    return announce(ctx, t, input, 'tenant binding');
  });
}

/** The tenant's name or domain changes (tenantSync flag 2). */
export function updateTenant(
  ctx: EngineContext,
  tenantId: string,
  change: { name?: string; domainName?: string },
): JointEventResult {
  return ctx.unit(() => {
    const t = activeTenant(ctx, tenantId, 'update');
    const issues: ValidationIssue[] = [];
    if (!isObject(change) || (change.name === undefined && change.domainName === undefined)) {
      assertNoIssues('tenant update', [issue('', 'must change name and/or domainName', 'required')]);
    }
    if (change.name !== undefined && typeof change.name !== 'string')
      issues.push(issue('/name', 'must be a string'));
    checkDomainName(issues, change.domainName);
    assertNoIssues('tenant update', issues);
    const next: JointTenantRecord = {
      ...t,
      name: change.name ?? t.name,
      domainName: (change.domainName ?? t.domainName).replace(/\/+$/, ''),
    };
    return sendKitCalls(ctx, next, [
      { interface: 'tenantSync', body: tenantSyncBody(ctx, next, 2, 'tenant update') },
    ]);
  });
}

/** The binding ends: the app and the tenant are deleted (flag 0). */
export function unbindTenant(ctx: EngineContext, tenantId: string): JointEventResult {
  return ctx.unit(() => {
    const t = activeTenant(ctx, tenantId, 'unbind');
    const next: JointTenantRecord = { ...t, state: 'deleted' };
    return sendKitCalls(ctx, next, [
      { interface: 'applicationSync', body: applicationSyncBody(ctx, t, 0, 'unbinding') },
      { interface: 'tenantSync', body: tenantSyncBody(ctx, t, 0, 'unbinding') },
    ]);
  });
}
