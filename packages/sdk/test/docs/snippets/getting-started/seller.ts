// seller.ts: a KooGallery SaaS seller in one file (docs/getting-started.md).
import type { AddressInfo } from 'node:net';
import express from 'express';
import {
  createInstanceIdempotency,
  createMemoryIdempotencyStore,
  createProductionHandler,
  results,
} from '@koogallery-kit/sdk';
import { createExpressMiddleware } from '@koogallery-kit/sdk/express';

interface Tenant {
  orderId: string;
  expireTime?: string;
  frozen: boolean;
  released: boolean;
}
const tenants = new Map<string, Tenant>(); // use your database here
const instances = createInstanceIdempotency({ store: createMemoryIdempotencyStore() });

/** Applies `change` to a tenant; 000003 (not found) for an instance we never created. */
function update(instanceId: string, change: Partial<Tenant>) {
  const tenant = tenants.get(instanceId);
  if (!tenant) return results.notFound();
  Object.assign(tenant, change);
}
const live = (instanceId: string) => tenants.get(instanceId)?.released === false;

const handler = createProductionHandler({
  accessKey: process.env.KOOGALLERY_ACCESS_KEY ?? '',
  handlers: {
    // The buyer paid. Retries carry a new businessId but the same order line: same instanceId, one tenant.
    newInstance: (body) =>
      instances.run(body, (instanceId) => {
        tenants.set(instanceId, { orderId: body.orderId, frozen: false, released: false });
      }),
    // One id or several, comma-separated: report the ones we hold (frozen ones too).
    queryInstance: ({ instanceId }) => ({
      info: instanceId
        .split(',')
        .filter(live)
        .map((id) => ({ instanceId: id, appInfo: { frontEndUrl: `https://app.example.com/t/${id}` } })),
    }),
    // Renewal, trial to formal...: expireTime is the new absolute expiry, so a repeated call changes nothing.
    refreshInstance: ({ instanceId, expireTime }) => update(instanceId, { expireTime }),
    // Expiry (FREEZE) and renewal during the grace period (UNFREEZE). Keep the data while frozen.
    updateInstanceStatus: ({ instanceId, status }) => update(instanceId, { frozen: status === 'FREEZE' }),
    // Released again? Still a success: the platform repeats a release whose answer it did not get.
    releaseInstance: ({ instanceId }) => update(instanceId, { released: true }),
    upgradeInstance: ({ instanceId }) => update(instanceId, {}),
    changeInstanceCheck: ({ instanceId }) => update(instanceId, {}),
  },
});

const app = express();
// Mount the SDK before any body parser: the signature covers the raw bytes of the body.
app.use('/produce', createExpressMiddleware(handler));
app.use(express.json()); // your other routes may parse JSON

export const server = app.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`Production URL: http://127.0.0.1:${port}/produce`);
});
