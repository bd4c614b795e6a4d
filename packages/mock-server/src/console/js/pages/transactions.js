// @ts-check
/**
 * 结算管理 > 交易明细管理 (transaction details, seller-console reference §5): one tab per product type; filters by
 * order No., billing period (账期), customer account, bill status, customer repayment status, supervision status
 * and transaction time; each row expands to its bill details and effective time; 已出账 / 未出账 with the reason a
 * row is not billed; 查看账单 opens the bill (greyed out while the row is in none); 导出 exports the filtered rows
 * (`kind: transactions`) to 导出记录.
 *
 * Rows appear as the seller console shows them: by default (cn timing, §10.3) a day's rows from 08:00 business
 * time the next day. "Also rows not visible yet" asks the admin API for every row (`all=true`), a mock-only view.
 */
import { admin, queryOf } from '../api.js';
import {
  debounce,
  dl,
  field,
  fmtTime,
  fromLocalInput,
  h,
  money,
  pager,
  pill,
  replace,
  select,
  table,
  tabs,
  timeInput,
  zoneLabel,
} from '../dom.js';
import {
  BILL_FLAG_LABELS,
  PAYMENT_INSTRUMENT_LABELS,
  PRODUCT_TYPE_LABELS,
  REPAYMENT_STATUS_LABELS,
  SUPERVISION_STATUS_LABELS,
  TRANSACTION_TYPE_LABELS,
  UNBILLED_REASON_LABELS,
  labelOf,
  optionsOf,
} from '../settlement-labels.js';
import { exportControls } from './export-history.js';

const PAGE = 100;

/** Filters kept in the page address (besides the tab, `productType`). */
const KEYS = [
  'orderId',
  'billingPeriod',
  'customer',
  'billStatus',
  'repaymentStatus',
  'supervisionStatus',
  'from',
  'to',
  'all',
];

/** Link to the bill holding a row. @param {string} productType @param {string} billId */
export const billHref = (productType, billId) => `#/bills${queryOf({ productType, bill: billId })}`;

/**
 * @param {import('../app.js').Ctx} ctx
 * @returns {import('../app.js').Page}
 */
