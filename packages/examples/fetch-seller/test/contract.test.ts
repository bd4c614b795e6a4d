// The conformance suite (`koogallery-mock contract`) against the Fetch seller. The bridge writes `Body-Sign`
// (Fetch itself lower-cases header names); the second test shows what the suite reports without it.
import { afterEach, describe, expect, it } from 'vitest';
import { formatContractReport, runContract } from '@koogallery-kit/mock-server';
import { ACCESS_KEY, startFetchSeller } from './helpers';
import type { RunningSeller } from './helpers';

let running: RunningSeller | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('runContract against the Fetch seller', () => {
  it('passes every check when served by the node:http bridge', async () => {
    running = await startFetchSeller();
    const report = await runContract({ sellerUrl: running.productionUrl, key: ACCESS_KEY });
    expect(report.ok, formatContractReport(report, 'pretty')).toBe(true);
    expect(report.summary.failed).toBe(0);
    expect(report.summary.passed).toBeGreaterThan(50);
  }, 60_000);

  it('fails only the header-name checks when the names go out lower-case, as on other Fetch runtimes', async () => {
    running = await startFetchSeller({}, { headerCase: {} });
    const report = await runContract({ sellerUrl: running.productionUrl, key: ACCESS_KEY });
    const failed = report.results.filter((r) => r.status === 'failed');
    const ids = failed.map((r) => r.id);
    // Each interface's header-name check, and the error-reply format check (which also wants `Body-Sign`)…
    expect(ids.filter((id) => !id.endsWith('.body-sign-name'))).toEqual(['errors.reply-format']);
    expect(ids.filter((id) => id.endsWith('.body-sign-name')).length).toBeGreaterThanOrEqual(7);
    expect(failed.find((r) => r.id === 'errors.reply-format')?.message).toMatch(/body-sign/i);
    // …while the signature itself is right.
    const valid = report.results.filter((r) => r.id.endsWith('.body-sign-valid'));
    expect(valid.length).toBeGreaterThanOrEqual(7);
    expect(valid.every((r) => r.status === 'passed')).toBe(true);
  }, 60_000);
});
