// @ts-check
/**
 * The console shell: hash router (`#/orders`, `#/messages`, …), header with the business clock and its
 * controls, the live event stream feeding the current page, notices, and the admin-token prompt.
 */
import { AdminError, admin, getToken, onUnauthorized, openEvents, setToken } from './api.js';
import { ZONES, currentZone, debounce, fmtTime, h, replace, setZone, zoneLabel } from './dom.js';
import { actionsPage } from './pages/actions.js';
import { billsPage } from './pages/bills.js';
import { creditPage } from './pages/credit.js';
import { exportsPage } from './pages/export-history.js';
import { instancesPage } from './pages/instances.js';
import { messagesPage } from './pages/messages.js';
import { ordersPage } from './pages/orders.js';
import { outboxPage } from './pages/outbox.js';
import { performancePage } from './pages/performance.js';
import { supervisionPage } from './pages/supervision.js';
import { timelinePage } from './pages/timeline.js';
import { transactionsPage } from './pages/transactions.js';

/**
 * @typedef {{ kind: 'virtual' | 'real', now: number, nextDueAt: number | null }} ClockView
 * @typedef {object} Ctx
 * @property {(message: string, details?: string[]) => void} notify success / information notice
 * @property {(message: string, details?: string[]) => void} warn error notice for an outcome that is not an
 *   error of the request (e.g. a Restart whose attempt failed)
 * @property {(error: unknown) => void} fail error notice (admin errors with their issues)
 * @property {(hash: string) => void} go navigate
 * @property {(hash: string) => void} setParams replace the current hash without a new history entry
 * @property {() => any[]} products catalog products with marketplace status
 * @property {() => Promise<void>} loadProducts
 * @property {() => ClockView} clock
 * @property {() => Promise<void>} loadClock
 * @property {(button: HTMLButtonElement | null, fn: () => Promise<void>) => Promise<void>} run
 * @typedef {{ title: string, render: (root: HTMLElement, params: URLSearchParams) => Promise<void>,
 *   onEvent?: (e: any) => void, refresh?: () => Promise<void>, destroy?: () => void }} Page
 */

/** @type {Record<string, { label: string, make: (ctx: Ctx) => Page }>} */
const PAGES = {
  orders: { label: 'Orders', make: ordersPage },
  messages: { label: 'Production-interface messages', make: messagesPage },
  timeline: { label: 'Timeline', make: timelinePage },
  instances: { label: 'Instances', make: instancesPage },
  supervision: { label: 'Delivery management › Service supervision', make: supervisionPage },
  transactions: { label: 'Settlement › Transaction details', make: transactionsPage },
  bills: { label: 'Settlement › Bills', make: billsPage },
  exports: { label: 'Export history', make: exportsPage },
  credit: { label: 'Product management › Credit settings', make: creditPage },
  performance: { label: 'Partner Center › Performance', make: performancePage },
  actions: { label: 'Buyer actions', make: actionsPage },
  outbox: { label: 'Outbox', make: outboxPage },
};

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** @type {any[]} */
let products = [];
/** @type {ClockView} */
let clock = { kind: 'virtual', now: Date.now(), nextDueAt: null };
/** @type {{ name: string, page: Page } | null} */
let current = null;
let closeEvents = () => {};

/** @type {Ctx} */
const ctx = {
  notify(message, details = []) {
    showNotice('status', message, details);
  },
  warn(message, details = []) {
    showNotice('alert', message, details);
  },
  fail(error) {
    if (error instanceof AdminError) {
      showNotice(
        'alert',
        `${error.message}${error.code.startsWith('HTTP_') ? '' : ` (${error.code})`}`,
        error.issues.map(
          (i) => `${i.path.replace(/^\//, '').replace(/\//g, '.') || 'request'}: ${i.message}`,
        ),
      );
    } else showNotice('alert', error instanceof Error ? error.message : String(error), []);
  },
  go(hash) {
    location.hash = hash;
  },
  setParams(hash) {
    history.replaceState(null, '', hash);
  },
  products: () => products,
  async loadProducts() {
    products = await admin('/products?limit=10000').then((p) => p.items);
  },
  clock: () => clock,
  async loadClock() {
    clock = await admin('/clock');
    renderClock();
  },
  async run(button, fn) {
    if (button !== null) {
      button.disabled = true;
      button.setAttribute('aria-busy', 'true');
    }
    try {
      await fn();
    } catch (error) {
      ctx.fail(error);
    } finally {
      if (button !== null) {
        button.disabled = false;
        button.removeAttribute('aria-busy');
      }
    }
  },
};

