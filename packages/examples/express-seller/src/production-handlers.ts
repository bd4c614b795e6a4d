// One function per V2 production interface, over the SQLite state. The SDK's handler has already verified the
// signature, timestamp and nonce and validated the body against the interface's schema before any of these runs,
// and checks and signs what they return.
import { randomBytes } from 'node:crypto';
import { results } from '@koogallery-kit/sdk';
import type { InstanceIdempotency, InstanceInfo, OrderInfo, V2Handlers } from '@koogallery-kit/sdk';
import type { InstanceRecord, InstanceStore, ProductDetails } from './instance-store';
import type { OrderStore } from './order-store';
import type { OrderLookup, ProvisioningRequest } from './options';

/** What the handlers work with. */
export interface SellerHandlerDeps {
  store: InstanceStore;
  /** The seller's order records (kept when `orderLookup` is set: the amounts come from the order query). */
  orders: OrderStore;
  /** newInstance idempotency (the SDK's createInstanceIdempotency over the SQLite claim store). */
  idempotency: InstanceIdempotency;
  now: () => number;
  appBaseUrl: string;
  orderLookup: OrderLookup | undefined;
  isAsync: (request: ProvisioningRequest) => boolean;
  provisioningDelayMs: number;
  /** Completes the provisionings that are due (and records them); called before answering about instances. */
  completeDueProvisioning: () => void;
}

/** The product details of one order line of an order-query answer. */
export function productOfOrderLine(order: OrderInfo, orderLineId: string): ProductDetails {
  const line = order.orderLine.find((l) => l.orderLineId === orderLineId) ?? order.orderLine[0];
  const product = line?.productInfo[0];
  const details: ProductDetails = {};
  if (product?.productId) details.productId = product.productId;
  if (product?.skuCode) details.skuCode = product.skuCode;
  if (typeof product?.linearValue === 'number') details.linearValue = product.linearValue;
  if (line?.chargingMode) details.chargingMode = line.chargingMode;
  if (typeof line?.expireTime === 'string' && line.expireTime !== '') details.expireTime = line.expireTime;
  return details;
}

/** A readable initial password: 16 characters from an alphabet without look-alikes, plus a digit and a symbol. */
function initialPassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return `${out}7!`;
}

