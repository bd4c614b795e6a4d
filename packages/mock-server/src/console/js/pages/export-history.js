// @ts-check
/**
 * 导出记录 (export history, seller-console reference §5 "导出 → 导出记录 → 下载", §6.2): every export the console
 * started, newest first, with its status — 生成中 (generating), 已完成 (done), 失败 (failed, with the reason) —
 * and 下载 only once the file is done. The page refreshes itself while a file is generating, and on request
 * (刷新), as the consoles ask ("generation takes a while, refresh").
 *
 * Also the export controls the other pages use: {@link exportControls} starts an export (`POST /__admin/exports`)
 * and opens this page on the new record, as the consoles do.
 */
import { admin, queryOf } from '../api.js';
import { field, fmtTime, h, pill, replace, saveBlob, select, table, zoneOffset } from '../dom.js';
import {
  EXPORT_KIND_LABELS,
  EXPORT_STATE_LABELS,
  EXPORT_STATE_TONES,
  labelOf,
  toneOf,
} from '../settlement-labels.js';

/** How often the page reads the history again while a file is generating (wall-clock ms). */
const POLL_MS = 1000;

/**
 * Starts an export (`POST /__admin/exports`, times in the zone chosen in the header) and opens 导出记录 on it.
 * @param {import('../app.js').Ctx} ctx
 * @param {HTMLButtonElement} button
 * @param {{ kind: string, filters: Record<string, string>, format?: string, lang?: string }} o format `xlsx`
 *   and language `zh` by default, as on the consoles
 */
export function startExport(ctx, button, o) {
  return ctx.run(button, async () => {
    const record = await admin('/exports', {
      body: { format: 'xlsx', lang: 'zh', ...o, tz: zoneOffset() },
    });
    ctx.notify(`导出任务创建成功: export ${record.id} is generating; download it here when it is done.`);
    ctx.go(`#/exports${queryOf({ record: record.id })}`);
  });
}

/**
 * The export buttons of a page, with the file's format and language they share: each starts an export and shows
 * it in 导出记录, as the consoles do.
 * @param {import('../app.js').Ctx} ctx
 * @param {string} id prefix of the controls' ids (`<id>-format`, `<id>-lang`; each button has its own id)
 * @param {Array<{ id: string, label: string, kind: string, filters: () => Record<string, string> }>} buttons
 *   `filters`: the list's filters when the button is pressed
 */
export function exportControls(ctx, id, buttons) {
  const format = select(
    [
      ['xlsx', 'Excel (.xlsx)'],
      ['csv', 'CSV'],
    ],
    'xlsx',
  );
  const lang = select(
    [
      ['zh', '中文'],
      ['en', 'English'],
    ],
    'zh',
  );
  const start = (/** @type {HTMLButtonElement} */ button, /** @type {(typeof buttons)[number]} */ o) =>
    startExport(ctx, button, {
      kind: o.kind,
      filters: o.filters(),
      format: /** @type {HTMLSelectElement} */ (format).value,
      lang: /** @type {HTMLSelectElement} */ (lang).value,
    });
  return h(
    'div',
    { class: 'export-controls', role: 'group', 'aria-label': 'Export' },
    field(`${id}-format`, 'File', format),
    field(`${id}-lang`, 'Column names', lang),
    buttons.map((o) => {
      const button = h('button', { type: 'button', id: o.id }, o.label);
      button.addEventListener('click', () => void start(/** @type {HTMLButtonElement} */ (button), o));
      return button;
    }),
  );
}

/**
 * @param {import('../app.js').Ctx} ctx
 * @returns {import('../app.js').Page}
 */
export function exportsPage(ctx) {
  /** @type {HTMLElement} */
  let list = h('div');
  /** @type {string | null} */
  let highlighted = null;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let alive = true;

  /** @param {any} r */
  const download = async (r) => {
    const res = await admin(`/exports/${encodeURIComponent(r.id)}/file`, { raw: true });
    saveBlob(await res.blob(), r.fileName);
    ctx.notify(`Downloaded ${r.fileName}.`);
  };

  /** @param {any} r */
  const row = (r) => {
    const done = r.state === 'DONE';
    const get = h(
      'button',
      {
        type: 'button',
        class: 'download',
        disabled: !done,
        dataset: { fkey: `download-${r.id}` },
        'aria-label': `下载 ${r.fileName}`,
        title: done ? null : '下载 is possible once the file is done (已完成)',
      },
      '下载',
    );
    get.addEventListener(
      'click',
      () => void ctx.run(/** @type {HTMLButtonElement} */ (get), () => download(r)),
    );
    const filters = Object.entries(r.filters ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    return h(
      'tr',
      {
        dataset: { export: r.id, state: r.state, kind: r.kind },
        class: r.id === highlighted ? 'selected' : null,
      },
      h('th', { scope: 'row' }, r.id),
      h('td', null, labelOf(EXPORT_KIND_LABELS, r.kind)),
      h('td', null, h('span', { class: 'file-name' }, r.fileName)),
      h('td', null, `${r.format} · ${r.lang}`),
      h('td', { class: 'small' }, filters === '' ? '—' : filters),
      h('td', { class: 'time' }, fmtTime(r.createdAt)),
      h('td', { class: 'time' }, fmtTime(r.finishedAt)),
      h('td', { class: 'num' }, r.rows === null ? '—' : String(r.rows)),
      h(
        'td',
        { class: 'status' },
        pill(labelOf(EXPORT_STATE_LABELS, r.state), toneOf(EXPORT_STATE_TONES, r.state), r.state),
        r.reason === null ? null : h('div', { class: 'small reason' }, r.reason),
      ),
      h('td', null, get),
    );
  };

  const reload = async () => {
    clearTimeout(timer);
    const page = await admin(`/exports${queryOf({ limit: 200 })}`);
    if (!alive) return;
    replace(
      list,
      table(
        '导出记录 (export history), newest first',
        [
          'Export',
          'Kind',
          'File',
          'Format',
          'Filters',
          'Requested',
          'Finished',
          'Rows',
          'Status',
          'Operation',
        ],
        page.items.map(row),
        { empty: 'No export yet: press 导出 on 交易明细管理, 账单管理 or an order list.' },
      ),
    );
    if (page.items.some((/** @type {any} */ r) => r.state === 'GENERATING')) {
      timer = setTimeout(() => void reload().catch(ctx.fail), POLL_MS);
    }
  };

  return {
    title: 'Export history',
    async render(root, params) {
      highlighted = params.get('record');
      const refresh = h('button', { type: 'button', id: 'exports-refresh' }, '刷新 (Refresh)');
      refresh.addEventListener(
        'click',
        () => void ctx.run(/** @type {HTMLButtonElement} */ (refresh), reload),
      );
      list = h('div', { class: 'list', 'aria-live': 'polite' });
      root.append(
        h('h1', { tabindex: -1 }, 'Export history (导出记录)'),
        h(
          'p',
          { class: 'intro' },
          'An export is generated in the background: 生成中 while the file is built, then 已完成 and 下载, or 失败 with the reason. The page refreshes while a file is generating.',
        ),
        h('div', { class: 'buttons' }, refresh),
        list,
      );
      await reload();
    },
    refresh: () => reload(),
    destroy() {
      alive = false;
      clearTimeout(timer);
    },
  };
}
