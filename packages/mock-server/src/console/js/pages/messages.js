// @ts-check
/**
 * Production-interface messages (卖家中心 > 生产接口消息, §11.2): every production call with its status, the
 * failure reason of the last attempt, the next scheduled attempt, each attempt's request and response (as the
 * admin API records them: signatures shortened, keys masked) and Restart (重新启动) for failed or exhausted
 * calls. Rows change live as attempts happen.
 */
import { admin, adminTail } from '../api.js';
import {
  badge,
  debounce,
  dl,
  field,
  fmtDuration,
  fmtTime,
  h,
  prettyBody,
  replace,
  select,
  table,
} from '../dom.js';

/** How many of the latest calls the page loads. */
const LIMIT = 500;

const STATE_FILTERS = /** @type {Array<[string, string]>} */ ([
  ['', 'All calls'],
  ['attention', 'Needs a restart (failed or exhausted)'],
  ['PENDING', 'Pending'],
  ['RUNNING', 'Running'],
  ['SUCCEEDED', 'Succeeded'],
  ['FAILED', 'Failed'],
  ['EXHAUSTED', 'Exhausted'],
  ['CANCELED', 'Canceled'],
]);

/** @param {any} job */
const needsRestart = (job) => job.state === 'FAILED' || job.state === 'EXHAUSTED';

/**
 * The failure reason of a job: the problems of its last failed attempt (while it is not succeeded).
 * @param {any} job
 */
function reason(job) {
  if (job.state === 'SUCCEEDED' || job.state === 'CANCELED' || job.lastProblems.length === 0) return null;
  return h(
    'ul',
    { class: 'problems' },
    job.lastProblems.map((/** @type {any} */ p) =>
      h(
        'li',
        null,
        h('code', { class: 'problem-code' }, p.code),
        ' ',
        p.field ? h('span', { class: 'problem-field' }, `[${p.field}] `) : null,
        p.message,
        p.hint ? h('div', { class: 'hint' }, p.hint) : null,
      ),
    ),
  );
}

/**
 * The URL for reading: percent-escapes of the query decoded (a shortened signature ends in `…`).
 * @param {string} url
 */
