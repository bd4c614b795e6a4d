/** The summary line every reporter ends with. */
import type { ContractReport } from '../types';

/**
 * `50 passed, 0 failed`, with `, N warned` after the passed count when some checks warned and `, N skipped` when
 * some could not be evaluated: `50 passed, 2 warned, 0 failed, 3 skipped`.
 */
export function summaryLine(report: Pick<ContractReport, 'summary'>): string {
  const { passed, warned, failed, skipped } = report.summary;
  return (
    `${passed} passed${warned > 0 ? `, ${warned} warned` : ''}, ${failed} failed` +
    `${skipped > 0 ? `, ${skipped} skipped` : ''}`
  );
}
