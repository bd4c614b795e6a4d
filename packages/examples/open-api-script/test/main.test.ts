// src/main.ts run as a process (the package's `start` script), against a mock marketplace.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMarket } from './helpers';
import type { Market } from './helpers';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
let mock: Market;
beforeAll(async () => {
  mock = await startMarket();
});
afterAll(() => mock.close());

function runMain(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts', ...args],
      { cwd: PACKAGE_DIR, env: { PATH: process.env['PATH'] ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error.code as number | undefined) ?? null) : 0, stdout, stderr }),
    );
  });
}

it('queries an order from the command line and exits 0; exits 1 for an unknown order', async () => {
  const ok = await runMain(['order-query', '--order-id', 'MOCKMONTYRENEW'], mock.env);
  expect(ok.stderr).toBe('');
  expect(ok.code).toBe(0);
  expect(ok.stdout).toContain('order MOCKMONTYRENEW (RENEW)');

  const unknown = await runMain(['order-query', '--order-id', 'CS-UNKNOWN'], mock.env);
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toContain('MKT.0150');
}, 60_000);
