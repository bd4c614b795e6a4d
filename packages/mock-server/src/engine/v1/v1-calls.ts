/**
 * V1 mode (`protocol: 'v1'`, §9): the lifecycle builds its calls as V2 jobs and this module turns each into the
 * V1 call that carries the same event — a GET with every field in the query (signed with authToken by the SDK's
 * `buildProductionCall`), values as strings, the buyer's `mobilePhone` / `email` AES-encrypted (§7.6).
 *
 * | V2 job                              | V1 call                                                           |
 * |-------------------------------------|-------------------------------------------------------------------|
 * | newInstance                         | newInstance with the order's details (customer, SKU, period, …)   |
 * | newInstance with acceptanceTime     | the same, re-sent when the buyer accepts a supervised order       |
 * | queryInstance                       | queryInstance                                                     |
 * | refreshInstance (renewal, trial→formal) | refreshInstance (`trialToFormal=1` for a conversion)          |
 * | refreshInstance UNSUBSCRIBE_RENEWAL_PERIOD | refreshInstance with the earlier expireTime (V1 has no scene: the mock's reading) |
 * | updateInstanceStatus FREEZE         | expireInstance (period and package instances); instanceStatus FREEZE (pay-per-use) |
 * | updateInstanceStatus UNFREEZE       | instanceStatus NORMAL (pay-per-use); none for period instances: V1 refreshInstance restores them |
 * | releaseInstance                     | releaseInstance (orderId mandatory: the unsubscribe order, else the purchase order) |
 * | upgradeInstance                     | upgrade                                                           |
 * | changeInstanceCheck, orderNotify    | none: V1 has no such call (the lifecycle refuses renewal with change in V1 mode) |
 */
import { encryptCredential } from '@koogallery-kit/sdk';
import { formatUtcCompact } from '../time/business-time';
import type { EngineContext } from '../context';
import { ActionRejectedError } from '../model/errors';
import { randomChars } from '../model/random';
import type {
  ChargingMode,
  InstanceRecord,
  OrderLineRecord,
  OrderRecord,
  ProductionInterface,
} from '../model/types';

/** What createJob needs of a job spec (kept structural to avoid a cycle with jobs.ts). */
export interface CallSpec {
  interface: ProductionInterface;
  body: Record<string, unknown>;
  refs?: { orderId?: string | null; instanceRef?: string | null };
}

/** V1 `chargingMode` codes (§9.3). */
export const V1_CHARGING_MODES: Readonly<Record<ChargingMode, string>> = Object.freeze({
  ON_DEMAND: '0',
  PERIOD: '1',
  ONE_TIME: '3',
  ON_DEMAND_PKG: '5',
});

const IV_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const AMOUNT3 = /^-?[0-9]{1,15}(\.[0-9]{1,3})?$/;

