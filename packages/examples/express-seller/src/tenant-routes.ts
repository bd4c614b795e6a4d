// The pages the reported URLs point at (frontEndUrl, adminUrl) and a health check. A real product serves its
// application here; the example answers what it knows about the tenant, so the links a buyer gets are live.
import { Router } from 'express';
import type { InstanceStore } from './instance-store';

/** Dependencies of {@link createTenantRoutes}. */
export interface TenantRouteDeps {
  store: InstanceStore;
  completeDueProvisioning: () => void;
}

/**
 * `GET /healthz` → `{ ok: true }`; `GET /t/:instanceId` and `GET /t/:instanceId/admin` → the tenant's state as
 * JSON (404 for an unknown or released instance, 503 with `Retry-After` while it is being provisioned, 423 while
 * it is frozen). Never exposes the administrator password.
 */
export function createTenantRoutes(deps: TenantRouteDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  router.get(['/t/:instanceId', '/t/:instanceId/admin'], (req, res) => {
    deps.completeDueProvisioning();
    const instance = deps.store.get(req.params.instanceId as string);
    if (instance === undefined || instance.status === 'RELEASED') {
      res.status(404).json({ error: 'No such tenant.' });
      return;
    }
    const view = {
      instanceId: instance.instanceId,
      status: instance.status,
      frozen: instance.frozen,
      expireTime: instance.expireTime ?? null,
      productId: instance.productId ?? null,
      skuCode: instance.skuCode ?? null,
      adminUser: instance.adminUser,
    };
    if (instance.status === 'PROVISIONING') {
      res
        .status(503)
        .set('Retry-After', '5')
        .json({ ...view, message: 'Your instance is being prepared.' });
      return;
    }
    if (instance.frozen) {
      res
        .status(423)
        .json({ ...view, message: 'This instance is frozen: renew the subscription; your data is kept.' });
      return;
    }
    res.json(view);
  });
  return router;
}
