/**
 * Joint-operations (联营) records: the tenants (enterprises) the platform synchronises to the seller with the kit
 * interfaces (§4), each with its application credential (the OAuth client of the login, §5), its department tree
 * and its authorised users. They are the platform's truth: the login (OAuth router) reads them.
 */
import type { JobRecord } from '../model/types';

/** A department (§4.4, §4.5 OrgInfo). */
export interface JointOrg {
  orgCode: string;
  orgName: string;
  /** Parent department; null for a top-level department. */
  parentCode: string | null;
}

/** The optional profile fields of a user (§4.3 User). */
export interface JointUserProfile {
  position?: string;
  employeeCode?: string;
  employeeType?: 1 | 2 | 3 | 4;
  mobile?: string;
  email?: string;
  workPlace?: string;
  entryDate?: string;
}

/** A user of a tenant (§4.3 User), as last synchronised. */
export interface JointUser extends JointUserProfile {
  /** Joint-operations account (login name), unique within the tenant. */
  userName: string;
  name: string;
  orgCode: string;
  role: 'user' | 'admin';
  enable: 'true' | 'false';
  /** Stable id the login reports as `id` / `userId`. */
  userId: string;
  /** False after authSync flag 3 (authorisation canceled): the user cannot log in. */
  authorized: boolean;
}

/** The application credential of a tenant (§4.2): the OAuth client of the login. */
export interface JointApp {
  appId: string;
  clientId: string;
  /** Plain client secret (sent RSA-encrypted in applicationSync; checked by the token endpoint). */
  clientSecret: string;
  /** Registered login URL (`redirect_uri`); null = any redirect_uri is accepted. */
  loginUrl: string | null;
}

/** A tenant known to the platform. */
export interface JointTenantRecord {
  tenantId: string;
  seq: number;
  tenantCode: string;
  name: string;
  /** Unified-authentication domain (`{domain_name}` of the login). */
  domainName: string;
  /** `credential`: the seller's own application credential (instanceId/orderId empty); `binding`: a buyer's. */
  origin: 'credential' | 'binding';
  /** Mock ref of the bound instance (binding only). */
  instanceRef: string | null;
  /** Seller instanceId and order of the binding; empty strings for a credential tenant. */
  instanceId: string;
  orderId: string;
  app: JointApp;
  orgs: JointOrg[];
  users: JointUser[];
  /** `deleted` after unbinding (tenantSync flag 0). */
  state: 'active' | 'deleted';
  /** Last kit job sent for the tenant: the next event's first call waits for it while it is unfinished. */
  lastJobId: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A user to authorise (§4.3 User fields; `userName` identifies the user). */
export interface JointUserInput extends JointUserProfile {
  userName: string;
  /** Default: the userName. */
  name?: string;
  /** Default: the tenant's first department. */
  orgCode?: string;
  /** Default `user`. */
  role?: 'user' | 'admin';
  /** Default `'true'`. */
  enable?: 'true' | 'false';
}

/** Tenant settings of `createAppCredential` and `bindTenant`; everything optional. */
export interface JointTenantInput {
  /** Default `tenant<seq>`. */
  tenantCode?: string;
  /** Default: the buyer's real name (binding) or `Seller test tenant` (credential). */
  name?: string;
  /** Default: the engine's `jointOperations.domainName`. */
  domainName?: string;
  /** Registered login URL of the app (the only accepted `redirect_uri`). Default: none (any is accepted). */
  loginUrl?: string;
  /** Department tree. Default: one top-level department `ROOT` named like the tenant. */
  orgs?: Array<{ orgCode: string; orgName: string; parentCode?: string | null }>;
  /** Users to authorise right away (one more authSync event after the tree). Default none. */
  users?: JointUserInput[];
}

/** What `authorizeUsers` does: 1 add (default), 2 modify, 0 delete, 3 cancel the authorisation (§4.3). */
export type AuthSyncFlag = 0 | 1 | 2 | 3;

/** A department change for `changeDepartment` (singleOrgSync, §4.4). */
export interface DepartmentChange {
  orgCode: string;
  /** Required for add and modify. */
  orgName?: string;
  parentCode?: string | null;
  /** 1 add (default), 2 modify, 0 delete. */
  flag?: 0 | 1 | 2;
}

/** The jobs one joint-operations event created, in sending order (each waits for the one before). */
export interface JointEventResult {
  tenant: JointTenantRecord;
  jobs: JobRecord[];
}

/** One call of the idempotency check. */
export interface KitCheckStep {
  /** What was sent, e.g. `authSync add (repeat)`. */
  step: string;
  jobId: string;
  accepted: boolean;
  resultCode: string | null;
  problems: Array<{ code: string; message: string }>;
}

/** Result of `checkKitIdempotency`: every repeated add and delete must be accepted (§4). */
export interface KitIdempotencyReport {
  passed: boolean;
  tenantId: string;
  steps: KitCheckStep[];
}
