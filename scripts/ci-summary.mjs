// Prints the one closing line CI reads, `N passed, N failed`, from vitest's JSON report.
// Exit code: non-zero when any test failed, the report is missing, or an earlier CI step failed.
import { existsSync, readFileSync } from 'node:fs';

const [reportPath, failedStepsArg = '0'] = process.argv.slice(2);
const failedSteps = Number(failedStepsArg) || 0;
if (!reportPath || !existsSync(reportPath)) {
  console.log('no test report was written');
  console.log(`0 passed, ${1 + failedSteps} failed`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const passed = report.numPassedTests ?? 0;
// Suites that failed to load count as failures: their tests never ran.
const failedSuites = (report.testResults ?? []).filter(
  (r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0,
).length;
const failed = (report.numFailedTests ?? 0) + failedSuites;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
const total = passed + failed;
if (total === 0) console.log('the test run executed no test');
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || failedSteps > 0 || total === 0 || report.success === false ? 1 : 0);
