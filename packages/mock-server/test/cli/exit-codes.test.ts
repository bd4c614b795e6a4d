/**
 * Walks the exit-code table of docs/exit-codes.md: every row (command, status) has a scenario here that runs the
 * built command and must end with that status, and every scenario is a row of the table, so the document and the
 * commands cannot drift apart. The seller is the spec-derived test seller of the delivery tests.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSeller, unreachableUrl, type TestSeller } from '../delivery/fixtures/test-seller';
import { CLI, killAll, requireBuiltCli, runCli, startMock, type RunningMock } from './cli-process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killAll as killMainJobs, runMainJob, startMainJob } from '../main-job/start-process';

const DOC = fileURLToPath(new URL('../../../../docs/exit-codes.md', import.meta.url));
const KEY = 'exit-code-table-key-0001';

/** The rows of the per-command table: `command status`. */
function documentedRows(): string[] {
  const text = readFileSync(DOC, 'utf8');
  const table = text.slice(text.indexOf('<!-- exit-code-table -->'));
  return [...table.matchAll(/^\| `([^`]+)` \| (\d+) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
}

/** Spawns a command, sends SIGINT once `ready(stdout + stderr)` holds, resolves how it ended. */
function interrupt(
  args: string[],
  ready: () => boolean,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const poll = setInterval(() => {
      if (ready()) {
        clearInterval(poll);
        child.kill('SIGINT');
      }
    }, 20);
    const limit = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not stop on SIGINT`));
    }, 20_000);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      clearTimeout(limit);
      resolve({ code, signal });
    });
  });
}

let seller: TestSeller;
let wrongSeller: TestSeller;
let hangingSeller: TestSeller;
let mock: RunningMock;
let down: string;

beforeAll(async () => {
  requireBuiltCli();
  seller = await startTestSeller({ key: KEY });
  wrongSeller = await startTestSeller({ key: KEY, defect: () => 'wrong-key' });
  hangingSeller = await startTestSeller({ key: KEY, defect: () => 'hang' });
  mock = await startMock(['--seller-url', seller.url, '--key', KEY, '--port', '0', '--db', ':memory:']);
  down = await unreachableUrl();
});

afterAll(async () => {
  killAll();
  killMainJobs();
  await Promise.all([seller?.close(), wrongSeller?.close(), hangingSeller?.close()]);
});

const callArgs = (url: string): string[] => [
  'call',
  'queryInstance',
  '--seller-url',
  url,
  '--key',
  KEY,
  '--instance-id',
  'i-1',
];
const contractArgs = (url: string): string[] => ['contract', '--seller-url', url, '--key', KEY];

