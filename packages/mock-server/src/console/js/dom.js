// @ts-check
/**
 * DOM and formatting helpers of the console. Everything shown is built with `h()` and text nodes — never
 * innerHTML — because the console displays bodies written by the seller's server.
 */

/**
 * Creates an element. `attrs`: `class`, `for`, `text`, `on<Event>` handlers, boolean attributes (true/false),
 * `dataset` (object); other keys become attributes (null/undefined/false are left out). Children: nodes,
 * strings, numbers, arrays (flattened); null/undefined/false are skipped.
 * @param {string} tag
 * @param {Record<string, any> | null} [attrs]
 * @param {...any} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

/**
 * Appends children (see {@link h}).
 * @param {Element} el
 * @param {any[]} children
 */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * Replaces the children of `el`, keeping the focus on the element with the same `data-fkey` when the focused
 * element is replaced (live updates must not throw a keyboard user out of the table).
 * @param {Element} el
 * @param {...any} children
 */
export function replace(el, ...children) {
  const active = document.activeElement;
  const key = active instanceof HTMLElement && el.contains(active) ? active.dataset.fkey : undefined;
  el.replaceChildren();
  append(el, children);
  if (key !== undefined) {
    const again = el.querySelector(`[data-fkey="${CSS.escape(key)}"]`);
    if (again instanceof HTMLElement) again.focus();
  }
}

/** Time zones the console can show business time in. */
export const ZONES = Object.freeze({
  platform: { label: 'UTC+8 (platform)', offset: 480 },
  utc: { label: 'UTC', offset: 0 },
  browser: { label: 'Browser time', offset: null },
});

let zone = 'platform';
try {
  const saved = localStorage.getItem('kgk-console-zone');
  if (saved !== null && saved in ZONES) zone = saved;
} catch {
  // storage disabled: keep the default
}

/** @returns {string} the selected zone key */
export const currentZone = () => zone;

/** @param {string} key */
export function setZone(key) {
  if (!(key in ZONES)) return;
  zone = key;
  try {
    localStorage.setItem('kgk-console-zone', key);
  } catch {
    // storage disabled: the choice lasts until reload
  }
}

/**
 * Minutes east of UTC of the selected zone at instant `ms`.
 * @param {number} [ms]
 */
export function zoneOffset(ms = Date.now()) {
  const z = ZONES[/** @type {keyof typeof ZONES} */ (zone)];
  return z.offset ?? -new Date(ms).getTimezoneOffset();
}

const pad = (/** @type {number} */ n, w = 2) => String(n).padStart(w, '0');

/**
 * `2025-03-10 10:00:00` in the selected zone; `—` for null.
 * @param {number | null | undefined} ms
 * @param {{ seconds?: boolean }} [o]
 */
export function fmtTime(ms, o = {}) {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const d = new Date(ms + zoneOffset(ms) * 60_000);
  const text =
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return o.seconds === false ? text : `${text}:${pad(d.getUTCSeconds())}`;
}

/** Placeholder and pattern of the time inputs: the page's own format, whatever the browser's locale. */
export const TIME_INPUT_FORMAT = 'yyyy-MM-dd HH:mm';

/**
 * A text input for a business time, written `yyyy-MM-dd HH:mm` in the selected zone like every time on the page
 * (a `datetime-local` input would follow the browser's locale instead).
 * @param {number | undefined} ms initial value
 * @param {Record<string, any>} [attrs]
 */
export function timeInput(ms, attrs = {}) {
  return h('input', {
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: TIME_INPUT_FORMAT,
    pattern: '\\d{4}-\\d{2}-\\d{2}( \\d{2}:\\d{2}(:\\d{2})?)?',
    title: `${TIME_INPUT_FORMAT}, in the zone chosen at the top`,
    class: 'time-input',
    value: ms === undefined ? '' : toLocalInput(ms),
    ...attrs,
  });
}

/**
 * The value of a time input for `ms` in the selected zone: `2025-03-10 10:00`.
 * @param {number} ms
 */
export function toLocalInput(ms) {
  return fmtTime(ms, { seconds: false });
}

