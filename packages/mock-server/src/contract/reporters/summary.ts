/** The summary line every reporter ends with. */
import type { ContractReport } from '../types';

/** `12 passed, 1 failed` (plus `, N skipped` when some checks could not be evaluated). */
export function summaryLine(report: Pick<ContractReport, 'summary'>): string {
  const { passed, failed, skipped } = report.summary;
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}
