// @ts-check
/**
 * Instances: state, expiry, freeze and grace period, usage pushed by the seller (a small chart per pay-per-use
 * instance), and the buyer's quick actions on each (renew, expire, freeze, unfreeze, unsubscribe); actions that
 * need choices (upgrade, renewal with change) open the Buyer actions page with the instance selected.
 */
import { admin, adminList, queryOf } from '../api.js';
import { badge, debounce, field, fmtTime, h, replace, select, table } from '../dom.js';
import { usageChart } from '../svg.js';

const STATES = /** @type {Array<[string, string]>} */ ([
  ['', 'All states'],
  ['provisioning', 'Provisioning'],
  ['active', 'Active'],
  ['frozen', 'Frozen'],
  ['released', 'Released'],
]);

/**
 * Plays an instance action through the admin API and reports the calls it caused.
 * @param {import('../app.js').Ctx} ctx
 * @param {string} action
 * @param {Record<string, unknown>} body
 */
export async function playAction(ctx, action, body) {
  const answer = await admin(`/actions/${action}`, { body });
  const jobs = answer.jobs.map(
    (/** @type {any} */ j) =>
      `${j.id} ${j.interface}: ${j.state.toLowerCase()}${j.lastProblems.length > 0 && j.state !== 'SUCCEEDED' ? ` (${j.lastProblems.map((/** @type {any} */ p) => p.code).join(', ')})` : ''}`,
  );
  const result = answer.result;
  const what =
    result?.orderId && result?.orderType
      ? `order ${result.orderId} (${result.orderType}) is ${String(result.state).toLowerCase().replace('_', ' ')}`
      : result?.ref
        ? `instance ${result.ref} is ${result.state}`
        : 'done';
  ctx.notify(`${action}: ${what}.`, jobs.length > 0 ? jobs : ['No production call was needed.']);
  return answer;
}

/**
 * @param {import('../app.js').Ctx} ctx
 * @returns {import('../app.js').Page}
 */
