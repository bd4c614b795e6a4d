// src/main.ts as a user runs it (the package's `start` script): configured by environment variables.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createPlatformCaller } from '@koogallery-kit/sdk/platform';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const KEY = 'fetch-main-test-key';
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function runMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: PACKAGE_DIR,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = stdout.match(pattern);
        if (match) resolve(match);
      };
      child.stdout.on('data', check);
      check();
      void exited.then(() =>
        reject(new Error(`main.ts exited before printing ${pattern}:\n${stdout}${stderr}`)),
      );
    });
  return { child, exited, waitFor, output: () => ({ stdout, stderr }) };
}

describe('fetch-seller main.ts', () => {
  it('listens on PORT with KEY, is accepted by the platform, and stops on SIGTERM with status 0', async () => {
    const main = runMain({ KEY, PORT: '0' });
    const [, productionUrl] = await main.waitFor(/production URL: (\S+)/);
    const platform = createPlatformCaller({ sellerUrl: productionUrl!, accessKey: KEY });
    const created = await platform.newInstance({ orderId: 'CS-FETCH-MAIN' });
    expect(created.verdict.problems).toEqual([]);
    expect(created.verdict.accepted).toBe(true);
    main.child.kill('SIGTERM');
    expect(await main.exited).toBe(0);
    expect(main.output().stdout).toContain('SIGTERM received');
  }, 60_000);

  it('exits 2 and says what to set when KEY is missing or PORT is wrong', async () => {
    const noKey = runMain({ PORT: '0' });
    expect(await noKey.exited).toBe(2);
    expect(noKey.output().stderr).toMatch(/Set KEY/);
    const badPort = runMain({ KEY, PORT: 'http' });
    expect(await badPort.exited).toBe(2);
    expect(badPort.output().stderr).toMatch(/PORT must be an integer/);
  }, 60_000);
});
