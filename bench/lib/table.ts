/**
 * Renders results as Markdown pipe tables: readable in a terminal and pasted unchanged into bench/RESULTS.md.
 */
import type { CaseResult, Measurement, TargetCheck } from './types';

function formatValue(m: Measurement): string {
  const digits = m.unit === 'req/s' ? 0 : m.unit === 'ms' ? 1 : m.value < 10 ? 3 : 2;
  const text = m.value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return `${text} ${m.unit}`;
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The rows of one case as a table (`| measurement | value | ratio | detail |`). */
export function renderRows(rows: readonly Measurement[]): string {
  const lines = ['| measurement | value | ratio | detail |', '|---|---:|---:|---|'];
  for (const m of rows) {
    const ratio = m.ratio === undefined ? '' : `${m.ratio.toFixed(3)}×`;
    lines.push(`| ${escape(m.label)} | ${formatValue(m)} | ${ratio} | ${escape(m.detail ?? '')} |`);
  }
  return lines.join('\n');
}

function formatNumber(n: number, unit: string): string {
  return unit === '×' ? `${n.toFixed(3)}×` : `${n.toFixed(1)} ${unit}`;
}

/** One line per target: MET/MISSED, the target, actual vs limit. */
export function renderTargets(targets: readonly TargetCheck[]): string {
  const lines = ['| target | actual | limit | result |', '|---|---:|---:|---|'];
  for (const t of targets) {
    lines.push(
      `| ${escape(t.description)} | ${formatNumber(t.actual, t.unit)} | ${t.comparator} ${formatNumber(t.limit, t.unit)} | ${t.met ? 'met' : '**MISSED**'} |`,
    );
  }
  return lines.join('\n');
}

/** A whole case block: heading, method, table, targets, notes (or the error). */
export function renderCase(r: CaseResult): string {
  const head = `### ${r.title} (\`${r.id}\`, issue item ${r.item}) — ${(r.elapsedMs / 1000).toFixed(1)} s`;
  if (r.status !== 'ok') return `${head}\n\n**${r.status.toUpperCase()}**: ${r.error ?? ''}\n`;
  const parts = [head, '', `Method: ${r.method ?? ''}`, '', renderRows(r.rows ?? [])];
  if ((r.targets ?? []).length > 0) parts.push('', renderTargets(r.targets ?? []));
  for (const note of r.notes ?? []) parts.push('', `- ${note}`);
  return `${parts.join('\n')}\n`;
}