/**
 * @param {'status' | 'alert'} region
 * @param {string} message
 * @param {string[]} details
 */
function showNotice(region, message, details) {
  const box = $(region === 'status' ? 'notice-status' : 'notice-alert');
  const close = h('button', { type: 'button', class: 'link', 'aria-label': 'Dismiss message' }, '×');
  const notice = h(
    'div',
    { class: `notice notice-${region === 'status' ? 'ok' : 'error'}` },
    h('p', null, message),
    details.length > 0
      ? h(
          'ul',
          null,
          details.map((d) => h('li', null, d)),
        )
      : null,
    close,
  );
  close.addEventListener('click', () => notice.remove());
  replace(box, notice);
  if (region === 'status') {
    setTimeout(() => notice.remove(), 8000);
  }
}

function renderClock() {
  $('clock-now').textContent = `${fmtTime(clock.now)} ${zoneLabel(clock.now)}`;
  $('clock-now').setAttribute('datetime', new Date(clock.now).toISOString());
  $('clock-next').title =
    clock.nextDueAt === null ? 'Nothing is scheduled' : `Next scheduled work at ${fmtTime(clock.nextDueAt)}`;
  const real = clock.kind !== 'virtual';
  for (const id of ['clock-hour', 'clock-day', 'clock-next']) {
    const b = /** @type {HTMLButtonElement} */ ($(id));
    b.disabled = real;
    if (real) b.title = 'The mock runs on the real clock; start it with --clock virtual to move time.';
  }
  $('clock-kind').textContent = real ? 'real clock' : 'virtual clock';
}

/** @param {{ from: number, to: number, steps: number }} report */
function describeAdvance(report) {
  return `Business time is now ${fmtTime(report.to)}; work ran at ${report.steps} due instant${report.steps === 1 ? '' : 's'}.`;
}

function wireClock() {
  /** @param {string} id @param {string} by */
  const advance = (id, by) =>
    $(id).addEventListener('click', (e) => {
      void ctx.run(/** @type {HTMLButtonElement} */ (e.currentTarget), async () => {
        const report = await admin('/clock/advance', { body: { by } });
        clock = report.clock;
        renderClock();
        ctx.notify(describeAdvance(report));
      });
    });
  advance('clock-hour', '1h');
  advance('clock-day', '1d');
  $('clock-next').addEventListener('click', (e) => {
    void ctx.run(/** @type {HTMLButtonElement} */ (e.currentTarget), async () => {
      const report = await admin('/clock/advance-to-next-job', { body: {} });
      clock = report.clock;
      renderClock();
      ctx.notify(report.ran ? describeAdvance(report) : 'Nothing is scheduled: the clock did not move.');
    });
  });
  const zone = /** @type {HTMLSelectElement} */ ($('zone'));
  for (const [key, z] of Object.entries(ZONES))
    zone.append(h('option', { value: key, selected: key === currentZone() }, z.label));
  zone.addEventListener('change', () => {
    setZone(zone.value);
    renderClock();
    // Labels and form values carry the zone too: render the page again.
    void route();
  });
}

/** Messages count of calls waiting for a restart, shown in the navigation. */
const refreshAttention = debounce(async () => {
  try {
    const state = await admin('/state');
    const jobs = state.counts.jobs;
    const waiting = (jobs.FAILED ?? 0) + (jobs.EXHAUSTED ?? 0);
    const el = $('nav-attention');
    el.textContent = waiting === 0 ? '' : String(waiting);
    el.hidden = waiting === 0;
    el.setAttribute('aria-label', `${waiting} failed call${waiting === 1 ? '' : 's'} waiting for a restart`);
  } catch {
    // the notice of the failing page request is enough
  }
}, 200);

const refreshClock = debounce(() => void ctx.loadClock().catch(() => undefined), 150);
const refreshProducts = debounce(() => void ctx.loadProducts().catch(() => undefined), 150);