/** The production handlers of the example seller. */
export function createSellerHandlers(deps: SellerHandlerDeps): V2Handlers {
  const { store, idempotency, now } = deps;

  /**
   * Looks the order up (when `orderLookup` is set), records it in the seller's order records and returns the
   * product of the line. A failing lookup fails the call: the platform retries it.
   */
  const lookup = async (
    orderId: string,
    orderLineId: string,
    source: string,
  ): Promise<ProductDetails | undefined> => {
    if (deps.orderLookup === undefined) return undefined;
    const order = await deps.orderLookup({ orderId, orderLineId });
    deps.orders.record(order, source, now());
    return productOfOrderLine(order, orderLineId);
  };

  /** The instance, unless it does not exist or was released. */
  const live = (instanceId: string): InstanceRecord | undefined => {
    const instance = store.get(instanceId);
    return instance === undefined || instance.status === 'RELEASED' ? undefined : instance;
  };
  const notFound = (instanceId: string) =>
    results.notFound(`instance ${instanceId} does not exist or has been released`);

  const instanceInfo = (instance: InstanceRecord): InstanceInfo => {
    const home = `${deps.appBaseUrl}/t/${encodeURIComponent(instance.instanceId)}`;
    return {
      instanceId: instance.instanceId,
      appInfo: {
        frontEndUrl: home,
        adminUrl: `${home}/admin`,
        userName: instance.adminUser,
        password: instance.adminPassword,
        ...(instance.frozen
          ? { memo: 'Frozen: renew the subscription to use it again; your data is kept.' }
          : {}),
      },
    };
  };

  return {
    async newInstance(body, context) {
      const { orderId, orderLineId, businessId } = body;
      // Same order line → same instanceId, however the calls race (the claim is atomic in SQLite).
      const claim = await idempotency.claim({ orderId, orderLineId });
      if (!claim.first) {
        // Another call created it, or is creating it right now.
        if (!claim.completed) return results.processing(claim.instanceId);
        deps.completeDueProvisioning();
        const existing = store.get(claim.instanceId);
        return existing?.status === 'PROVISIONING'
          ? results.processing(claim.instanceId)
          : { instanceId: claim.instanceId };
      }
      try {
        const product = await lookup(orderId, orderLineId, 'newInstance');
        const request: ProvisioningRequest = {
          orderId,
          orderLineId,
          testFlag: context.testFlag,
          ...(product === undefined ? {} : { product }),
        };
        const isAsync = deps.isAsync(request);
        const at = now();
        // A claim taken over after a crash may find its instance already stored: INSERT OR IGNORE keeps it.
        store.create(
          {
            instanceId: claim.instanceId,
            orderId,
            orderLineId,
            businessId,
            testFlag: context.testFlag,
            adminUser: `admin-${claim.instanceId.slice(0, 8)}`,
            adminPassword: initialPassword(),
            ...product,
            ...(isAsync ? { readyAt: at + deps.provisioningDelayMs } : {}),
          },
          at,
        );
        store.recordEvent({
          instanceId: claim.instanceId,
          activity: 'newInstance',
          orderId,
          orderLineId,
          detail: { businessId, async: isAsync, testFlag: context.testFlag },
          at,
        });
        await idempotency.complete(claim);
        const stored = store.get(claim.instanceId);
        return stored?.status === 'PROVISIONING'
          ? results.processing(claim.instanceId, 'the instance is being provisioned')
          : { instanceId: claim.instanceId };
      } catch (error) {
        // The next call (the platform retries) takes over with the same instanceId.
        await idempotency.fail(claim).catch(() => undefined);
        throw error;
      }
    },

    queryInstance({ instanceId }) {
      deps.completeDueProvisioning();
      const ids = [...new Set(instanceId.split(',').map((id) => id.trim()))].filter((id) => id !== '');
      // Instances still provisioning are not reported yet (the platform keeps polling); released ones no more.
      const info = ids
        .map((id) => store.get(id))
        .filter((instance): instance is InstanceRecord => instance?.status === 'ACTIVE')
        .map(instanceInfo);
      return { info };
    },

    async refreshInstance(body) {
      const instance = live(body.instanceId);
      if (instance === undefined) return notFound(body.instanceId);
      // Trial to formal and a renewal with change may change the specification: read it from the new order.
      // (Every renewal order is looked up, so that the seller's order records hold it.)
      const changesProduct = body.scene === 'TRIAL_TO_FORMAL' || body.scene === 'RENEWAL_CHANGE';
      const ordered = await lookup(body.orderId, body.orderLineId, 'refreshInstance');
      const product = changesProduct ? ordered : undefined;
      const at = now();
      store.update(
        instance.instanceId,
        {
          ...product,
          ...(body.productId === undefined ? {} : { productId: body.productId }),
          // The call's expireTime is authoritative (14 or 17 digits, stored as received).
          expireTime: body.expireTime,
        },
        at,
      );
      store.recordEvent({
        instanceId: instance.instanceId,
        activity: 'refreshInstance',
        orderId: body.orderId,
        orderLineId: body.orderLineId,
        detail: { scene: body.scene, expireTime: body.expireTime, productId: body.productId ?? null },
        at,
      });
      // A frozen instance stays frozen: the platform sends updateInstanceStatus UNFREEZE after the renewal.
    },

    updateInstanceStatus({ instanceId, status }) {
      const instance = live(instanceId);
      if (instance === undefined) return notFound(instanceId);
      const at = now();
      store.setFrozen(instanceId, status === 'FREEZE', at);
      store.recordEvent({ instanceId, activity: 'updateInstanceStatus', detail: { status }, at });
    },

    async releaseInstance(body) {
      const instance = store.get(body.instanceId);
      if (instance === undefined) return notFound(body.instanceId);
      // An unsubscription names its (refund) order: recorded like the others.
      if (body.orderId !== undefined && body.orderLineId !== undefined) {
        await lookup(body.orderId, body.orderLineId, 'releaseInstance');
      }
      const at = now();
      // Idempotent: a retried release of a released instance succeeds again.
      if (instance.status === 'RELEASED') return { resultMsg: 'already released' };
      store.release(body.instanceId, at);
      store.recordEvent({
        instanceId: body.instanceId,
        activity: 'releaseInstance',
        ...(body.orderId === undefined ? {} : { orderId: body.orderId }),
        ...(body.orderLineId === undefined ? {} : { orderLineId: body.orderLineId }),
        detail: { unsubscribed: body.orderId !== undefined },
        at,
      });
    },

    async upgradeInstance(body) {
      const instance = live(body.instanceId);
      if (instance === undefined) return notFound(body.instanceId);
      // The new specification comes from the upgrade order (orderType CHANGE); without a lookup only the call is
      // recorded.
      const product = await lookup(body.orderId, body.orderLineId, 'upgradeInstance');
      const at = now();
      if (product !== undefined) {
        // The upgrade changes the specification, not the validity.
        const { expireTime: _validity, ...specification } = product;
        store.update(instance.instanceId, specification, at);
      }
      store.recordEvent({
        instanceId: instance.instanceId,
        activity: 'upgradeInstance',
        orderId: body.orderId,
        orderLineId: body.orderLineId,
        detail: { product: product ?? null },
        at,
      });
    },

    changeInstanceCheck({ instanceId, productInfo }) {
      const instance = live(instanceId);
      if (instance === undefined) return notFound(instanceId);
      // A smaller specification must still hold the tenant's users, or the change would lose data.
      const target = productInfo.linearValue === undefined ? Number.NaN : Number(productInfo.linearValue);
      if (Number.isFinite(target) && target < instance.usersInUse) {
        return results.invalid(
          `The target specification allows ${target} users but the instance has ${instance.usersInUse}; remove users before changing to it.`,
        );
      }
      store.recordEvent({
        instanceId,
        activity: 'changeInstanceCheck',
        detail: { productInfo, allowed: true },
        at: now(),
      });
    },

    async orderNotify({ orderId, orderLineId }, context) {
      await lookup(orderId, orderLineId, 'orderNotify');
      const at = now();
      const first = store.recordOrderNotification({
        orderId,
        orderLineId,
        testFlag: context.testFlag,
        receivedAt: at,
      });
      return { resultMsg: first ? 'order recorded' : 'order already recorded' };
    },
  };
}
