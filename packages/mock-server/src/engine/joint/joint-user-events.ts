/** User events of joint operations: users are authorised (authSync flag 1), modified (2), deleted (0) or lose their authorisation (3). */
import type { ValidationIssue } from '@koogallery-kit/sdk';
import type { EngineContext } from '../context';
import { assertNoIssues, issue } from '../model/input-issues';
import { usersFrom } from './joint-inputs';
import { activeTenant } from './joint-tenants';
import type { AuthSyncFlag, JointEventResult, JointUser, JointUserInput } from './joint-types';
import { authSyncBodies } from './kit-bodies';
import { sendKitCalls } from './kit-send';

/** Sends authSync for `users` (one call per page) and stores the tenant's users as they are afterwards. */
export function authorizeUsers(
  ctx: EngineContext,
  tenantId: string,
  users: JointUserInput[],
  options: { flag?: AuthSyncFlag } = {},
): JointEventResult {
  return ctx.unit(() => {
    const t = activeTenant(ctx, tenantId, 'authorise users of');
    const flag = options?.flag ?? 1;
    if (flag !== 0 && flag !== 1 && flag !== 2 && flag !== 3) {
      assertNoIssues('user authorisation', [
        issue('/flag', 'must be 0 (delete), 1 (add), 2 (modify) or 3 (cancel)', 'enum'),
      ]);
    }
    const issues: ValidationIssue[] = [];
    const changed = usersFrom(ctx, t, users, flag, issues);
    assertNoIssues('user authorisation', issues);
    const bodies = authSyncBodies(ctx, t, changed, flag, 'user authorisation');
    const byName = new Map(changed.map((u) => [u.userName, u]));
    let nextUsers: JointUser[];
    if (flag === 0) nextUsers = t.users.filter((u) => !byName.has(u.userName));
    else {
      const updated = t.users.map((u) => {
        const c = byName.get(u.userName);
        if (c === undefined) return u;
        return flag === 3 ? { ...u, authorized: false } : { ...c, authorized: true };
      });
      const added = flag === 1 ? changed.filter((c) => !t.users.some((u) => u.userName === c.userName)) : [];
      nextUsers = [...updated, ...added];
    }
    return sendKitCalls(
      ctx,
      { ...t, users: nextUsers },
      bodies.map((body) => ({ interface: 'authSync' as const, body })),
    );
  });
}
