/**
 * The pretty reporter: a progress line per group (interface, security, …), then every failure with what went
 * wrong, what was expected, how to fix it, the risk, the request sent and the reply received, then the summary.
 */
import type { CheckResult, ContractExchange, ContractReport } from '../types';
import { summaryLine } from './summary';

/** Longest body shown in a failure report, in characters. */
const MAX_BODY_CHARS = 2_000;
/** Lines of an HTML body shown (an error page of a framework or proxy): enough to recognise it. */
const HTML_LINES = 4;

/** The body as shown: HTML pages cut to their first lines, anything else to {@link MAX_BODY_CHARS}. */
export function shownBody(text: string): string {
  if (/^\s*</.test(text)) {
    const lines = text.trim().split(/\r?\n/);
    const head = lines.slice(0, HTML_LINES).map((l) => (l.length > 160 ? `${l.slice(0, 160)}…` : l));
    return lines.length <= HTML_LINES && text.length <= 640
      ? head.join('\n')
      : `${head.join('\n')}\n… (HTML page cut: ${lines.length} lines, ${text.length} characters)`;
  }
  return text.length <= MAX_BODY_CHARS
    ? text
    : `${text.slice(0, MAX_BODY_CHARS)}… (${text.length - MAX_BODY_CHARS} more characters)`;
}

const indent = (text: string, by: string): string =>
  text
    .split('\n')
    .map((line) => `${by}${line}`)
    .join('\n');

/** The first lines of a report: what is checked. */
export function formatHeader(
  report: Pick<ContractReport, 'sellerUrl' | 'protocol' | 'chargingMode' | 'kit'>,
): string {
  const kit = report.kit ? ', kit interfaces' : '';
  return `koogallery-mock contract: ${report.sellerUrl} (${report.protocol.toUpperCase()}, ${report.chargingMode}${kit})\n`;
}

/**
 * One progress line for a finished group: `✓ newInstance  13 passed` / `! newInstance  12 passed, 1 warned` /
 * `✗ security  9 passed, 1 failed`.
 */
export function formatGroupLine(group: string, results: readonly CheckResult[]): string {
  const passed = results.filter((r) => r.status === 'passed').length;
  const warned = results.filter((r) => r.status === 'warned').length;
  const failed = results.filter((r) => r.status === 'failed').length;
  const skipped = results.filter((r) => r.status === 'skipped').length;
  const mark = failed > 0 ? '✗' : warned > 0 ? '!' : passed > 0 ? '✓' : '-';
  const counts = [
    passed > 0 || failed === 0 ? `${passed} passed` : '',
    warned > 0 ? `${warned} warned` : '',
    failed > 0 ? `${failed} failed` : '',
    skipped > 0 ? `${skipped} skipped` : '',
  ]
    .filter((s) => s !== '')
    .join(', ');
  const failedIds = results
    .filter((r) => r.status === 'failed' || r.status === 'warned')
    .map((r) => r.id.slice(r.id.indexOf('.') + 1));
  const which = failedIds.length > 0 ? `  (${failedIds.join(', ')})` : '';
  return `  ${mark} ${group.padEnd(22)} ${counts}${which}\n`;
}

/** The request and reply of one exchange, as report lines. */
export function formatExchange(x: ContractExchange): string[] {
  const lines = [`Request sent — ${x.label}:`, `  ${x.request.method} ${x.request.url}`];
  for (const [name, value] of Object.entries(x.request.headers)) lines.push(`  ${name}: ${value}`);
  if (x.request.body !== null) lines.push(indent(shownBody(x.request.body), '  '));
  if (x.reply === null) {
    lines.push(`Reply received: none${x.error === undefined ? '' : ` (${x.error})`}`);
    return lines;
  }
  lines.push(`Reply received: HTTP ${x.reply.status} in ${Math.round(x.reply.elapsedMs)} ms`);
  for (const [name, value] of x.reply.headers) lines.push(`  ${name}: ${value}`);
  lines.push(indent(x.reply.body === '' ? '(empty body)' : shownBody(x.reply.body), '  '));
  return lines;
}

/** Everything about one failed check, as lines (also the text of a JUnit `<failure>`). */
export function describeFailure(r: CheckResult): string[] {
  const lines = [`What went wrong: ${r.message ?? '(no message)'}`];
  if (r.expected !== undefined) lines.push(`Expected: ${r.expected}`);
  if (r.fix !== undefined) lines.push(`How to fix: ${r.fix}`);
  if (r.risk !== undefined) lines.push(`Risk if left unfixed: ${r.risk}`);
  for (const x of r.exchanges) lines.push(...formatExchange(x));
  return lines;
}

