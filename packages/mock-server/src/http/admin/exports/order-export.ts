/**
 * The order list export (订单管理 > 订单列表 > 导出). The console does not document its columns; the reference
 * proposes the list's columns plus order type, charging mode, amount and supervision status
 * (seller-console.md §1 [P], §10 item 15), which is what this table holds. The rows are the order search's
 * (../order-search.ts) with the same filters.
 */
import { ORDER_SEARCH_PARAMS, readOrderCriteria } from '../order-criteria';
import { ORDER_STATE_TEXT, searchOrders, type OrderSearchRow } from '../order-search';
import { CHARGING_MODE, ORDER_NO, ORDER_TYPE, PRODUCT_NAME, RELATED_ORDER_NO } from './common-columns';
import { amountColumn, labelColumn, textColumn, timeColumn, type ExportColumn } from './export-columns';
import { defineExportKind } from './export-kind';
import { SUPERVISION_TEXT } from './labels';

/** The columns of the order list export. */
export const ORDER_EXPORT_COLUMNS: readonly ExportColumn<OrderSearchRow>[] = Object.freeze([
  ORDER_NO,
  ORDER_TYPE,
  labelColumn('state', '订单状态', 'Order Status', ORDER_STATE_TEXT),
  PRODUCT_NAME,
  {
    key: 'skuCodes',
    zh: '规格编码',
    en: 'SKU Code',
    type: 'text',
    value: (r: OrderSearchRow) => r.skuCodes.join(' '),
  },
  textColumn('customerRealName', '客户名称', 'Customer Name'),
  textColumn('customerName', '用户名', 'User Name'),
  timeColumn('createdAt', '创建时间', 'Created'),
  timeColumn('paidAt', '支付时间', 'Paid'),
  timeColumn('completedAt', '完成时间', 'Completed'),
  CHARGING_MODE,
  amountColumn('amount', '订单金额(元)', 'Amount (CNY)'),
  labelColumn('supervisionNode', '服务监管状态', 'Supervision Status', SUPERVISION_TEXT, 20),
  RELATED_ORDER_NO,
  timeColumn('canceledAt', '取消时间', 'Canceled'),
  textColumn('cancelReason', '取消原因', 'Cancel Reason'),
]);

/** The order list export. */
export const ORDER_EXPORT = defineExportKind({
  kind: 'orders',
  title: { zh: '订单列表', en: 'Order list' },
  slug: 'orders',
  filterParams: ORDER_SEARCH_PARAMS,
  columns: ORDER_EXPORT_COLUMNS,
  readFilters: readOrderCriteria,
  rows: searchOrders,
});
