// @ts-check
/**
 * Timeline of an order or an instance: its production calls as lanes on the business-time axis, every attempt
 * marked success or failure, the next scheduled attempt as an open circle — the retry schedule at a glance.
 * The same facts follow as a table for screen readers and copying.
 */
import { admin, adminList } from '../api.js';
import { badge, debounce, field, fmtDuration, fmtTime, h, replace, table } from '../dom.js';
import { timelineChart } from '../svg.js';

/**
 * @param {import('../app.js').Ctx} ctx
 * @returns {import('../app.js').Page}
 */
export function timelinePage(ctx) {
  /** @type {{ kind: 'order' | 'instance', id: string } | null} */
  let subject = null;
  /** @type {HTMLElement} */
  let view = h('div');

  const loadJobs = async () => {
    if (subject === null) return [];
    const filter = subject.kind === 'order' ? { orderId: subject.id } : { instanceRef: subject.id };
    const jobs = await adminList('/jobs', filter);
    return Promise.all(jobs.map((/** @type {any} */ j) => admin(`/jobs/${encodeURIComponent(j.id)}`)));
  };

  /** The business-flow steps (supervision, auto-renewal, unpaid deadline) of the subject, as a table. */
  const flowTable = async () => {
    if (subject === null) return null;
    const query =
      subject.kind === 'order'
        ? `orderId=${encodeURIComponent(subject.id)}`
        : `instanceRef=${encodeURIComponent(subject.id)}`;
    const events = await admin(`/flow-events?${query}`);
    if (events.length === 0) return null;
    return table(
      'Business-flow steps (supervision, auto-renewal, payment deadline)',
      ['Time', 'Flow', 'Of', 'Step', 'Detail'],
      events.map((/** @type {any} */ e) =>
        h(
          'tr',
          { class: e.scheduled ? 'scheduled' : null, dataset: { flow: e.kind } },
          h('td', { class: 'time' }, fmtTime(e.at)),
          h('td', null, e.kind),
          h('td', null, e.subject),
          h('td', null, e.what, e.scheduled ? h('span', { class: 'muted small' }, ' scheduled') : null),
          h('td', null, e.detail),
        ),
      ),
    );
  };

  const draw = async () => {
    if (subject === null) {
      replace(
        view,
        h('p', { class: 'muted' }, 'Choose an order or an instance to see its calls on the time axis.'),
      );
      return;
    }
    const [jobs, flows] = await Promise.all([loadJobs(), flowTable()]);
    const now = ctx.clock().now;
    const name = `${subject.kind === 'order' ? 'Order' : 'Instance'} ${subject.id}`;
    if (jobs.length === 0) {
      replace(view, h('p', { class: 'muted' }, `${name} has no production calls.`), flows);
      return;
    }
    const attempts = jobs.reduce((n, j) => n + j.attempts.length, 0);
    const failed = jobs.reduce(
      (n, j) =>
        n +
        j.attempts.filter((/** @type {any} */ a) => a.state !== 'SUCCEEDED' && a.state !== 'RUNNING').length,
      0,
    );
    const next = jobs
      .map((j) => j.nextAttemptAt)
      .filter((t) => t !== null)
      .sort((a, b) => a - b)[0];
    const descId = 'timeline-desc';
    const rows = jobs
      .flatMap((j) => [
        ...j.attempts.map((/** @type {any} */ a) =>
          h(
            'tr',
            { dataset: { job: j.id, attempt: String(a.no) } },
            h('th', { scope: 'row' }, `${j.id} #${a.no}`),
            h('td', null, h('code', null, j.interface)),
            h('td', { class: 'time' }, fmtTime(a.startedAt)),
            h('td', null, badge(a.state), a.manual ? h('span', { class: 'muted small' }, ' manual') : null),
            h('td', null, fmtDuration(a.elapsedMs)),
            h(
              'td',
              { class: 'reason' },
              a.problems.map((/** @type {any} */ p) => `${p.code}: ${p.message}`).join('; ') || '—',
            ),
          ),
        ),
        j.nextAttemptAt === null
          ? null
          : h(
              'tr',
              { class: 'scheduled', dataset: { job: j.id, next: 'true' } },
              h('th', { scope: 'row' }, `${j.id} next`),
              h('td', null, h('code', null, j.interface)),
              h('td', { class: 'time' }, fmtTime(j.nextAttemptAt)),
              h('td', null, badge('PENDING'), ' scheduled'),
              h('td', null, '—'),
              h('td', null, `in ${fmtDuration(j.nextAttemptAt - now)}`),
            ),
      ])
      .filter((r) => r !== null);
    replace(
      view,
      h(
        'figure',
        { class: 'timeline-figure' },
        timelineChart(jobs, now, descId),
        h(
          'figcaption',
          { id: descId },
          `${name}: ${jobs.length} call${jobs.length === 1 ? '' : 's'}, ${attempts} attempt${attempts === 1 ? '' : 's'} (${failed} failed)` +
            `${next === undefined ? ', nothing scheduled' : `, next attempt at ${fmtTime(next)}`}. `,
        ),
        h(
          'ul',
          { class: 'legend', 'aria-label': 'Legend' },
          h('li', null, h('span', { class: 'key key-ok', 'aria-hidden': 'true' }), 'succeeded'),
          h('li', null, h('span', { class: 'key key-bad', 'aria-hidden': 'true' }), 'failed'),
          h(
            'li',
            null,
            h('span', { class: 'key key-wait', 'aria-hidden': 'true' }),
            'not ready (000004 polling)',
          ),
          h(
            'li',
            null,
            h('span', { class: 'key key-next', 'aria-hidden': 'true' }),
            'next scheduled attempt',
          ),
          h('li', null, h('span', { class: 'key key-now', 'aria-hidden': 'true' }), 'business time now'),
        ),
      ),
      h(
        'div',
        { class: 'job-states' },
        jobs.map((j) => h('span', { class: 'job-state' }, `${j.id} ${j.interface} `, badge(j.state))),
      ),
      table(`Attempts of ${name}`, ['Attempt', 'Interface', 'Started', 'Result', 'Duration', 'Reason'], rows),
      flows,
    );
  };

  const redraw = debounce(() => void draw().catch(ctx.fail), 150);

  return {
    title: 'Timeline',
    async render(root, params) {
      const order = params.get('order');
      const instance = params.get('instance');
      subject = order ? { kind: 'order', id: order } : instance ? { kind: 'instance', id: instance } : null;
      const [orders, instances] = await Promise.all([adminList('/orders'), adminList('/instances')]);
      // With a single order there is nothing to choose: show it.
      if (subject === null && orders.length === 1) subject = { kind: 'order', id: orders[0].orderId };
      const choose = h(
        'select',
        null,
        h('option', { value: '' }, 'Choose…'),
        h(
          'optgroup',
          { label: 'Instances' },
          instances
            .slice()
            .reverse()
            .map((/** @type {any} */ i) =>
              h(
                'option',
                {
                  value: `instance=${i.ref}`,
                  selected: subject?.kind === 'instance' && subject.id === i.ref,
                },
                `${i.ref}${i.instanceId ? ` (${i.instanceId})` : ''} · ${i.productCode} · ${i.state}`,
              ),
            ),
        ),
        h(
          'optgroup',
          { label: 'Orders' },
          orders
            .slice()
            .reverse()
            .map((/** @type {any} */ o) =>
              h(
                'option',
                {
                  value: `order=${o.orderId}`,
                  selected: subject?.kind === 'order' && subject.id === o.orderId,
                },
                `${o.orderId} · ${o.orderType} · ${o.productCode} · ${o.state}`,
              ),
            ),
        ),
      );
      choose.addEventListener('change', () => {
        const v = /** @type {HTMLSelectElement} */ (choose).value;
        ctx.go(v === '' ? '#/timeline' : `#/timeline?${v}`);
      });
      view = h('div', { class: 'timeline-view' });
      root.append(
        h('h1', { tabindex: -1 }, 'Timeline'),
        h(
          'p',
          { class: 'intro' },
          'Each production call of the order or instance is a lane; each attempt a mark at its business time. ' +
            "Retries follow the platform's schedules (newInstance hourly for 3 hours, others once) — restart a failed call on the Messages page.",
        ),
        h('div', { class: 'filters' }, field('timeline-subject', 'Order or instance', choose)),
        view,
      );
      await draw();
    },
    refresh: () => draw(),
    onEvent(e) {
      if (subject === null) return;
      const refs = e.job?.refs;
      const touches =
        refs !== undefined &&
        ((subject.kind === 'order' && refs.orderId === subject.id) ||
          (subject.kind === 'instance' && refs.instanceRef === subject.id));
      if (touches || e.type === 'clock.advanced' || e.type === 'flow.changed') redraw();
    },
  };
}
