/**
 * The JUnit XML reporter: one `<testsuite>` per group, one `<testcase>` per check, `<failure>` with the full
 * explanation and `<skipped>` with the reason — the format CI systems (GitHub Actions test reporters, GitLab,
 * Jenkins) render.
 */
import type { CheckResult, ContractReport, ContractRootCause } from '../types';
import { describeFailure } from './pretty';
import { summaryLine } from './summary';

/** Escapes text for XML attributes and content, dropping characters XML 1.0 cannot carry. */
export function escapeXml(text: string): string {
  return [...text]
    .filter((c) => {
      const cp = c.codePointAt(0) ?? 0;
      // XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
      return (
        cp === 0x9 ||
        cp === 0xa ||
        cp === 0xd ||
        (cp >= 0x20 && cp <= 0xd7ff) ||
        (cp >= 0xe000 && cp <= 0xfffd) ||
        cp >= 0x10000
      );
    })
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

function testcase(r: CheckResult, causes: ReadonlyMap<string, ContractRootCause>): string {
  const open = `    <testcase classname="koogallery.contract.${escapeXml(r.group)}" name="${escapeXml(`${r.id}: ${r.title}`)}" time="${seconds(r.durationMs)}"`;
  if (r.status === 'passed') return `${open}/>`;
  if (r.status === 'warned') {
    // A warning never fails the build: a passing testcase carrying the warning as a property and in system-out.
    return (
      `${open}>\n      <properties><property name="warning" value="${escapeXml(r.message ?? '')}"/></properties>\n` +
      `      <system-out>${escapeXml(['WARNING (tolerated; --strict makes it a failure)', ...describeFailure(r)].join('\n'))}</system-out>\n    </testcase>`
    );
  }
  if (r.status === 'skipped') {
    return `${open}>\n      <skipped message="${escapeXml(r.message ?? 'skipped')}"/>\n    </testcase>`;
  }
  return (
    `${open}>\n      <failure message="${escapeXml(r.message ?? 'failed')}" type="${escapeXml(r.id)}">` +
    `${escapeXml([...rootCauseLines(r, causes), ...describeFailure(r)].join('\n'))}</failure>\n    </testcase>`
  );
}

/** The root cause a failure is explained by, as the first lines of its `<failure>` text. */
function rootCauseLines(r: CheckResult, causes: ReadonlyMap<string, ContractRootCause>): string[] {
  const cause = r.rootCause === undefined ? undefined : causes.get(r.rootCause);
  return cause === undefined ? [] : [`Root cause: ${cause.headline}`, `Fix it first: ${cause.fix}`, ''];
}

/** The report as JUnit XML. */
export function formatJunitReport(report: ContractReport): string {
  const causes = new Map(report.rootCauses.map((c) => [c.id, c]));
  const groups = new Map<string, CheckResult[]>();
  for (const r of report.results) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
  const suites = [...groups].map(([group, results]) => {
    const failures = results.filter((r) => r.status === 'failed').length;
    const skipped = results.filter((r) => r.status === 'skipped').length;
    const time = results.reduce((t, r) => t + r.durationMs, 0);
    return (
      `  <testsuite name="${escapeXml(group)}" tests="${results.length}" failures="${failures}" errors="0" ` +
      `skipped="${skipped}" time="${seconds(time)}">\n${results.map((r) => testcase(r, causes)).join('\n')}\n  </testsuite>`
    );
  });
  const { total, failed, skipped } = report.summary;
  const heads = report.rootCauses
    .map((c) => `\n  root cause: ${escapeXml(c.headline)} Fix: ${escapeXml(c.fix)}`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<!-- koogallery-mock contract ${escapeXml(report.sellerUrl)}: ${escapeXml(summaryLine(report))}${heads.replace(/--/g, '- -')} -->\n` +
    `<testsuites name="koogallery-mock contract" tests="${total}" failures="${failed}" errors="0" ` +
    `skipped="${skipped}" time="${seconds(report.durationMs)}">\n${suites.join('\n')}\n</testsuites>\n`
  );
}
