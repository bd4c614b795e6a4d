/**
 * Columns several exports share, under the same console labels: the order and product of a row, and the
 * amounts and times of a transaction-detail row or a bill line (seller-console.md §5, §6.2).
 */
import { amountColumn, labelColumn, textColumn, timeColumn } from './export-columns';
import {
  CHARGING_MODE_TEXT,
  ORDER_TYPE_TEXT,
  PAYMENT_INSTRUMENT_TEXT,
  PRODUCT_TYPE_TEXT,
  TRANSACTION_TYPE_TEXT,
} from './labels';

export const ORDER_NO = textColumn('orderId', '订单号', 'Order No.', 26);
export const ORDER_TYPE = labelColumn('orderType', '订单类型', 'Order Type', ORDER_TYPE_TEXT);
export const RELATED_ORDER_NO = textColumn('relatedOrderId', '关联订单号', 'Related Order No.');
export const PRODUCT_NAME = textColumn('productName', '商品名称', 'Product Name', 24);
export const CHARGING_MODE = labelColumn('chargingMode', '计费模式', 'Billing Mode', CHARGING_MODE_TEXT);
export const PRODUCT_TYPE = labelColumn('productType', '商品类型', 'Product Type', PRODUCT_TYPE_TEXT);
export const BILL_ID = textColumn('billId', '账单ID', 'Bill ID');

export const TRANSACTION_TYPE = labelColumn(
  'transactionType',
  '交易类型',
  'Transaction Type',
  TRANSACTION_TYPE_TEXT,
);

/**
 * The columns of a transaction that the transaction details and a bill's lines both show, in this order: the
 * product, the customer account, the times and amounts (§6.2: 交易金额, 应结算金额), the payment method.
 */
export const TRANSACTION_LINE_COLUMNS = Object.freeze([
  PRODUCT_NAME,
  textColumn('skuCode', '规格编码', 'SKU Code'),
  CHARGING_MODE,
  textColumn('customerName', '客户账号', 'Customer Account'),
  timeColumn('transactionAt', '交易时间', 'Transaction Time'),
  timeColumn('effectiveAt', '生效时间', 'Effective Time'),
  amountColumn('amount', '交易金额(元)', 'Transaction Amount (CNY)'),
  amountColumn('platformFee', '平台服务费(元)', 'Platform Fee (CNY)'),
  amountColumn('settlementAmount', '应结算金额(元)', 'Amount to Settle (CNY)'),
  labelColumn('paymentInstrument', '支付方式', 'Payment Method', PAYMENT_INSTRUMENT_TEXT),
]);