/**
 * Epoch ms of a time input's value (`yyyy-MM-dd`, `yyyy-MM-dd HH:mm[:ss]`, a `T` instead of the space also
 * accepted) read in the selected zone; undefined when empty or invalid.
 * @param {string} value
 */
export function fromLocalInput(value) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value.trim());
  if (m === null) return undefined;
  const [y, mo, d, hh, mi, ss] = m.slice(1).map((x) => Number(x ?? 0));
  const asUtc = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, hh ?? 0, mi ?? 0, ss ?? 0);
  // Two passes so a browser zone with daylight saving uses the offset of the instant itself.
  const first = asUtc - zoneOffset(asUtc) * 60_000;
  return asUtc - zoneOffset(first) * 60_000;
}

/**
 * `UTC+08:00` for the selected zone.
 * @param {number} [ms]
 */
export function zoneLabel(ms) {
  const off = zoneOffset(ms);
  const abs = Math.abs(off);
  return `UTC${off < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * An amount as the platform states it, in yuan (protocol.md §9: `orderAmount`, 3 decimals, yuan), with its
 * currency: `990 CNY`; `—` when there is none (a reverse order leaves `currency` empty).
 * @param {string | number | null | undefined} amount
 */
export function money(amount) {
  if (amount === null || amount === undefined || amount === '') return '—';
  return `${amount} CNY`;
}

/**
 * `12 ms`, `1.2 s`, `3 h 5 min`, `2 d 3 h`.
 * @param {number | null | undefined} ms
 */
export function fmtDuration(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${min} min`;
  const hours = Math.floor(min / 60);
  if (hours < 48) return `${hours} h${min % 60 ? ` ${min % 60} min` : ''}`;
  const days = Math.floor(hours / 24);
  return `${days} d${hours % 24 ? ` ${hours % 24} h` : ''}`;
}

/** Labels of order, instance, job and attempt states. */
export const STATE_LABELS = Object.freeze({
  PENDING_PAYMENT: 'Pending payment',
  PROCESSING: 'Processing',
  COMPLETED: 'Completed',
  CANCELED: 'Canceled',
  provisioning: 'Provisioning',
  active: 'Active',
  frozen: 'Frozen',
  released: 'Released',
  PENDING: 'Pending',
  RUNNING: 'Running',
  SUCCEEDED: 'Succeeded',
  FAILED: 'Failed',
  EXHAUSTED: 'Exhausted',
  NOT_READY: 'Not ready',
  INTERRUPTED: 'Interrupted',
});

const TONE = Object.freeze({
  COMPLETED: 'ok',
  SUCCEEDED: 'ok',
  active: 'ok',
  PROCESSING: 'busy',
  PENDING: 'busy',
  RUNNING: 'busy',
  provisioning: 'busy',
  PENDING_PAYMENT: 'wait',
  NOT_READY: 'wait',
  frozen: 'wait',
  FAILED: 'bad',
  EXHAUSTED: 'bad',
  INTERRUPTED: 'bad',
  CANCELED: 'off',
  released: 'off',
});

/**
 * A state badge (text label plus colour; the text carries the meaning).
 * @param {string} state
 */
export function badge(state) {
  const label = /** @type {Record<string, string>} */ (STATE_LABELS)[state] ?? state;
  const tone = /** @type {Record<string, string>} */ (TONE)[state] ?? 'off';
  return pill(label, tone, state);
}

/**
 * A status pill: `label` in the colour of `tone` (ok, busy, wait, bad, off); `state` in `data-state` for tests
 * and styles.
 * @param {string} label
 * @param {string} tone
 * @param {string} state
 */
export function pill(label, tone, state) {
  return h('span', { class: `badge badge-${tone}`, dataset: { state } }, label);
}

/**
 * Pretty JSON when `text` is JSON, else the text itself.
 * @param {string | undefined | null} text
 */
