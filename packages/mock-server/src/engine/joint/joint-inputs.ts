/**
 * Checking the inputs of joint-operations events and turning them into records: a new tenant (with its app and
 * department tree), and the users an authSync adds, modifies, deletes or cancels. Every bad field is reported at
 * once in a `ValidationError`.
 */
import { ConfigError } from '@koogallery-kit/sdk';
import type { ValidationIssue } from '@koogallery-kit/sdk';
import type { EngineContext } from '../context';
import { assertNoIssues, isObject, issue } from '../model/input-issues';
import type { AuthSyncFlag, JointOrg, JointTenantInput, JointTenantRecord, JointUser } from './joint-types';
import { OPTIONAL_USER_FIELDS } from './kit-bodies';
import { randomChars } from '../model/random';

const HEX = '0123456789abcdef';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random lowercase hex id of `n` characters. */
const randomHex = (ctx: EngineContext, n: number): string => randomChars(ctx.random, HEX, n);

/** An absolute http(s) URL of at most 255 characters. */
const isUrl = (v: unknown): boolean =>
  typeof v === 'string' && v.length <= 255 && /^https?:\/\/[^\s/?#]+(?:\/[^\s?#]*)?$/.test(v);

/** Pushes the issue of a `domainName` that is given but not an absolute http(s) URL. */
export function checkDomainName(issues: ValidationIssue[], v: unknown): void {
  if (v !== undefined && !isUrl(v)) {
    issues.push(issue('/domainName', 'must be an absolute http(s) URL of at most 255 characters', 'format'));
  }
}

/** The department tree of an input: unique codes, parents within the list. */
function checkOrgs(issues: ValidationIssue[], orgs: unknown): JointOrg[] | undefined {
  if (orgs === undefined) return undefined;
  if (!Array.isArray(orgs) || orgs.length === 0) {
    issues.push(issue('/orgs', 'must be a non-empty array of { orgCode, orgName, parentCode? }'));
    return undefined;
  }
  const out: JointOrg[] = [];
  const codes = new Set<string>();
  orgs.forEach((o, k) => {
    if (!isObject(o) || typeof o.orgCode !== 'string' || typeof o.orgName !== 'string') {
      issues.push(issue(`/orgs/${k}`, 'must be { orgCode: string, orgName: string, parentCode?: string }'));
      return;
    }
    if (codes.has(o.orgCode)) issues.push(issue(`/orgs/${k}/orgCode`, 'is listed twice', 'uniqueItems'));
    codes.add(o.orgCode);
    const parent =
      o.parentCode === undefined || o.parentCode === null || o.parentCode === '' ? null : o.parentCode;
    if (parent !== null && typeof parent !== 'string')
      issues.push(issue(`/orgs/${k}/parentCode`, 'must be a string'));
    out.push({ orgCode: o.orgCode, orgName: o.orgName, parentCode: parent as string | null });
  });
  out.forEach((o, k) => {
    if (o.parentCode !== null && !codes.has(o.parentCode)) {
      issues.push(
        issue(`/orgs/${k}/parentCode`, `names no department of the list (${o.parentCode})`, 'enum'),
      );
    }
  });
  return out;
}

/** New user records from inputs (add) or the stored users updated by them (modify, delete, cancel). */
export function usersFrom(
  ctx: EngineContext,
  t: JointTenantRecord,
  inputs: unknown,
  flag: AuthSyncFlag,
  issues: ValidationIssue[],
): JointUser[] {
  if (!Array.isArray(inputs) || inputs.length === 0) {
    issues.push(
      issue('/users', 'must be a non-empty array of users { userName, name?, orgCode?, role?, … }'),
    );
    return [];
  }
  const seen = new Set<string>();
  const orgCodes = new Set(t.orgs.map((o) => o.orgCode));
  const out: JointUser[] = [];
  inputs.forEach((u, k) => {
    if (!isObject(u) || typeof u.userName !== 'string' || u.userName.length === 0) {
      issues.push(issue(`/users/${k}/userName`, 'is required: a non-empty string', 'required'));
      return;
    }
    if (seen.has(u.userName)) issues.push(issue(`/users/${k}/userName`, 'is listed twice', 'uniqueItems'));
    seen.add(u.userName);
    const existing = t.users.find((x) => x.userName === u.userName);
    if (flag !== 1 && existing === undefined) {
      issues.push(
        issue(`/users/${k}/userName`, `is not a user of tenant ${t.tenantId}; add it first (flag 1)`, 'enum'),
      );
      return;
    }
    // A delete or a cancellation sends the user as the platform knows it.
    const orgCode =
      (flag === 0 || flag === 3 ? existing?.orgCode : undefined) ??
      (u.orgCode as string | undefined) ??
      existing?.orgCode ??
      t.orgs[0]?.orgCode ??
      '';
    if (!orgCodes.has(orgCode)) {
      issues.push(issue(`/users/${k}/orgCode`, `names no department of the tenant (${orgCode})`, 'enum'));
    }
    const base: JointUser = existing ?? {
      userName: u.userName,
      name: u.userName,
      orgCode,
      role: 'user',
      enable: 'true',
      userId: randomHex(ctx, 32),
      authorized: true,
    };
    const merged: JointUser = { ...base, orgCode };
    for (const key of ['name', 'role', 'enable', ...OPTIONAL_USER_FIELDS] as const) {
      if (flag !== 0 && flag !== 3 && u[key] !== undefined)
        (merged as unknown as Record<string, unknown>)[key] = u[key];
    }
    out.push(merged);
  });
  return out;
}

/** A new active tenant from `createAppCredential` / `bindTenant` settings, with a fresh app credential. */
export function tenantFrom(
  ctx: EngineContext,
  input: JointTenantInput | undefined,
  origin: JointTenantRecord['origin'],
  instance: { ref: string; instanceId: string; orderId: string } | null,
  defaultName: string,
  what: string,
): JointTenantRecord {
  // Checked as `unknown`: JavaScript callers may pass anything (isObject would narrow the typed input).
  const raw: unknown = input ?? {};
  if (!isObject(raw)) assertNoIssues(what, [issue('', 'must be an object')]);
  const o: JointTenantInput = input ?? {};
  const issues: ValidationIssue[] = [];
  if (o.tenantCode !== undefined && (typeof o.tenantCode !== 'string' || o.tenantCode.length === 0)) {
    issues.push(issue('/tenantCode', 'must be a non-empty string'));
  }
  if (o.name !== undefined && typeof o.name !== 'string') issues.push(issue('/name', 'must be a string'));
  checkDomainName(issues, o.domainName);
  if (o.loginUrl !== undefined && !isUrl(o.loginUrl)) {
    issues.push(issue('/loginUrl', 'must be an absolute http(s) URL', 'format'));
  }
  const orgs = checkOrgs(issues, o.orgs);
  assertNoIssues(what, issues);
  const seq = ctx.store.nextSequence('tenant');
  const tenantId = randomHex(ctx, 32);
  const tenantCode = o.tenantCode ?? `tenant${seq}`;
  const name = o.name ?? defaultName;
  const domainName = o.domainName ?? ctx.options.jointOperations.domainName({ tenantId, tenantCode });
  if (!isUrl(domainName)) {
    throw new ConfigError(
      `jointOperations.domainName gave ${JSON.stringify(domainName)} for tenant ${tenantCode}; it must return an absolute http(s) URL.`,
    );
  }
  const now = ctx.now();
  return {
    tenantId,
    seq,
    tenantCode,
    name,
    domainName: domainName.replace(/\/+$/, ''),
    origin,
    instanceRef: instance?.ref ?? null,
    instanceId: instance?.instanceId ?? '',
    orderId: instance?.orderId ?? '',
    app: {
      appId: randomHex(ctx, 32),
      clientId: randomHex(ctx, 32),
      clientSecret: randomChars(ctx.random, ALNUM, 40),
      loginUrl: o.loginUrl ?? null,
    },
    orgs: orgs ?? [{ orgCode: 'ROOT', orgName: name.slice(0, 128) || tenantCode, parentCode: null }],
    users: [],
    state: 'active',
    lastJobId: null,
    createdAt: now,
    updatedAt: now,
  };
}
