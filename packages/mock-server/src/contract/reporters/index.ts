/** Reporters of the conformance suite: pretty text, JSON and JUnit XML. */
export {
  formatPrettyReport,
  formatHeader,
  formatGroupLine,
  formatFailures,
  formatWarnings,
  formatSkipped,
  formatSummary,
  formatExchange,
  describeFailure,
} from './pretty';
export { formatJsonReport } from './json';
export { formatJunitReport, escapeXml } from './junit';
export { summaryLine } from './summary';

import type { ContractReport } from '../types';
import { formatJsonReport } from './json';
import { formatJunitReport } from './junit';
import { formatPrettyReport } from './pretty';

/** Names of the reporters. */
export const CONTRACT_REPORTERS = Object.freeze(['pretty', 'json', 'junit'] as const);

/** A reporter name. */
export type ContractReporterName = (typeof CONTRACT_REPORTERS)[number];

/** The report rendered by the named reporter. */
export function formatContractReport(report: ContractReport, reporter: ContractReporterName): string {
  if (reporter === 'json') return formatJsonReport(report);
  if (reporter === 'junit') return formatJunitReport(report);
  return formatPrettyReport(report);
}
