// @ts-check
/**
 * Buyer actions: play the buyer's side of the marketplace — purchase, pay or cancel an order, renew, upgrade,
 * renew with change, convert a trial, unsubscribe, expire, freeze — and move the virtual clock by any duration.
 * Each form posts to `POST /__admin/actions/<action>`, which delivers the calls that fall due before answering;
 * the answer (order or instance, and the calls it caused) is shown below the forms.
 */
import { admin, adminList } from '../api.js';
import {
  badge,
  debounce,
  field,
  fmtTime,
  fromLocalInput,
  h,
  replace,
  select,
  table,
  timeInput,
} from '../dom.js';
import { PAYMENT_INSTRUMENT_LABELS } from '../settlement-labels.js';
import { autoRenewalForms, buyerSupervisionForm, newAutoRenewDraft } from './buyer-flow-forms.js';

/**
 * @param {import('../app.js').Ctx} ctx
 * @returns {import('../app.js').Page}
 */
export function actionsPage(ctx) {
  /** @type {HTMLElement} */
  let resultBox = h('div');
  /** @type {any[]} */
  let instances = [];
  /** @type {any[]} */
  let pendingOrders = [];
  /** @type {any[]} */
  let buyers = [];
  /** @type {any[]} */
  let supervisions = [];
  const autoRenewDraft = newAutoRenewDraft();
  const supervisionDraft = { step: '', text: '' };
  /** @type {string} */
  let selectedRef = '';
  /** @type {HTMLElement} */
  let dynamic = h('div');

  /** @param {string} code */
  const product = (code) => ctx.products().find((p) => p.code === code);

  /**
   * Shows an action's answer.
   * @param {string} title
   * @param {any} answer
   */
  const show = (title, answer) => {
    const r = answer.result ?? {};
    const jobs = answer.jobs ?? [];
    const summary =
      r.orderId && r.orderType
        ? [`Order ${r.orderId} (${r.orderType}): `, badge(r.state)]
        : r.ref
          ? [`Instance ${r.ref}: `, badge(r.state)]
          : r.order?.orderId
            ? [`Order ${r.order.orderId}: `, badge(r.order.state)]
            : ['Done.'];
    replace(
      resultBox,
      h('h2', null, title),
      h('p', { class: 'result-summary' }, summary),
      jobs.length === 0
        ? h('p', { class: 'muted' }, 'No production call fell due.')
        : table(
            'Production calls caused',
            ['Call', 'Interface', 'Status', 'Reason'],
            jobs.map((/** @type {any} */ j) =>
              h(
                'tr',
                { dataset: { job: j.id } },
                h(
                  'th',
                  { scope: 'row' },
                  h('a', { href: `#/messages?job=${encodeURIComponent(j.id)}` }, j.id),
                ),
                h('td', null, h('code', null, j.interface)),
                h('td', null, badge(j.state)),
                h(
                  'td',
                  null,
                  j.state === 'SUCCEEDED'
                    ? '—'
                    : j.lastProblems.map((/** @type {any} */ p) => `${p.code}: ${p.message}`).join('; ') ||
                        '—',
                ),
              ),
            ),
          ),
    );
    ctx.notify(
      `${title}: ${jobs.length === 0 ? 'no call fell due' : jobs.map((/** @type {any} */ j) => `${j.id} ${j.interface} ${j.state.toLowerCase()}`).join(', ')}.`,
    );
  };

  /**
   * Runs an action from a form's submit button.
   * @param {SubmitEvent} e
   * @param {string} action
   * @param {string} title
   * @param {() => Record<string, unknown>} body
   */
  const submit = (e, action, title, body) => {
    e.preventDefault();
    const button = /** @type {HTMLButtonElement | null} */ (
      e.submitter ?? /** @type {HTMLFormElement} */ (e.target).querySelector('button[type=submit]')
    );
    void ctx.run(button, async () => {
      const answer = await admin(`/actions/${action}`, { body: body() });
      show(title, answer);
      await reload();
    });
  };

  /**
   * `<input type=number>`.
   * @param {Record<string, any>} attrs
   */
  const num = (attrs) => h('input', { type: 'number', inputmode: 'numeric', step: 1, ...attrs });

  /** @param {HTMLElement} root @param {string} sel */
  const val = (root, sel) => /** @type {HTMLInputElement} */ (root.querySelector(sel)).value;
  /** @param {HTMLElement} root @param {string} sel */
  const checked = (root, sel) => /** @type {HTMLInputElement} */ (root.querySelector(sel)).checked;

  const purchaseForm = () => {
    const products = ctx.products();
    const productSel = select(
      products.map(
        (p) =>
          /** @type {[string, string]} */ ([
            p.code,
            `${p.code} — ${p.name} (${p.chargingMode})${p.status.delisted ? ' — delisted' : ''}`,
          ]),
      ),
      products[0]?.code,
    );
    const skuBox = h('div', { class: 'row' });
    const buyerSel = select(
      [
        ['', 'Demo buyer (default)'],
        ...buyers.map(
          (b) => /** @type {[string, string]} */ ([b.customerId, `${b.customerName} (${b.customerId})`]),
        ),
      ],
      '',
    );
    const form = h('form', { id: 'purchase-form', class: 'card', 'aria-labelledby': 'purchase-title' });

    const drawSku = () => {
      const p = product(/** @type {HTMLSelectElement} */ (productSel).value);
      if (p === undefined) return;
      const onDemand = p.chargingMode === 'ON_DEMAND';
      const period = p.chargingMode === 'PERIOD' || p.chargingMode === 'ON_DEMAND_PKG';
      const skuSel = select(
        [
          ...(onDemand ? [/** @type {[string, string]} */ (['', 'Every item'])] : []),
          ...p.skus.map((/** @type {any} */ s) => /** @type {[string, string]} */ ([s.skuCode, s.name])),
        ],
        onDemand ? '' : p.skus[0]?.skuCode,
        { name: 'skuCode' },
      );
      const qty = h('div', { class: 'qty' });
      const drawQty = () => {
        const sku = p.skus.find(
          (/** @type {any} */ s) => s.skuCode === /** @type {HTMLSelectElement} */ (skuSel).value,
        );
        replace(
          qty,
          sku?.linear
            ? field(
                'buy-quantity',
                `Quantity (${sku.linear.name})`,
                num({
                  name: 'linearValue',
                  min: sku.linear.min,
                  max: sku.linear.max,
                  value: sku.linear.default,
                }),
                `${sku.linear.min}–${sku.linear.max}`,
              )
            : null,
        );
      };
      skuSel.addEventListener('change', drawQty);
      replace(
        skuBox,
        field('buy-sku', onDemand ? 'Item' : 'SKU', skuSel),
        qty,
        period
          ? field(
              'buy-period-type',
              'Period',
              select(
                [
                  ['month', 'Monthly'],
                  ['year', 'Yearly'],
                ],
                'month',
                { name: 'periodType' },
              ),
            )
          : null,
        period
          ? field('buy-period-number', 'Periods', num({ name: 'periodNumber', min: 1, max: 99, value: 1 }))
          : null,
        p.trialDays
          ? h(
              'div',
              { class: 'field check' },
              h('input', { type: 'checkbox', id: 'buy-trial', name: 'trial' }),
              h('label', { for: 'buy-trial' }, `Free trial (${p.trialDays} days)`),
            )
          : null,
      );
      drawQty();
    };
    productSel.addEventListener('change', drawSku);

    form.append(
      h('h2', { id: 'purchase-title' }, 'Purchase'),
      h(
        'div',
        { class: 'row' },
        field('buy-product', 'Product', productSel),
        field('buy-buyer', 'Buyer', buyerSel),
      ),
      skuBox,
      h(
        'div',
        { class: 'field check' },
        h('input', { type: 'checkbox', id: 'buy-pay', name: 'autoPay', checked: true }),
        h('label', { for: 'buy-pay' }, 'Pay at once (otherwise the order waits in Pending payment)'),
      ),
      h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, 'Buy')),
    );
    form.addEventListener('submit', (e) =>
      submit(/** @type {SubmitEvent} */ (e), 'purchase', 'Purchase', () => {
        const p = product(/** @type {HTMLSelectElement} */ (productSel).value);
        /** @type {Record<string, unknown>} */
        const body = { productCode: p?.code, autoPay: checked(form, '#buy-pay') };
        const sku = val(form, '#buy-sku');
        if (p?.chargingMode === 'ON_DEMAND') {
          if (sku !== '') body.items = [{ skuCode: sku }];
        } else body.skuCode = sku;
        const qty = form.querySelector('#buy-quantity');
        if (qty !== null) body.linearValue = Number(/** @type {HTMLInputElement} */ (qty).value);
        if (form.querySelector('#buy-period-type') !== null) {
          body.periodType = val(form, '#buy-period-type');
          body.periodNumber = Number(val(form, '#buy-period-number'));
        }
        if (form.querySelector('#buy-trial') !== null && checked(form, '#buy-trial')) {
          body.trial = true;
          delete body.periodType;
          delete body.periodNumber;
        }
        const buyer = /** @type {HTMLSelectElement} */ (buyerSel).value;
        if (buyer !== '') body.buyerId = buyer;
        return body;
      }),
    );
    drawSku();
    return form;
  };

  const ordersForm = () => {
    const form = h('form', { id: 'pay-form', class: 'card', 'aria-labelledby': 'pay-title' });
    const orderSel = select(
      pendingOrders.length === 0
        ? [['', 'No order is waiting for payment']]
        : pendingOrders.map(
            (o) =>
              /** @type {[string, string]} */ ([
                o.orderId,
                `${o.orderId} · ${o.orderType} · ${o.productCode} · ${fmtTime(o.createdAt)}`,
              ]),
          ),
      pendingOrders[0]?.orderId,
    );
    const instrumentSel = select(
      /** @type {Array<[string, string]>} */ (Object.entries(PAYMENT_INSTRUMENT_LABELS)),
      'CASH',
    );
    const none = pendingOrders.length === 0;
    form.append(
      h('h2', { id: 'pay-title' }, 'Pay or cancel an order'),
      field('pay-order', 'Order waiting for payment', orderSel),
      field(
        'pay-instrument',
        'Pay with',
        instrumentSel,
        'credit only where the product allows it (商品管理 › 信控设置)',
      ),
      h(
        'div',
        { class: 'buttons' },
        h('button', { type: 'submit', class: 'primary', value: 'pay', disabled: none }, 'Pay'),
        h('button', { type: 'submit', value: 'cancel-order', disabled: none }, 'Cancel order'),
      ),
    );
    form.addEventListener('submit', (e) => {
      const ev = /** @type {SubmitEvent} */ (e);
      const action =
        /** @type {HTMLButtonElement | null} */ (ev.submitter)?.value === 'cancel-order'
          ? 'cancel-order'
          : 'pay';
      const instrument = /** @type {HTMLSelectElement} */ (instrumentSel).value;
      submit(ev, action, action === 'pay' ? 'Pay' : 'Cancel order', () => ({
        orderId: /** @type {HTMLSelectElement} */ (orderSel).value,
        // §8: a credit-paid order enters settlement once the buyer repays (商品管理 › 信控设置 page).
        ...(action === 'pay' && instrument !== 'CASH' ? { paymentInstrument: instrument } : {}),
      }));
    });
    return form;
  };

  /**
   * Why the instance named in the address (`#/actions?ref=…`) cannot be acted on, or null. Said on the page
   * rather than silently showing another instance.
   */
  let unusableRef = /** @type {string | null} */ (null);

  const instanceForms = () => {
    const usable = instances.filter((i) => i.state !== 'released');
    if (!usable.some((i) => i.ref === selectedRef)) {
      if (selectedRef !== '') {
        const named = instances.find((i) => i.ref === selectedRef || i.instanceId === selectedRef);
        unusableRef =
          named === undefined
            ? `There is no instance ${selectedRef}. Choose an instance above.`
            : `Instance ${named.ref}${named.instanceId ? ` (${named.instanceId})` : ''} is released: no buyer action applies to it any more. Choose another instance above.`;
        selectedRef = '';
      } else if (unusableRef === null) selectedRef = usable[usable.length - 1]?.ref ?? '';
    }
    const sel = select(
      usable.length === 0
        ? [['', 'No instance yet']]
        : [
            ...(unusableRef === null ? [] : [/** @type {[string, string]} */ (['', 'Choose an instance…'])]),
            ...usable
              .slice()
              .reverse()
              .map(
                (i) =>
                  /** @type {[string, string]} */ ([
                    i.ref,
                    `${i.ref}${i.instanceId ? ` (${i.instanceId})` : ''} · ${i.productCode} · ${i.state}${i.trial ? ' · trial' : ''}`,
                  ]),
              ),
          ],
      selectedRef,
    );
    sel.addEventListener('change', () => {
      selectedRef = /** @type {HTMLSelectElement} */ (sel).value;
      unusableRef = null;
      ctx.setParams(`#/actions?ref=${encodeURIComponent(selectedRef)}`);
      replace(dynamic, instancePanel());
    });
    dynamic = h('div', { class: 'instance-panel' });
    replace(dynamic, instancePanel());
    return h(
      'section',
      { class: 'card', 'aria-labelledby': 'inst-title' },
      h('h2', { id: 'inst-title' }, 'Instance actions'),
      field('act-instance', 'Instance', sel),
      dynamic,
    );
  };

  const instancePanel = () => {
    const i = instances.find((x) => x.ref === selectedRef);
    if (i === undefined && unusableRef !== null)
      return h('p', { class: 'notice notice-error unusable-ref', role: 'status' }, unusableRef);
    if (i === undefined) return h('p', { class: 'muted' }, 'Buy a product first.');
    const p = product(i.productCode);
    const skus = p?.skus ?? [];
    // Renewals, upgrades and violation freezes exist for yearly/monthly (PERIOD) instances only.
    const period = i.chargingMode === 'PERIOD';
    /**
     * A one-button action form.
     * @param {string} id
     * @param {string} action
     * @param {string} label
     * @param {string} text
     * @param {Record<string, unknown>} [extra]
     */
    const simple = (id, action, label, text, extra = {}) => {
      const f = h('form', { id, class: 'mini' }, h('p', null, text), h('button', { type: 'submit' }, label));
      f.addEventListener('submit', (e) =>
        submit(/** @type {SubmitEvent} */ (e), action, label, () => ({ ref: i.ref, ...extra })),
      );
      return f;
    };
    /** @param {string} prefix */
    const skuFields = (prefix) => {
      const skuSel = select(
        skus.map((/** @type {any} */ s) => /** @type {[string, string]} */ ([s.skuCode, s.name])),
        i.skuCode,
      );
      const linear = skus.find((/** @type {any} */ s) => s.skuCode === i.skuCode)?.linear;
      return [
        field(`${prefix}-sku`, 'SKU', skuSel),
        linear
          ? field(
              `${prefix}-quantity`,
              `Quantity (${linear.name})`,
              num({ min: linear.min, max: linear.max, value: i.linearValue ?? linear.default }),
            )
          : null,
      ];
    };
    /** @param {string} prefix */
    const periodFields = (prefix) => [
      field(
        `${prefix}-period-type`,
        'Period',
        select(
          [
            ['month', 'Monthly'],
            ['year', 'Yearly'],
          ],
          i.periodType === 'year' ? 'year' : 'month',
        ),
      ),
      field(`${prefix}-period-number`, 'Periods', num({ min: 1, max: 99, value: 1 })),
    ];
    /** @param {HTMLElement} f @param {string} prefix */
    const readSku = (f, prefix) => {
      /** @type {Record<string, unknown>} */
      const out = { skuCode: val(f, `#${prefix}-sku`) };
      const q = f.querySelector(`#${prefix}-quantity`);
      if (q !== null) out.linearValue = Number(/** @type {HTMLInputElement} */ (q).value);
      return out;
    };
    /** @param {HTMLElement} f @param {string} prefix */
    const readPeriod = (f, prefix) => ({
      periodType: val(f, `#${prefix}-period-type`),
      periodNumber: Number(val(f, `#${prefix}-period-number`)),
    });

    const forms = [];
    forms.push(
      h(
        'p',
        { class: 'instance-facts' },
        `${i.ref} is `,
        badge(i.state),
        ` · ${i.chargingMode}${i.trial ? ' trial' : ''} · expires ${fmtTime(i.expireAt)}${i.graceEndsAt ? ` · grace period ends ${fmtTime(i.graceEndsAt)}` : ''}`,
      ),
    );
    if (period && !i.trial && i.state !== 'provisioning') {
      const f = h(
        'form',
        { id: 'renew', class: 'mini' },
        h('p', null, 'Renew (refreshInstance RENEWAL; during the freeze also UNFREEZE).'),
        h('div', { class: 'row' }, periodFields('renew')),
        h('button', { type: 'submit' }, 'Renew'),
      );
      f.addEventListener('submit', (e) =>
        submit(/** @type {SubmitEvent} */ (e), 'renew', 'Renew', () => ({
          ref: i.ref,
          autoPay: true,
          ...readPeriod(f, 'renew'),
        })),
      );
      forms.push(f);
    }
    if (i.trial && i.state !== 'provisioning') {
      const f = h(
        'form',
        { id: 'trial-to-formal', class: 'mini' },
        h('p', null, 'Convert the trial into a subscription (refreshInstance TRIAL_TO_FORMAL).'),
        h('div', { class: 'row' }, periodFields('ttf')),
        h('button', { type: 'submit' }, 'Convert trial'),
      );
      f.addEventListener('submit', (e) =>
        submit(/** @type {SubmitEvent} */ (e), 'trial-to-formal', 'Convert trial', () => ({
          ref: i.ref,
          autoPay: true,
          ...readPeriod(f, 'ttf'),
        })),
      );
      forms.push(f);
    }
    if (i.chargingMode === 'PERIOD' && !i.trial && i.state === 'active') {
      const f = h(
        'form',
        { id: 'upgrade', class: 'mini' },
        h('p', null, 'Upgrade within the current period (upgradeInstance).'),
        h('div', { class: 'row' }, skuFields('upgrade')),
        h('button', { type: 'submit' }, 'Upgrade'),
      );
      f.addEventListener('submit', (e) =>
        submit(/** @type {SubmitEvent} */ (e), 'upgrade', 'Upgrade', () => ({
          ref: i.ref,
          autoPay: true,
          ...readSku(f, 'upgrade'),
        })),
      );
      forms.push(f);
      const g = h(
        'form',
        { id: 'renew-with-change', class: 'mini' },
        h(
          'p',
          null,
          'Renew with a changed configuration (changeInstanceCheck, then refreshInstance RENEWAL_CHANGE; last 30 days of the period only).',
        ),
        h('div', { class: 'row' }, skuFields('rwc'), periodFields('rwc')),
        h('button', { type: 'submit' }, 'Renew with change'),
      );
      g.addEventListener('submit', (e) =>
        submit(/** @type {SubmitEvent} */ (e), 'renew-with-change', 'Renew with change', () => ({
          ref: i.ref,
          autoPay: true,
          ...readSku(g, 'rwc'),
          ...readPeriod(g, 'rwc'),
        })),
      );
      forms.push(g);
    }
    if (i.expireAt !== null && i.expireAt > ctx.clock().now && i.state === 'active') {
      const f = h(
        'form',
        { id: 'expire', class: 'mini' },
        h(
          'p',
          null,
          `Expire: move the virtual clock to the expiry (${fmtTime(i.expireAt)}); the platform then sends updateInstanceStatus FREEZE.`,
        ),
        h('button', { type: 'submit' }, 'Expire'),
      );
      f.addEventListener('submit', (e) => {
        e.preventDefault();
        void ctx.run(
          /** @type {HTMLButtonElement | null} */ (/** @type {SubmitEvent} */ (e).submitter),
          async () => {
            const report = await admin('/clock/advance-to', { body: { time: i.expireAt } });
            ctx.notify(`Clock moved to ${fmtTime(report.to)}: ${i.ref} expired.`);
            await ctx.loadClock();
            await reload();
          },
        );
      });
      forms.push(f);
    }
    if (period && i.state !== 'provisioning' && !i.freezeReasons.includes('VIOLATION')) {
      forms.push(
        simple(
          'violation-freeze',
          'violation-freeze',
          'Freeze',
          'Freeze for a violation (updateInstanceStatus FREEZE when the instance is active).',
        ),
      );
    }
    if (i.freezeReasons.includes('VIOLATION'))
      forms.push(
        simple(
          'violation-unfreeze',
          'violation-unfreeze',
          'Unfreeze',
          'Lift the violation freeze (updateInstanceStatus UNFREEZE).',
        ),
      );
    if (i.state === 'active' || i.state === 'frozen') {
      forms.push(
        simple(
          'unsubscribe',
          'unsubscribe',
          'Unsubscribe',
          'Unsubscribe: an UNSUBSCRIBE order and releaseInstance.',
        ),
      );
      if (period && !i.trial)
        forms.push(
          simple(
            'unsubscribe-renewal',
            'unsubscribe-renewal',
            'Unsubscribe renewal',
            'Give back a renewal period that has not started (refreshInstance UNSUBSCRIBE_RENEWAL_PERIOD).',
          ),
        );
      forms.push(
        simple(
          'open-resource-page',
          'open-resource-page',
          'Open resource page',
          'The buyer opens the resource page (synchronous queryInstance).',
        ),
      );
    }
    if ((i.chargingMode === 'ON_DEMAND' || i.chargingMode === 'ON_DEMAND_PKG') && i.state === 'active') {
      const f = h(
        'form',
        { id: 'record-usage', class: 'mini' },
        h('p', null, 'Record usage on the platform side (what queryInstance reports).'),
        field(
          'usage-value',
          'Usage value',
          h('input', { type: 'number', min: '0.0001', step: 'any', value: 1, required: true }),
        ),
        h('button', { type: 'submit' }, 'Record usage'),
      );
      f.addEventListener('submit', (e) =>
        submit(/** @type {SubmitEvent} */ (e), 'record-usage', 'Record usage', () => ({
          ref: i.ref,
          value: Number(val(f, '#usage-value')),
        })),
      );
      forms.push(f);
    }
    return h('div', { class: 'mini-grid' }, forms);
  };

  const clockForm = () => {
    const by = h('input', {
      type: 'text',
      placeholder: '40d',
      required: true,
      autocomplete: 'off',
      spellcheck: 'false',
    });
    const byForm = h(
      'form',
      { id: 'advance-by', class: 'mini' },
      field('advance-by-input', 'Advance by', by, '90m, 1h30m, 40d, 2w or milliseconds'),
      h('button', { type: 'submit' }, 'Advance'),
    );
    byForm.addEventListener('submit', (e) => {
      e.preventDefault();
      void ctx.run(
        /** @type {HTMLButtonElement | null} */ (/** @type {SubmitEvent} */ (e).submitter),
        async () => {
          const report = await admin('/clock/advance', {
            body: { by: /** @type {HTMLInputElement} */ (by).value.trim() },
          });
          ctx.notify(
            `Business time is now ${fmtTime(report.to)}; work ran at ${report.steps} due instant${report.steps === 1 ? '' : 's'}.`,
          );
          await ctx.loadClock();
          await reload();
        },
      );
    });
    const to = timeInput(ctx.clock().now + 86_400_000, { required: true });
    const toForm = h(
      'form',
      { id: 'advance-to', class: 'mini' },
      field('advance-to-input', 'Advance to', to, 'in the zone chosen at the top'),
      h('button', { type: 'submit' }, 'Advance'),
    );
    toForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const time = fromLocalInput(/** @type {HTMLInputElement} */ (to).value);
      if (time === undefined) {
        ctx.fail(new Error('Enter a date and time to advance to.'));
        return;
      }
      void ctx.run(
        /** @type {HTMLButtonElement | null} */ (/** @type {SubmitEvent} */ (e).submitter),
        async () => {
          const report = await admin('/clock/advance-to', { body: { time } });
          ctx.notify(`Business time is now ${fmtTime(report.to)}.`);
          await ctx.loadClock();
          await reload();
        },
      );
    });
    return h(
      'section',
      { class: 'card', 'aria-labelledby': 'clock-title' },
      h('h2', { id: 'clock-title' }, 'Clock'),
      h(
        'p',
        { class: 'muted' },
        'The +1 h, +1 day and Next job buttons at the top move the virtual clock in steps; every call that falls due on the way is delivered in order.',
      ),
      h('div', { class: 'mini-grid' }, byForm, toForm),
    );
  };

  const buyerForm = () => {
    const name = h('input', { type: 'text', autocomplete: 'off', maxlength: 100 });
    const real = h('input', { type: 'text', autocomplete: 'off', maxlength: 100 });
    const f = h(
      'form',
      { id: 'create-buyer', class: 'card', 'aria-labelledby': 'buyer-title' },
      h('h2', { id: 'buyer-title' }, 'New buyer'),
      h(
        'div',
        { class: 'row' },
        field('buyer-name', 'Account name', name, 'optional'),
        field('buyer-real', 'Real name', real, 'optional'),
      ),
      h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Create buyer')),
    );
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      void ctx.run(
        /** @type {HTMLButtonElement | null} */ (/** @type {SubmitEvent} */ (e).submitter),
        async () => {
          /** @type {Record<string, unknown>} */
          const body = {};
          if (/** @type {HTMLInputElement} */ (name).value.trim())
            body.customerName = /** @type {HTMLInputElement} */ (name).value.trim();
          if (/** @type {HTMLInputElement} */ (real).value.trim())
            body.customerRealName = /** @type {HTMLInputElement} */ (real).value.trim();
          const answer = await admin('/actions/create-buyer', { body });
          ctx.notify(
            `Buyer ${answer.result.customerName} (${answer.result.customerId}) created; choose it in the purchase form.`,
          );
          await reload();
        },
      );
    });
    return f;
  };

  /** @type {HTMLElement} */
  let forms = h('div');
  const reload = async () => {
    [instances, pendingOrders, buyers, supervisions] = await Promise.all([
      adminList('/instances'),
      adminList('/orders', { state: 'PENDING_PAYMENT' }),
      adminList('/buyers'),
      admin('/supervisions'),
    ]);
    const active =
      document.activeElement instanceof HTMLElement && forms.contains(document.activeElement)
        ? document.activeElement.id
        : '';
    replace(
      forms,
      purchaseForm(),
      ordersForm(),
      instanceForms(),
      buyerSupervisionForm(submit, supervisions, supervisionDraft),
      autoRenewalForms(submit, instances, buyers, autoRenewDraft),
      clockForm(),
      buyerForm(),
    );
    if (active !== '') document.getElementById(active)?.focus();
  };

  const refresh = debounce(() => void reload().catch(ctx.fail), 250);

  return {
    title: 'Buyer actions',
    async render(root, params) {
      selectedRef = params.get('ref') ?? '';
      unusableRef = null;
      forms = h('div', { class: 'forms' });
      resultBox = h(
        'section',
        { class: 'card result', 'aria-live': 'polite', 'aria-label': 'Last action' },
        h('p', { class: 'muted' }, 'The answer of the last action shows here.'),
      );
      root.append(
        h('h1', { tabindex: -1 }, 'Buyer actions'),
        h(
          'p',
          { class: 'intro' },
          'Play the buyer. Each action is sent to the admin API, which delivers the production calls that fall due before it answers.',
        ),
        h('div', { class: 'actions-layout' }, forms, resultBox),
      );
      await reload();
      const target = params.get('form');
      if (target !== null) {
        const el = document.getElementById(target);
        el?.scrollIntoView({ block: 'center' });
        /** @type {HTMLElement | null | undefined} */ (el?.querySelector('select, input, button'))?.focus();
      }
    },
    refresh: () => reload(),
    onEvent(e) {
      // Keep the choices current while nobody is typing in a form.
      if (e.type !== 'order.changed' && e.type !== 'instance.changed' && e.type !== 'flow.changed') return;
      const focused = document.activeElement;
      const typing = focused instanceof HTMLInputElement || focused instanceof HTMLSelectElement;
      if (typing && forms.contains(focused)) return;
      refresh();
    },
  };
}
