// @ts-check
/**
 * The console's two pictures, drawn as inline SVG with DOM calls: the attempt timeline (one lane per production
 * call, attempts on a business-time axis, the next scheduled attempt) and the small usage bar chart of a
 * pay-per-use instance. Shapes differ as well as colours (success ●, failure ◆, waiting ▲), and every mark has a
 * `<title>`, so the picture does not depend on colour vision.
 */
import { fmtDuration, fmtTime } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';

/**
 * An SVG element.
 * @param {string} tag
 * @param {Record<string, string | number | null | undefined>} [attrs]
 * @param {...(Node | string | null | undefined)} children
 * @returns {SVGElement}
 */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs))
    if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children) {
    if (c === null || c === undefined) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return /** @type {SVGElement} */ (el);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEPS = [
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
  90 * DAY,
];

/**
 * A tick step giving at most `max` ticks over `span` ms.
 * @param {number} span
 * @param {number} max
 */
export function tickStep(span, max) {
  for (const step of STEPS) if (span / step <= max) return step;
  return Math.ceil(span / max / DAY) * DAY;
}

/** @param {string} state */
function markOf(state) {
  if (state === 'SUCCEEDED') return 'ok';
  if (state === 'NOT_READY') return 'wait';
  if (state === 'RUNNING') return 'busy';
  return 'bad';
}

/**
 * One attempt mark centred on (x, y): circle = success, diamond = failure, triangle = not ready, ring = running.
 * @param {string} kind
 * @param {number} x
 * @param {number} y
 * @param {string} title
 */
function mark(kind, x, y, title) {
  const t = s('title', {}, title);
  if (kind === 'ok') return s('circle', { class: 'mark mark-ok', cx: x, cy: y, r: 7 }, t);
  if (kind === 'wait') {
    return s(
      'polygon',
      { class: 'mark mark-wait', points: `${x},${y - 8} ${x + 8},${y + 6} ${x - 8},${y + 6}` },
      t,
    );
  }
  if (kind === 'busy') return s('circle', { class: 'mark mark-busy', cx: x, cy: y, r: 6 }, t);
  return s(
    'polygon',
    { class: 'mark mark-bad', points: `${x},${y - 8} ${x + 8},${y} ${x},${y + 8} ${x - 8},${y}` },
    t,
  );
}

/**
 * @typedef {{ no: number, state: string, startedAt: number, finishedAt: number | null, elapsedMs: number | null,
 *   manual: boolean, problems: Array<{ code: string, message: string }> }} Attempt
 * @typedef {{ id: string, interface: string, purpose: string, state: string, createdAt: number,
 *   nextAttemptAt: number | null, attempts: Attempt[] }} JobWithAttempts
 */

/**
 * The attempt timeline of some jobs.
 * @param {JobWithAttempts[]} jobs oldest first
 * @param {number} now business time
 * @param {string} labelledBy id of the element describing the picture
 * @returns {SVGElement}
 */
export function timelineChart(jobs, now, labelledBy) {
  const left = 200;
  const right = 24;
  const width = 960;
  const laneH = 44;
  const top = 28;
  const height = top + jobs.length * laneH + 36;
  const times = [now];
  for (const j of jobs) {
    times.push(j.createdAt);
    if (j.nextAttemptAt !== null) times.push(j.nextAttemptAt);
    for (const a of j.attempts) times.push(a.startedAt);
  }
  let t0 = Math.min(...times);
  let t1 = Math.max(...times);
  if (t1 - t0 < 10 * MINUTE) {
    t0 -= 5 * MINUTE;
    t1 += 5 * MINUTE;
  }
  const pad = (t1 - t0) * 0.04;
  t0 -= pad;
  t1 += pad;
  const x = (/** @type {number} */ t) => left + ((t - t0) / (t1 - t0)) * (width - left - right);

  const svg = s('svg', {
    class: 'timeline',
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-labelledby': labelledBy,
    preserveAspectRatio: 'xMinYMin meet',
  });
  const step = tickStep(t1 - t0, 8);
  const axisY = height - 26;
  const grid = s('g', { class: 'axis' });
  const first = Math.ceil(t0 / step) * step;
  for (let t = first; t <= t1; t += step) {
    const label = step >= DAY ? fmtTime(t).slice(5, 10) : fmtTime(t, { seconds: false }).slice(5);
    grid.append(
      s('line', { x1: x(t), x2: x(t), y1: top - 10, y2: axisY, class: 'tick' }),
      s('text', { x: x(t), y: axisY + 16, 'text-anchor': 'middle' }, label),
    );
  }
  grid.append(s('line', { x1: left, x2: width - right, y1: axisY, y2: axisY, class: 'baseline' }));
  svg.append(grid);

  svg.append(
    s('line', { x1: x(now), x2: x(now), y1: top - 16, y2: axisY, class: 'now' }),
    s('text', { x: x(now), y: top - 18, 'text-anchor': 'middle', class: 'now-label' }, 'now'),
  );

  jobs.forEach((j, i) => {
    const y = top + i * laneH + laneH / 2;
    const lane = s('g', { class: 'lane', 'data-job': j.id });
    lane.append(
      s('text', { x: 8, y: y - 4, class: 'lane-id' }, j.id),
      s('text', { x: 8, y: y + 12, class: 'lane-name' }, j.interface),
    );
    // Attempts at (nearly) the same instant — a manual restart right after a failure on the virtual clock —
    // are set side by side in order, so none hides another.
    /** @type {number[]} */
    const xs = [];
    for (const a of j.attempts) {
      const prev = xs[xs.length - 1];
      xs.push(prev === undefined ? x(a.startedAt) : Math.max(x(a.startedAt), prev + 16));
    }
    const nextX =
      j.nextAttemptAt === null ? null : Math.max(x(j.nextAttemptAt), (xs[xs.length - 1] ?? -Infinity) + 16);
    const ends = nextX === null ? xs : [...xs, nextX];
    if (ends.length > 1) {
      lane.append(s('line', { x1: Math.min(...ends), x2: Math.max(...ends), y1: y, y2: y, class: 'span' }));
    }
    j.attempts.forEach((a, k) => {
      const reason = a.problems.map((p) => `${p.code}: ${p.message}`).join('; ');
      const title =
        `${j.id} ${j.interface} attempt #${a.no}${a.manual ? ' (manual)' : ''}: ${a.state} at ${fmtTime(a.startedAt)}` +
        `${a.elapsedMs === null ? '' : `, ${fmtDuration(a.elapsedMs)}`}${reason ? ` — ${reason}` : ''}`;
      lane.append(mark(markOf(a.state), xs[k] ?? x(a.startedAt), y, title));
    });
    if (j.nextAttemptAt !== null) {
      lane.append(
        s(
          'circle',
          { class: 'mark mark-next', cx: nextX, cy: y, r: 7 },
          s('title', {}, `${j.id} ${j.interface}: next attempt scheduled at ${fmtTime(j.nextAttemptAt)}`),
        ),
      );
    }
    svg.append(lane);
  });
  return svg;
}

/**
 * A small bar chart of usage records (the last `max`), bars at their end time order.
 * @param {Array<{ at: number, usage_value: string }>} records oldest first
 * @param {string} label accessible description
 * @param {number} [max]
 * @returns {SVGElement}
 */
export function usageChart(records, label, max = 30) {
  const shown = records.slice(-max);
  const width = 180;
  const height = 44;
  const svg = s('svg', {
    class: 'usage-chart',
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': label,
    width,
    height,
  });
  svg.append(s('line', { x1: 0, x2: width, y1: height - 1, y2: height - 1, class: 'baseline' }));
  if (shown.length === 0) {
    svg.append(
      s(
        'text',
        { x: width / 2, y: height / 2 + 4, 'text-anchor': 'middle', class: 'chart-empty' },
        'no usage pushed',
      ),
    );
    return svg;
  }
  const values = shown.map((r) => Math.max(0, Number(r.usage_value) || 0));
  const top = Math.max(...values) || 1;
  const slot = width / Math.max(shown.length, 8);
  shown.forEach((r, i) => {
    const v = values[i] ?? 0;
    const barH = Math.max(1, (v / top) * (height - 6));
    svg.append(
      s(
        'rect',
        { class: 'bar', x: i * slot + 1, y: height - 1 - barH, width: Math.max(1, slot - 2), height: barH },
        s('title', {}, `${r.usage_value} until ${fmtTime(r.at)}`),
      ),
    );
  });
  return svg;
}