export function instancesPage(ctx) {
  let stateFilter = '';
  let productFilter = '';
  /** @type {HTMLElement} */
  let list = h('div');
  /** @type {Map<string, any>} */
  const usage = new Map();

  /** @param {any} i */
  const chartCell = (i) => {
    if (i.chargingMode !== 'ON_DEMAND' && i.chargingMode !== 'ON_DEMAND_PKG')
      return h('span', { class: 'muted' }, '—');
    const log = usage.get(i.ref);
    const records = log?.items ?? [];
    return h(
      'div',
      { class: 'usage' },
      h('div', null, `${i.usage.total} in ${i.usage.records} record${i.usage.records === 1 ? '' : 's'}`),
      i.chargingMode === 'ON_DEMAND'
        ? usageChart(
            records,
            `Usage pushed for ${i.ref}: ${records.length} record${records.length === 1 ? '' : 's'}, total ${i.usage.total}`,
          )
        : null,
      i.usage.lastAt ? h('div', { class: 'muted small' }, `last ${fmtTime(i.usage.lastAt)}`) : null,
    );
  };

  /**
   * @param {any} i
   * @param {string} label
   * @param {string} action
   * @param {Record<string, unknown>} body
   * @param {string} [confirmText]
   */
  const actionButton = (i, label, action, body, confirmText) =>
    h(
      'button',
      {
        type: 'button',
        class: 'small',
        dataset: { fkey: `${action}-${i.ref}`, action },
        'aria-label': `${label} ${i.ref}`,
        onclick: (/** @type {Event} */ e) => {
          if (confirmText !== undefined && !window.confirm(confirmText)) return;
          void ctx.run(/** @type {HTMLButtonElement} */ (e.currentTarget), async () => {
            await playAction(ctx, action, { ref: i.ref, ...body });
            await draw();
          });
        },
      },
      label,
    );

  /** @param {any} i */
  const actions = (i) => {
    if (i.state === 'released') return h('span', { class: 'muted' }, '—');
    // Renewals, upgrades and violation freezes exist for yearly/monthly (PERIOD) instances only.
    const period = i.chargingMode === 'PERIOD';
    const expire =
      i.expireAt !== null && i.state === 'active' && i.expireAt > ctx.clock().now
        ? h(
            'button',
            {
              type: 'button',
              class: 'small',
              dataset: { fkey: `expire-${i.ref}`, action: 'expire' },
              'aria-label': `Expire ${i.ref}: move the clock to its expiry`,
              title: 'Moves the virtual clock to the expiry time; the platform then freezes the instance.',
              onclick: (/** @type {Event} */ e) =>
                ctx.run(/** @type {HTMLButtonElement} */ (e.currentTarget), async () => {
                  const report = await admin('/clock/advance-to', { body: { time: i.expireAt } });
                  ctx.notify(`Clock moved to the expiry of ${i.ref} (${fmtTime(report.to)}).`);
                  await ctx.loadClock();
                  await draw();
                }),
            },
            'Expire',
          )
        : null;
    return h(
      'div',
      { class: 'buttons' },
      period && i.state !== 'provisioning' && !i.trial
        ? actionButton(i, 'Renew', 'renew', { autoPay: true })
        : null,
      i.trial && i.state !== 'provisioning'
        ? actionButton(i, 'Convert trial', 'trial-to-formal', { autoPay: true })
        : null,
      i.state === 'active' && !i.trial && period
        ? h(
            'a',
            {
              class: 'button small',
              href: `#/actions?ref=${encodeURIComponent(i.ref)}&form=upgrade`,
              'aria-label': `Upgrade ${i.ref}`,
            },
            'Upgrade…',
          )
        : null,
      expire,
      period && i.state !== 'provisioning' && !i.freezeReasons.includes('VIOLATION')
        ? actionButton(i, 'Freeze', 'violation-freeze', {})
        : null,
      i.freezeReasons.includes('VIOLATION') ? actionButton(i, 'Unfreeze', 'violation-unfreeze', {}) : null,
      i.state !== 'provisioning'
        ? actionButton(
            i,
            'Unsubscribe',
            'unsubscribe',
            {},
            `Unsubscribe ${i.ref}? The seller receives releaseInstance.`,
          )
        : null,
      h(
        'a',
        {
          class: 'small',
          href: `#/timeline?instance=${encodeURIComponent(i.ref)}`,
          'aria-label': `Timeline of ${i.ref}`,
        },
        'Timeline',
      ),
    );
  };

  /** @param {any} i */
  const row = (i) =>
    h(
      'tr',
      { dataset: { ref: i.ref, state: i.state } },
      h(
        'th',
        { scope: 'row' },
        i.ref,
        h('div', { class: 'muted small' }, i.instanceId ?? 'no instanceId yet'),
      ),
      h(
        'td',
        null,
        i.productCode,
        h('div', { class: 'muted small sku' }, i.skuCode),
        i.linearValue !== null ? h('div', { class: 'muted small' }, `quantity ${i.linearValue}`) : null,
      ),
      h('td', null, i.chargingMode, i.trial ? h('div', { class: 'muted small' }, 'trial') : null),
      h(
        'td',
        { class: 'status' },
        badge(i.state),
        i.freezeReasons.length > 0
          ? h('div', { class: 'muted small' }, i.freezeReasons.join(', ').toLowerCase())
          : null,
        i.releaseReason
          ? h('div', { class: 'muted small' }, i.releaseReason.toLowerCase().replace('_', ' '))
          : null,
      ),
      h('td', { class: 'time' }, fmtTime(i.expireAt)),
      h('td', { class: 'time' }, i.graceEndsAt ? fmtTime(i.graceEndsAt) : '—'),
      h('td', null, chartCell(i)),
      h('td', { class: 'actions' }, actions(i)),
    );

  const draw = async () => {
    const items = await adminList('/instances', {
      state: stateFilter || undefined,
      productCode: productFilter || undefined,
    });
    await Promise.all(
      items
        .filter((/** @type {any} */ i) => i.chargingMode === 'ON_DEMAND')
        .map(async (/** @type {any} */ i) =>
          usage.set(
            i.ref,
            await admin(`/instances/${encodeURIComponent(i.ref)}/usage${queryOf({ limit: 10000 })}`),
          ),
        ),
    );
    replace(
      list,
      table(
        'Instances, newest first',
        [
          'Instance',
          'Product / SKU',
          'Charging',
          'State',
          'Expires',
          'Grace period ends',
          'Usage pushed',
          'Actions',
        ],
        items.slice().reverse().map(row),
        { captionHidden: true, empty: 'No instance matches. Buy a product on the Buyer actions page.' },
      ),
    );
  };

  const redraw = debounce(() => void draw().catch(ctx.fail), 150);

  return {
    title: 'Instances',
    async render(root, params) {
      stateFilter = params.get('state') ?? '';
      productFilter = params.get('product') ?? '';
      const stateSel = select(STATES, stateFilter);
      const productSel = select(
        [
          ['', 'All products'],
          ...ctx.products().map((p) => /** @type {[string, string]} */ ([p.code, `${p.code} — ${p.name}`])),
        ],
        productFilter,
      );
      const apply = () => {
        stateFilter = /** @type {HTMLSelectElement} */ (stateSel).value;
        productFilter = /** @type {HTMLSelectElement} */ (productSel).value;
        ctx.setParams(`#/instances${queryOf({ state: stateFilter, product: productFilter })}`);
        redraw();
      };
      stateSel.addEventListener('change', apply);
      productSel.addEventListener('change', apply);
      list = h('div', { class: 'list' });
      root.append(
        h('h1', { tabindex: -1 }, 'Instances'),
        h(
          'p',
          { class: 'intro' },
          'SaaS instances as the platform tracks them. Expire moves the virtual clock to the expiry: the platform then sends updateInstanceStatus FREEZE, ' +
            'and releaseInstance when the grace period ends without a renewal.',
        ),
        h(
          'div',
          { class: 'filters', role: 'search', 'aria-label': 'Filter instances' },
          field('inst-state', 'State', stateSel),
          field('inst-product', 'Product', productSel),
        ),
        list,
      );
      await draw();
    },
    refresh: () => draw(),
    onEvent(e) {
      if (e.type === 'instance.changed' || e.type === 'clock.advanced') redraw();
    },
  };
}
