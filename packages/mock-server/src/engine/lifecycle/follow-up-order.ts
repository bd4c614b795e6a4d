/** Forward follow-up orders (RENEW, TRIAL_TO_FORMAL, CHANGE) of one instance. */
import type { EngineContext } from '../context';
import { createOrder, forwardLine, newOrderId } from './orders';
import type { InstanceRecord, OrderRecord, OrderTarget } from '../model/types';
import { payIf } from './payment';

/** Creates a forward follow-up order for the instance, paid at once when `autoPay` is true. */
export function followUpOrder(
  ctx: EngineContext,
  instance: InstanceRecord,
  orderType: 'RENEW' | 'TRIAL_TO_FORMAL' | 'CHANGE',
  target: OrderTarget,
  total: number,
  expireAt: number | null,
  autoPay: boolean | undefined,
): OrderRecord {
  const order = ctx.unit(() => {
    const orderId = newOrderId(ctx);
    return createOrder(ctx, {
      orderId,
      orderType,
      state: 'PENDING_PAYMENT',
      productCode: instance.productCode,
      buyerId: instance.buyerId,
      instanceRefs: [instance.ref],
      target,
      lines: [
        forwardLine({
          orderId,
          chargingMode: instance.chargingMode,
          periodType: target.periodType,
          periodNumber: target.periodNumber,
          expireAt,
          products: [
            {
              productId: target.productId,
              skuCode: target.skuCode,
              linearValue: target.linearValue,
              productName: ctx.catalog.productName(instance.productCode, target.skuCode),
            },
          ],
          extendParams: [],
          amount: total,
        }),
      ],
    });
  });
  return payIf(ctx, order, autoPay);
}