/** `ids` joined with commas, wrapped to lines of about 100 characters. */
function wrapIds(ids: readonly string[], by: string): string {
  const lines: string[] = [];
  let line = '';
  for (const id of ids) {
    const next = line === '' ? id : `${line}, ${id}`;
    if (next.length > 100 && line !== '') {
      lines.push(`${line},`);
      line = id;
    } else {
      line = next;
    }
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => `${by}${l}`).join('\n');
}

/**
 * The root causes first (headline, fix, the checks each explains and one example exchange), then every failure
 * no cause explains in full, numbered. Empty when nothing failed.
 */
export function formatFailures(report: Pick<ContractReport, 'results' | 'rootCauses'>): string {
  const failed = report.results.filter((r) => r.status === 'failed');
  if (failed.length === 0) return '';
  const sections: string[] = [];
  const causes = report.rootCauses;
  if (causes.length > 0) {
    const blocks = causes.map((c, i) => {
      const example = failed.find((r) => r.rootCause === c.id && r.exchanges.length > 0);
      const lines = [`${i + 1}) ${c.headline}`, `   How to fix: ${c.fix}`];
      lines.push(`   Explains ${c.checks.length} failed check${c.checks.length === 1 ? '' : 's'}:`);
      lines.push(wrapIds(c.checks, '     '));
      if (example !== undefined) {
        lines.push(`   For example ${example.id}: ${example.message ?? ''}`);
        lines.push(indent(formatExchange(example.exchanges[0] as ContractExchange).join('\n'), '   '));
      }
      return lines.join('\n');
    });
    sections.push(`\nRoot causes\n\n${blocks.join('\n\n')}\n`);
  }
  const rest = failed.filter((r) => r.rootCause === undefined);
  if (rest.length > 0) {
    const blocks = rest.map(
      (r, i) => `${i + 1}) ${r.id} — ${r.title}\n${indent(describeFailure(r).join('\n'), '   ')}`,
    );
    sections.push(`\n${causes.length > 0 ? 'Other failures' : 'Failures'}\n\n${blocks.join('\n\n')}\n`);
  }
  return sections.join('');
}

/** The warnings: each warned check with its deviation and the recommendation, without the exchanges. */
export function formatWarnings(report: Pick<ContractReport, 'results'>): string {
  const warned = report.results.filter((r) => r.status === 'warned');
  if (warned.length === 0) return '';
  const lines = warned.map(
    (r) =>
      `  ! ${r.id}: ${r.message ?? ''}${r.expected === undefined ? '' : `\n    Recommended: ${r.expected}`}`,
  );
  return `\nWarnings (tolerated; --strict makes them failures)\n${lines.join('\n')}\n`;
}

/** The skipped checks with their reasons, one per line. Empty when none. */
export function formatSkipped(report: Pick<ContractReport, 'results'>): string {
  const skipped = report.results.filter((r) => r.status === 'skipped');
  if (skipped.length === 0) return '';
  // Checks skipped for the same reason share a line (e.g. the 13 aspects of an interface that was not called), and
  // so do interfaces skipped for the same reason but their own name (`… to call queryInstance for`).
  const byReason = new Map<string, string[]>();
  for (const r of skipped) {
    const reason = (r.message ?? '').split(r.group).join('<interface>');
    byReason.set(reason, [...(byReason.get(reason) ?? []), r.id]);
  }
  const lines = [...byReason].map(([reason, ids]) => {
    const prefixes = [...new Set(ids.map((id) => id.slice(0, id.indexOf('.') + 1)))];
    const shared = ids.length > 3 && prefixes.every((p) => p !== '');
    const names = shared
      ? `${prefixes.map((p) => `${p}*`).join(', ')} (${ids.length} checks)`
      : ids.join(', ');
    const shown =
      prefixes.length === 1 ? reason.split('<interface>').join(prefixes[0]?.slice(0, -1) ?? '') : reason;
    return `  - ${names}: ${shown}`;
  });
  return `\nSkipped\n${lines.join('\n')}\n`;
}

/** `N passed, N failed` (with `N warned` when some warned) and the wall time. */
export function formatSummary(report: Pick<ContractReport, 'summary' | 'durationMs'>): string {
  return `\n${summaryLine(report)} (${(report.durationMs / 1000).toFixed(1)} s)\n`;
}

/**
 * The whole report as text (for files and non-interactive use): header, group lines, root causes and failures,
 * warnings, skipped checks, summary.
 */
export function formatPrettyReport(report: ContractReport): string {
  const groups = new Map<string, CheckResult[]>();
  for (const r of report.results) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
  const lines = [...groups].map(([group, results]) => formatGroupLine(group, results)).join('');
  return `${formatHeader(report)}${lines}${formatFailures(report)}${formatWarnings(report)}${formatSkipped(report)}${formatSummary(report)}`;
}
