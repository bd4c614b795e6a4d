// One business core served by a V1 and a V2 production handler (docs/migrating-from-v1.md).
import {
  createInstanceIdempotency,
  createMemoryIdempotencyStore,
  createProductionHandler,
  results,
} from '@koogallery-kit/sdk';
import type { NewInstanceKey, ProductionHandler } from '@koogallery-kit/sdk';

// #region core
interface Subscription {
  expireTime?: string;
  frozen: boolean;
  released: boolean;
}

/** Your business logic: it knows nothing about the protocol version. */
export function createSubscriptions() {
  const all = new Map<string, Subscription>();
  const instances = createInstanceIdempotency({ store: createMemoryIdempotencyStore() });
  return {
    /** Creates the subscription of an order once; every repeated call gets the same instanceId. */
    create: (key: NewInstanceKey) =>
      instances.run(key, (instanceId) => void all.set(instanceId, { frozen: false, released: false })),
    /** Applies a change; 000003 for an instance that never existed. */
    update(instanceId: string, change: Partial<Subscription>) {
      const subscription = all.get(instanceId);
      if (!subscription) return results.notFound();
      Object.assign(subscription, change);
    },
    /** The instances of a comma-separated list that are not released. */
    live: (instanceIds: string) => instanceIds.split(',').filter((id) => all.get(id)?.released === false),
  };
}
export type Subscriptions = ReturnType<typeof createSubscriptions>;

const appInfo = (instanceId: string) => ({
  frontEndUrl: `https://app.example.com/t/${instanceId}`,
  userName: 'admin',
  password: 'Initial-Passw0rd',
});

/** Usage so far (UTC yyyyMMddHHmmssSSS): V2 requires it for pay-per-use and package products, §3.2. */
const usageInfo = () => [
  { usageValue: '0', statisticalTime: new Date().toISOString().replace(/\D/g, '').slice(0, 17) },
];
// #endregion core

// #region v1
/** The legacy product: GET calls with authToken; credentials in answers are encrypted by the SDK. */
export function createV1Handler(accessKey: string, subscriptions: Subscriptions): ProductionHandler {
  return createProductionHandler({
    version: 'v1',
    accessKey,
    handlers: {
      // V1 has no orderLineId: one order, one product.
      newInstance: async ({ orderId, productId }) => {
        const created = await subscriptions.create({ orderId, productId });
        return 'instanceId' in created ? { ...created, appInfo: appInfo(created.instanceId) } : created;
      },
      queryInstance: ({ instanceId }) => ({
        info: subscriptions.live(instanceId).map((id) => ({ instanceId: id, appInfo: appInfo(id) })),
      }),
      refreshInstance: ({ instanceId, expireTime }) =>
        subscriptions.update(instanceId, { expireTime, frozen: false }),
      expireInstance: ({ instanceId }) => subscriptions.update(instanceId, { frozen: true }),
      instanceStatus: ({ instanceId, instanceStatus }) =>
        subscriptions.update(instanceId, { frozen: instanceStatus === 'FREEZE' }),
      releaseInstance: ({ instanceId }) => subscriptions.update(instanceId, { released: true }),
      upgrade: ({ instanceId }) => subscriptions.update(instanceId, {}),
    },
  });
}
// #endregion v1

// #region v2
/** The same product on V2: POST calls with signature/timestamp/nonce; plain credentials. */
export function createV2Handler(accessKey: string, subscriptions: Subscriptions): ProductionHandler {
  return createProductionHandler({
    accessKey,
    handlers: {
      newInstance: ({ orderId, orderLineId }) => subscriptions.create({ orderId, orderLineId }),
      queryInstance: ({ instanceId }) => ({
        info: subscriptions
          .live(instanceId)
          .map((id) => ({ instanceId: id, appInfo: appInfo(id), usageInfo: usageInfo() })),
      }),
      refreshInstance: ({ instanceId, expireTime }) => subscriptions.update(instanceId, { expireTime }),
      updateInstanceStatus: ({ instanceId, status }) =>
        subscriptions.update(instanceId, { frozen: status === 'FREEZE' }),
      releaseInstance: ({ instanceId }) => subscriptions.update(instanceId, { released: true }),
      upgradeInstance: ({ instanceId }) => subscriptions.update(instanceId, {}),
      changeInstanceCheck: ({ instanceId }) => subscriptions.update(instanceId, {}),
    },
  });
}
// #endregion v2
