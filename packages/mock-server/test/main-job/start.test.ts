/**
 * The main job (`pnpm start` = `node scripts/start.mjs`), end to end as a newcomer runs it: it starts the mock
 * marketplace and the example seller wired together, plays one purchase that is delivered, prints URLs and
 * commands that work as printed, keeps its state under the data directory across restarts, and stops cleanly on
 * SIGINT / SIGTERM (exit 0, both ports closed). Taken ports and bad settings fail with a clear message.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  freePorts,
  isListening,
  killAll,
  occupy,
  ROOT,
  runMainJob,
  runPrinted,
  startMainJob,
  type StartedJob,
} from './start-process';
import type { InstanceRecord, JobView, OrderRecord, Page } from '../http/admin-answers';

// Each test spawns Node processes (the job, the CLI); on a loaded machine a spawn can take seconds.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 90_000 });

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kgk-main-job-'));
  dirs.push(dir);
  return dir;
};

afterAll(() => {
  killAll();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** GET a JSON admin route; the answer is typed `T` (see ../http/admin-answers). */
async function admin<T>(mockUrl: string, route: string): Promise<T> {
  const res = await fetch(`${mockUrl}/__admin${route}`);
  expect(res.status, `GET /__admin${route}`).toBe(200);
  return (await res.json()) as T;
}

