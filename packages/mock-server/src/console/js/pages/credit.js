// @ts-check
/**
 * 商品管理 > 信控设置 (credit payment switches, seller-console reference §8): per product the two 全量用户 toggles —
 * 授信现金券支付 (credit cash coupon) and 信用额度支付 (credit limit) — and the 自定义用户 whitelist of customers
 * allowed to pay by credit limit while it is off. They apply to joint-operations goods; general goods show them
 * off and locked.
 *
 * An order paid on credit enters settlement only once the buyer has repaid (§8): below, the mock's buyers repay
 * (a buyer action) the credit orders still unpaid.
 */
import { admin, queryOf } from '../api.js';
import { debounce, fmtTime, h, money, replace, table } from '../dom.js';
import { PAYMENT_INSTRUMENT_LABELS, PRODUCT_TYPE_LABELS, labelOf } from '../settlement-labels.js';

/**
 * @param {import('../app.js').Ctx} ctx
 * @returns {import('../app.js').Page}
 */
export function creditPage(ctx) {
  let settingsBox = h('div');
  let repayBox = h('div');

  /** @param {HTMLButtonElement} button @param {Record<string, unknown>} body @param {string} done */
  const save = (button, body, done) =>
    ctx.run(button, async () => {
      await admin('/actions/set-credit-settings', { body });
      ctx.notify(done);
      await reload();
    });

  /** @param {any} s */
  const row = (s) => {
    const joint = s.productType === 'joint-operations';
    const product = ctx.products().find((p) => p.code === s.productCode);
    /** @param {'creditCoupon' | 'creditLimit'} key @param {string} label */
    const toggle = (key, label) => {
      const input = h('input', {
        type: 'checkbox',
        role: 'switch',
        checked: s[key],
        disabled: !joint,
        'aria-label': `${label}: ${s.productCode}`,
        dataset: { fkey: `${key}-${s.productCode}` },
      });
      input.addEventListener(
        'change',
        () =>
          void save(
            /** @type {HTMLButtonElement} */ (/** @type {unknown} */ (input)),
            { productCode: s.productCode, [key]: /** @type {HTMLInputElement} */ (input).checked },
            `${label} ${/** @type {HTMLInputElement} */ (input).checked ? 'on' : 'off'} for ${s.productCode}.`,
          ),
      );
      return h('label', { class: 'switch' }, input, h('span', null, s[key] ? '开启 (on)' : '关闭 (off)'));
    };
    const list = h('input', {
      type: 'text',
      value: s.creditLimitWhitelist.join(', '),
      disabled: !joint,
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-label': `自定义用户 (customer ids, comma separated): ${s.productCode}`,
    });
    const set = h(
      'button',
      { type: 'button', disabled: !joint, 'aria-label': `设置 the whitelist of ${s.productCode}` },
      '设置',
    );
    set.addEventListener(
      'click',
      () =>
        void save(
          /** @type {HTMLButtonElement} */ (set),
          {
            productCode: s.productCode,
            creditLimitWhitelist: /** @type {HTMLInputElement} */ (list).value
              .split(/[\s,]+/)
              .filter((x) => x !== ''),
          },
          `Credit-limit whitelist of ${s.productCode} saved.`,
        ),
    );
    return h(
      'tr',
      { dataset: { product: s.productCode, type: s.productType } },
      h('th', { scope: 'row' }, s.productCode, h('div', { class: 'muted small' }, product?.name ?? '')),
      h('td', null, labelOf(PRODUCT_TYPE_LABELS, s.productType)),
      h('td', null, toggle('creditCoupon', '授信现金券支付')),
      h('td', null, toggle('creditLimit', '信用额度支付')),
      h('td', null, h('div', { class: 'buttons' }, list, set)),
      h('td', { class: 'time' }, fmtTime(s.updatedAt)),
    );
  };

  const reload = async () => {
    const [settings, unpaid] = await Promise.all([
      admin(`/credit-settings${queryOf({ limit: 10000 })}`),
      admin(`/transactions${queryOf({ repaymentStatus: 'UNPAID', all: 'true', limit: 10000 })}`),
    ]);
    replace(
      settingsBox,
      table(
        '全量用户设置 and 自定义用户设置, per product',
        [
          'Product',
          'Product type',
          '授信现金券支付',
          '信用额度支付',
          '自定义用户 (信用额度支付 whitelist)',
          'Changed',
        ],
        settings.items.map(row),
        { empty: 'No product in the catalog.' },
      ),
    );
    /** @type {Map<string, any>} */
    const orders = new Map();
    for (const r of unpaid.items) if (!orders.has(r.orderId)) orders.set(r.orderId, r);
    const buyers = [...new Set([...orders.values()].map((r) => r.customerId))];
    replace(
      repayBox,
      table(
        'Credit orders not repaid',
        ['Order no.', 'Customer', 'Product', 'Paid with', 'Amount', 'Paid', 'Buyer action'],
        [...orders.values()].map((r) => {
          const repay = h(
            'button',
            { type: 'button', 'aria-label': `Repay order ${r.orderId}` },
            'Repay (还款)',
          );
          repay.addEventListener(
            'click',
            () =>
              void ctx.run(/** @type {HTMLButtonElement} */ (repay), async () => {
                await admin('/actions/repay', { body: { orderId: r.orderId } });
                ctx.notify(`Order ${r.orderId} repaid: it enters settlement in the next bill run.`);
                await reload();
              }),
          );
          return h(
            'tr',
            { dataset: { order: r.orderId } },
            h('th', { scope: 'row' }, r.orderId),
            h('td', null, r.customerName || r.customerId),
            h('td', null, r.productCode),
            h('td', null, labelOf(PAYMENT_INSTRUMENT_LABELS, r.paymentInstrument)),
            h('td', { class: 'num amount' }, money(r.amount)),
            h('td', { class: 'time' }, fmtTime(r.transactionAt)),
            h('td', null, repay),
          );
        }),
        { empty: 'No credit order is waiting for repayment. Pay an order with credit on Buyer actions.' },
      ),
      buyers.length > 1
        ? h(
            'div',
            { class: 'buttons' },
            buyers.map((buyerId) => {
              const all = h('button', { type: 'button' }, `Repay everything of ${buyerId}`);
              all.addEventListener(
                'click',
                () =>
                  void ctx.run(/** @type {HTMLButtonElement} */ (all), async () => {
                    await admin('/actions/repay', { body: { buyerId } });
                    ctx.notify(`Every credit order of ${buyerId} repaid.`);
                    await reload();
                  }),
              );
              return all;
            }),
          )
        : null,
    );
  };

  const refresh = debounce(() => void reload().catch(ctx.fail), 250);

  return {
    title: 'Credit settings',
    async render(root) {
      settingsBox = h('section', { 'aria-label': 'Credit payment switches' });
      repayBox = h('section', { 'aria-labelledby': 'repay-title' });
      root.append(
        h('h1', { tabindex: -1 }, 'Product management › Credit settings (商品管理 › 信控设置)'),
        h(
          'p',
          { class: 'intro' },
          'When a switch is on, Huawei Cloud customers may pay the product with that instrument; such orders are settled to you only after the customer has repaid. Switches apply to joint-operations (联营) goods; switching one off later stops credit-paid renewals.',
        ),
        settingsBox,
        h('h2', { id: 'repay-title' }, 'Buyer: repay credit (mock buyer action)'),
        repayBox,
      );
      await reload();
    },
    refresh: () => reload(),
    onEvent(e) {
      if (e.type === 'flow.changed' || e.type === 'order.changed' || e.type === 'product.changed') refresh();
    },
  };
}
