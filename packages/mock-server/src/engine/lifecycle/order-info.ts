/**
 * Renders an order as the order-query Open API returns it (§8.3 OrderInfo): `yyyyMMddHHmmss` UTC times, amounts
 * as strings, absent values as JSON `null`, `customerType` 0 like the platform's mock orders.
 */
import { formatUtcCompact } from '../time/business-time';
import type { BuyerRecord, ExtendParam, OrderRecord, OrderType } from '../model/types';

/** §8.3 ProductInfo. */
export interface OrderInfoProduct {
  productId: string;
  skuCode: string;
  linearValue: number | null;
  productName: string;
}

/** §8.3 OrderLine. */
export interface OrderInfoLine {
  orderLineId: string;
  chargingMode: string;
  expireTime: string | null;
  periodType: string | null;
  periodNumber: number | null;
  productInfo: OrderInfoProduct[];
  extendParams: ExtendParam[];
  currency: string;
  currencyAfterDiscount: string;
}

/** §8.3 BuyerInfo: the buyer record without the mock's own fields. */
export type OrderInfoBuyer = Omit<BuyerRecord, 'seq' | 'gracePeriodDays' | 'createdAt'>;

/** §8.3 OrderInfo. */
export interface OrderInfo {
  orderId: string;
  orderType: OrderType;
  createTime: string;
  orderLine: OrderInfoLine[];
  buyerInfo: OrderInfoBuyer | null;
  extendParams: ExtendParam[];
}

/**
 * The order-query view of `order`; `orderLineId` restricts the lines like the API's parameter (an unknown line
 * gives an empty `orderLine`).
 */
export function toOrderInfo(
  order: OrderRecord,
  buyer: BuyerRecord | undefined,
  orderLineId?: string,
): OrderInfo {
  const lines = order.lines.filter((l) => orderLineId === undefined || l.orderLineId === orderLineId);
  return {
    orderId: order.orderId,
    orderType: order.orderType,
    createTime: formatUtcCompact(order.createdAt),
    orderLine: lines.map((l) => ({
      orderLineId: l.orderLineId,
      chargingMode: l.chargingMode,
      expireTime: l.expireAt === null ? null : formatUtcCompact(l.expireAt),
      periodType: l.periodType,
      periodNumber: l.periodNumber,
      productInfo: l.productInfo.map((p) => ({ ...p })),
      extendParams: l.extendParams.map((p) => ({ ...p })),
      currency: l.currency,
      currencyAfterDiscount: l.currencyAfterDiscount,
    })),
    buyerInfo:
      buyer === undefined
        ? null
        : {
            customerId: buyer.customerId,
            customerName: buyer.customerName,
            customerRealName: buyer.customerRealName,
            customerType: buyer.customerType,
            mobilePhone: buyer.mobilePhone,
            email: buyer.email,
            userId: buyer.userId,
            userName: buyer.userName,
          },
    extendParams: order.extendParams.map((p) => ({ ...p })),
  };
}
