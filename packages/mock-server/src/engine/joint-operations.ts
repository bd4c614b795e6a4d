/**
 * Joint-operations (联营) events and the kit calls they trigger (§4 "When the platform calls them"):
 *
 * | Event (engine action)                              | Calls, in order                                  |
 * |----------------------------------------------------|--------------------------------------------------|
 * | the seller creates an application credential (`createAppCredential`) | tenantSync, applicationSync, allOrgSync (instanceId/orderId empty) |
 * | a buyer binds the app to an enterprise (`bindTenant`) | tenantSync, applicationSync, allOrgSync       |
 * | a test account / users are authorised (`authorizeUsers`) | authSync, one call per 500 users          |
 * | a department changes (`changeDepartment`)          | singleOrgSync                                    |
 * | the tenant's name or domain changes (`updateTenant`) | tenantSync flag 2                              |
 * | the binding ends (`unbindTenant`)                  | applicationSync flag 0, tenantSync flag 0        |
 *
 * The calls of one event are sent one after the other: each waits until the one before succeeded (a failed call
 * holds the rest until it is restarted and succeeds — the platform does not retry kit calls by itself, §11.1).
 * `clientSecret` travels RSA-OAEP encrypted with the seller's public key (the injected `encryptClientSecret`).
 * `checkKitIdempotency` repeats an add and a delete, as the platform may, and expects every repeat to succeed.
 */
import { ConfigError, ErrorCodes, INTERFACES, ValidationError, validateSchema } from '@koogallery-kit/sdk';
import type { KitInterfaceName, ValidationIssue } from '@koogallery-kit/sdk';
import { formatLocalCompactMs } from './business-time';
import type { EngineContext } from './context';
import { ActionRejectedError, NotFoundError } from './errors';
import type { JobRunner } from './job-runner';
import { createJob } from './jobs';
import { listTenantRecords, readTenant, tenantIds, writeTenant } from './joint-store';
import type {
  AuthSyncFlag,
  DepartmentChange,
  JointEventResult,
  JointOrg,
  JointTenantInput,
  JointTenantRecord,
  JointUser,
  JointUserInput,
  KitCheckStep,
  KitIdempotencyReport,
} from './joint-types';
import { randomChars } from './random';
import type { JobRecord } from './types';

/** Most users one authSync call carries (§4.3). */
export const AUTH_SYNC_PAGE_SIZE = 500;

/** Joint-operations actions of the engine (see module doc). */
export interface JointOperationsActions {
  /** The seller creates an application credential: a test tenant of its own, synchronised to the seller. */
  createAppCredential(input?: JointTenantInput): JointEventResult;
  /** A buyer binds the app of instance `ref` (mock ref or seller instanceId) to its enterprise. */
  bindTenant(ref: string, input?: JointTenantInput): JointEventResult;
  /** The tenant's name or domain changes (tenantSync flag 2). */
  updateTenant(tenantId: string, change: { name?: string; domainName?: string }): JointEventResult;
  /** The binding ends: the app and the tenant are deleted (flag 0). */
  unbindTenant(tenantId: string): JointEventResult;
  /** Users are authorised (flag 1), modified (2), deleted (0) or lose their authorisation (3). */
  authorizeUsers(
    tenantId: string,
    users: JointUserInput[],
    options?: { flag?: AuthSyncFlag },
  ): JointEventResult;
  /** A department is added (flag 1), modified (2) or deleted (0). */
  changeDepartment(tenantId: string, change: DepartmentChange): JointEventResult;
  /** Sends a repeated add and a repeated delete (authSync and singleOrgSync) and reports whether all succeeded. */
  checkKitIdempotency(tenantId: string): Promise<KitIdempotencyReport>;
  /** The tenant with this id; throws `NotFoundError`. */
  getTenant(tenantId: string): JointTenantRecord;
  /** Every tenant, oldest first. */
  listTenants(): JointTenantRecord[];
  /** The active tenant whose app has this OAuth `client_id`, or undefined. */
  findTenantByClientId(clientId: string): JointTenantRecord | undefined;
}

