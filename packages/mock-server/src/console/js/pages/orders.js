// @ts-check
/**
 * Orders, as on the seller console's order list (§11.6): search by order no., customer, product, creation time,
 * status and type; details of one order (order, product, customer, the calls it caused); export of the filtered
 * list as CSV (made by `GET /__admin/order-search.csv`, so the file matches the list exactly); 导出 of the filtered
 * list as the consoles do it (an export record, `kind: orders`, downloaded from 导出记录).
 */
import { admin, adminList, queryOf } from '../api.js';
import {
  badge,
  debounce,
  dl,
  field,
  fmtTime,
  fromLocalInput,
  h,
  replace,
  saveBlob,
  select,
  table,
  money,
  pager,
  timeInput,
  zoneLabel,
  zoneOffset,
} from '../dom.js';
import { exportControls } from './export-history.js';

const PAGE = 50;

const STATES = /** @type {Array<[string, string]>} */ ([
  ['', 'Any status'],
  ['PENDING_PAYMENT', 'Pending payment'],
  ['PROCESSING', 'Processing'],
  ['COMPLETED', 'Completed'],
  ['CANCELED', 'Canceled'],
]);

const TYPES = /** @type {Array<[string, string]>} */ ([
  ['', 'Any type'],
  ['NEW', 'New purchase'],
  ['TRIAL', 'Trial'],
  ['TRIAL_TO_FORMAL', 'Trial to formal'],
  ['RENEW', 'Renewal'],
  ['CHANGE', 'Change (upgrade)'],
  ['UNSUBSCRIBE', 'Unsubscribe'],
]);

/** Search parameters kept in the page address. */
const KEYS = ['orderId', 'customer', 'product', 'state', 'orderType', 'createdFrom', 'createdTo'];

/**
 * @param {import('../app.js').Ctx} ctx
 * @returns {import('../app.js').Page}
 */
