// @ts-check
/**
 * 结算管理 > 账单管理 (bills, seller-console reference §6): one tab per product type; the monthly bills with their
 * status (§6.4); 详情 with the basic information, every line (交易金额, 平台服务费, 应结算金额, §6.2) and the
 * timeline of status changes; 确认账单 for bills dated before 2024-12-24 (§6.3); 导出 (the bill) and 详单导出 (its
 * lines) to 导出记录.
 *
 * The platform's operators move a bill through countersigning and payment. The mock plays them: their actions
 * (advance, reject, fail, resolve) sit in a separate, clearly marked box and are recorded on the timeline as
 * `operator`. At 待开票 (joint-operations goods, §6.5) advancing is the seller issuing the invoice to Huawei.
 */
import { admin, queryOf } from '../api.js';
import {
  debounce,
  dl,
  field,
  fmtTime,
  h,
  money,
  pill,
  replace,
  select,
  table,
  tabs,
  zoneLabel,
} from '../dom.js';
import {
  BILL_ACTION_LABELS,
  BILL_STATUS_LABELS,
  BILL_STATUS_TONES,
  PAYMENT_INSTRUMENT_LABELS,
  PRODUCT_TYPE_LABELS,
  TRANSACTION_TYPE_LABELS,
  labelOf,
  toneOf,
  optionsOf,
} from '../settlement-labels.js';
import { exportControls, startExport } from './export-history.js';

/** Operator actions, in the order of the flow. */
const OPERATOR_ACTIONS = /** @type {const} */ (['advance', 'reject', 'fail', 'resolve']);

/** A bill's status pill. @param {any} b */
export const billPill = (b) =>
  pill(b.statusLabel ?? labelOf(BILL_STATUS_LABELS, b.status), toneOf(BILL_STATUS_TONES, b.status), b.status);

/**
 * @param {import('../app.js').Ctx} ctx
 * @returns {import('../app.js').Page}
 */
