// @ts-check
/**
 * Outbox and product health: the e-mails the platform would have sent the seller (a failed call, an order
 * judged failed, a delisting, failed lifecycle probing — §11.2, §11.3) and each product's monthly counter of
 * failed orders (more than 5 in a month and the product is delisted), with Relist once the seller fixed the
 * interface.
 */
import { admin, adminList } from '../api.js';
import { badge, debounce, fmtTime, h, replace, table, zoneOffset } from '../dom.js';

const KIND_LABELS = Object.freeze({
  CALL_FAILED: 'Call failed',
  ORDER_FAILED: 'Order failed',
  PRODUCT_DELISTED: 'Product delisted',
  PRODUCT_TRADING_FROZEN: 'Trading frozen',
  PROBE_FAILED: 'Probing failed',
  JOB_GAVE_UP: 'Retries exhausted',
});

/**
 * `yyyy-MM` of business time `ms` in the console's zone.
 * @param {number} ms
 */
function monthKey(ms) {
  const d = new Date(ms + zoneOffset(ms) * 60_000);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * @param {import('../app.js').Ctx} ctx
 * @returns {import('../app.js').Page}
 */
export function outboxPage(ctx) {
  /** @type {HTMLElement} */
  let products = h('div');
  /** @type {HTMLElement} */
  let messages = h('div');

  /** @param {any} p */
  const productRow = (p) => {
    const st = p.status;
    const month = monthKey(ctx.clock().now);
    const failed = st.failedOrdersByMonth[month] ?? 0;
    const months = Object.entries(st.failedOrdersByMonth)
      .filter(([m]) => m !== month)
      .sort(([a], [b]) => (a < b ? 1 : -1))
      .slice(0, 3)
      .map(([m, n]) => `${m}: ${n}`)
      .join(', ');
    const down = st.delisted || st.tradingFrozen;
    return h(
      'tr',
      { dataset: { product: p.code } },
      h('th', { scope: 'row' }, p.code, h('div', { class: 'muted small' }, p.name)),
      h(
        'td',
        { class: 'num failed-orders', dataset: { count: String(failed) } },
        h('strong', null, String(failed)),
        months ? h('div', { class: 'muted small' }, `earlier: ${months}`) : null,
      ),
      h(
        'td',
        { class: 'status' },
        st.delisted
          ? [
              badge('CANCELED'),
              h(
                'div',
                { class: 'small' },
                `delisted ${fmtTime(st.delistedAt)} (${String(st.delistReason).toLowerCase().replace('_', ' ')})`,
              ),
            ]
          : st.tradingFrozen
            ? [badge('frozen'), h('div', { class: 'small' }, `trading frozen ${fmtTime(st.tradingFrozenAt)}`)]
            : h('span', { class: 'badge badge-ok' }, 'On sale'),
      ),
      h('td', null, st.probeFailedDays.length === 0 ? '—' : st.probeFailedDays.slice(-5).join(', ')),
      h(
        'td',
        { class: 'actions' },
        down
          ? h(
              'button',
              {
                type: 'button',
                class: 'small',
                dataset: { fkey: `relist-${p.code}` },
                'aria-label': `Relist ${p.code}`,
                onclick: (/** @type {Event} */ e) =>
                  ctx.run(/** @type {HTMLButtonElement} */ (e.currentTarget), async () => {
                    await admin(`/products/${encodeURIComponent(p.code)}/relist`, { body: {} });
                    ctx.notify(`${p.code} is on sale again.`);
                    await draw();
                  }),
              },
              'Relist',
            )
          : '—',
      ),
    );
  };

  /** @param {any} m */
  const messageItem = (m) =>
    h(
      'li',
      { class: 'mail', dataset: { message: m.id, kind: m.kind } },
      h(
        'details',
        null,
        h(
          'summary',
          null,
          h('span', { class: 'mail-time' }, fmtTime(m.at)),
          ' ',
          h(
            'span',
            {
              class: `badge badge-${m.kind === 'CALL_FAILED' || m.kind === 'PROBE_FAILED' ? 'wait' : 'bad'}`,
            },
            /** @type {Record<string, string>} */ (KIND_LABELS)[m.kind] ?? m.kind,
          ),
          ' ',
          h('span', { class: 'mail-subject' }, m.subject),
        ),
        h('p', { class: 'muted small' }, `To ${m.to}`),
        h('pre', { class: 'mail-text' }, m.text),
        h(
          'p',
          { class: 'small' },
          m.refs.jobId
            ? h('a', { href: `#/messages?job=${encodeURIComponent(m.refs.jobId)}` }, `Call ${m.refs.jobId}`)
            : null,
          m.refs.jobId && m.refs.orderId ? ' · ' : null,
          m.refs.orderId
            ? h(
                'a',
                { href: `#/orders?order=${encodeURIComponent(m.refs.orderId)}` },
                `Order ${m.refs.orderId}`,
              )
            : null,
        ),
      ),
    );

  const draw = async () => {
    await ctx.loadProducts();
    const mails = await adminList('/outbox');
    replace(
      products,
      table(
        'Products',
        [
          'Product',
          `Failed orders in ${monthKey(ctx.clock().now)}`,
          'Marketplace status',
          'Probing failed on',
          'Actions',
        ],
        ctx.products().map(productRow),
        { captionHidden: true },
      ),
    );
    replace(
      messages,
      mails.length === 0
        ? h('p', { class: 'muted' }, 'No e-mail yet: every call so far was accepted.')
        : h('ol', { class: 'mails', reversed: true }, mails.slice().reverse().map(messageItem)),
    );
  };

  const redraw = debounce(() => void draw().catch(ctx.fail), 200);

  return {
    title: 'Outbox',
    async render(root) {
      products = h('div', { class: 'list' });
      messages = h('div', { class: 'list' });
      root.append(
        h('h1', { tabindex: -1 }, 'Outbox'),
        h(
          'p',
          { class: 'intro' },
          'The platform e-mails the seller about every failed call. More than 5 orders failed by interface errors in a month and the product is delisted (§11.2).',
        ),
        h('h2', null, 'Products'),
        products,
        h('h2', null, 'E-mails to the seller'),
        messages,
      );
      await draw();
    },
    refresh: () => draw(),
    onEvent(e) {
      if (e.type === 'outbox.message' || e.type === 'product.changed' || e.type === 'clock.advanced')
        redraw();
    },
  };
}