/** True for the V2 basic interfaces this module translates. */
export function translatesToV1(name: ProductionInterface): boolean {
  return (
    name === 'newInstance' ||
    name === 'queryInstance' ||
    name === 'refreshInstance' ||
    name === 'updateInstanceStatus' ||
    name === 'releaseInstance' ||
    name === 'upgradeInstance' ||
    name === 'changeInstanceCheck' ||
    name === 'orderNotify'
  );
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Adds `key` when `value` is a non-empty string. */
function put(out: Record<string, unknown>, key: string, value: string | null | undefined): void {
  if (typeof value === 'string' && value !== '') out[key] = value;
}

/** The V1 call for a V2 lifecycle job; throws `ActionRejectedError` for events V1 cannot express. */
export function toV1Call<T extends CallSpec>(ctx: EngineContext, spec: T): T {
  const v1 = ctx.options.v1;
  if (v1 === null) return spec;
  const body = spec.body;
  const instance = instanceOf(ctx, spec);
  switch (spec.interface) {
    case 'newInstance': {
      const order = orderOf(ctx, str(body.orderId));
      const line = order.lines.find((l) => l.orderLineId === body.orderLineId) ?? order.lines[0];
      const buyer = ctx.store.getBuyer(order.buyerId);
      const product = instance ?? line?.productInfo[0];
      const out: Record<string, unknown> = {
        activity: 'newInstance',
        businessId: body.businessId,
        orderId: order.orderId,
      };
      put(out, 'customerId', buyer?.customerId ?? order.buyerId);
      put(out, 'customerName', buyer?.customerName);
      put(out, 'userId', buyer?.userId);
      put(out, 'userName', buyer?.userName);
      for (const field of ['mobilePhone', 'email'] as const) {
        const plain = buyer?.[field];
        if (typeof plain === 'string' && plain !== '') {
          out[field] = encryptCredential(v1.accessKey, plain, {
            encryptType: v1.encryptType,
            iv: randomChars(ctx.random, IV_ALPHABET, 16),
          });
        }
      }
      put(out, 'productId', product?.productId);
      put(out, 'skuCode', product?.skuCode);
      if (instance?.trial === true || order.orderType === 'TRIAL') out.trialFlag = '1';
      // The buyer's acceptance of a supervised order (seller-console.md §2.6, supervision/acceptance-call.ts).
      put(out, 'acceptanceTime', str(body.acceptanceTime));
      if (line !== undefined) addLine(out, line, instance?.chargingMode ?? line.chargingMode);
      const linear = instance?.linearValue ?? line?.productInfo[0]?.linearValue ?? null;
      if (linear !== null) out.amount = String(linear);
      return { ...spec, interface: 'v1NewInstance', body: out };
    }
    case 'queryInstance':
      return {
        ...spec,
        interface: 'v1QueryInstance',
        body: { activity: 'queryInstance', instanceId: body.instanceId },
      };
    case 'refreshInstance': {
      if (body.scene === 'RENEWAL_CHANGE') throw unsupported('a renewal with change');
      const order = orderOf(ctx, str(body.orderId));
      const line = order.lines.find((l) => l.orderLineId === body.orderLineId) ?? order.lines[0];
      const out: Record<string, unknown> = {
        activity: 'refreshInstance',
        orderId: order.orderId,
        instanceId: body.instanceId,
        expireTime: body.expireTime,
      };
      put(out, 'productId', str(body.productId));
      if (body.scene === 'TRIAL_TO_FORMAL') out.trialToFormal = '1';
      if (line?.periodType === 'year' || line?.periodType === 'month') {
        out.periodType = line.periodType;
        if (line.periodNumber !== null) out.periodNumber = String(line.periodNumber);
      }
      if (line !== undefined && AMOUNT3.test(line.currencyAfterDiscount))
        out.orderAmount = line.currencyAfterDiscount;
      return { ...spec, interface: 'v1RefreshInstance', body: out };
    }
    case 'updateInstanceStatus': {
      const freeze = body.status === 'FREEZE';
      if (instance?.chargingMode === 'ON_DEMAND') {
        return {
          ...spec,
          interface: 'v1InstanceStatus',
          body: {
            activity: 'instanceStatus',
            instanceId: body.instanceId,
            instanceStatus: freeze ? 'FREEZE' : 'NORMAL',
          },
        };
      }
      if (!freeze) throw unsupported('unfreezing a period instance (V1 refreshInstance restores it)');
      return {
        ...spec,
        interface: 'v1ExpireInstance',
        body: { activity: 'expireInstance', instanceId: body.instanceId, orderId: instance?.orderId },
      };
    }
    case 'releaseInstance': {
      const orderId = str(body.orderId) ?? instance?.orderId;
      const out: Record<string, unknown> = {
        activity: 'releaseInstance',
        instanceId: body.instanceId,
        orderId,
      };
      const reverse =
        str(body.orderId) === undefined ? undefined : ctx.store.getOrder(body.orderId as string);
      const amount = reverse?.lines[0]?.currencyAfterDiscount;
      if (amount !== undefined && AMOUNT3.test(amount)) out.orderAmount = amount;
      return { ...spec, interface: 'v1ReleaseInstance', body: out };
    }
    case 'upgradeInstance': {
      const order = orderOf(ctx, str(body.orderId));
      const target = order.target;
      const out: Record<string, unknown> = {
        activity: 'upgrade',
        instanceId: body.instanceId,
        orderId: order.orderId,
        skuCode: target?.skuCode ?? instance?.skuCode,
        productId: target?.productId ?? instance?.productId,
      };
      const linear = target?.linearValue ?? null;
      if (linear !== null) out.amount = String(linear);
      return { ...spec, interface: 'v1Upgrade', body: out };
    }
    default:
      throw unsupported(`${spec.interface}`);
  }
}

/** Period, expiry, charging mode, amount and buyer-entered parameters of a V1 newInstance. */
function addLine(out: Record<string, unknown>, line: OrderLineRecord, mode: ChargingMode): void {
  out.chargingMode = V1_CHARGING_MODES[mode];
  if (line.expireAt !== null) out.expireTime = formatUtcCompact(line.expireAt);
  if (line.periodType === 'year' || line.periodType === 'month') {
    out.periodType = line.periodType;
    if (line.periodNumber !== null) out.periodNumber = String(line.periodNumber);
  }
  if (AMOUNT3.test(line.currencyAfterDiscount)) out.orderAmount = line.currencyAfterDiscount;
  if (line.extendParams.length > 0) {
    out.saasExtendParams = Buffer.from(JSON.stringify(line.extendParams), 'utf8').toString('base64');
  }
}

function orderOf(ctx: EngineContext, orderId: string | undefined): OrderRecord {
  const order = orderId === undefined ? undefined : ctx.store.getOrder(orderId);
  if (order === undefined) {
    throw new ActionRejectedError(
      'NOT_SUPPORTED',
      `V1 mode needs the order of the call (${String(orderId)}), which does not exist.`,
    );
  }
  return order;
}

function instanceOf(ctx: EngineContext, spec: CallSpec): InstanceRecord | undefined {
  const ref = spec.refs?.instanceRef;
  if (typeof ref === 'string') return ctx.store.getInstance(ref);
  const id = str(spec.body.instanceId);
  return id === undefined ? undefined : ctx.store.findInstanceByInstanceId(id);
}

function unsupported(what: string): ActionRejectedError {
  return new ActionRejectedError(
    'NOT_SUPPORTED',
    `The mock runs in V1 mode (protocol "v1"), and V1 has no call for ${what}. Use a V2 engine for this action.`,
  );
}