function readableUrl(url) {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

/**
 * Headers as a definition list.
 * @param {Array<[string, string]>} pairs
 */
function headersList(pairs) {
  if (pairs.length === 0) return h('p', { class: 'muted' }, 'No headers.');
  return dl(pairs, 'pairs headers');
}

/**
 * A `<details>` whose open state survives live re-renders (kept in `opened` under `key`).
 * @param {Set<string>} opened
 * @param {string} key
 * @param {...any} children
 */
function keptDetails(opened, key, ...children) {
  const el = h('details', { class: 'exchange', open: opened.has(key) }, ...children);
  el.addEventListener('toggle', () => {
    if (/** @type {HTMLDetailsElement} */ (el).open) opened.add(key);
    else opened.delete(key);
  });
  return el;
}

/**
 * One attempt in the details panel.
 * @param {any} job
 * @param {any} a
 * @param {Set<string>} opened keys of the open request/response panels
 */
function attemptView(job, a, opened) {
  const req = a.request;
  const res = a.response;
  return h(
    'article',
    { class: 'attempt', dataset: { attempt: String(a.no) } },
    h(
      'h3',
      null,
      `Attempt #${a.no}${a.manual ? ' (manual restart)' : ''} — `,
      badge(a.state),
      a.resultCode === null ? null : h('span', { class: 'muted' }, ` reply resultCode ${a.resultCode}`),
    ),
    dl([
      ['Scheduled', fmtTime(a.scheduledAt)],
      ['Started', fmtTime(a.startedAt)],
      ['Duration', fmtDuration(a.elapsedMs)],
    ]),
    a.problems.length === 0
      ? null
      : h(
          'ul',
          { class: 'problems' },
          a.problems.map((/** @type {any} */ p) =>
            h(
              'li',
              null,
              h('code', { class: 'problem-code' }, p.code),
              ' ',
              p.field ? `[${p.field}] ` : null,
              p.message,
              p.hint ? h('div', { class: 'hint' }, `How to fix: ${p.hint}`) : null,
            ),
          ),
        ),
    keptDetails(
      opened,
      `${job.id}:${a.no}:request`,
      h('summary', null, `Request: ${req === null ? '(not sent)' : `${req.method} ${readableUrl(req.url)}`}`),
      req === null
        ? h('p', { class: 'muted' }, 'The attempt did not get as far as sending a request.')
        : [
            headersList(Object.entries(req.headers ?? {})),
            h(
              'pre',
              { class: 'body', tabindex: 0, 'aria-label': `Request body of ${job.id} attempt ${a.no}` },
              prettyBody(req.body),
            ),
          ],
    ),
    keptDetails(
      opened,
      `${job.id}:${a.no}:response`,
      h('summary', null, `Response: ${res === null ? '(none)' : `HTTP ${res.status}`}`),
      res === null
        ? h('p', { class: 'muted' }, 'No reply arrived (unreachable, time-out or interrupted).')
        : [
            headersList(res.headers),
            h(
              'pre',
              { class: 'body', tabindex: 0, 'aria-label': `Response body of ${job.id} attempt ${a.no}` },
              prettyBody(res.body),
            ),
          ],
    ),
  );
}

/**
 * @param {import('../app.js').Ctx} ctx
 * @returns {import('../app.js').Page}
 */
export function messagesPage(ctx) {
  /** @type {Map<string, any>} */
  const jobs = new Map();
  /** @type {Map<string, any[]>} attempts of expanded jobs */
  const details = new Map();
  let total = 0;
  let stateFilter = '';
  let ifaceFilter = '';
  /** @type {HTMLElement} */
  let list = h('div');
  /** @type {HTMLElement} */
  let summary = h('p');
  /** @type {Set<string>} */
  const dirtyDetails = new Set();
  /** @type {Set<string>} request/response panels the user opened */
  const opened = new Set();
  /** Rendered rows by job id, reused while the job is unchanged (live updates must not disturb the reader). */
  /** @type {Map<string, { sig: string, nodes: HTMLElement[] }>} */
  const rendered = new Map();
  /** @type {HTMLElement | null} */
  let tbody = null;

  /** @param {any} job */
  const signature = (job) => {
    const attempts = details.get(job.id);
    return JSON.stringify([
      job.state,
      job.updatedAt,
      job.attemptCount,
      job.restarts,
      job.nextAttemptAt,
      job.waitingFor,
      job.lastProblems.map((/** @type {any} */ p) => p.code),
      attempts === undefined ? null : attempts.map((/** @type {any} */ a) => [a.no, a.state, a.finishedAt]),
    ]);
  };

  const load = async () => {
    const tail = await adminTail('/jobs', {}, LIMIT);
    total = tail.total;
    jobs.clear();
    for (const j of tail.items) jobs.set(j.id, j);
    await Promise.all([...details.keys()].map(loadDetails));
  };

  /** @param {string} id */
  const loadDetails = async (id) => {
    const view = await admin(`/jobs/${encodeURIComponent(id)}`);
    const { attempts, ...job } = view;
    jobs.set(id, job);
    details.set(id, attempts);
  };

  const visible = () =>
    [...jobs.values()]
      .filter((j) =>
        stateFilter === 'attention' ? needsRestart(j) : stateFilter === '' || j.state === stateFilter,
      )
      .filter((j) => ifaceFilter === '' || j.interface === ifaceFilter)
      .sort((a, b) => b.seq - a.seq);

  /** @param {any} job */
  const restart = (job) =>
    h(
      'button',
      {
        type: 'button',
        class: 'primary small',
        dataset: { fkey: `restart-${job.id}`, action: 'restart' },
        'aria-label': `Restart ${job.id} ${job.interface}`,
        title: 'Send the call once more now (重新启动)',
        onclick: (/** @type {Event} */ e) =>
          ctx.run(/** @type {HTMLButtonElement} */ (e.currentTarget), async () => {
            const view = await admin(`/jobs/${encodeURIComponent(job.id)}/restart`, { body: {} });
            const { attempts, ...fresh } = view;
            jobs.set(job.id, fresh);
            if (details.has(job.id)) details.set(job.id, attempts);
            const last = attempts[attempts.length - 1];
            const ok = fresh.state === 'SUCCEEDED';
            const why = ok ? '' : ` — ${fresh.lastProblems.map((/** @type {any} */ p) => p.code).join(', ')}`;
            const text = `Restarted ${job.id} ${job.interface}: attempt #${last?.no ?? '?'} ${String(last?.state ?? fresh.state).toLowerCase()}${why}.`;
            // A Restart whose attempt failed is announced as a failure (red), with the reasons.
            if (ok) ctx.notify(text);
            else
              ctx.warn(
                text,
                fresh.lastProblems.map((/** @type {any} */ p) => `${p.code}: ${p.message}`),
              );
            draw();
          }),
      },
      'Restart',
    );

  /** @param {any} job */
  const runNow = (job) =>
    h(
      'button',
      {
        type: 'button',
        class: 'small',
        dataset: { fkey: `run-${job.id}`, action: 'run-now' },
        'aria-label': `Run the next attempt of ${job.id} now`,
        onclick: (/** @type {Event} */ e) =>
          ctx.run(/** @type {HTMLButtonElement} */ (e.currentTarget), async () => {
            const view = await admin(`/jobs/${encodeURIComponent(job.id)}/retry-now`, { body: {} });
            const { attempts, ...fresh } = view;
            jobs.set(job.id, fresh);
            if (details.has(job.id)) details.set(job.id, attempts);
            ctx.notify(`${job.id} ${job.interface}: ran attempt #${fresh.attemptCount} now.`);
            draw();
          }),
      },
      'Run now',
    );

  /** @param {any} job */
  const row = (job) => {
    const open = details.has(job.id);
    const detailId = `detail-${job.id}`;
    const refs = job.refs;
    return [
      h(
        'tr',
        { dataset: { job: job.id, state: job.state }, class: needsRestart(job) ? 'attention' : null },
        h('th', { scope: 'row' }, job.id),
        h('td', null, h('code', null, job.interface), h('div', { class: 'muted small' }, job.purpose)),
        h(
          'td',
          null,
          refs.orderId
            ? h('a', { href: `#/timeline?order=${encodeURIComponent(refs.orderId)}` }, refs.orderId)
            : null,
          refs.orderId && refs.instanceRef ? h('br') : null,
          refs.instanceRef
            ? h(
                'a',
                { href: `#/timeline?instance=${encodeURIComponent(refs.instanceRef)}` },
                refs.instanceRef,
              )
            : null,
          !refs.orderId && !refs.instanceRef ? '—' : null,
        ),
        h('td', { class: 'status' }, badge(job.state)),
        h(
          'td',
          { class: 'num' },
          String(job.attemptCount),
          job.restarts > 0
            ? h('div', { class: 'muted small' }, `${job.restarts} restart${job.restarts === 1 ? '' : 's'}`)
            : null,
        ),
        h('td', { class: 'reason' }, reason(job) ?? '—'),
        h(
          'td',
          { class: 'time' },
          job.nextAttemptAt !== null
            ? fmtTime(job.nextAttemptAt)
            : job.waitingFor
              ? `after ${job.waitingFor}`
              : '—',
        ),
        h(
          'td',
          { class: 'actions' },
          h(
            'button',
            {
              type: 'button',
              class: 'small',
              'aria-expanded': String(open),
              'aria-controls': detailId,
              dataset: { fkey: `details-${job.id}`, action: 'details' },
              'aria-label': `${open ? 'Hide' : 'Show'} attempts of ${job.id}`,
              onclick: (/** @type {Event} */ e) =>
                ctx.run(/** @type {HTMLButtonElement} */ (e.currentTarget), async () => {
                  if (details.has(job.id)) details.delete(job.id);
                  else await loadDetails(job.id);
                  draw();
                }),
            },
            open ? 'Hide' : 'Attempts',
          ),
          needsRestart(job) ? restart(job) : null,
          job.state === 'PENDING' && job.waitingFor === null ? runNow(job) : null,
          h(
            'a',
            {
              class: 'small',
              href: `#/timeline?${refs.instanceRef ? `instance=${encodeURIComponent(refs.instanceRef)}` : `order=${encodeURIComponent(refs.orderId ?? '')}`}`,
              hidden: !refs.orderId && !refs.instanceRef,
              'aria-label': `Timeline of ${job.id}`,
            },
            'Timeline',
          ),
        ),
      ),
      open
        ? h(
            'tr',
            { class: 'detail', id: detailId },
            h(
              'td',
              { colspan: 8 },
              h(
                'div',
                { class: 'attempts' },
                (details.get(job.id) ?? [])
                  .slice()
                  .reverse()
                  .map((/** @type {any} */ a) => attemptView(job, a, opened)),
              ),
            ),
          )
        : null,
    ];
  };

  const draw = () => {
    const rows = visible();
    const attention = [...jobs.values()].filter(needsRestart).length;
    summary.textContent =
      `${rows.length} call${rows.length === 1 ? '' : 's'} shown` +
      `${total > jobs.size ? ` (the latest ${jobs.size} of ${total})` : ''}; ` +
      `${attention} waiting for a restart.`;
    if (tbody === null || !list.contains(tbody)) {
      const wrap = table(
        'Production calls, newest first',
        [
          'Call',
          'Interface',
          'Order / instance',
          'Status',
          'Attempts',
          'Failure reason',
          'Next attempt',
          'Actions',
        ],
        [],
        { captionHidden: true },
      );
      tbody = /** @type {HTMLElement} */ (wrap.querySelector('tbody'));
      rendered.clear();
      replace(list, wrap);
    }
    /** @type {HTMLElement[]} */
    const nodes = [];
    for (const job of rows) {
      const sig = signature(job);
      let entry = rendered.get(job.id);
      if (entry === undefined || entry.sig !== sig) {
        entry = { sig, nodes: /** @type {HTMLElement[]} */ (row(job).filter((r) => r !== null)) };
        rendered.set(job.id, entry);
      }
      nodes.push(...entry.nodes);
    }
    if (nodes.length === 0) {
      nodes.push(
        h(
          'tr',
          null,
          h(
            'td',
            { colspan: 8, class: 'empty' },
            'No production call matches. Play a buyer action (Buyer actions page) to create one.',
          ),
        ),
      );
    }
    const current = [...tbody.children];
    if (current.length !== nodes.length || current.some((n, k) => n !== nodes[k])) replace(tbody, ...nodes);
  };

  const redraw = debounce(draw, 60);
  const reloadDetails = debounce(async () => {
    const ids = [...dirtyDetails].filter((id) => details.has(id));
    dirtyDetails.clear();
    try {
      await Promise.all(ids.map(loadDetails));
    } catch (error) {
      ctx.fail(error);
    }
    draw();
  }, 120);

  return {
    title: 'Production-interface messages',
    async render(root, params) {
      stateFilter = params.get('state') ?? '';
      ifaceFilter = params.get('interface') ?? '';
      const job = params.get('job');
      if (job) details.set(job, []);
      await load();
      const ifaces = [...new Set([...jobs.values()].map((j) => j.interface))].sort();
      const stateSel = select(STATE_FILTERS, stateFilter);
      const ifaceSel = select(
        [['', 'All interfaces'], ...ifaces.map((i) => /** @type {[string, string]} */ ([i, i]))],
        ifaceFilter,
      );
      const apply = () => {
        stateFilter = /** @type {HTMLSelectElement} */ (stateSel).value;
        ifaceFilter = /** @type {HTMLSelectElement} */ (ifaceSel).value;
        const q = new URLSearchParams();
        if (stateFilter) q.set('state', stateFilter);
        if (ifaceFilter) q.set('interface', ifaceFilter);
        ctx.setParams(`#/messages${q.toString() ? `?${q}` : ''}`);
        draw();
      };
      stateSel.addEventListener('change', apply);
      ifaceSel.addEventListener('change', apply);
      summary = h('p', { class: 'summary', id: 'messages-summary' });
      list = h('div', { class: 'list' });
      root.append(
        h('h1', { tabindex: -1 }, 'Production-interface messages'),
        h(
          'p',
          { class: 'intro' },
          "Every production call the mock sent to your seller, newest first, as on the seller console's production interface messages page. " +
            'A call that failed (no automatic retry left) or exhausted its retries waits for Restart, which sends it once more now. ' +
            'Signatures are shortened and keys masked.',
        ),
        h(
          'div',
          { class: 'filters', role: 'search', 'aria-label': 'Filter calls' },
          field('msg-state', 'Status', stateSel),
          field('msg-iface', 'Interface', ifaceSel),
        ),
        summary,
        list,
      );
      draw();
    },
    async refresh() {
      await load();
      rendered.clear();
      tbody = null;
      draw();
    },
    onEvent(e) {
      if (!e.job) return;
      const known = jobs.get(e.job.id);
      if (known === undefined || e.job.updatedAt >= known.updatedAt) jobs.set(e.job.id, e.job);
      if (e.type === 'job.created' && known === undefined) total += 1;
      if (
        details.has(e.job.id) &&
        (e.type === 'attempt.finished' || e.type === 'attempt.started' || e.type.startsWith('job.'))
      ) {
        dirtyDetails.add(e.job.id);
        reloadDetails();
      }
      redraw();
    },
  };
}
