// @ts-check
/**
 * The console's only data source: the mock's admin API (`../__admin/…`, relative to `/console/`) and its
 * Server-Sent Events stream. The optional admin token is kept in this tab's sessionStorage and sent as
 * `X-Admin-Token` (as `?token=` on the event stream, which browsers cannot give headers).
 */

const TOKEN_KEY = 'kgk-console-admin-token';

/** An admin API error: `code` and `message` from the `{ error }` answer, `status` the HTTP status. */
export class AdminError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   * @param {Array<{ path: string, message: string }>} [issues]
   */
  constructor(status, code, message, issues = []) {
    super(message);
    this.name = 'AdminError';
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

/** The admin base URL, resolved against the page (works behind a path prefix). */
export const ADMIN_BASE = new URL('../__admin', document.baseURI).pathname;

/** @returns {string | null} */
export function getToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** @param {string | null} token */
export function setToken(token) {
  try {
    if (token === null || token === '') sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // storage disabled: the token cannot be remembered
  }
}

/** Listeners told when the mock answers 401 (the app then asks for the token). */
const unauthorizedListeners = new Set();

/** @param {() => void} fn */
export function onUnauthorized(fn) {
  unauthorizedListeners.add(fn);
}

/**
 * `?a=1&b=2` from an object (undefined, null and '' values left out).
 * @param {Record<string, string | number | boolean | null | undefined>} [params]
 */
export function queryOf(params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

/**
 * Calls the admin API. Throws {@link AdminError} for error answers and for network failures (code
 * `UNREACHABLE`).
 * @param {string} path e.g. `/orders?state=COMPLETED`
 * @param {{ method?: string, body?: unknown, raw?: boolean }} [o] `raw`: return the Response (downloads)
 * @returns {Promise<any>}
 */
export async function admin(path, o = {}) {
  /** @type {Record<string, string>} */
  const headers = { Accept: o.raw ? '*/*' : 'application/json' };
  const token = getToken();
  if (token !== null) headers['X-Admin-Token'] = token;
  const method = o.method ?? (o.body === undefined ? 'GET' : 'POST');
  if (method !== 'GET') headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(`${ADMIN_BASE}${path}`, {
      method,
      headers,
      body: method === 'GET' ? undefined : JSON.stringify(o.body ?? {}),
      cache: 'no-store',
    });
  } catch {
    throw new AdminError(
      0,
      'UNREACHABLE',
      'The mock does not answer; is `koogallery-mock start` still running?',
    );
  }
  if (res.ok && o.raw) return res;
  const text = await res.text();
  /** @type {any} */
  let json = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  if (!res.ok) {
    const err = json?.error;
    if (res.status === 401) for (const fn of unauthorizedListeners) fn();
    throw new AdminError(
      res.status,
      typeof err?.code === 'string' ? err.code : `HTTP_${res.status}`,
      typeof err?.message === 'string' ? err.message : `The mock answered HTTP ${res.status}.`,
      Array.isArray(err?.issues) ? err.issues : [],
    );
  }
  return json;
}

/**
 * Every item of a list route (`{ items, total }`), asking for the whole list at once (the mock caps a page at
 * 10 000 items).
 * @param {string} path without query
 * @param {Record<string, unknown>} [params]
 * @returns {Promise<any[]>}
 */
export async function adminList(path, params = {}) {
  const page = await admin(`${path}${queryOf({ ...params, limit: 10000 })}`);
  return page.items;
}

/**
 * The last `n` items of a list (lists are oldest first): two requests, the total first.
 * @param {string} path
 * @param {Record<string, unknown>} params
 * @param {number} n
 * @returns {Promise<{ items: any[], total: number }>}
 */
export async function adminTail(path, params, n) {
  const first = await admin(`${path}${queryOf({ ...params, limit: 1 })}`);
  const offset = Math.max(0, first.total - n);
  const page = await admin(`${path}${queryOf({ ...params, limit: n, offset })}`);
  return { items: page.items, total: page.total };
}

/** Every event type of the stream (see the admin API reference). */
export const EVENT_TYPES = Object.freeze([
  'job.created',
  'attempt.started',
  'attempt.finished',
  'job.succeeded',
  'job.failed',
  'job.exhausted',
  'job.canceled',
  'order.changed',
  'instance.changed',
  'clock.advanced',
  'outbox.message',
  'product.changed',
  'flow.changed',
]);

/**
 * Opens the event stream. `onEvent` gets every engine event (`{ type, at, … }`); `onStatus` gets
 * `'live'` (open; `reconnected` true after a drop, when events may have been missed) or `'down'`.
 * The browser reconnects by itself (the stream asks for a retry after 2 s).
 * @param {{ onEvent: (e: any) => void, onStatus: (s: 'live' | 'down', reconnected: boolean) => void }} o
 * @returns {() => void} closes the stream
 */
export function openEvents(o) {
  const token = getToken();
  const url = `${ADMIN_BASE}/events${token === null ? '' : queryOf({ token })}`;
  const source = new EventSource(url);
  let opened = false;
  source.addEventListener('ready', () => {
    o.onStatus('live', opened);
    opened = true;
  });
  source.addEventListener('error', () => o.onStatus('down', false));
  for (const type of EVENT_TYPES) {
    source.addEventListener(type, (msg) => {
      try {
        o.onEvent(JSON.parse(/** @type {MessageEvent} */ (msg).data));
      } catch {
        // a malformed event is skipped; the next refresh shows the truth
      }
    });
  }
  return () => source.close();
}
