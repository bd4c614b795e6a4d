/**
 * The example seller (packages/examples/express-seller) passes the suite with no warning: what the project
 * recommends must not be what the suite warns about. Booted as its own tests boot it (SQLite in a temp dir). The
 * example sells period products (it reports no usageInfo, which pay-per-use products would need, §3.2).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSellerApp } from '../../../examples/express-seller/src';
import { formatContractReport, runContract } from '../../src/contract';

const KEY = 'example-seller-contract-key-0001';
const dir = mkdtempSync(join(tmpdir(), 'kgk-contract-example-'));
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers) await close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the express example seller', () => {
  it.each(['PERIOD'] as const)('passes every %s check with no warning', async (chargingMode) => {
    const seller = createSellerApp({
      accessKey: KEY,
      appBaseUrl: 'https://app.example.com',
      provisioningPollMs: 0,
      logger: {},
      dbPath: join(dir, `${chargingMode}.db`),
    });
    closers.push(() => seller.close());
    const { productionUrl } = await seller.listen(0);
    const report = await runContract({ sellerUrl: productionUrl, key: KEY, chargingMode });
    expect(
      report.results
        .filter((r) => r.status !== 'passed' && r.status !== 'skipped')
        .map((r) => `${r.id}: ${r.message}`),
      formatContractReport(report, 'pretty'),
    ).toEqual([]);
    expect(report.summary.failed).toBe(0);
    expect(report.summary.warned).toBe(0);
    expect(report.ok).toBe(true);
  });
});
