/** The supervision and order-licence actions of the engine (see ./supervision-flow.ts). */
import type { EngineContext } from '../context';
import { NotFoundError } from '../model/errors';
import { listFlows } from '../flow-timers/flow-store';
import { listOrderLicences, updateOrderLicence, type OrderLicenceRecord } from '../licences/order-licences';
import {
  appeal,
  claimLicenceCode,
  confirmCompletion,
  getSupervision,
  licenceActivated,
  resolveAppeal,
  reviewDelivery,
  reviewRequirement,
  submitRequirement,
  type ConfirmCompletionInput,
  type SupervisionRecord,
} from './supervision-flow';
import type { SupervisionData } from '../model/supervision-types';

/** Service supervision (seller-console.md §2) and the licence codes of orders (§2.3, protocol.md §10). */
export interface SupervisionActions {
  /** Every supervision record, oldest first. */
  listSupervisions(): SupervisionRecord[];
  /** The supervision of an order. */
  getSupervision(orderId: string): SupervisionRecord;
  /** Buyer: 提交需求 (licence-id products: the system or hardware id). */
  submitRequirement(orderId: string, description: string): SupervisionRecord;
  /** Seller: 确认需求 (`accept` true) or 驳回需求. */
  reviewRequirement(orderId: string, accept: boolean, reason?: string): SupervisionRecord;
  /** Seller: 确认完成 with result description, actual opening time and delivery documents. */
  confirmCompletion(orderId: string, input: ConfirmCompletionInput): SupervisionRecord;
  /** Licence 2.0 buyer: 用户领取授权码. */
  claimLicenceCode(orderId: string): SupervisionRecord;
  /** Buyer: 确认验收 (`accepted` true) or 驳回. */
  reviewDelivery(orderId: string, accepted: boolean, reason?: string): SupervisionRecord;
  /** Buyer or seller: 发起申诉 (only after the idle days or rejections of §2.5). */
  appeal(orderId: string, by: 'buyer' | 'seller', reason: string): SupervisionRecord;
  /** Operator: close an appeal by completing the service or resuming the flow. */
  resolveAppeal(orderId: string, outcome: 'complete' | 'resume'): SupervisionRecord;
  /** Licence codes issued for orders, oldest first. */
  listOrderLicences(): OrderLicenceRecord[];
  /**
   * The licence activation Open API activated `code` at `activateTime` (UTC `yyyyMMddHHmmss`): recorded with the
   * order, and its supervision passes the activation node. Unknown codes are ignored (demo codes).
   */
  orderLicenceActivated(code: string, activateTime: string): OrderLicenceRecord | undefined;
}

/** `yyyyMMddHHmmss` (UTC) as epoch ms. */
const parse14 = (t: string): number =>
  Date.UTC(
    +t.slice(0, 4),
    +t.slice(4, 6) - 1,
    +t.slice(6, 8),
    +t.slice(8, 10),
    +t.slice(10, 12),
    +t.slice(12, 14),
  );

export function createSupervisionActions(ctx: EngineContext): SupervisionActions {
  return {
    listSupervisions: () => listFlows<SupervisionData>(ctx, 'supervision'),
    getSupervision: (orderId) => getSupervision(ctx, orderId),
    submitRequirement: (orderId, description) => submitRequirement(ctx, orderId, description),
    reviewRequirement: (orderId, accept, reason) => reviewRequirement(ctx, orderId, accept, reason),
    confirmCompletion: (orderId, input) => confirmCompletion(ctx, orderId, input),
    claimLicenceCode(orderId) {
      return ctx.unit(() => {
        const claimed = claimLicenceCode(ctx, orderId);
        if (claimed.data.licenceCode !== null)
          updateOrderLicence(ctx, claimed.data.licenceCode, { received: true });
        return claimed;
      });
    },
    reviewDelivery: (orderId, accepted, reason) => reviewDelivery(ctx, orderId, accepted, reason),
    appeal: (orderId, by, reason) => appeal(ctx, orderId, by, reason),
    resolveAppeal: (orderId, outcome) => resolveAppeal(ctx, orderId, outcome),
    listOrderLicences: () => listOrderLicences(ctx),
    orderLicenceActivated(code, activateTime) {
      return ctx.unit(() => {
        const r = ctx.store.getFlow('licence', code);
        if (r === undefined) return undefined;
        if (!/^\d{14}$/.test(activateTime)) {
          throw new NotFoundError('order', code, 'activateTime must be yyyyMMddHHmmss (UTC).');
        }
        const updated = updateOrderLicence(ctx, code, { status: 'ALIVE', activate_time: activateTime });
        if (r.orderId !== null) licenceActivated(ctx, r.orderId, parse14(activateTime));
        return updated;
      });
    },
  };
}