/** @param {any} e */
function onEvent(e) {
  if (e.type === 'clock.advanced') {
    clock = { ...clock, now: e.to };
    renderClock();
  }
  if (e.type === 'clock.advanced' || e.type.startsWith('job.') || e.type.startsWith('attempt.'))
    refreshClock();
  if (e.type.startsWith('job.')) refreshAttention();
  if (e.type === 'product.changed') refreshProducts();
  current?.page.onEvent?.(e);
}

/** @param {'live' | 'down'} status @param {boolean} reconnected */
function onStatus(status, reconnected) {
  const el = $('live');
  el.textContent = status === 'live' ? 'Live' : 'Reconnecting…';
  el.className = `live live-${status}`;
  if (status === 'live' && reconnected) {
    // Events may have been missed while the stream was down: read everything again.
    void ctx.loadClock().catch(() => undefined);
    refreshAttention();
    void current?.page.refresh?.();
  }
}

function parseHash() {
  const hash = location.hash.startsWith('#/') ? location.hash.slice(2) : '';
  const [name = '', query = ''] = hash.split('?', 2);
  return { name: name in PAGES ? name : 'orders', params: new URLSearchParams(query) };
}

async function route() {
  // Another in-page anchor once a page is shown: keep the page (a first load shows the default page).
  if (current !== null && location.hash !== '' && !location.hash.startsWith('#/')) return;
  const { name, params } = parseHash();
  const moved = current?.name !== name;
  current?.page.destroy?.();
  const def = /** @type {(typeof PAGES)[string]} */ (PAGES[name]);
  const page = def.make(ctx);
  current = { name, page };
  for (const a of document.querySelectorAll('nav a[data-page]')) {
    if (/** @type {HTMLElement} */ (a).dataset.page === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${page.title} · koogallery-mock console`;
  const main = $('main');
  const root = h('div', { class: 'page', dataset: { page: name } });
  replace(main, root);
  try {
    await page.render(root, params);
  } catch (error) {
    ctx.fail(error);
  }
  if (moved) root.querySelector('h1')?.focus();
}

function askToken() {
  const dialog = /** @type {HTMLDialogElement} */ ($('token-dialog'));
  if (dialog.open) return;
  const rejected = getToken() !== null;
  setToken(null);
  $('token-error').textContent = rejected ? 'The mock did not accept that token; check --admin-token.' : '';
  const input = /** @type {HTMLInputElement} */ ($('token-input'));
  input.value = '';
  dialog.showModal();
}

/** The skip link moves the focus without changing the address (the hash holds the page). */
function wireSkipLink() {
  const link = /** @type {HTMLAnchorElement} */ (document.querySelector('a.skip'));
  link.addEventListener('click', (e) => {
    e.preventDefault();
    const target = $('main').querySelector('h1') ?? $('main');
    /** @type {HTMLElement} */ (target).focus();
  });
}

function wireToken() {
  const form = /** @type {HTMLFormElement} */ ($('token-form'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    setToken(/** @type {HTMLInputElement} */ ($('token-input')).value.trim());
    /** @type {HTMLDialogElement} */ ($('token-dialog')).close();
    void start();
  });
  onUnauthorized(askToken);
}

async function start() {
  closeEvents();
  try {
    await Promise.all([ctx.loadClock(), ctx.loadProducts()]);
  } catch (error) {
    if (!(error instanceof AdminError && error.status === 401)) ctx.fail(error);
    return;
  }
  refreshAttention();
  closeEvents = openEvents({ onEvent, onStatus });
  await route();
}

function buildNav() {
  const ul = $('nav-list');
  for (const [name, def] of Object.entries(PAGES)) {
    ul.append(
      h(
        'li',
        null,
        h(
          'a',
          { href: `#/${name}`, dataset: { page: name } },
          name === 'messages' ? 'Messages' : def.label,
          name === 'messages' ? h('span', { id: 'nav-attention', class: 'count', hidden: true }) : null,
        ),
      ),
    );
  }
}

/** Keeps `--header-height` equal to the sticky header's height (it wraps on narrow screens). */
function trackHeader() {
  const header = /** @type {HTMLElement} */ (document.querySelector('.topbar'));
  const set = () =>
    document.documentElement.style.setProperty('--header-height', `${header.offsetHeight + 12}px`);
  new ResizeObserver(set).observe(header);
  set();
}

buildNav();
trackHeader();
wireSkipLink();
wireClock();
wireToken();
window.addEventListener('hashchange', () => void route());
void start();