/** One scenario per row of the table: resolves the exit status the command ended with. */
const SCENARIOS: Record<string, () => Promise<number | null>> = {
  'koogallery-mock start 0': async () => {
    const other = await startMock(['--port', '0', '--db', ':memory:']);
    return (await other.stop('SIGINT')).code;
  },
  'koogallery-mock start 2': async () => {
    const r = await runCli(['start', '--frob']);
    expect(r.stderr).toBe(
      'koogallery-mock start: unknown option --frob for start; see koogallery-mock start --help\n',
    );
    return r.code;
  },
  'koogallery-mock trigger 0': async () => {
    const r = await runCli(['trigger', 'purchase', '--product', 'crm', '--url', mock.url]);
    expect(r.stdout.split('\n')[0]).toBe(`mock ${mock.url}`);
    return r.code;
  },
  'koogallery-mock trigger 1': async () => {
    const r = await runCli(['trigger', 'renew', '--instance', 'I999999', '--url', mock.url]);
    expect(r.stderr).toContain(`the mock at ${mock.url} answered`);
    return r.code;
  },
  'koogallery-mock trigger 2': async () => {
    const negative = await runCli(['trigger', 'advance', '-5d', '--url', mock.url]);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain(
      'advance takes a positive duration, got -5d: business time only moves forward (e.g. advance 5d)',
    );
    // A sentence that does not name --help gets the pointer line; one that does is not followed by a second.
    expect(negative.stderr).toContain('Run `koogallery-mock trigger --help` for usage.');
    const unknown = await runCli(['trigger', 'purchase', '-x', '--url', mock.url]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'koogallery-mock trigger: unknown option -x for trigger; see koogallery-mock trigger --help\n',
    );
    const base = down.replace('/produce', '');
    const r = await runCli(['trigger', 'purchase', '--product', 'crm', '--url', base]);
    expect(r.stderr).toContain(`cannot reach the mock at ${base}`);
    return r.code;
  },
  'koogallery-mock call 0': async () => (await runCli(callArgs(seller.url))).code,
  'koogallery-mock call 1': async () => (await runCli(callArgs(wrongSeller.url))).code,
  'koogallery-mock call 2': async () => {
    const usage = await runCli([...callArgs(seller.url), '--frob-nicate']);
    expect(usage.code).toBe(2);
    return (await runCli(callArgs(down))).code;
  },
  'koogallery-mock call 130': async () => {
    const before = hangingSeller.requests.length;
    const ended = await interrupt(
      [CLI, ...callArgs(hangingSeller.url)],
      () => hangingSeller.requests.length > before,
    );
    // Node's default action for SIGINT: the shell reports 128 + 2.
    expect(ended.signal).toBe('SIGINT');
    return 130;
  },
  'koogallery-mock contract 0': async () =>
    (await runCli([...contractArgs(seller.url), '--only', 'security'], { timeoutMs: 60_000 })).code,
  'koogallery-mock contract 1': async () =>
    (await runCli([...contractArgs(wrongSeller.url), '--only', 'security'], { timeoutMs: 60_000 })).code,
  'koogallery-mock contract 2': async () => {
    const usage = await runCli([...contractArgs(seller.url), '--frob']);
    expect(usage.code).toBe(2);
    return (await runCli(contractArgs(down))).code;
  },
  'koogallery-mock export 0': async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kgk-exit-'));
    try {
      const r = await runCli(['export', 'orders', '--format', 'csv', '--out', dir, '--url', mock.url]);
      expect(r.stdout).toContain(`saved ${dir}/`);
      return r.code;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  'koogallery-mock export 1': async () => {
    // --wait 0: the record is still generating when the command stops waiting.
    const r = await runCli(['export', 'orders', '--wait', '0', '--url', mock.url]);
    expect(r.stderr).toContain('is still generating after 0 ms');
    return r.code;
  },
  'koogallery-mock export 2': async () => {
    const kind = await runCli(['export', 'invoices', '--url', mock.url]);
    expect(kind.code).toBe(2);
    const base = down.replace('/produce', '');
    const r = await runCli(['export', 'orders', '--url', base]);
    expect(r.stderr).toContain(`cannot reach the mock at ${base}`);
    return r.code;
  },
  // scripts/start.mjs is what the README's start command runs (test/main-job covers it through pnpm too).
  'npx --yes pnpm@10 start 0': async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kgk-exit-'));
    try {
      const job = await startMainJob({ MOCK_PORT: '0', PORT: '0', KOOGALLERY_DATA_DIR: dir });
      return (await job.stop('SIGINT')).code;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  'npx --yes pnpm@10 start 2': async () => (await runMainJob(['--frob'], {})).code,
};

describe('docs/exit-codes.md', () => {
  it('lists exactly the scenarios walked here', () => {
    expect(documentedRows().sort()).toEqual(Object.keys(SCENARIOS).sort());
  });

  for (const [row, scenario] of Object.entries(SCENARIOS)) {
    const status = Number(row.split(' ').at(-1));
    it(`${row.replace(/ \d+$/, '')} ends with ${status}`, async () => {
      expect(await scenario()).toBe(status);
    }, 90_000);
  }
});
