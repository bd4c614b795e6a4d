// One function per V2 production interface. The SDK's handler verifies the signature, the ±60 s timestamp and the
// nonce, validates the body against the interface's schema, and signs the answer (Body-Sign) around these.
import { results } from '@koogallery-kit/sdk';
import type { InstanceIdempotency, InstanceInfo, V2Handlers } from '@koogallery-kit/sdk';
import type { Tenant, TenantDirectory } from './tenant-directory';

/** What the handlers work with. */
export interface HandlerDeps {
  tenants: TenantDirectory;
  /** newInstance idempotency: the SDK's createInstanceIdempotency (same order line → same instanceId). */
  idempotency: InstanceIdempotency;
  /** Base of the URLs reported to buyers, without a trailing slash. */
  appBaseUrl: string;
  now: () => number;
}

const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A 16-character initial password plus a digit and a symbol, from Web Crypto (available on every Fetch runtime). */
function initialPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `${Array.from(bytes, (b) => PASSWORD_ALPHABET[b % PASSWORD_ALPHABET.length]).join('')}5#`;
}

/** The production handlers of the Fetch example seller. */
export function createProductionHandlers(deps: HandlerDeps): V2Handlers {
  const { tenants, idempotency, now } = deps;

  /** The tenant unless it is unknown or released. */
  const live = (instanceId: string): Tenant | undefined => {
    const tenant = tenants.get(instanceId);
    return tenant?.status === 'RELEASED' ? undefined : tenant;
  };
  const notFound = (instanceId: string) =>
    results.notFound(`instance ${instanceId} does not exist or has been released`);

  const instanceInfo = (tenant: Tenant): InstanceInfo => {
    const home = `${deps.appBaseUrl}/t/${encodeURIComponent(tenant.instanceId)}`;
    return {
      instanceId: tenant.instanceId,
      appInfo: {
        frontEndUrl: home,
        adminUrl: `${home}/admin`,
        userName: tenant.adminUser,
        password: tenant.adminPassword,
        ...(tenant.status === 'FROZEN' ? { memo: 'Frozen until renewed; the data is kept.' } : {}),
      },
    };
  };

  return {
    newInstance({ orderId, orderLineId, businessId }, context) {
      // Retries, re-invocations and racing calls for one order line all get the instanceId of the first.
      return idempotency.run({ orderId, orderLineId }, (instanceId) => {
        tenants.create(
          {
            instanceId,
            orderId,
            orderLineId,
            businessId,
            testFlag: context.testFlag,
            adminUser: `admin-${instanceId.slice(0, 8)}`,
            adminPassword: initialPassword(),
          },
          now(),
        );
      });
    },

    queryInstance({ instanceId }) {
      const ids = [...new Set(instanceId.split(',').map((id) => id.trim()))].filter((id) => id !== '');
      const info = ids
        .map((id) => live(id))
        .filter((tenant): tenant is Tenant => tenant !== undefined)
        .map(instanceInfo);
      return { info };
    },

    refreshInstance(body) {
      if (live(body.instanceId) === undefined) return notFound(body.instanceId);
      tenants.update(
        body.instanceId,
        // The call's expireTime is authoritative; a frozen tenant stays frozen until UNFREEZE.
        {
          expireTime: body.expireTime,
          ...(body.productId === undefined ? {} : { productId: body.productId }),
        },
        { activity: 'refreshInstance', at: now(), detail: { scene: body.scene, orderId: body.orderId } },
      );
    },

    updateInstanceStatus({ instanceId, status }) {
      if (live(instanceId) === undefined) return notFound(instanceId);
      tenants.update(
        instanceId,
        { status: status === 'FREEZE' ? 'FROZEN' : 'ACTIVE' },
        { activity: 'updateInstanceStatus', at: now(), detail: { status } },
      );
    },

    releaseInstance({ instanceId, orderId }) {
      const tenant = tenants.get(instanceId);
      if (tenant === undefined) return notFound(instanceId);
      // Idempotent: releasing a released tenant succeeds again.
      if (tenant.status === 'RELEASED') return { resultMsg: 'already released' };
      tenants.update(
        instanceId,
        { status: 'RELEASED', adminPassword: '' },
        { activity: 'releaseInstance', at: now(), detail: { unsubscribed: orderId !== undefined } },
      );
    },

    upgradeInstance({ instanceId, orderId, orderLineId }) {
      if (live(instanceId) === undefined) return notFound(instanceId);
      // The new specification is in the CHANGE order (order-query Open API); this example records the call.
      tenants.update(
        instanceId,
        {},
        { activity: 'upgradeInstance', at: now(), detail: { orderId, orderLineId } },
      );
    },

    changeInstanceCheck({ instanceId, productInfo }) {
      if (live(instanceId) === undefined) return notFound(instanceId);
      // Every target fits this example's tenants; refuse with results.invalid(reason) when data would be lost.
      tenants.update(
        instanceId,
        {},
        { activity: 'changeInstanceCheck', at: now(), detail: { skuCode: productInfo.skuCode } },
      );
    },

    orderNotify({ orderId }) {
      return { resultMsg: `order ${orderId} noted` };
    },
  };
}
