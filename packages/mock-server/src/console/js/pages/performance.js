// @ts-check
/**
 * 业绩汇总 (performance summaries, seller-console reference §7) — a view of the Huawei Cloud **Partner Center**
 * (伙伴中心), not of the seller console; marked as such on the page. One sheet per month (业绩单ID `PS<YYYYMM>`):
 * the current month 预估 (estimated, recomputed), the previous month 初稿 (draft) until an operator reviews it,
 * then 终稿 (final), older months 终稿. 查看业绩明细 shows the sheet's lines.
 */
import { admin, queryOf } from '../api.js';
import { debounce, fmtTime, h, money, pill, replace, table } from '../dom.js';
import {
  PERFORMANCE_STATUS_LABELS,
  PERFORMANCE_STATUS_TONES,
  TRANSACTION_TYPE_LABELS,
  labelOf,
  toneOf,
} from '../settlement-labels.js';

/**
 * @param {import('../app.js').Ctx} ctx
 * @returns {import('../app.js').Page}
 */
export function performancePage(ctx) {
  let list = h('div');
  let detail = h('div');
  /** @type {string | null} */
  let selected = null;

  const drawDetail = async () => {
    if (selected === null) {
      replace(detail);
      return;
    }
    const s = await admin(`/performance/${encodeURIComponent(selected)}`);
    replace(
      detail,
      h(
        'section',
        { class: 'card', id: 'performance-detail', 'aria-labelledby': 'performance-detail-title' },
        h('h2', { id: 'performance-detail-title', tabindex: -1 }, `业绩明细 of ${s.sheetId}`),
        table(
          `Lines of ${s.sheetId}`,
          ['Order no.', 'Type', 'Product', 'Customer', 'Transaction', 'Amount'],
          s.lines.map((/** @type {any} */ l) =>
            h(
              'tr',
              null,
              h('th', { scope: 'row' }, l.orderId),
              h('td', null, labelOf(TRANSACTION_TYPE_LABELS, l.transactionType)),
              h('td', null, l.productCode),
              h('td', null, l.customerName || l.customerId),
              h('td', { class: 'time' }, fmtTime(l.transactionAt)),
              h('td', { class: 'num amount' }, money(l.amount)),
            ),
          ),
          { captionHidden: true, empty: 'No line in this period.' },
        ),
      ),
    );
  };

  const reload = async () => {
    const page = await admin(`/performance${queryOf({ limit: 1000 })}`);
    replace(
      list,
      table(
        '业绩汇总 (performance summaries)',
        ['业绩单ID', '对账期次', '业绩总金额', 'Lines', 'Status', 'From', 'Reviewed', 'Operation'],
        page.items.map((/** @type {any} */ s) => {
          const view = h(
            'button',
            { type: 'button', class: 'link', 'aria-label': `查看业绩明细 ${s.sheetId}` },
            '查看业绩明细',
          );
          view.addEventListener('click', () => {
            selected = s.sheetId;
            ctx.setParams(`#/performance${queryOf({ sheet: s.sheetId })}`);
            void drawDetail().catch(ctx.fail);
          });
          const ops = [view];
          if (s.status === 'DRAFT') {
            const review = h(
              'button',
              { type: 'button', 'aria-label': `Operator: review ${s.sheetId}` },
              'Operator: review (初稿 → 终稿)',
            );
            review.addEventListener(
              'click',
              () =>
                void ctx.run(/** @type {HTMLButtonElement} */ (review), async () => {
                  await admin('/actions/review-performance', { body: { period: s.period } });
                  ctx.notify(`${s.sheetId} reviewed: 终稿.`);
                  await reload();
                }),
            );
            ops.push(review);
          }
          return h(
            'tr',
            { dataset: { sheet: s.sheetId, state: s.status } },
            h('th', { scope: 'row' }, s.sheetId),
            h('td', null, s.period),
            h('td', { class: 'num amount' }, money(s.totalAmount)),
            h('td', { class: 'num' }, String(s.lineCount)),
            h(
              'td',
              { class: 'status' },
              pill(
                s.statusLabel ?? labelOf(PERFORMANCE_STATUS_LABELS, s.status),
                toneOf(PERFORMANCE_STATUS_TONES, s.status),
                s.status,
              ),
            ),
            h('td', null, s.source === 'bills' ? 'bills' : 'transactions (not billed yet)'),
            h('td', { class: 'time' }, fmtTime(s.reviewedAt)),
            h('td', { class: 'actions' }, h('div', { class: 'buttons' }, ops)),
          );
        }),
        { empty: 'No performance sheet yet.' },
      ),
    );
    await drawDetail();
  };

  const refresh = debounce(() => void reload().catch(ctx.fail), 250);

  return {
    title: 'Partner Center › Performance summaries',
    async render(root, params) {
      selected = params.get('sheet') || null;
      list = h('section');
      detail = h('section', { 'aria-live': 'polite' });
      root.append(
        h('h1', { tabindex: -1 }, 'Partner Center › Performance summaries (伙伴中心 › 业绩汇总)'),
        h(
          'p',
          { class: 'partner-center', role: 'note' },
          h('strong', null, 'Partner Center view. '),
          'This page belongs to the Huawei Cloud Partner Center (伙伴中心 > 销售 > 伙伴账务), used by customer service providers and other partners — not to the seller console. The mock shows it because its figures come from the same bills.',
        ),
        h(
          'p',
          { class: 'intro' },
          'Current month 预估 (estimated); previous month 初稿 (draft) until reviewed, then 终稿 (final); older months 终稿.',
        ),
        list,
        detail,
      );
      await reload();
    },
    refresh: () => reload(),
    onEvent(e) {
      if (e.type === 'flow.changed' || e.type === 'clock.advanced') refresh();
    },
  };
}
