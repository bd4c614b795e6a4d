/**
 * Request bodies of the kit interfaces (§4), built from a tenant record and checked against the interface's
 * request schema; an invalid body is reported as a `ValidationError` whose issue paths name the action's input.
 * `clientSecret` travels RSA-OAEP encrypted with the seller's public key (the injected `encryptClientSecret`).
 */
import { ConfigError, ErrorCodes, INTERFACES, validateSchema } from '@koogallery-kit/sdk';
import type { KitInterfaceName } from '@koogallery-kit/sdk';
import { formatLocalCompactMs } from '../time/business-time';
import type { EngineContext } from '../context';
import { assertNoIssues } from '../model/input-issues';
import type { AuthSyncFlag, JointOrg, JointTenantRecord, JointUser } from './joint-types';

/** Most users one authSync call carries (§4.3). */
export const AUTH_SYNC_PAGE_SIZE = 500;

/** Optional fields of a user (§4.3 User), sent only when set. */
export const OPTIONAL_USER_FIELDS = [
  'position',
  'employeeCode',
  'employeeType',
  'mobile',
  'email',
  'workPlace',
  'entryDate',
] as const;

/** A kit body checked against its request schema; issue paths are mapped back to the action's input. */
function checked(
  name: KitInterfaceName,
  body: Record<string, unknown>,
  mapPath: (path: string) => string | null,
  what: string,
): Record<string, unknown> {
  const result = validateSchema(INTERFACES[name].request, body);
  if (!result.ok) {
    assertNoIssues(
      what,
      result.issues.map((i) => ({ ...i, path: mapPath(i.path) ?? `/${name}${i.path}` })),
    );
  }
  return body;
}

/** The user as sent in authSync (§4.3 User): the record without the mock's own fields. */
function wireUser(u: JointUser): Record<string, unknown> {
  const out: Record<string, unknown> = {
    userName: u.userName,
    name: u.name,
    orgCode: u.orgCode,
    role: u.role,
    enable: u.enable,
  };
  for (const key of OPTIONAL_USER_FIELDS) {
    if (u[key] !== undefined) out[key] = u[key];
  }
  return out;
}

/** `timeStamp` / `currentSyncTime` of a kit call: local time `yyyyMMddHHmmssSSS`. */
const stamp = (ctx: EngineContext): string =>
  formatLocalCompactMs(ctx.now(), ctx.options.timeZoneOffsetMinutes);

/** Fields every kit body carries. */
const common = (ctx: EngineContext, t: JointTenantRecord) => ({
  instanceId: t.instanceId,
  orderId: t.orderId,
  tenantId: t.tenantId,
  testFlag: ctx.options.testFlag === '1' ? 1 : 0,
  timeStamp: stamp(ctx),
});

/** The client secret encrypted with the seller's public key; throws `ConfigError` when no encryptor is set. */
function encryptSecret(ctx: EngineContext, secret: string): string {
  const encrypt = ctx.options.jointOperations.encryptClientSecret;
  if (encrypt === null) {
    throw new ConfigError(
      "applicationSync needs the seller's public key: configure jointOperations.encryptClientSecret " +
        '(createClientSecretEncryptor(publicKeyPem)) so clientSecret can be RSA-OAEP encrypted.',
      { code: ErrorCodes.KEY_MISSING },
    );
  }
  const out = encrypt(secret);
  if (typeof out !== 'string' || out.length === 0) {
    throw new ConfigError(
      'jointOperations.encryptClientSecret returned no ciphertext; it must return base64 text.',
    );
  }
  return out;
}

/** tenantSync: the tenant added (1), modified (2) or deleted (0). */
export const tenantSyncBody = (ctx: EngineContext, t: JointTenantRecord, flag: 0 | 1 | 2, what: string) =>
  checked(
    'tenantSync',
    { ...common(ctx, t), tenantCode: t.tenantCode, name: t.name, domainName: t.domainName, flag },
    (p) => (['/tenantCode', '/name', '/domainName'].includes(p) ? p : null),
    what,
  );

/** applicationSync: the tenant's application credential added (1), modified (2) or deleted (0). */
export const applicationSyncBody = (
  ctx: EngineContext,
  t: JointTenantRecord,
  flag: 0 | 1 | 2,
  what: string,
) =>
  checked(
    'applicationSync',
    {
      ...common(ctx, t),
      appId: t.app.appId,
      clientId: t.app.clientId,
      clientSecret: encryptSecret(ctx, t.app.clientSecret),
      flag,
    },
    () => null,
    what,
  );

/** allOrgSync: the tenant's whole department tree. */
export const allOrgSyncBody = (ctx: EngineContext, t: JointTenantRecord, what: string) =>
  checked(
    'allOrgSync',
    {
      ...common(ctx, t),
      orgInfoList: t.orgs.map((o) =>
        o.parentCode === null
          ? { orgCode: o.orgCode, orgName: o.orgName }
          : { orgCode: o.orgCode, orgName: o.orgName, parentCode: o.parentCode },
      ),
    },
    (p) => (p.startsWith('/orgInfoList/') ? p.replace('/orgInfoList/', '/orgs/') : null),
    what,
  );

/** authSync bodies for `users`, one per {@link AUTH_SYNC_PAGE_SIZE} users, all with the same sync time. */
export function authSyncBodies(
  ctx: EngineContext,
  t: JointTenantRecord,
  users: JointUser[],
  flag: AuthSyncFlag,
  what: string,
): Record<string, unknown>[] {
  const pages: Record<string, unknown>[] = [];
  const syncTime = stamp(ctx);
  for (let start = 0; start < users.length; start += AUTH_SYNC_PAGE_SIZE) {
    const page = users.slice(start, start + AUTH_SYNC_PAGE_SIZE);
    pages.push(
      checked(
        'authSync',
        {
          ...common(ctx, t),
          appId: t.app.appId,
          userList: page.map(wireUser),
          currentSyncTime: syncTime,
          flag,
        },
        (p) => {
          const m = /^\/userList\/(\d+)(\/.*)?$/.exec(p);
          return m ? `/users/${start + Number(m[1])}${m[2] ?? ''}` : null;
        },
        what,
      ),
    );
  }
  return pages;
}

/** singleOrgSync: one department added (1), modified (2) or deleted (0). */
export function singleOrgSyncBody(
  ctx: EngineContext,
  t: JointTenantRecord,
  org: JointOrg,
  flag: 0 | 1 | 2,
  what: string,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    ...common(ctx, t),
    orgCode: org.orgCode,
    orgName: org.orgName,
    flag,
  };
  if (org.parentCode !== null) body.parentCode = org.parentCode;
  return checked(
    'singleOrgSync',
    body,
    (p) => (['/orgCode', '/orgName', '/parentCode'].includes(p) ? p : null),
    what,
  );
}
