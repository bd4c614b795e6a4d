/**
 * `koogallery-mock contract` as a command: exit codes (0 pass, 1 failure, 2 usage error or seller down), the
 * reporters on stdout or in a file, keys from the environment, and help.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runContractCli } from './run-command';
import { KEY, closeAllSellers, startSdkSeller } from './sellers';
import { closeSpecSellers, startSpecSeller } from './spec-sellers';

const dir = mkdtempSync(join(tmpdir(), 'contract-cli-'));
afterAll(async () => {
  await closeAllSellers();
  await closeSpecSellers();
  rmSync(dir, { recursive: true, force: true });
});

const run = runContractCli;

describe('koogallery-mock contract', () => {
  it('exits 0 against a correct seller, with a progress line per group and the summary', async () => {
    const seller = await startSdkSeller();
    const r = await run(['contract', '--seller-url', seller.url, '--key', KEY]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`koogallery-mock contract: ${seller.url} (V2, PERIOD)`);
    expect(r.stdout).toMatch(/✓ newInstance\s+13 passed/);
    expect(r.stdout).toMatch(/✓ security\s+\d+ passed/);
    expect(r.stdout).toMatch(/\n\d+ passed, 0 failed, 1 skipped \(\d+\.\d s\)\n$/);
    expect(r.stdout).not.toContain(KEY);
  });

  it('exits 1 when a check fails and explains the failure', async () => {
    const seller = await startSdkSeller({ defect: 'no-replay-check' });
    const r = await run(['--seller-url', seller.url, '--only', 'security'], { KOOGALLERY_ACCESS_KEY: KEY });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ security\s+\d+ passed, 1 failed\s+\(replayed-nonce\)/);
    expect(r.stdout).toContain('1) security.replayed-nonce');
    expect(r.stdout).toContain('How to fix:');
    expect(r.stdout).toMatch(/\d+ passed, 1 failed/);
  });

  it('writes a JUnit report to --output and still shows the summary', async () => {
    const seller = await startSdkSeller();
    const file = join(dir, 'report.xml');
    const r = await run([
      '--seller-url',
      seller.url,
      '--key',
      KEY,
      '--only',
      'robustness',
      '--reporter',
      'junit',
      '--output',
      file,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Report written to ${file} (junit).`);
    const xml = readFileSync(file, 'utf8');
    expect(xml).toContain('<testsuite name="robustness" tests="3" failures="0"');
    expect(xml).not.toContain(KEY);
  });

  it('prints the JSON report alone on stdout without --output (summary on stderr)', async () => {
    const seller = await startSdkSeller();
    const r = await run([
      '--seller-url',
      seller.url,
      '--key',
      KEY,
      '--only',
      'newInstance.http-status',
      '--reporter',
      'json',
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { ok: boolean; summary: { total: number } };
    expect(json).toMatchObject({ ok: true, summary: { total: 1, passed: 1, failed: 0 } });
    expect(r.stderr).toBe('1 passed, 0 failed\n');
  });

  it('exits 2 with a clear message when the seller does not answer', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const r = await run(['--seller-url', `http://127.0.0.1:${port}/produce`, '--key', KEY]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not answer.*Start your seller/);
    expect(r.stdout).toBe('');
  });

  it.each([
    [['--key', KEY], /--seller-url is required/],
    [['--seller-url', 'http://127.0.0.1:1/p'], /--key is required \(or set KOOGALLERY_ACCESS_KEY\)/],
    [
      ['--seller-url', 'http://127.0.0.1:1/p', '--key', KEY, '--reporter', 'tap'],
      /--reporter must be one of pretty, json, junit/,
    ],
    [
      ['--seller-url', 'http://127.0.0.1:1/p', '--key', KEY, '--timeout', '5s'],
      /--timeout must be a whole number/,
    ],
    [
      ['--seller-url', 'http://127.0.0.1:1/p', '--key', KEY, '--charging-mode', 'monthly'],
      /--charging-mode must be one of/,
    ],
    [
      ['--seller-url', 'http://127.0.0.1:1/p', '--key', KEY, '--protocol', 'v3'],
      /--protocol must be v2 or v1/,
    ],
    [
      ['--seller-url', 'http://127.0.0.1:1/p', '--key', KEY, '--only', 'nonsense'],
      /Unknown check, group or interface.*nonsense/,
    ],
    [
      ['--seller-url', 'http://127.0.0.1:1/p', '--key', KEY, '--mock-url', 'not a url'],
      /mockUrl: must be the absolute http\(s\) URL of a running koogallery-mock/,
    ],
    [
      ['--seller-url', 'http://127.0.0.1:1/p', '--key', KEY, '--admin-token', 'token-1234'],
      /--admin-token is only used with --mock-url/,
    ],
    [
      ['--seller-url', 'http://127.0.0.1:1/p', '--key', KEY, '--kit-public-key', '/nonexistent/key.pem'],
      /cannot read/,
    ],
    [
      ['--seller-url', 'http://127.0.0.1:1/p', '--key', KEY, '--frobnicate'],
      /^koogallery-mock contract: unknown option --frobnicate for contract; see koogallery-mock contract --help\n$/,
    ],
  ])('exits 2 on a usage error: %j', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain(KEY);
  });

  it('--help and --list exit 0', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: koogallery-mock contract --seller-url URL --key KEY');
    const list = await run(['--list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^ {2}security\.replayed-nonce\s+refuses the exact same request/m);
    expect(list.stdout).toContain('lifecycle.async-polling');
    // V2 by default: no V1 check.
    expect(list.stdout).not.toContain('security.v1-wrong-auth-token');
  });

  it('--list honours --protocol and --charging-mode', async () => {
    const v1 = await run(['--list', '--protocol', 'v1']);
    expect(v1.code).toBe(0);
    expect(v1.stdout).toContain('security.v1-wrong-auth-token');
    expect(v1.stdout).toContain('robustness.v1-raw-plus-auth-token');
    expect(v1.stdout).not.toMatch(/^ {2}security\.wrong-signature/m);
    expect(v1.stdout).not.toContain('lifecycle.');
    const oneTime = await run(['--list', '--charging-mode', 'ONE_TIME']);
    expect(oneTime.stdout).not.toContain('lifecycle.renew');
    expect(oneTime.stdout).toContain('lifecycle.unsubscribe');
  });

  it('warnings keep exit 0 and are counted; --strict makes them exit 1', async () => {
    const seller = await startSpecSeller(KEY, 'no-space-body-sign');
    const args = ['--seller-url', seller.url, '--key', KEY, '--only', 'newInstance'];
    const lenient = await run(args);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toMatch(/! newInstance\s+12 passed, 1 warned\s+\(body-sign-format\)/);
    expect(lenient.stdout).toContain('Warnings (tolerated; --strict makes them failures)');
    expect(lenient.stdout).toMatch(/\n\d+ passed, 1 warned, 0 failed, 1 skipped \(/);
    const strict = await run([...args, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/\d+ passed, 1 failed/);
  });
});