export function billsPage(ctx) {
  let productType = 'general';
  let status = '';
  /** @type {string | null} */
  let selected = null;
  let list = h('div');
  let detail = h('div');
  let tabBox = h('div');
  let facts = h('p');

  const address = () =>
    ctx.setParams(`#/bills${queryOf({ productType, status, bill: selected ?? undefined })}`);

  const select_ = (/** @type {string | null} */ billId) => {
    selected = billId;
    address();
    void Promise.all([drawList(), drawDetail()]).catch(ctx.fail);
  };

  /** Runs a bill action and redraws. @param {HTMLButtonElement} button @param {string} action @param {any} b @param {string} [note] */
  const move = (button, action, b, note) =>
    ctx.run(button, async () => {
      const name = `${action}-bill`;
      const answer = await admin(`/actions/${name}`, {
        body: { billId: b.billId, productType: b.productType, ...(note ? { note } : {}) },
      });
      const moved = answer.result;
      ctx.notify(`Bill ${b.billId}: ${b.statusLabel} → ${moved.statusLabel}.`);
      await Promise.all([drawList(), drawDetail()]);
    });

  /** 确认账单 with its 确定 step (§6.2: list → 确认账单 → details → 确认账单 → 确定). @param {any} b */
  const confirmBox = (b) => {
    const box = h('div', { class: 'buttons' });
    const ask = h(
      'button',
      { type: 'button', class: 'primary', id: 'bill-confirm' },
      '确认账单 (confirm the bill)',
    );
    ask.addEventListener('click', () => {
      const ok = h('button', { type: 'button', class: 'primary', id: 'bill-confirm-ok' }, '确定 (confirm)');
      const cancel = h('button', { type: 'button' }, '取消 (cancel)');
      ok.addEventListener('click', () => void move(/** @type {HTMLButtonElement} */ (ok), 'confirm', b));
      cancel.addEventListener('click', () => replace(box, ask));
      replace(
        box,
        h('p', { role: 'status' }, `Confirm bill ${b.billId}: ${money(b.settlementTotal)} to settle?`),
        ok,
        cancel,
      );
      ok.focus();
    });
    box.append(ask);
    return box;
  };

  /** The seller's operations on a bill. @param {any} b */
  const sellerOps = (b) => {
    const allowed = new Set(b.allowedActions);
    const out = [];
    if (allowed.has('confirm')) out.push(confirmBox(b));
    if (b.status === 'PENDING_INVOICE' && allowed.has('advance')) {
      const invoice = h(
        'button',
        { type: 'button', id: 'bill-invoice' },
        'Invoice issued to Huawei (已开票)',
      );
      invoice.addEventListener(
        'click',
        () =>
          void move(/** @type {HTMLButtonElement} */ (invoice), 'advance', b, 'invoice issued by the seller'),
      );
      out.push(h('div', { class: 'buttons' }, invoice));
    }
    if (b.status === 'PENDING_CONFIRMATION' && !allowed.has('confirm')) {
      out.push(h('p', { class: 'muted' }, 'This bill cannot be confirmed now.'));
    }
    return out;
  };

  /** The operators' box (played by the mock). @param {any} b */
  const operatorOps = (b) => {
    const allowed = new Set(b.allowedActions);
    // At 待开票 advancing is the seller's (the invoice), shown with the seller's operations.
    const actions = OPERATOR_ACTIONS.filter(
      (a) => allowed.has(a) && !(a === 'advance' && b.status === 'PENDING_INVOICE'),
    );
    const note = h('input', { type: 'text', autocomplete: 'off', maxlength: 200 });
    const buttons = actions.map((a) => {
      const button = h(
        'button',
        { type: 'button', dataset: { action: a } },
        `Operator: ${BILL_ACTION_LABELS[a]}`,
      );
      button.addEventListener(
        'click',
        () =>
          void move(
            /** @type {HTMLButtonElement} */ (button),
            a,
            b,
            /** @type {HTMLInputElement} */ (note).value.trim(),
          ),
      );
      return button;
    });
    return h(
      'section',
      { class: 'card operator', id: 'bill-operator', 'aria-labelledby': 'bill-operator-title' },
      h('h3', { id: 'bill-operator-title' }, 'Operator actions (Huawei operations, played by the mock)'),
      h(
        'p',
        { class: 'small muted' },
        'On the real platform these steps are Huawei’s: countersigning (会签), the payment request (申付) and the payment. A seller cannot take them.',
      ),
      buttons.length === 0
        ? h('p', { class: 'muted' }, `Nothing for an operator to do at ${b.statusLabel}.`)
        : [
            field('bill-operator-note', 'Note on the timeline (optional)', note),
            h('div', { class: 'buttons' }, buttons),
          ],
    );
  };

  /** @param {any} l */
  const lineRow = (l) =>
    h(
      'tr',
      { dataset: { row: l.rowId, order: l.orderId } },
      h('th', { scope: 'row' }, l.orderId),
      h(
        'td',
        null,
        labelOf(TRANSACTION_TYPE_LABELS, l.transactionType),
        l.carriedOver ? h('div', { class: 'small muted' }, 'carried over') : null,
      ),
      h('td', null, l.productName || l.productCode, h('div', { class: 'muted small' }, l.productCode)),
      h('td', null, l.customerName || l.customerId),
      h('td', { class: 'time' }, fmtTime(l.transactionAt)),
      h('td', { class: 'time' }, fmtTime(l.effectiveAt)),
      h('td', null, labelOf(PAYMENT_INSTRUMENT_LABELS, l.paymentInstrument)),
      h('td', { class: 'num amount' }, money(l.amount)),
      h('td', { class: 'num amount' }, money(l.platformFee)),
      h('td', { class: 'num amount' }, money(l.settlementAmount)),
    );

  const drawDetail = async () => {
    if (selected === null) {
      replace(detail);
      return;
    }
    const b = await admin(`/bills/${encodeURIComponent(selected)}${queryOf({ productType })}`);
    const close = h(
      'button',
      { type: 'button', class: 'small', 'aria-label': `Close the details of bill ${b.billId}` },
      'Close',
    );
    close.addEventListener('click', () => select_(null));
    const filters = () => ({ billId: b.billId, productType: b.productType });
    replace(
      detail,
      h(
        'section',
        {
          class: 'card detail-card',
          id: 'bill-detail',
          'aria-labelledby': 'bill-detail-title',
          dataset: { bill: b.billId, state: b.status },
        },
        h(
          'div',
          { class: 'card-head' },
          h('h2', { id: 'bill-detail-title', tabindex: -1 }, `Bill ${b.billId} (账单详情)`),
          close,
        ),
        h(
          'section',
          { 'aria-label': 'Basic information' },
          h('h3', null, 'Basic information (基本信息)'),
          dl([
            ['Bill ID (账单ID)', b.billId],
            ['Product type', b.productTypeLabel ?? labelOf(PRODUCT_TYPE_LABELS, b.productType)],
            ['Period (账期)', b.period],
            ['Status', billPill(b)],
            ['Generated', fmtTime(b.generatedAt)],
            ['Lines', String(b.lineCount)],
            ['交易金额 (transaction total)', money(b.transactionTotal)],
            [`平台服务费 (platform fee, ${b.platformFeePercent} %)`, money(b.platformFeeTotal)],
            ['应结算金额 (to settle)', money(b.settlementTotal)],
          ]),
        ),
        sellerOps(b),
        h(
          'div',
          { class: 'toolbar' },
          exportControls(ctx, 'bill-export', [
            { id: 'bill-export-button', label: '导出 (export the bill)', kind: 'bill', filters },
            {
              id: 'bill-details-export-button',
              label: '详单导出 (export the bill details)',
              kind: 'bill-details',
              filters,
            },
          ]),
        ),
        table(
          'Bill lines (账单明细)',
          [
            'Order no.',
            'Type',
            'Product',
            'Customer',
            `Transaction (${zoneLabel()})`,
            'Effective',
            'Paid with',
            '交易金额',
            '平台服务费',
            '应结算金额',
          ],
          b.lines.map(lineRow),
          { empty: 'This bill has no line.' },
        ),
        table(
          'Timeline',
          [`Time (${zoneLabel()})`, 'From', 'To', 'Action', 'By', 'Note'],
          b.timeline.map((/** @type {any} */ t) =>
            h(
              'tr',
              { dataset: { action: t.action, actor: t.actor } },
              h('td', { class: 'time' }, fmtTime(t.at)),
              h('td', null, t.from === null ? '—' : labelOf(BILL_STATUS_LABELS, t.from)),
              h('td', null, labelOf(BILL_STATUS_LABELS, t.to)),
              h('td', null, t.action),
              h('td', null, t.actor === 'operator' ? 'operator (mock)' : t.actor),
              h('td', null, t.note ?? ''),
            ),
          ),
        ),
        operatorOps(b),
      ),
    );
  };

  const drawList = async () => {
    const [page, settlement] = await Promise.all([
      admin(`/bills${queryOf({ productType, status, limit: 1000 })}`),
      admin('/settlement'),
    ]);
    facts.textContent =
      `Next bill run: ${fmtTime(settlement.nextBillRunAt)} (bills are generated on day ${settlement.options.billDay} for the previous month). ` +
      `Last month billed: ${settlement.lastBilledPeriod ?? 'none yet'}. Platform fee: ${settlement.options.platformFeePercent} %.`;
    replace(
      list,
      table(
        `Bills, ${labelOf(PRODUCT_TYPE_LABELS, productType)}`,
        [
          'Bill ID (账单ID)',
          'Period',
          'Status',
          'Lines',
          '交易金额',
          '平台服务费',
          '应结算金额',
          `Generated (${zoneLabel()})`,
          'Operation',
        ],
        page.items.map((/** @type {any} */ b) => {
          const open = h(
            'button',
            {
              type: 'button',
              class: 'link',
              dataset: { fkey: `bill-${b.billId}` },
              'aria-label': `详情 of bill ${b.billId}`,
            },
            '详情',
          );
          open.addEventListener('click', () => select_(b.billId));
          const exportBill = h(
            'button',
            { type: 'button', class: 'link', 'aria-label': `导出 bill ${b.billId}` },
            '导出',
          );
          exportBill.addEventListener(
            'click',
            () =>
              void startExport(ctx, /** @type {HTMLButtonElement} */ (exportBill), {
                kind: 'bill',
                filters: { billId: b.billId, productType: b.productType },
              }),
          );
          const ops = [open, exportBill];
          if (b.allowedActions.includes('confirm')) {
            const confirm = h(
              'button',
              { type: 'button', class: 'link', 'aria-label': `确认账单 ${b.billId}` },
              '确认账单',
            );
            // §6.2: list → 确认账单 → the details, where the seller confirms.
            confirm.addEventListener('click', () => select_(b.billId));
            ops.push(confirm);
          }
          return h(
            'tr',
            {
              dataset: { bill: b.billId, state: b.status },
              class: b.billId === selected ? 'selected' : null,
            },
            h('th', { scope: 'row' }, b.billId),
            h('td', null, b.period),
            h('td', { class: 'status' }, billPill(b)),
            h('td', { class: 'num' }, String(b.lineCount)),
            h('td', { class: 'num amount' }, money(b.transactionTotal)),
            h('td', { class: 'num amount' }, money(b.platformFeeTotal)),
            h('td', { class: 'num amount' }, money(b.settlementTotal)),
            h('td', { class: 'time' }, fmtTime(b.generatedAt)),
            h('td', { class: 'actions' }, h('div', { class: 'buttons' }, ops)),
          );
        }),
        {
          captionHidden: true,
          empty:
            'No bill yet: bills are generated on the bill day for the previous month (advance the clock).',
        },
      ),
    );
  };

  const drawTabs = () =>
    replace(
      tabBox,
      tabs('Product type', Object.entries(PRODUCT_TYPE_LABELS), productType, (v) => {
        productType = v;
        selected = null;
        address();
        drawTabs();
        void Promise.all([drawList(), drawDetail()]).catch(ctx.fail);
      }),
    );

  const refresh = debounce(() => void Promise.all([drawList(), drawDetail()]).catch(ctx.fail), 250);

  return {
    title: 'Bills',
    async render(root, params) {
      productType = params.get('productType') === 'joint-operations' ? 'joint-operations' : 'general';
      status = params.get('status') ?? '';
      selected = params.get('bill') || null;
      const statusSel = select(optionsOf(BILL_STATUS_LABELS, 'Any status'), status);
      statusSel.addEventListener('change', () => {
        status = /** @type {HTMLSelectElement} */ (statusSel).value;
        address();
        void drawList().catch(ctx.fail);
      });
      tabBox = h('div');
      facts = h('p', { class: 'summary', id: 'bills-facts' });
      list = h('div', { class: 'list' });
      detail = h('div', { class: 'detail' });
      root.append(
        h('h1', { tabindex: -1 }, 'Settlement › Bills (结算管理 › 账单管理)'),
        h(
          'p',
          { class: 'intro' },
          'One bill per month and product type, generated on the bill day for the previous month (bill ID YYYYMM). Bills dated from 2024-12-24 need no confirmation and start at 待会签.',
        ),
        tabBox,
        h('div', { class: 'filters' }, field('bills-status', 'Status', statusSel)),
        facts,
        list,
        detail,
      );
      drawTabs();
      await drawList();
      await drawDetail();
    },
    refresh: async () => {
      await drawList();
      await drawDetail();
    },
    onEvent(e) {
      if (e.type === 'flow.changed' || e.type === 'clock.advanced') refresh();
    },
  };
}
