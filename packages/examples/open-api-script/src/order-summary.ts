// A readable summary of an order-query answer (OrderInfo, protocol reference §8.3).
import type { OrderInfo } from '@koogallery-kit/sdk';

/** The lines printed for one order: type, creation time, buyer, and each order line with its products. */
export function summarizeOrder(order: OrderInfo): string[] {
  const lines = [`order ${order.orderId} (${order.orderType}), created ${order.createTime} UTC`];
  const buyer = order.buyerInfo;
  if (buyer) lines.push(`  buyer ${buyer.customerName ?? buyer.customerId ?? 'unknown'}`);
  for (const line of order.orderLine) {
    const period =
      line.periodType == null
        ? ''
        : `, ${line.periodNumber ?? 1} ${line.periodType}${(line.periodNumber ?? 1) > 1 ? 's' : ''}`;
    const expires = line.expireTime == null || line.expireTime === '' ? '' : `, expires ${line.expireTime}`;
    const amount = line.currencyAfterDiscount == null ? '' : `, paid ${line.currencyAfterDiscount}`;
    lines.push(`  line ${line.orderLineId}: ${line.chargingMode}${period}${expires}${amount}`);
    for (const product of line.productInfo) {
      const quantity = product.linearValue == null ? '' : ` × ${product.linearValue}`;
      lines.push(`    ${product.productName ?? product.productId} (sku ${product.skuCode})${quantity}`);
    }
  }
  return lines;
}
