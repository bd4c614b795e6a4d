/** Department events of joint operations: a department is added (singleOrgSync flag 1), modified (2) or deleted (0). */
import type { ValidationIssue } from '@koogallery-kit/sdk';
import type { EngineContext } from '../context';
import { assertNoIssues, isObject, issue } from '../model/input-issues';
import { activeTenant } from './joint-tenants';
import type { DepartmentChange, JointEventResult, JointOrg } from './joint-types';
import { singleOrgSyncBody } from './kit-bodies';
import { sendKitCalls } from './kit-send';

/** Checks the change against the tenant's tree, sends singleOrgSync and stores the tree as it is afterwards. */
export function changeDepartment(
  ctx: EngineContext,
  tenantId: string,
  change: DepartmentChange,
): JointEventResult {
  return ctx.unit(() => {
    const t = activeTenant(ctx, tenantId, 'change a department of');
    if (!isObject(change))
      assertNoIssues('department change', [issue('', 'must be { orgCode, orgName?, parentCode?, flag? }')]);
    const flag = change.flag ?? 1;
    const issues: ValidationIssue[] = [];
    if (flag !== 0 && flag !== 1 && flag !== 2) issues.push(issue('/flag', 'must be 0, 1 or 2', 'enum'));
    if (typeof change.orgCode !== 'string' || change.orgCode.length === 0) {
      issues.push(issue('/orgCode', 'is required: a non-empty string', 'required'));
    }
    assertNoIssues('department change', issues);
    const existing = t.orgs.find((o) => o.orgCode === change.orgCode);
    const parent =
      change.parentCode === undefined
        ? (existing?.parentCode ?? null)
        : change.parentCode === ''
          ? null
          : change.parentCode;
    if (flag === 1 && existing !== undefined) {
      issues.push(
        issue(
          '/orgCode',
          `department ${change.orgCode} exists already; modify it with flag 2`,
          'uniqueItems',
        ),
      );
    }
    if (flag !== 1 && existing === undefined) {
      issues.push(issue('/orgCode', `names no department of tenant ${t.tenantId}`, 'enum'));
    }
    if (flag !== 0 && change.orgName === undefined && existing === undefined) {
      issues.push(issue('/orgName', 'is required to add a department', 'required'));
    }
    if (parent !== null && (parent === change.orgCode || !t.orgs.some((o) => o.orgCode === parent))) {
      issues.push(
        issue('/parentCode', `names no other department of the tenant (${String(parent)})`, 'enum'),
      );
    }
    if (flag === 0 && t.orgs.some((o) => o.parentCode === change.orgCode)) {
      issues.push(issue('/orgCode', 'has sub-departments; delete or move them first', 'not'));
    }
    if (flag === 0 && t.users.some((u) => u.orgCode === change.orgCode)) {
      issues.push(issue('/orgCode', 'still has users; move or delete them first', 'not'));
    }
    assertNoIssues('department change', issues);
    const org: JointOrg = {
      orgCode: change.orgCode,
      orgName: change.orgName ?? existing?.orgName ?? '',
      parentCode: parent,
    };
    const body = singleOrgSyncBody(ctx, t, org, flag, 'department change');
    const orgs =
      flag === 0
        ? t.orgs.filter((o) => o.orgCode !== org.orgCode)
        : flag === 1
          ? [...t.orgs, org]
          : t.orgs.map((o) => (o.orgCode === org.orgCode ? org : o));
    return sendKitCalls(ctx, { ...t, orgs }, [{ interface: 'singleOrgSync', body }]);
  });
}
