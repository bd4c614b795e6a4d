/**
 * Admin routes over the joint-operations (联营) tenants the kit events created:
 *
 * - `GET /tenants` (`state` = `active` | `deleted`, `origin` = `credential` | `binding`, `instanceRef`, `limit`,
 *   `offset`) → `{ items, total, offset }`, oldest first;
 * - `GET /tenants/:tenantId` → one tenant.
 *
 * A tenant is shown with its application credential's `clientSecret` as `[REDACTED]`: the seller receives it
 * RSA-encrypted in applicationSync, and the admin API never shows secrets. The kit events themselves are admin
 * actions (`POST /__admin/actions/create-app-credential`, `bind-tenant`, …; see actions.ts).
 */
import { Router } from 'express';
import { type ValidationIssue } from '@koogallery-kit/sdk';
import { redactSecret } from '@koogallery-kit/sdk/platform';
import type { MarketEngine } from '../../engine/engine';
import type { JointTenantRecord } from '../../engine/joint/joint-types';
import { PAGE_PARAMS, checkKnownQuery, pager, queryEnum, queryString, throwIssues } from './input';

/** A tenant as the admin API shows it: the record with `app.clientSecret` redacted. */
export type TenantView = Omit<JointTenantRecord, 'app'> & {
  app: Omit<JointTenantRecord['app'], 'clientSecret'> & { clientSecret: string };
};

/** The tenant with its client secret redacted. */
export function tenantView(t: JointTenantRecord): TenantView {
  return { ...t, app: { ...t.app, clientSecret: redactSecret(t.app.clientSecret) } };
}

/** True for a value shaped like a tenant record (used to re-read action results). */
export function isTenantRecord(v: unknown): v is JointTenantRecord {
  if (v === null || typeof v !== 'object') return false;
  const t = v as Partial<JointTenantRecord>;
  return typeof t.tenantId === 'string' && typeof t.tenantCode === 'string' && typeof t.app === 'object';
}

/** Creates the tenant routes. */
export function createKitRoutes(engine: MarketEngine): Router {
  const r = Router();

  r.get('/tenants', (req, res) => {
    const issues: ValidationIssue[] = [];
    checkKnownQuery(req, ['state', 'origin', 'instanceRef', ...PAGE_PARAMS], issues);
    const state = queryEnum(req, 'state', ['active', 'deleted'] as const, issues);
    const origin = queryEnum(req, 'origin', ['credential', 'binding'] as const, issues);
    const instanceRef = queryString(req, 'instanceRef', issues);
    const page = pager(req, issues);
    throwIssues('tenant list request', issues);
    const tenants = engine
      .listTenants()
      .filter(
        (t) =>
          (state === undefined || t.state === state) &&
          (origin === undefined || t.origin === origin) &&
          (instanceRef === undefined || t.instanceRef === instanceRef),
      )
      .map(tenantView);
    res.json(page(tenants));
  });

  r.get('/tenants/:tenantId', (req, res) => {
    res.json(tenantView(engine.getTenant(req.params.tenantId)));
  });

  return r;
}