export function prettyBody(text) {
  if (text === undefined || text === null || text === '') return '(empty)';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/**
 * A `<dl>` of label/value pairs (values may be nodes).
 * @param {Array<[string, any]>} pairs
 * @param {string} [cls]
 */
export function dl(pairs, cls = 'pairs') {
  return h(
    'dl',
    { class: cls },
    pairs.map(([k, v]) => [
      h('dt', null, k),
      h('dd', null, v === null || v === undefined || v === '' ? '—' : v),
    ]),
  );
}

/**
 * A `<label>` + control pair in a field wrapper.
 * @param {string} id
 * @param {string} label
 * @param {HTMLElement} control
 * @param {string} [hint]
 */
export function field(id, label, control, hint) {
  control.id = id;
  const hintId = hint === undefined ? undefined : `${id}-hint`;
  if (hintId !== undefined) control.setAttribute('aria-describedby', hintId);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint === undefined ? null : h('small', { id: hintId, class: 'hint' }, hint),
  );
}

/**
 * A `<select>` with options `[value, label]`.
 * @param {Array<[string, string]>} options
 * @param {string} [value]
 * @param {Record<string, any>} [attrs]
 */
export function select(options, value, attrs = {}) {
  return h(
    'select',
    attrs,
    options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)),
  );
}

/**
 * A table with a caption, column headers and rows of cells (nodes or text).
 * @param {string} caption
 * @param {string[]} columns
 * @param {HTMLElement[]} rows `<tr>` elements
 * @param {{ captionHidden?: boolean, empty?: string, cls?: string }} [o]
 */
export function table(caption, columns, rows, o = {}) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: o.cls ?? 'grid' },
      h('caption', { class: o.captionHidden ? 'visually-hidden' : null }, caption),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          columns.map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.length > 0
          ? rows
          : h('tr', null, h('td', { colspan: columns.length, class: 'empty' }, o.empty ?? 'Nothing yet.')),
      ),
    ),
  );
}

/**
 * Saves `blob` as a download named `name` (a hidden link clicked once; the object URL is released later).
 * @param {Blob} blob
 * @param {string} name
 */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A row of tabs (`role="tablist"`): one button per `[value, label]`, the current one `aria-selected`; arrow keys
 * move between them. `onChange` gets the chosen value.
 * @param {string} label accessible name of the tab list
 * @param {Array<[string, string]>} options
 * @param {string} value
 * @param {(value: string) => void} onChange
 */
export function tabs(label, options, value, onChange) {
  const list = h('div', { class: 'tabs', role: 'tablist', 'aria-label': label });
  const buttons = options.map(([v, text]) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        'aria-selected': v === value ? 'true' : 'false',
        tabindex: v === value ? 0 : -1,
        dataset: { tab: v, fkey: `tab-${v}` },
        onclick: () => onChange(v),
      },
      text,
    ),
  );
  list.addEventListener('keydown', (e) => {
    const k = /** @type {KeyboardEvent} */ (e).key;
    if (k !== 'ArrowRight' && k !== 'ArrowLeft') return;
    const at = buttons.findIndex((b) => b === document.activeElement);
    const next = buttons[(at + (k === 'ArrowRight' ? 1 : buttons.length - 1)) % buttons.length];
    next?.focus();
    next?.click();
  });
  append(list, buttons);
  return list;
}

/**
 * Previous / next page buttons of a list of `total` items shown `size` at a time from `offset`; null when one
 * page holds them all. `go` gets the offset of the page asked for.
 * @param {number} offset
 * @param {number} total
 * @param {number} size
 * @param {(offset: number) => void} go
 */
export function pager(offset, total, size, go) {
  if (total <= size) return null;
  return h(
    'div',
    { class: 'pager' },
    h(
      'button',
      {
        type: 'button',
        disabled: offset === 0,
        dataset: { fkey: 'prev' },
        onclick: () => go(Math.max(0, offset - size)),
      },
      'Previous page',
    ),
    h(
      'button',
      {
        type: 'button',
        disabled: offset + size >= total,
        dataset: { fkey: 'next' },
        onclick: () => go(offset + size),
      },
      'Next page',
    ),
  );
}

/**
 * Calls `fn` at most once per `ms` (trailing call kept): many events in a burst cause one refresh.
 * @param {() => void | Promise<void>} fn an async `fn` handles its own errors
 * @param {number} [ms]
 */
export function debounce(fn, ms = 120) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void fn();
    }, ms);
  };
}