export function transactionsPage(ctx) {
  /** @type {Record<string, string>} */
  let criteria = {};
  let productType = 'general';
  let offset = 0;
  /** Rows whose details are open. */
  const open = new Set();
  /** @type {any} */
  let page = { items: [], total: 0, hidden: 0, timing: 'cn' };
  let list = h('div');
  let count = h('p');
  let tabBox = h('div');

  const address = () =>
    ctx.setParams(`#/transactions${queryOf({ productType, ...criteria, offset: offset || undefined })}`);

  /** The bill-details cell of an expanded row. @param {any} r */
  const details = (r) =>
    h(
      'div',
      { class: 'detail-grid' },
      h(
        'section',
        { 'aria-label': `Bill details of ${r.rowId}` },
        h('h3', null, 'Bill details (账单详情)'),
        dl([
          [
            'Bill (账单)',
            r.billId === null
              ? '— (not billed yet)'
              : `${r.billId} · ${PRODUCT_TYPE_LABELS[/** @type {'general'} */ (r.productType)]}`,
          ],
          ['Billing period (账期)', r.billingPeriod],
          [
            'Effective time (生效时间)',
            r.effectiveAt === null ? '— (not in effect yet)' : fmtTime(r.effectiveAt),
          ],
          ['交易金额', money(r.amount)],
          ['平台服务费', money(r.platformFee)],
          ['应结算金额', money(r.settlementAmount)],
          [
            'Not billed because',
            r.unbilledReason === null ? null : labelOf(UNBILLED_REASON_LABELS, r.unbilledReason),
          ],
        ]),
      ),
      h(
        'section',
        { 'aria-label': `Transaction ${r.rowId}` },
        h('h3', null, 'Transaction'),
        dl([
          ['Row', r.rowId],
          ['Order type', r.orderType],
          ['Related order', r.relatedOrderId],
          ['Instance', r.instanceRef],
          ['SKU', r.skuCode === '' ? null : h('span', { class: 'sku' }, r.skuCode)],
          ['Charging mode', r.chargingMode],
          ['Usage', r.usage === null ? null : `${r.usage.quantity} × ${r.usage.unitPrice} CNY`],
          ['Paid with', labelOf(PAYMENT_INSTRUMENT_LABELS, r.paymentInstrument)],
          ['Repaid', r.repaidAt === null ? null : fmtTime(r.repaidAt)],
          ['Shown from', fmtTime(r.visibleAt)],
        ]),
      ),
    );

  /** @param {any} r */
  const rows = (r) => {
    const isOpen = open.has(r.rowId);
    const toggle = h(
      'button',
      {
        type: 'button',
        class: 'link expand',
        'aria-expanded': isOpen ? 'true' : 'false',
        'aria-label': `${isOpen ? 'Hide' : 'Show'} the bill details of ${r.rowId}`,
        dataset: { fkey: `expand-${r.rowId}` },
      },
      isOpen ? '▾' : '▸',
    );
    toggle.addEventListener('click', () => {
      if (open.has(r.rowId)) open.delete(r.rowId);
      else open.add(r.rowId);
      draw();
    });
    const flag = pill(
      labelOf(BILL_FLAG_LABELS, r.billStatus),
      r.billStatus === 'BILLED' ? 'ok' : 'wait',
      r.billStatus,
    );
    const viewBill =
      r.billId === null
        ? h(
            'span',
            { class: 'link-disabled', 'aria-disabled': 'true', title: 'No bill holds this row yet' },
            '查看账单',
          )
        : h(
            'a',
            {
              href: billHref(r.productType, r.billId),
              'aria-label': `查看账单 ${r.billId} (row ${r.rowId})`,
            },
            '查看账单',
          );
    const main = h(
      'tr',
      { dataset: { row: r.rowId, order: r.orderId, bill: r.billStatus } },
      h('td', null, toggle),
      h('th', { scope: 'row' }, r.orderId),
      h('td', null, labelOf(TRANSACTION_TYPE_LABELS, r.transactionType)),
      h('td', null, r.productName || r.productCode, h('div', { class: 'muted small' }, r.productCode)),
      h('td', null, r.customerName || r.customerId, h('div', { class: 'muted small' }, r.customerId)),
      h('td', { class: 'time' }, fmtTime(r.transactionAt)),
      h('td', { class: 'num amount' }, money(r.amount)),
      h('td', { class: 'num amount' }, money(r.settlementAmount)),
      h('td', null, labelOf(REPAYMENT_STATUS_LABELS, r.repaymentStatus)),
      h('td', null, labelOf(SUPERVISION_STATUS_LABELS, r.supervisionStatus)),
      h(
        'td',
        { class: 'status' },
        flag,
        r.unbilledReason === null
          ? null
          : h('div', { class: 'small muted reason' }, labelOf(UNBILLED_REASON_LABELS, r.unbilledReason)),
        r.billingPeriod === null ? null : h('div', { class: 'small' }, `账期 ${r.billingPeriod}`),
      ),
      h('td', null, viewBill),
    );
    return isOpen
      ? [
          main,
          h('tr', { class: 'detail', dataset: { detailOf: r.rowId } }, h('td', { colspan: 12 }, details(r))),
        ]
      : [main];
  };

  const draw = () => {
    const { items, total, hidden } = page;
    count.textContent =
      (total === 0
        ? 'No transaction matches.'
        : `${total} row${total === 1 ? '' : 's'}; showing ${offset + 1}–${offset + items.length}.`) +
      (hidden > 0 && criteria.all !== 'true'
        ? ` ${hidden} more ${hidden === 1 ? 'is' : 'are'} not visible yet (${page.timing === 'cn' ? 'a day’s rows are shown from 08:00 the next day' : 'shown after the bill day'}).`
        : '');
    replace(
      list,
      table(
        `Transaction details, ${labelOf(PRODUCT_TYPE_LABELS, productType)}`,
        [
          '',
          'Order no. (订单号)',
          'Type',
          'Product',
          'Customer account',
          `Transaction time (${zoneLabel()})`,
          '交易金额',
          '应结算金额',
          '客户还款状态',
          '服务监管状态',
          'Bill status (账期)',
          'Operation',
        ],
        items.flatMap(rows),
        { captionHidden: true, empty: 'No transaction matches.' },
      ),
      pager(offset, total, PAGE, (o) => {
        offset = o;
        address();
        void search();
      }),
    );
  };

  const search = async () => {
    try {
      page = await admin(`/transactions${queryOf({ productType, ...criteria, limit: PAGE, offset })}`);
      draw();
    } catch (error) {
      ctx.fail(error);
    }
  };

  const drawTabs = () =>
    replace(
      tabBox,
      tabs('Product type', Object.entries(PRODUCT_TYPE_LABELS), productType, (v) => {
        productType = v;
        offset = 0;
        open.clear();
        address();
        drawTabs();
        void search();
      }),
    );

  const refresh = debounce(() => void search(), 250);

  return {
    title: 'Transaction details',
    async render(root, params) {
      criteria = {};
      for (const k of KEYS) {
        const v = params.get(k);
        if (v !== null && v !== '') criteria[k] = v;
      }
      productType = params.get('productType') === 'joint-operations' ? 'joint-operations' : 'general';
      offset = Number(params.get('offset') ?? 0) || 0;

      const text = (/** @type {string} */ k, /** @type {Record<string, any>} */ attrs = {}) =>
        h('input', {
          type: 'search',
          value: criteria[k] ?? '',
          autocomplete: 'off',
          spellcheck: 'false',
          ...attrs,
        });
      const orderId = text('orderId');
      const period = text('billingPeriod', {
        pattern: '\\d{6}',
        placeholder: 'YYYYMM',
        inputmode: 'numeric',
      });
      const customer = text('customer');
      const billStatus = select(optionsOf(BILL_FLAG_LABELS, 'Any'), criteria.billStatus ?? '');
      const repayment = select(optionsOf(REPAYMENT_STATUS_LABELS, 'Any'), criteria.repaymentStatus ?? '');
      const supervision = select(
        optionsOf(SUPERVISION_STATUS_LABELS, 'Any'),
        criteria.supervisionStatus ?? '',
      );
      const from = timeInput(criteria.from ? Number(criteria.from) : undefined);
      const to = timeInput(criteria.to ? Number(criteria.to) : undefined);
      const all = h('input', { type: 'checkbox', checked: criteria.all === 'true' });

      const read = () => {
        /** @type {Record<string, string>} */
        const c = {};
        const put = (/** @type {string} */ k, /** @type {HTMLElement} */ el) => {
          const v = /** @type {HTMLInputElement} */ (el).value.trim();
          if (v !== '') c[k] = v;
        };
        put('orderId', orderId);
        put('billingPeriod', period);
        put('customer', customer);
        put('billStatus', billStatus);
        put('repaymentStatus', repayment);
        put('supervisionStatus', supervision);
        const f = fromLocalInput(/** @type {HTMLInputElement} */ (from).value);
        const t = fromLocalInput(/** @type {HTMLInputElement} */ (to).value);
        if (f !== undefined) c.from = String(f);
        // "to" names a minute: include all of it (the route's `to` is exclusive).
        if (t !== undefined) c.to = String(t + 60_000);
        if (/** @type {HTMLInputElement} */ (all).checked) c.all = 'true';
        return c;
      };

      const form = h(
        'form',
        { class: 'search card', role: 'search', 'aria-label': 'Search transaction details' },
        h(
          'div',
          { class: 'row' },
          field('t-order', 'Order no. (订单号)', orderId),
          field('t-period', 'Billing period (账期)', period, 'YYYYMM'),
          field('t-customer', 'Customer account (客户账号)', customer, 'customer id or account name, exact'),
          field('t-bill', 'Bill status (出账状态)', billStatus),
          field('t-repayment', 'Repayment status (客户还款状态)', repayment),
          field('t-supervision', 'Supervision status (服务监管状态)', supervision),
          h(
            'div',
            { class: 'range', role: 'group', 'aria-label': 'Transaction time' },
            field('t-from', `From (${zoneLabel()})`, from),
            field('t-to', `To (${zoneLabel()})`, to),
          ),
          h(
            'div',
            { class: 'field check' },
            all,
            h('label', { for: 't-all' }, 'Also rows not visible yet (mock only)'),
          ),
        ),
        h(
          'div',
          { class: 'buttons' },
          h('button', { type: 'submit', class: 'primary' }, 'Search'),
          h('button', { type: 'reset' }, 'Clear'),
        ),
      );
      all.id = 't-all';
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        criteria = read();
        offset = 0;
        address();
        void search();
      });
      form.addEventListener('reset', () =>
        setTimeout(() => {
          criteria = {};
          offset = 0;
          address();
          void search();
        }),
      );
      const exporter = exportControls(ctx, 'transactions-export', [
        {
          id: 'transactions-export-button',
          label: '导出 (export)',
          kind: 'transactions',
          filters: () => {
            const { all: _all, ...rest } = read();
            return { productType, ...rest };
          },
        },
      ]);

      tabBox = h('div');
      count = h('p', { class: 'summary', id: 'transactions-count', role: 'status' });
      list = h('div', { class: 'list' });
      root.append(
        h('h1', { tabindex: -1 }, 'Settlement › Transaction details (结算管理 › 交易明细管理)'),
        h(
          'p',
          { class: 'intro' },
          'One row per transaction: new purchases, renewals, changes, unsubscriptions (refunds) and each day of pay-per-use consumption. Trial orders are not shown. 已出账 rows are in a bill (查看账单); 未出账 rows say why not.',
        ),
        tabBox,
        form,
        h('div', { class: 'toolbar' }, exporter),
        count,
        list,
      );
      drawTabs();
      await search();
    },
    refresh: () => search(),
    onEvent(e) {
      if (e.type === 'order.changed' || e.type === 'flow.changed' || e.type === 'clock.advanced') refresh();
    },
  };
}