describe('node scripts/start.mjs', () => {
  let job: StartedJob;
  let mockPort: number;
  let sellerPort: number;
  let dataDir: string;

  beforeAll(async () => {
    [mockPort, sellerPort] = (await freePorts(2)) as [number, number];
    dataDir = tempDir();
    job = await startMainJob({
      MOCK_PORT: String(mockPort),
      PORT: String(sellerPort),
      KOOGALLERY_DATA_DIR: dataDir,
    });
  });

  it('prints the console, mock and seller URLs on the requested ports', () => {
    expect(job.info.consoleUrl).toBe(`http://127.0.0.1:${mockPort}/console`);
    expect(job.info.mockUrl).toBe(`http://127.0.0.1:${mockPort}`);
    expect(job.info.sellerUrl).toBe(`http://127.0.0.1:${sellerPort}`);
    expect(job.info.productionUrl).toBe(`http://127.0.0.1:${sellerPort}/koogallery/produce`);
    expect(job.stdout()).toContain('Ctrl-C stops both');
    expect(job.stderr()).toBe('');
  });

  it('serves the console at the printed URL', async () => {
    const res = await fetch(job.info.consoleUrl, { redirect: 'follow' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toMatch(/<html/i);
  });

  it('has delivered the purchase it played: the newInstance job succeeded and the order completed', async () => {
    const jobs = await admin<Page<JobView>>(job.info.mockUrl, `/jobs?orderId=${job.info.orderId}`);
    const newInstance = jobs.items.filter((j) => j.interface === 'newInstance');
    expect(newInstance).toHaveLength(1);
    expect(newInstance[0]?.state).toBe('SUCCEEDED');
    expect((await admin<OrderRecord>(job.info.mockUrl, `/orders/${job.info.orderId}`)).state).toBe(
      'COMPLETED',
    );
    const instance = await admin<InstanceRecord>(job.info.mockUrl, `/instances/${job.info.instanceRef}`);
    expect(instance.state).toBe('active');
    // the seller has the instance it reported: its tenant page answers
    const page = await fetch(`${job.info.sellerUrl}/t/${instance.instanceId}`);
    expect(page.status).toBe(200);
    expect(job.stdout()).toMatch(/newInstance delivered \(000000 in \d+ ms\)/);
  });

  it('prints next commands that work as printed, the contract run first', async () => {
    expect(job.info.commands.length).toBeGreaterThanOrEqual(4);
    const [contract] = job.info.commands;
    expect(contract).toMatch(
      new RegExp(
        `^node packages/mock-server/dist/cli\\.js contract --seller-url ${job.info.productionUrl} --key \\S+$`,
      ),
    );
    const outputs: string[] = [];
    for (const command of job.info.commands) {
      const result = await runPrinted(command);
      expect(result.code, `${command}\n${result.stdout}\n${result.stderr}`).toBe(0);
      outputs.push(result.stdout);
    }
    expect(outputs[0]).toMatch(/\d+ passed, 0 failed/);
  });

  it('stops both on SIGINT with exit status 0 and closes both ports', async () => {
    const ended = await job.stop('SIGINT');
    expect(ended).toEqual({ code: 0, signal: null });
    expect(job.stdout()).toContain('Stopped.');
    expect(await isListening(mockPort)).toBe(false);
    expect(await isListening(sellerPort)).toBe(false);
    expect(existsSync(path.join(dataDir, 'mock.db'))).toBe(true);
    expect(existsSync(path.join(dataDir, 'seller.sqlite'))).toBe(true);
  });

  it('keeps its state in the data directory across a restart; a key of your own is never printed', async () => {
    const ownKey = 'my-own-koogallery-key-5f2c9a';
    const again = await startMainJob({
      MOCK_PORT: String(mockPort),
      PORT: String(sellerPort),
      KOOGALLERY_DATA_DIR: dataDir,
      KOOGALLERY_ACCESS_KEY: ownKey,
    });
    try {
      const orders = await admin<Page<OrderRecord>>(again.info.mockUrl, '/orders');
      expect(orders.items.map((o: { orderId: string }) => o.orderId)).toContain(job.info.orderId);
      expect(again.info.orderId).not.toBe(job.info.orderId);
      // the earlier instance is still known to the seller after its restart
      const first = await admin<InstanceRecord>(again.info.mockUrl, `/instances/${job.info.instanceRef}`);
      expect((await fetch(`${again.info.sellerUrl}/t/${first.instanceId}`)).status).not.toBe(404);

      expect(`${again.stdout()}${again.stderr()}`).not.toContain(ownKey);
      const [contract] = again.info.commands;
      expect(contract).not.toContain('--key');
      const result = await runPrinted(contract as string, { env: { KOOGALLERY_ACCESS_KEY: ownKey } });
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    } finally {
      const ended = await again.stop('SIGTERM');
      expect(ended).toEqual({ code: 0, signal: null });
    }
    expect(await isListening(mockPort)).toBe(false);
    expect(await isListening(sellerPort)).toBe(false);
  });
});

describe('node scripts/start.mjs: start-up failures', () => {
  it.each([
    ['PORT', 'the seller port'],
    ['MOCK_PORT', 'the mock port'],
  ])(
    'exits 2 naming %s when %s is taken, suggests the next free port, leaves nothing listening',
    async (variable) => {
      const [taken, other] = (await freePorts(2)) as [number, number];
      const release = await occupy(taken);
      try {
        const env =
          variable === 'PORT'
            ? { PORT: String(taken), MOCK_PORT: String(other) }
            : { MOCK_PORT: String(taken), PORT: String(other) };
        const result = await runMainJob([], { ...env, KOOGALLERY_DATA_DIR: tempDir() });
        expect(result.code).toBe(2);
        expect(result.stderr).toContain(
          `start: port ${taken} on 127.0.0.1 is in use by another program (not a koogallery-mock). Stop it, or start on the next free port: ${variable}=`,
        );
        const next = Number(
          new RegExp(`${variable}=(\\d+) npx --yes pnpm@10 start`).exec(result.stderr)?.[1],
        );
        expect(next).toBeGreaterThan(taken);
        expect(await isListening(other)).toBe(false);
      } finally {
        await release();
      }
    },
  );

  it.each([
    [{ MOCK_PORT: 'eighty' }, 'MOCK_PORT must be a port number'],
    [{ PORT: '70000' }, 'PORT must be a port number'],
    [{ PORT: '4000', MOCK_PORT: '4000' }, 'MOCK_PORT and PORT are both 4000'],
    [{ KOOGALLERY_ACCESS_KEY: ' ' }, 'KOOGALLERY_ACCESS_KEY is set but empty'],
  ])('exits 2 for the bad setting %o', async (env, message) => {
    const result = await runMainJob([], { ...env, KOOGALLERY_DATA_DIR: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).not.toContain('is running');
  });

  it('exits 2 for an unknown argument and 0 for --help, which documents every variable', async () => {
    const bad = await runMainJob(['--bogus'], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'start: unknown option --bogus for pnpm start; see npx --yes pnpm@10 start -- --help\n',
    );
    const help = await runMainJob(['--help'], {});
    expect(help.code).toBe(0);
    for (const name of ['MOCK_PORT', 'PORT', 'KOOGALLERY_ACCESS_KEY', 'KOOGALLERY_DATA_DIR', '--build']) {
      expect(help.stdout).toContain(name);
    }
  });
});

describe('Ctrl-C on the README start command (pnpm start)', () => {
  it('stops cleanly: the whole process group gets SIGINT, as from a terminal, and pnpm prints no ELIFECYCLE', async () => {
    // The pnpm running these tests when there is one (`pnpm test`), else the README's `npx --yes pnpm@10`.
    const execPath = process.env.npm_execpath;
    const direct = execPath !== undefined && /pnpm/i.test(path.basename(execPath));
    const [command, args] = direct
      ? [process.execPath, [execPath, 'start']]
      : ['npx', ['--yes', 'pnpm@10', 'start']];
    const child = spawn(command, args, {
      cwd: ROOT,
      detached: true,
      env: {
        ...process.env,
        MOCK_PORT: '0',
        PORT: '0',
        KOOGALLERY_DATA_DIR: tempDir(),
        npm_config_yes: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    await vi.waitFor(() => expect(out).toContain('koogallery-kit is running'), {
      timeout: 120_000,
      interval: 100,
    });
    // A terminal's Ctrl-C: SIGINT to every process of the foreground group (pnpm and the script).
    process.kill(-(child.pid as number), 'SIGINT');
    const { code } = await ended;
    await new Promise((r) => setTimeout(r, 200));
    expect(out).toContain('Stopped.');
    expect(out).not.toContain('ELIFECYCLE');
    expect(out).not.toContain('again: stopping at once');
    // Through npx on a system whose /bin/sh is dash, npx's own shell reports 130 (docs/exit-codes.md).
    if (direct) expect(code).toBe(0);
  }, 180_000);
});