const HEX = '0123456789abcdef';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const PROBE_USER = 'kit-idempotency-probe';
const PROBE_ORG = 'KIT-IDEMPOTENCY-PROBE';

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const issue = (path: string, message: string, keyword = 'type'): ValidationIssue => ({
  path,
  message,
  keyword,
});
const isUrl = (v: unknown): boolean =>
  typeof v === 'string' && v.length <= 255 && /^https?:\/\/[^\s/?#]+(?:\/[^\s?#]*)?$/.test(v);

function fail(what: string, issues: ValidationIssue[]): void {
  if (issues.length === 0) return;
  throw new ValidationError(
    `Invalid ${what}: ${issues.map((i) => `${i.path.slice(1) || '(input)'}: ${i.message}`).join('; ')}.`,
    issues,
    { code: ErrorCodes.INVALID_ARGUMENT },
  );
}

/** A kit body checked against its request schema; issue paths are mapped back to the action's input. */
function checked(
  name: KitInterfaceName,
  body: Record<string, unknown>,
  mapPath: (path: string) => string | null,
  what: string,
): Record<string, unknown> {
  const result = validateSchema(INTERFACES[name].request, body);
  if (!result.ok) {
    fail(
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
  for (const key of [
    'position',
    'employeeCode',
    'employeeType',
    'mobile',
    'email',
    'workPlace',
    'entryDate',
  ] as const) {
    if (u[key] !== undefined) out[key] = u[key];
  }
  return out;
}

/** Creates the joint-operations actions. */
export function createJointOperations(ctx: EngineContext, runner: JobRunner): JointOperationsActions {
  const tz = (): number => ctx.options.timeZoneOffsetMinutes;
  const stamp = (): string => formatLocalCompactMs(ctx.now(), tz());
  const testFlag = (): 0 | 1 => (ctx.options.testFlag === '1' ? 1 : 0);
  const hex = (n: number): string => randomChars(ctx.random, HEX, n);

  const getTenant = (tenantId: string): JointTenantRecord => {
    const t = typeof tenantId === 'string' ? readTenant(ctx, tenantId) : undefined;
    if (t === undefined) {
      throw new NotFoundError(
        'tenant',
        String(tenantId),
        'List tenants to see their ids (createAppCredential or bindTenant creates one).',
      );
    }
    return t;
  };

  const activeTenant = (tenantId: string, action: string): JointTenantRecord => {
    const t = getTenant(tenantId);
    if (t.state !== 'active') {
      throw new ActionRejectedError(
        'NOT_SUPPORTED',
        `Cannot ${action} tenant ${t.tenantId}: it was unbound (deleted). Bind the app again to get a new tenant.`,
      );
    }
    return t;
  };

  const encryptSecret = (secret: string): string => {
    const encrypt = ctx.options.jointOperations.encryptClientSecret;
    if (encrypt === null) {
      throw new ConfigError(
        "applicationSync needs the seller's public key: configure jointOperations.encryptClientSecret " +
          '(createClientSecretEncryptor(publicKeyPem)) so clientSecret can be RSA-OAEP encrypted.',
      );
    }
    const out = encrypt(secret);
    if (typeof out !== 'string' || out.length === 0) {
      throw new ConfigError(
        'jointOperations.encryptClientSecret returned no ciphertext; it must return base64 text.',
      );
    }
    return out;
  };

  // ------------------------------------------------------------------ bodies

  const common = (t: JointTenantRecord) => ({
    instanceId: t.instanceId,
    orderId: t.orderId,
    tenantId: t.tenantId,
    testFlag: testFlag(),
    timeStamp: stamp(),
  });

  const tenantSyncBody = (t: JointTenantRecord, flag: 0 | 1 | 2, what: string) =>
    checked(
      'tenantSync',
      { ...common(t), tenantCode: t.tenantCode, name: t.name, domainName: t.domainName, flag },
      (p) => (['/tenantCode', '/name', '/domainName'].includes(p) ? p : null),
      what,
    );

  const applicationSyncBody = (t: JointTenantRecord, flag: 0 | 1 | 2, what: string) =>
    checked(
      'applicationSync',
      {
        ...common(t),
        appId: t.app.appId,
        clientId: t.app.clientId,
        clientSecret: encryptSecret(t.app.clientSecret),
        flag,
      },
      () => null,
      what,
    );

  const allOrgSyncBody = (t: JointTenantRecord, what: string) =>
    checked(
      'allOrgSync',
      {
        ...common(t),
        orgInfoList: t.orgs.map((o) =>
          o.parentCode === null
            ? { orgCode: o.orgCode, orgName: o.orgName }
            : { orgCode: o.orgCode, orgName: o.orgName, parentCode: o.parentCode },
        ),
      },
      (p) => (p.startsWith('/orgInfoList/') ? p.replace('/orgInfoList/', '/orgs/') : null),
      what,
    );

  const authSyncBodies = (
    t: JointTenantRecord,
    users: JointUser[],
    flag: AuthSyncFlag,
    what: string,
  ): Record<string, unknown>[] => {
    const pages: Record<string, unknown>[] = [];
    const syncTime = stamp();
    for (let start = 0; start < users.length; start += AUTH_SYNC_PAGE_SIZE) {
      const page = users.slice(start, start + AUTH_SYNC_PAGE_SIZE);
      pages.push(
        checked(
          'authSync',
          {
            ...common(t),
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
  };

  const singleOrgSyncBody = (t: JointTenantRecord, org: JointOrg, flag: 0 | 1 | 2, what: string) => {
    const body: Record<string, unknown> = {
      ...common(t),
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
  };

  // ------------------------------------------------------------------ sending

  /** Creates the event's jobs, each waiting for the previous one (the first for the tenant's unfinished last job). */
  const send = (
    t: JointTenantRecord,
    calls: Array<{ interface: KitInterfaceName; body: Record<string, unknown> }>,
  ): { tenant: JointTenantRecord; jobs: JobRecord[] } => {
    const productCode =
      t.instanceRef === null ? null : (ctx.store.getInstance(t.instanceRef)?.productCode ?? null);
    const last = t.lastJobId === null ? undefined : ctx.store.getJob(t.lastJobId);
    let waitingFor =
      last !== undefined && (last.state === 'PENDING' || last.state === 'RUNNING') ? last.id : null;
    const jobs: JobRecord[] = [];
    for (const call of calls) {
      const job = createJob(ctx, {
        interface: call.interface,
        purpose: 'kit',
        body: call.body,
        testFlag: null,
        waitingFor,
        refs: { orderId: t.orderId || null, instanceRef: t.instanceRef, productCode },
      });
      jobs.push(job);
      waitingFor = job.id;
    }
    const saved = writeTenant(ctx, {
      ...t,
      lastJobId: jobs.at(-1)?.id ?? t.lastJobId,
      updatedAt: ctx.now(),
    });
    return { tenant: saved, jobs };
  };

  // ------------------------------------------------------------------ inputs

  const checkOrgs = (issues: ValidationIssue[], orgs: unknown): JointOrg[] | undefined => {
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
  };

  /** New user records from inputs (add) or the stored users updated by them (modify). */
  const usersFrom = (
    t: JointTenantRecord,
    inputs: unknown,
    flag: AuthSyncFlag,
    issues: ValidationIssue[],
  ): JointUser[] => {
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
          issue(
            `/users/${k}/userName`,
            `is not a user of tenant ${t.tenantId}; add it first (flag 1)`,
            'enum',
          ),
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
        userId: hex(32),
        authorized: true,
      };
      const merged: JointUser = { ...base, orgCode };
      for (const key of [
        'name',
        'role',
        'enable',
        'position',
        'employeeCode',
        'employeeType',
        'mobile',
        'email',
        'workPlace',
        'entryDate',
      ] as const) {
        if (flag !== 0 && flag !== 3 && u[key] !== undefined)
          (merged as unknown as Record<string, unknown>)[key] = u[key];
      }
      out.push(merged);
    });
    return out;
  };

  const tenantFrom = (
    input: JointTenantInput | undefined,
    origin: JointTenantRecord['origin'],
    instance: { ref: string; instanceId: string; orderId: string } | null,
    defaultName: string,
    what: string,
  ): JointTenantRecord => {
    const o: JointTenantInput = input ?? {};
    const issues: ValidationIssue[] = [];
    if (!isObject(o as unknown)) fail(what, [issue('', 'must be an object')]);
    if (o.tenantCode !== undefined && (typeof o.tenantCode !== 'string' || o.tenantCode.length === 0)) {
      issues.push(issue('/tenantCode', 'must be a non-empty string'));
    }
    if (o.name !== undefined && typeof o.name !== 'string') issues.push(issue('/name', 'must be a string'));
    if (o.domainName !== undefined && !isUrl(o.domainName)) {
      issues.push(
        issue('/domainName', 'must be an absolute http(s) URL of at most 255 characters', 'format'),
      );
    }
    if (o.loginUrl !== undefined && !isUrl(o.loginUrl)) {
      issues.push(issue('/loginUrl', 'must be an absolute http(s) URL', 'format'));
    }
    const orgs = checkOrgs(issues, o.orgs);
    fail(what, issues);
    const seq = ctx.store.nextSequence('tenant');
    const tenantId = hex(32);
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
        appId: hex(32),
        clientId: hex(32),
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
  };

  /** tenantSync, applicationSync, allOrgSync (+ authSync of the initial users) for a new tenant. */
  const announce = (
    t: JointTenantRecord,
    input: JointTenantInput | undefined,
    what: string,
  ): JointEventResult => {
    const issues: ValidationIssue[] = [];
    const users = input?.users === undefined ? [] : usersFrom(t, input.users, 1, issues);
    fail(what, issues);
    const calls: Array<{ interface: KitInterfaceName; body: Record<string, unknown> }> = [
      { interface: 'tenantSync', body: tenantSyncBody(t, 1, what) },
      { interface: 'applicationSync', body: applicationSyncBody(t, 1, what) },
      { interface: 'allOrgSync', body: allOrgSyncBody(t, what) },
    ];
    const withUsers = { ...t, users };
    if (users.length > 0) {
      for (const body of authSyncBodies(withUsers, users, 1, what))
        calls.push({ interface: 'authSync', body });
    }
    return send(withUsers, calls);
  };

  // ------------------------------------------------------------------ actions

  const createAppCredential = (input?: JointTenantInput): JointEventResult =>
    ctx.unit(() => {
      const t = tenantFrom(input, 'credential', null, 'Seller test tenant', 'application credential');
      return announce(t, input, 'application credential');
    });

  const bindTenant = (ref: string, input?: JointTenantInput): JointEventResult =>
    ctx.unit(() => {
      const instance =
        typeof ref === 'string'
          ? (ctx.store.getInstance(ref) ?? ctx.store.findInstanceByInstanceId(ref))
          : undefined;
      if (instance === undefined) {
        throw new NotFoundError(
          'instance',
          String(ref),
          'Use the mock ref (I000001) or the seller instanceId.',
        );
      }
      if (
        instance.instanceId === null ||
        instance.state === 'provisioning' ||
        instance.state === 'released'
      ) {
        throw new ActionRejectedError(
          'NOT_SUPPORTED',
          `Instance ${instance.ref} is ${instance.state}; a buyer binds the app of a provisioned, unreleased instance.`,
        );
      }
      const buyer = ctx.store.getBuyer(instance.buyerId);
      const t = tenantFrom(
        input,
        'binding',
        { ref: instance.ref, instanceId: instance.instanceId, orderId: instance.orderId },
        buyer?.customerRealName ?? buyer?.customerName ?? 'Buyer enterprise',
        'tenant binding',
      );
      return announce(t, input, 'tenant binding');
    });

  const updateTenant = (tenantId: string, change: { name?: string; domainName?: string }): JointEventResult =>
    ctx.unit(() => {
      const t = activeTenant(tenantId, 'update');
      const issues: ValidationIssue[] = [];
      if (!isObject(change) || (change.name === undefined && change.domainName === undefined)) {
        fail('tenant update', [issue('', 'must change name and/or domainName', 'required')]);
      }
      if (change.name !== undefined && typeof change.name !== 'string')
        issues.push(issue('/name', 'must be a string'));
      if (change.domainName !== undefined && !isUrl(change.domainName)) {
        issues.push(
          issue('/domainName', 'must be an absolute http(s) URL of at most 255 characters', 'format'),
        );
      }
      fail('tenant update', issues);
      const next: JointTenantRecord = {
        ...t,
        name: change.name ?? t.name,
        domainName: (change.domainName ?? t.domainName).replace(/\/+$/, ''),
      };
      return send(next, [{ interface: 'tenantSync', body: tenantSyncBody(next, 2, 'tenant update') }]);
    });

  const unbindTenant = (tenantId: string): JointEventResult =>
    ctx.unit(() => {
      const t = activeTenant(tenantId, 'unbind');
      const next: JointTenantRecord = { ...t, state: 'deleted' };
      return send(next, [
        { interface: 'applicationSync', body: applicationSyncBody(t, 0, 'unbinding') },
        { interface: 'tenantSync', body: tenantSyncBody(t, 0, 'unbinding') },
      ]);
    });

  const authorizeUsers = (
    tenantId: string,
    users: JointUserInput[],
    options: { flag?: AuthSyncFlag } = {},
  ): JointEventResult =>
    ctx.unit(() => {
      const t = activeTenant(tenantId, 'authorise users of');
      const flag = options?.flag ?? 1;
      if (flag !== 0 && flag !== 1 && flag !== 2 && flag !== 3) {
        fail('user authorisation', [
          issue('/flag', 'must be 0 (delete), 1 (add), 2 (modify) or 3 (cancel)', 'enum'),
        ]);
      }
      const issues: ValidationIssue[] = [];
      const changed = usersFrom(t, users, flag, issues);
      fail('user authorisation', issues);
      const bodies = authSyncBodies(t, changed, flag, 'user authorisation');
      const byName = new Map(changed.map((u) => [u.userName, u]));
      let nextUsers: JointUser[];
      if (flag === 0) nextUsers = t.users.filter((u) => !byName.has(u.userName));
      else {
        const updated = t.users.map((u) => {
          const c = byName.get(u.userName);
          if (c === undefined) return u;
          return flag === 3 ? { ...u, authorized: false } : { ...c, authorized: true };
        });
        const added =
          flag === 1 ? changed.filter((c) => !t.users.some((u) => u.userName === c.userName)) : [];
        nextUsers = [...updated, ...added];
      }
      return send(
        { ...t, users: nextUsers },
        bodies.map((body) => ({ interface: 'authSync' as const, body })),
      );
    });

  const changeDepartment = (tenantId: string, change: DepartmentChange): JointEventResult =>
    ctx.unit(() => {
      const t = activeTenant(tenantId, 'change a department of');
      if (!isObject(change))
        fail('department change', [issue('', 'must be { orgCode, orgName?, parentCode?, flag? }')]);
      const flag = change.flag ?? 1;
      const issues: ValidationIssue[] = [];
      if (flag !== 0 && flag !== 1 && flag !== 2) issues.push(issue('/flag', 'must be 0, 1 or 2', 'enum'));
      if (typeof change.orgCode !== 'string' || change.orgCode.length === 0) {
        issues.push(issue('/orgCode', 'is required: a non-empty string', 'required'));
      }
      fail('department change', issues);
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
      fail('department change', issues);
      const org: JointOrg = {
        orgCode: change.orgCode,
        orgName: change.orgName ?? existing?.orgName ?? '',
        parentCode: parent,
      };
      const body = singleOrgSyncBody(t, org, flag, 'department change');
      const orgs =
        flag === 0
          ? t.orgs.filter((o) => o.orgCode !== org.orgCode)
          : flag === 1
            ? [...t.orgs, org]
            : t.orgs.map((o) => (o.orgCode === org.orgCode ? org : o));
      return send({ ...t, orgs }, [{ interface: 'singleOrgSync', body }]);
    });

  const checkKitIdempotency = async (tenantId: string): Promise<KitIdempotencyReport> => {
    const t = activeTenant(tenantId, 'check');
    const last = t.lastJobId === null ? undefined : ctx.store.getJob(t.lastJobId);
    if (last !== undefined && (last.state === 'PENDING' || last.state === 'RUNNING')) {
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
        body: () => authSyncBodies(t, [probeUser], flag, what)[0] as Record<string, unknown>,
      })),
      ...repeats.map(([label, flag]) => ({
        step: `singleOrgSync ${label}`,
        interface: 'singleOrgSync' as const,
        body: () => singleOrgSyncBody(t, probeOrg, flag, what),
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
  };

  return {
    createAppCredential,
    bindTenant,
    updateTenant,
    unbindTenant,
    authorizeUsers,
    changeDepartment,
    checkKitIdempotency,
    getTenant,
    listTenants: () => listTenantRecords(ctx),
    findTenantByClientId(clientId) {
      if (typeof clientId !== 'string' || clientId.length === 0) return undefined;
      for (const id of tenantIds(ctx)) {
        const t = readTenant(ctx, id);
        if (t !== undefined && t.state === 'active' && t.app.clientId === clientId) return t;
      }
      return undefined;
    },
  };
}
