/** The JSON reporter: the report as it is (already redacted: no key, signatures shortened). */
import type { ContractReport } from '../types';

/** The report as indented JSON text, ending with a newline. */
export function formatJsonReport(report: ContractReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