export function ordersPage(ctx) {
  /** @type {Record<string, string>} */
  let criteria = {};
  let offset = 0;
  /** @type {string | null} */
  let selected = null;
  /** @type {HTMLElement} */
  let list = h('div');
  /** @type {HTMLElement} */
  let detail = h('div');
  /** @type {HTMLElement} */
  let count = h('p');

  const address = () => {
    const q = { ...criteria, offset: offset || undefined, order: selected ?? undefined };
    ctx.setParams(`#/orders${queryOf(q)}`);
  };

  /** @param {any} r */
  const row = (r) =>
    h(
      'tr',
      { dataset: { order: r.orderId, state: r.state }, class: r.orderId === selected ? 'selected' : null },
      h(
        'th',
        { scope: 'row' },
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            dataset: { fkey: `order-${r.orderId}` },
            'aria-label': `Details of order ${r.orderId}`,
            'aria-controls': 'order-detail',
            onclick: () => {
              selected = r.orderId;
              address();
              void drawDetail().catch(ctx.fail);
              drawList();
            },
          },
          r.orderId,
        ),
      ),
      h('td', null, r.orderType),
      h('td', { class: 'status' }, badge(r.state)),
      h('td', null, r.productName || r.productCode, h('div', { class: 'muted small' }, r.productCode)),
      h('td', null, r.customerName || r.buyerId, h('div', { class: 'muted small' }, r.buyerId)),
      h('td', { class: 'time' }, fmtTime(r.createdAt)),
      h('td', { class: 'num amount' }, money(r.amount)),
      h(
        'td',
        null,
        r.instanceRefs.map((/** @type {string} */ ref, /** @type {number} */ k) => [
          k > 0 ? ', ' : null,
          h('a', { href: `#/timeline?instance=${encodeURIComponent(ref)}` }, ref),
        ]),
      ),
      h('td', null, r.supervisionNode ?? '—'),
      h(
        'td',
        { class: 'kit' },
        r.kit === null
          ? '—'
          : `${r.kit.openedViaKit ? 'opened' : 'not opened'} · ${r.kit.activeUsers}/${r.kit.authorisedUsers} active (${r.kit.activityDegree})`,
      ),
    );

  /** @type {any} */
  let page = { items: [], total: 0, offset: 0 };

  const drawList = () => {
    const { items, total } = page;
    count.textContent =
      total === 0
        ? 'No order matches.'
        : `${total} order${total === 1 ? '' : 's'}; showing ${offset + 1}–${offset + items.length}, newest first.`;
    replace(
      list,
      table(
        'Orders',
        [
          'Order no.',
          'Type',
          'Status',
          'Product',
          'Customer',
          `Created (${zoneLabel()})`,
          'Amount',
          'Instances',
          'Supervision',
          'Kit activity',
        ],
        items.map(row),
        {
          captionHidden: true,
          empty: 'No order matches the search.',
        },
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
      page = await admin(`/order-search${queryOf({ ...criteria, limit: PAGE, offset })}`);
      if (page.items.length === 0 && offset > 0 && page.total > 0) {
        offset = Math.max(0, Math.floor((page.total - 1) / PAGE) * PAGE);
        page = await admin(`/order-search${queryOf({ ...criteria, limit: PAGE, offset })}`);
      }
      drawList();
    } catch (error) {
      ctx.fail(error);
    }
  };

  const drawDetail = async () => {
    if (selected === null) {
      replace(detail);
      return;
    }
    if (selected.trim() === '') {
      // `#/orders?order=` with no number: say so, rather than asking the admin API for an empty id.
      replace(
        detail,
        h(
          'div',
          { class: 'card empty-selection', role: 'status' },
          h('h2', null, 'No order chosen'),
          h(
            'p',
            null,
            'The address names no order number (order= is empty). Choose an order in the list, or search by its number.',
          ),
        ),
      );
      return;
    }
    const id = selected;
    const [order, jobs] = await Promise.all([
      admin(`/orders/${encodeURIComponent(id)}`),
      adminList('/jobs', { orderId: id }),
    ]);
    /** @type {any} */
    let buyer = null;
    try {
      buyer = await admin(`/buyers/${encodeURIComponent(order.buyerId)}`);
    } catch {
      buyer = null;
    }
    const info = await admin(`/orders/${encodeURIComponent(id)}/info`);
    const close = h(
      'button',
      { type: 'button', class: 'small', 'aria-label': `Close the details of ${id}` },
      'Close',
    );
    close.addEventListener('click', () => {
      selected = null;
      address();
      replace(detail);
      drawList();
    });
    replace(
      detail,
      h(
        'section',
        {
          class: 'card detail-card',
          id: 'order-detail',
          'aria-labelledby': 'order-detail-title',
          dataset: { order: id },
        },
        h(
          'div',
          { class: 'card-head' },
          h('h2', { id: 'order-detail-title', tabindex: -1 }, `Order ${id}`),
          close,
        ),
        h(
          'div',
          { class: 'detail-grid' },
          h(
            'section',
            { 'aria-label': 'Order' },
            h('h3', null, 'Order'),
            dl([
              ['Order no.', order.orderId],
              ['Type', order.orderType],
              ['Status', badge(order.state)],
              ['Created', fmtTime(order.createdAt)],
              ['Paid', fmtTime(order.paidAt)],
              ['Completed', fmtTime(order.completedAt)],
              [
                'Canceled',
                order.canceledAt === null ? null : `${fmtTime(order.canceledAt)} (${order.cancelReason})`,
              ],
              ['Related order', order.relatedOrderId],
              ['Automatic unsubscribe order', order.autoUnsubscribeOrderId],
              ['Instances', order.instanceRefs.join(', ')],
            ]),
            h('h4', null, 'History'),
            h(
              'ol',
              { class: 'history' },
              order.history.map((/** @type {any} */ e) =>
                h('li', null, `${fmtTime(e.at)} · ${e.action}: ${e.from ?? 'new'} → ${e.to}`),
              ),
            ),
          ),
          h(
            'section',
            { 'aria-label': 'Product' },
            h('h3', null, 'Product'),
            order.lines.map((/** @type {any} */ l) =>
              dl([
                ['Order line', l.orderLineId],
                ['Charging mode', l.chargingMode],
                ['Period', l.periodType === null ? null : `${l.periodNumber} × ${l.periodType}`],
                ['Expires', fmtTime(l.expireAt)],
                ['Product', l.productInfo.map((/** @type {any} */ p) => p.productName).join('; ')],
                ['Product id', l.productInfo.map((/** @type {any} */ p) => p.productId).join('; ')],
                [
                  'SKU',
                  h(
                    'span',
                    { class: 'sku' },
                    l.productInfo.map((/** @type {any} */ p) => p.skuCode).join('; '),
                  ),
                ],
                ['Quantity', l.productInfo.map((/** @type {any} */ p) => p.linearValue ?? '—').join('; ')],
                ['List price', money(l.currency)],
                ['Paid', money(l.currencyAfterDiscount)],
                [
                  'Custom parameters',
                  l.extendParams.map((/** @type {any} */ p) => `${p.name}=${p.value}`).join(', '),
                ],
              ]),
            ),
          ),
          h(
            'section',
            { 'aria-label': 'Customer' },
            h('h3', null, 'Customer'),
            buyer === null
              ? h('p', { class: 'muted' }, `Buyer ${order.buyerId} is no longer stored.`)
              : dl([
                  ['Customer id', buyer.customerId],
                  ['Account name', buyer.customerName],
                  ['Real name', buyer.customerRealName],
                  ['Customer type', String(buyer.customerType)],
                  ['Mobile', buyer.mobilePhone],
                  ['E-mail', buyer.email],
                  ['IAM user', buyer.userName],
                ]),
          ),
        ),
        h('h3', null, 'Production calls'),
        jobs.length === 0
          ? h('p', { class: 'muted' }, 'This order caused no production call.')
          : h(
              'ul',
              { class: 'inline-list' },
              jobs.map((/** @type {any} */ j) =>
                h(
                  'li',
                  null,
                  h('a', { href: `#/messages?job=${encodeURIComponent(j.id)}` }, `${j.id} ${j.interface}`),
                  ' ',
                  badge(j.state),
                ),
              ),
              h(
                'li',
                null,
                h('a', { href: `#/timeline?order=${encodeURIComponent(id)}` }, 'Timeline of this order'),
              ),
            ),
        h(
          'details',
          null,
          h('summary', null, 'As the order-query Open API returns it'),
          h('pre', { class: 'body', tabindex: 0 }, JSON.stringify(info, null, 2)),
        ),
      ),
    );
  };

  const exportCsv = async () => {
    const res = await admin(`/order-search.csv${queryOf({ ...criteria, tz: zoneOffset() })}`, { raw: true });
    const disposition = res.headers.get('Content-Disposition') ?? '';
    const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'koogallery-orders.csv';
    saveBlob(await res.blob(), name);
    ctx.notify(`Exported ${page.total} order${page.total === 1 ? '' : 's'} to ${name}.`);
  };

  const refresh = debounce(() => {
    void search();
    if (selected !== null) void drawDetail().catch(ctx.fail);
  }, 200);

  return {
    title: 'Orders',
    async render(root, params) {
      criteria = {};
      for (const k of KEYS) {
        const v = params.get(k);
        if (v !== null && v !== '') criteria[k] = v;
      }
      offset = Number(params.get('offset') ?? 0) || 0;
      selected = params.get('order');

      const products = ctx.products();
      const orderId = h('input', {
        type: 'search',
        value: criteria.orderId ?? '',
        autocomplete: 'off',
        spellcheck: 'false',
      });
      const customer = h('input', { type: 'search', value: criteria.customer ?? '', autocomplete: 'off' });
      const product = select(
        [
          ['', 'Any product'],
          ...products.map((p) => /** @type {[string, string]} */ ([p.code, `${p.code} — ${p.name}`])),
        ],
        criteria.product ?? '',
      );
      const state = select(STATES, criteria.state ?? '');
      const type = select(TYPES, criteria.orderType ?? '');
      const from = timeInput(criteria.createdFrom ? Number(criteria.createdFrom) : undefined);
      const to = timeInput(criteria.createdTo ? Number(criteria.createdTo) : undefined);
      const exportButton = h('button', { type: 'button', id: 'orders-export' }, 'Export CSV');
      const form = h(
        'form',
        { class: 'search card', role: 'search', 'aria-label': 'Search orders' },
        h(
          'div',
          { class: 'row' },
          field('q-order', 'Order no.', orderId, 'part of the number'),
          field('q-customer', 'Customer', customer, 'id, account or real name'),
          field('q-product', 'Product', product),
          field('q-state', 'Status', state),
          field('q-type', 'Order type', type),
          // The two ends of the range wrap together, never "Created to" alone on a row.
          h(
            'div',
            { class: 'range', role: 'group', 'aria-label': 'Creation time' },
            field('q-from', `Created from (${zoneLabel()})`, from),
            field('q-to', `Created to (${zoneLabel()})`, to),
          ),
        ),
        h(
          'div',
          { class: 'buttons' },
          h('button', { type: 'submit', class: 'primary' }, 'Search'),
          h('button', { type: 'reset' }, 'Clear'),
          exportButton,
        ),
      );
      const read = () => {
        /** @type {Record<string, string>} */
        const c = {};
        const put = (/** @type {string} */ k, /** @type {string} */ v) => {
          if (v.trim() !== '') c[k] = v.trim();
        };
        put('orderId', /** @type {HTMLInputElement} */ (orderId).value);
        put('customer', /** @type {HTMLInputElement} */ (customer).value);
        put('product', /** @type {HTMLSelectElement} */ (product).value);
        put('state', /** @type {HTMLSelectElement} */ (state).value);
        put('orderType', /** @type {HTMLSelectElement} */ (type).value);
        const f = fromLocalInput(/** @type {HTMLInputElement} */ (from).value);
        // "to" names a minute: include all of it.
        const t = fromLocalInput(/** @type {HTMLInputElement} */ (to).value);
        if (f !== undefined) c.createdFrom = String(f);
        if (t !== undefined) c.createdTo = String(t + 59_999);
        return c;
      };
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        criteria = read();
        offset = 0;
        address();
        void search();
      });
      form.addEventListener('reset', () => {
        setTimeout(() => {
          criteria = {};
          offset = 0;
          address();
          void search();
        });
      });
      exportButton.addEventListener('click', (e) => {
        void ctx.run(/** @type {HTMLButtonElement} */ (e.currentTarget), async () => {
          criteria = read();
          offset = 0;
          address();
          await search();
          await exportCsv();
        });
      });

      count = h('p', { class: 'summary', id: 'orders-count', role: 'status' });
      list = h('div', { class: 'list' });
      detail = h('div', { class: 'detail' });
      root.append(
        h('h1', { tabindex: -1 }, 'Orders'),
        h(
          'p',
          { class: 'intro' },
          "The seller console's order list. Order statuses are the console's (Pending payment, Processing, Completed, Canceled); the seller's API only sees order types.",
        ),
        form,
        h(
          'div',
          { class: 'toolbar' },
          // The consoles' own export (导出 → 导出记录 → 下载): xlsx or CSV with the console's column names.
          exportControls(ctx, 'orders-export', [
            { id: 'orders-export-record', label: '导出 (export to 导出记录)', kind: 'orders', filters: read },
          ]),
        ),
        count,
        list,
        detail,
      );
      await search();
      if (selected !== null) await drawDetail().catch(ctx.fail);
    },
    async refresh() {
      await search();
      if (selected !== null) await drawDetail();
    },
    onEvent(e) {
      if (e.type === 'order.changed' || (selected !== null && e.job?.refs?.orderId === selected)) refresh();
    },
  };
}
