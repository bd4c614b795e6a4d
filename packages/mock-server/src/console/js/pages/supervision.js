// @ts-check
/**
 * Delivery management › Service supervision (交付管理 > 服务监管, seller-console reference §2.7): the supervised
 * orders with their current node, and per order the steps, the delivery documents (downloadable) and the
 * seller's operations — confirm or reject the requirement, 确认完成 with a result description, the actual
 * opening time and files uploaded from this computer, appeal — plus the operator's closing of an appeal.
 * Files are sent as JSON with base64 content (`POST /__admin/actions/confirm-completion`).
 */
import { admin } from '../api.js';
import { badge, dl, field, fmtTime, fromLocalInput, h, replace, saveBlob, table } from '../dom.js';

/** Reads a File as base64 (without the data-URL prefix). @param {File} file @returns {Promise<string>} */
function base64Of(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () =>
      resolve(typeof reader.result === 'string' ? reader.result.replace(/^data:[^,]*,/, '') : '');
    reader.onerror = () => reject(new Error(`Cannot read ${file.name}.`));
    reader.readAsDataURL(file);
  });
}

/**
 * @param {import('../app.js').Ctx} ctx
 * @returns {import('../app.js').Page}
 */
export function supervisionPage(ctx) {
  /** @type {HTMLElement} */
  let listBox = h('div');
  /** @type {HTMLElement} */
  let detailBox = h('div');
  /** @type {string | null} */
  let selected = null;

  /** Runs an action and redraws (`ctx.run` reports failures). @param {HTMLElement | null} button @param {string} action @param {() => Promise<Record<string, unknown>>} body @param {string} done */
  const act = (button, action, body, done) => {
    void ctx.run(/** @type {HTMLButtonElement | null} */ (button), async () => {
      await admin(`/actions/${action}`, { body: await body() });
      ctx.notify(done);
      await reload();
    });
  };

  /** @param {any} s */
  const download = async (s, /** @type {any} */ doc) => {
    const res = await admin(
      `/supervisions/${encodeURIComponent(s.orderId)}/documents/${encodeURIComponent(doc.id)}`,
      { raw: true },
    );
    saveBlob(await res.blob(), doc.name);
  };

  /** The seller's operations at the current node. @param {any} s */
  const operations = (s) => {
    const out = [];
    if (s.node === 'REQ_CONFIRM') {
      const confirm = h('button', { type: 'button', class: 'primary' }, 'Confirm requirement (确认需求)');
      confirm.addEventListener('click', () =>
        act(confirm, 'confirm-requirement', async () => ({ orderId: s.orderId }), 'Requirement confirmed.'),
      );
      const reject = h('button', { type: 'button' }, 'Reject requirement (驳回需求)');
      reject.addEventListener('click', () =>
        act(reject, 'reject-requirement', async () => ({ orderId: s.orderId }), 'Requirement sent back.'),
      );
      out.push(h('div', { class: 'buttons' }, confirm, reject));
    }
    if (s.node === 'DELIVERING' || s.node === 'PROOF_UPLOAD') {
      const description = h('textarea', { required: true, rows: 3 });
      const opening = h('input', { type: 'datetime-local' });
      const files = h('input', { type: 'file', multiple: true });
      const form = h(
        'form',
        { id: 'confirm-completion', class: 'card' },
        h('h3', null, 'Confirm completion (确认完成)'),
        field('completion-description', 'Service result description (服务结果描述)', description),
        field(
          'completion-opening',
          'Actual opening time (实际开通时间)',
          opening,
          'optional; validity starts here',
        ),
        field('completion-files', 'Delivery documents (交付验收文档)', files, 'up to 5 files of 512 KiB'),
        h('button', { type: 'submit', class: 'primary' }, 'Confirm completion'),
      );
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        const button = /** @type {HTMLButtonElement | null} */ (/** @type {SubmitEvent} */ (e).submitter);
        void act(
          button,
          'confirm-completion',
          async () => {
            const chosen = [.../** @type {FileList} */ (/** @type {HTMLInputElement} */ (files).files)];
            const documents = await Promise.all(
              chosen.map(async (f) => ({
                name: f.name,
                contentType: f.type || 'application/octet-stream',
                contentBase64: await base64Of(f),
              })),
            );
            const time = fromLocalInput(/** @type {HTMLInputElement} */ (opening).value);
            return {
              orderId: s.orderId,
              resultDescription: /** @type {HTMLTextAreaElement} */ (description).value,
              ...(time === undefined ? {} : { actualOpeningTime: time }),
              documents,
            };
          },
          'Completion confirmed; waiting for the buyer.',
        );
      });
      out.push(form);
    }
    if (s.node === 'APPEAL') {
      const complete = h('button', { type: 'button' }, 'Operator: close as completed');
      complete.addEventListener('click', () =>
        act(
          complete,
          'resolve-appeal',
          async () => ({ orderId: s.orderId, outcome: 'complete' }),
          'Appeal closed.',
        ),
      );
      const resume = h('button', { type: 'button' }, 'Operator: resume the flow');
      resume.addEventListener('click', () =>
        act(
          resume,
          'resolve-appeal',
          async () => ({ orderId: s.orderId, outcome: 'resume' }),
          'Flow resumed.',
        ),
      );
      out.push(h('div', { class: 'buttons' }, complete, resume));
    } else if (s.node !== 'COMPLETED') {
      const appeal = h('button', { type: 'button' }, 'Appeal (发起申诉)');
      appeal.addEventListener('click', () =>
        act(
          appeal,
          'appeal',
          async () => ({ orderId: s.orderId, by: 'seller', reason: 'appeal from the seller console' }),
          'Appeal filed; the flow is frozen.',
        ),
      );
      out.push(h('div', { class: 'buttons' }, appeal));
    }
    return out;
  };

  const drawDetail = async () => {
    if (selected === null) {
      replace(detailBox);
      return;
    }
    const s = await admin(`/supervisions/${encodeURIComponent(selected)}`);
    replace(
      detailBox,
      h('h2', null, `Order ${s.orderId}`),
      dl([
        ['Type', s.type],
        ['Current node', s.nodeLabel],
        ['Order status', badge(s.orderState)],
        ['Requirement', s.requirement ?? '—'],
        ['Result description', s.resultDescription ?? '—'],
        ['Actual opening time', s.actualOpeningTime === null ? '—' : fmtTime(s.actualOpeningTime)],
        ['Licence code', s.licenceCode ?? '—'],
        ['Rejections', String(s.rejections)],
        ['Order completes', s.orderCompletesAt === null ? '—' : fmtTime(s.orderCompletesAt)],
      ]),
      table(
        'Delivery documents',
        ['File', 'Type', 'Size', 'Round', ''],
        s.documents.map((/** @type {any} */ d) => {
          const button = h(
            'button',
            { type: 'button', class: 'download', dataset: { doc: d.id } },
            'Download',
          );
          button.addEventListener('click', () => void download(s, d).catch(ctx.fail));
          return h(
            'tr',
            null,
            h('td', null, d.name),
            h('td', null, d.contentType),
            h('td', null, `${d.size} B`),
            h('td', null, String(d.round)),
            h('td', null, button),
          );
        }),
        { empty: 'No documents yet.' },
      ),
      table(
        'Operation history',
        ['Time', 'From', 'To', 'Operation', 'By', 'Note'],
        s.steps.map((/** @type {any} */ st) =>
          h(
            'tr',
            null,
            h('td', null, fmtTime(st.at)),
            h('td', null, st.from ?? '—'),
            h('td', null, st.to),
            h('td', null, st.action),
            h('td', null, st.by),
            h('td', null, st.note ?? ''),
          ),
        ),
      ),
      operations(s),
    );
  };

  const reload = async () => {
    const list = await admin('/supervisions');
    replace(
      listBox,
      table(
        'Supervised orders',
        ['Order', 'Product', 'Amount', 'Order status', 'Current node', ''],
        list.map((/** @type {any} */ s) => {
          const open = h('button', { type: 'button', dataset: { order: s.orderId } }, 'Details');
          open.addEventListener('click', () => {
            selected = s.orderId;
            ctx.setParams(`#/supervision?order=${encodeURIComponent(s.orderId)}`);
            void drawDetail().catch(ctx.fail);
          });
          return h(
            'tr',
            { dataset: { order: s.orderId, node: s.node } },
            h('td', null, s.orderId),
            h('td', null, s.productCode),
            h('td', null, s.orderAmount ?? ''),
            h('td', null, badge(s.orderState)),
            h('td', null, s.nodeLabel),
            h('td', null, open),
          );
        }),
        { empty: 'No supervised orders yet: buy a supervised product (demo: consulting, licence).' },
      ),
    );
    await drawDetail();
  };

  return {
    title: 'Service supervision',
    async render(root, params) {
      selected = params.get('order');
      listBox = h('section');
      detailBox = h('section', { class: 'detail', 'aria-live': 'polite' });
      root.append(
        h('h1', { tabindex: -1 }, 'Delivery management › Service supervision (交付管理 › 服务监管)'),
        h(
          'p',
          { class: 'intro' },
          'Supervised orders stay Processing until the buyer accepts the delivery; the order completes 3 hours later (configurable).',
        ),
        listBox,
        detailBox,
      );
      await reload();
    },
    refresh: () => reload(),
    onEvent(e) {
      if (e.type === 'flow.changed' || e.type === 'order.changed') void reload().catch(ctx.fail);
    },
  };
}
