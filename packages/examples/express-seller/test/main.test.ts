// src/main.ts as a user runs it: configured by environment variables, served until SIGTERM.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createPlatformCaller } from '@koogallery-kit/sdk/platform';
import { ACCESS_KEY, expectAccepted, tempDir } from './helpers';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const dirs = tempDir();
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(() => dirs.cleanup());

/** Runs main.ts with tsx (the package's `start` script) and collects its output. */
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
  /** Resolves the first match of `pattern` in stdout, or fails when the process ends first. */
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = stdout.match(pattern);
        if (match) {
          child.stdout.off('data', check);
          resolve(match);
        }
      };
      child.stdout.on('data', check);
      check();
      void exited.then(() =>
        reject(new Error(`main.ts exited before printing ${pattern}:\n${stdout}${stderr}`)),
      );
    });
  return { child, exited, waitFor, output: () => ({ stdout, stderr }) };
}

describe('main.ts', () => {
  it('listens on PORT with KEY, serves the platform, and stops cleanly on SIGTERM', async () => {
    const dbPath = dirs.file('main.sqlite');
    const main = runMain({ KEY: ACCESS_KEY, PORT: '0', DB_PATH: dbPath });
    const [, productionUrl] = await main.waitFor(/production URL: (\S+)/);
    const platform = createPlatformCaller({ sellerUrl: productionUrl!, accessKey: ACCESS_KEY });
    const created = expectAccepted(await platform.newInstance({ orderId: 'CS-MAIN' }));
    expect(created.verdict.resultCode).toBe('000000');
    expect(existsSync(dbPath)).toBe(true);

    main.child.kill('SIGTERM');
    expect(await main.exited).toBe(0);
    expect(main.output().stdout).toContain('SIGTERM received');
  }, 60_000);

  it('exits with 2 and says what to set when KEY is missing', async () => {
    const main = runMain({ PORT: '0', DB_PATH: dirs.file('unused.sqlite') });
    expect(await main.exited).toBe(2);
    expect(main.output().stderr).toMatch(/Set KEY/);
    expect(existsSync(dirs.file('unused.sqlite'))).toBe(false);
  }, 60_000);
});
