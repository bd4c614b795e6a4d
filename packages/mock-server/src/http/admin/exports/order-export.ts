/**
 * The order list export (订单管理 > 订单列表 > 导出). The console does not document its columns; the reference
 * proposes the list's columns plus order type, charging mode, amount and supervision status
 * (seller-console.md §1 [P], §10 item 15), which is what this table holds. The rows are the order search's
 * (../order-search.ts) with the same filters.
 */
import type { OrderType } from '../../../engine/model/types';
import { SUPERVISION_NODE_LABELS, type SupervisionNode } from '../../../engine/model/supervision-types';
import { ORDER_SEARCH_PARAMS, readOrderCriteria } from '../order-criteria';
import { ORDER_STATE_TEXT, searchOrders, type OrderSearchRow } from '../order-search';
import { amountOf, labelled, type ExportColumn } from './export-columns';
import { defineExportKind } from './export-kind';
import type { Bilingual } from './export-records';

/** Console labels of the order types. */
export const ORDER_TYPE_TEXT: Readonly<Record<OrderType, Bilingual>> = Object.freeze({
  NEW: { zh: '新购', en: 'New purchase' },
  TRIAL: { zh: '试用', en: 'Trial' },
  TRIAL_TO_FORMAL: { zh: '试用转正', en: 'Trial to formal' },
  RENEW: { zh: '续费', en: 'Renewal' },
  CHANGE: { zh: '变更', en: 'Change' },
  UNSUBSCRIBE: { zh: '退订', en: 'Unsubscription' },
});

/** Console labels of the charging modes. */
export const CHARGING_MODE_TEXT: Readonly<Record<string, Bilingual>> = Object.freeze({
  PERIOD: { zh: '包周期', en: 'Yearly/Monthly' },
  ONE_TIME: { zh: '按次', en: 'One-time' },
  ON_DEMAND: { zh: '按需', en: 'Pay-per-use' },
  ON_DEMAND_PKG: { zh: '按需套餐包', en: 'Pay-per-use package' },
});

/** Supervision node labels: the console's Chinese names, and their English glosses. */
const SUPERVISION_TEXT = Object.fromEntries(
  Object.entries(SUPERVISION_NODE_LABELS).map(([node, label]) => {
    const [, zh = label, en = label] = /^(\S+) \((.+)\)$/.exec(label) ?? [];
    return [node, { zh, en }];
  }),
) as Record<SupervisionNode, Bilingual>;

const state = labelled(ORDER_STATE_TEXT);
const orderType = labelled(ORDER_TYPE_TEXT);
const chargingMode = labelled(CHARGING_MODE_TEXT);
const supervision = labelled(SUPERVISION_TEXT);

/** The columns of the order list export. */
export const ORDER_EXPORT_COLUMNS: readonly ExportColumn<OrderSearchRow>[] = Object.freeze([
  { key: 'orderId', zh: '订单号', en: 'Order No.', type: 'text', value: (r) => r.orderId, width: 26 },
  {
    key: 'orderType',
    zh: '订单类型',
    en: 'Order Type',
    type: 'text',
    value: (r, l) => orderType(r.orderType, l),
  },
  { key: 'state', zh: '订单状态', en: 'Order Status', type: 'text', value: (r, l) => state(r.state, l) },
  {
    key: 'productName',
    zh: '商品名称',
    en: 'Product Name',
    type: 'text',
    value: (r) => r.productName,
    width: 24,
  },
  { key: 'skuCodes', zh: '规格编码', en: 'SKU Code', type: 'text', value: (r) => r.skuCodes.join(' ') },
  {
    key: 'customerRealName',
    zh: '客户名称',
    en: 'Customer Name',
    type: 'text',
    value: (r) => r.customerRealName,
  },
  { key: 'customerName', zh: '用户名', en: 'User Name', type: 'text', value: (r) => r.customerName },
  { key: 'createdAt', zh: '创建时间', en: 'Created', type: 'time', value: (r) => r.createdAt, width: 20 },
  { key: 'paidAt', zh: '支付时间', en: 'Paid', type: 'time', value: (r) => r.paidAt, width: 20 },
  {
    key: 'completedAt',
    zh: '完成时间',
    en: 'Completed',
    type: 'time',
    value: (r) => r.completedAt,
    width: 20,
  },
  {
    key: 'chargingMode',
    zh: '计费模式',
    en: 'Billing Mode',
    type: 'text',
    value: (r, l) => chargingMode(r.chargingMode, l),
  },
  { key: 'amount', zh: '订单金额(元)', en: 'Amount (CNY)', type: 'amount', value: (r) => amountOf(r.amount) },
  {
    key: 'supervisionNode',
    zh: '服务监管状态',
    en: 'Supervision Status',
    type: 'text',
    value: (r, l) => supervision(r.supervisionNode as SupervisionNode | null, l),
    width: 20,
  },
  {
    key: 'relatedOrderId',
    zh: '关联订单号',
    en: 'Related Order No.',
    type: 'text',
    value: (r) => r.relatedOrderId,
  },
  { key: 'canceledAt', zh: '取消时间', en: 'Canceled', type: 'time', value: (r) => r.canceledAt, width: 20 },
  { key: 'cancelReason', zh: '取消原因', en: 'Cancel Reason', type: 'text', value: (r) => r.cancelReason },
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
