/**
 * The vitest example of the README's "Conformance suite" section, run as written (imports adapted to this
 * repository): a seller served by the SDK's node listener passes `runContract`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeListener } from '@koogallery-kit/sdk/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatContractReport, runContract } from '../../src/contract';
import { KEY, createSellerHandler } from './sellers';

const key = KEY;
let server: Server;
let sellerUrl: string;

beforeAll(async () => {
  server = createServer(createNodeListener(createSellerHandler().handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sellerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/produce`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('follows the KooGallery protocol', async () => {
  const report = await runContract({ sellerUrl, key, chargingMode: 'PERIOD' });
  expect(report.ok, formatContractReport(report, 'pretty')).toBe(true);
  expect(report.summary.failed).toBe(0);
  expect(report.summary.passed).toBeGreaterThan(100);
}, 60_000);
