/**
 * Exit codes and messages of the command line: `--help` everywhere (0), usage and configuration errors naming
 * the flag or field (2), failures such as an unreachable mock or a refused action (1); the admin token; the
 * in-process start command shutting down on a signal.
 */
import { EventEmitter } from 'node:events';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runTriggerCommand } from '../../src/cli/commands/trigger';
import { runStartCommand } from '../../src/cli/commands/start';
import { runCli as runCliInProcess } from '../../src/cli/main';
import { createMockMarketplace, type MockMarketplace } from '../../src/index';
import { unreachableUrl } from '../delivery/fixtures/test-seller';
import { killAll, requireBuiltCli, runCli, startMock } from './cli-process';
import type { OrderActionAnswer } from '../http/admin-answers';

// Each test spawns the built CLI several times; on a loaded machine a spawn can take seconds.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const dir = mkdtempSync(join(tmpdir(), 'kgk-cli-'));
const TOKEN = 'cli-admin-token-5e8f1a';
let market: MockMarketplace;

beforeAll(async () => {
  requireBuiltCli();
  market = await createMockMarketplace({ adminToken: TOKEN, startAt: '2025-03-10T02:00:00Z' });
});
afterAll(async () => {
  killAll();
  await market.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a command in process, capturing its output. */
async function inProcess(
  run: (io: {
    stdout: (s: string) => void;
    stderr: (s: string) => void;
    env: Record<string, string>;
  }) => Promise<number> | number,
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run({ stdout: (s) => (out += s), stderr: (s) => (err += s), env });
  return { code, out, err };
}

describe('the built CLI', () => {
  it('answers --help for every command with exit 0', async () => {
    for (const args of [
      ['--help'],
      ['start', '--help'],
      ['trigger', '--help'],
      ['call', '--help'],
      ['help', 'start'],
      ['contract', '--help'],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toMatch(/Usage: koogallery-mock/);
    }
    const version = await runCli(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: '0.1.0\n' });
  });

  it('exits 2 naming every bad flag of start, without echoing values', async () => {
    const r = await runCli([
      'start',
      '--port',
      'abc',
      '--clock',
      'fast',
      '--timeout',
      '0',
      '--key',
      'leaky-secret-key-42',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port: must be integer');
    expect(r.stderr).toContain('--clock: must be one of "virtual", "real"');
    expect(r.stderr).toContain('--timeout: must be >= 1');
    expect(r.stderr).not.toContain('leaky-secret-key-42');
    const unknown = await runCli(['start', '--colour', 'red']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'koogallery-mock start: unknown option --colour for start; see koogallery-mock start --help\n',
    );
    const command = await runCli(['launch']);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('unknown command "launch"');
  });

  it('exits 2 for a bad config file, listing every problem with its key', async () => {
    const path = join(dir, 'mock.json');
    writeFileSync(
      path,
      JSON.stringify({
        port: -1,
        clock: 'virtual',
        timeScale: 5,
        retrySchedules: { newInstance: { kind: 'offsets', retryAtMs: ['1x'], onExhausted: 'manual' } },
      }),
    );
    const r = await runCli(['start', '--config', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('mock.json: port: must be >= 0');
    expect(r.stderr).toContain('mock.json: retrySchedules.newInstance.retryAtMs[0]: must be milliseconds');
    const missing = await runCli(['start', '--config', join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--config: file');
  });

  it('exits 2 when the port is taken by another program, suggesting the next free port', async () => {
    const blocker = createServer((socket) => socket.destroy());
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await runCli(['start', '--port', String(port), '--db', ':memory:']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        new RegExp(
          `^koogallery-mock start: port ${port} on 127\\.0\\.0\\.1 is in use by another program \\(not a koogallery-mock\\)\\. Stop it, or start on the next free port: --port (\\d+)\\.\\n$`,
        ),
      );
      const next = Number(/--port (\d+)/.exec(r.stderr)?.[1]);
      expect(next).toBeGreaterThan(port);
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });

  it('exits 2 when the port is held by another koogallery-mock, naming its database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kgk-port-'));
    const db = join(dir, 'first.db');
    const first = await startMock(['--port', '0', '--db', db]);
    try {
      const port = new URL(first.url).port;
      const r = await runCli(['start', '--port', port, '--db', ':memory:']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        `port ${port} on 127.0.0.1 is in use by a koogallery-mock (database ${db}; reach it with --url ${first.url})`,
      );
      expect(r.stderr).toMatch(/start on the next free port: --port \d+\.\n$/);
    } finally {
      await first.stop('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('trigger exits 2 when no mock answers and for usage errors', async () => {
    const base = (await unreachableUrl()).replace('/produce', '');
    const down = await runCli(['trigger', 'purchase', '--product', 'crm', '--url', base]);
    expect(down.code).toBe(2);
    expect(down.stderr).toContain(`cannot reach the mock at ${base} (connection refused)`);
    const noAction = await runCli(['trigger']);
    expect(noAction.code).toBe(2);
    expect(noAction.stderr).toContain('Missing <action>');
    const unknown = await runCli(['trigger', 'teleport']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown action "teleport"');
  });

  it('trigger uses the admin token from --admin-token or the environment', async () => {
    const mock = await startMock(['--port', '0', '--db', ':memory:', '--admin-token', TOKEN]);
    const without = await runCli(['trigger', 'purchase', '--product', 'crm', '--url', mock.url]);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('UNAUTHORIZED');
    const flag = await runCli([
      'trigger',
      'purchase',
      '--product',
      'crm',
      '--url',
      mock.url,
      '--admin-token',
      TOKEN,
    ]);
    expect(flag.code).toBe(0);
    const env = await runCli(['trigger', 'advance', '1h', '--url', mock.url], {
      env: { KOOGALLERY_MOCK_ADMIN_TOKEN: TOKEN },
    });
    expect(env.code).toBe(0);
    expect(mock.stdout()).toContain('admin token  [REDACTED]');
    expect(mock.stdout()).not.toContain(TOKEN);
    expect((await mock.stop()).code).toBe(0);
  });
});

describe('trigger in process', () => {
  const trigger = (...args: string[]) =>
    inProcess((io) => runTriggerCommand([...args, '--url', market.url], io), {
      KOOGALLERY_MOCK_ADMIN_TOKEN: TOKEN,
    });

  it('names the field of a 400 and exits 2; a refused action exits 1', async () => {
    const missing = await trigger('purchase');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('INVALID_ARGUMENT');
    expect(missing.err).toContain('productCode');
    const wrongType = await trigger('purchase', '--product', 'crm', '--period-number', 'two');
    expect(wrongType.code).toBe(2);
    expect(wrongType.err).toContain('periodNumber');
    const unknownInstance = await trigger('renew', '--instance', 'I999999');
    expect(unknownInstance.code).toBe(1);
    expect(unknownInstance.err).toContain('NOT_FOUND');
    const badJson = await trigger('purchase', '--data', '{oops');
    expect(badJson.code).toBe(2);
    expect(badJson.err).toContain('--data must be one JSON object');
  });

  it('prints JSON with --json and leaves the order unpaid with --unpaid', async () => {
    const r = await trigger('purchase', '--product', 'report', '--unpaid', '--json');
    expect(r.code).toBe(0);
    const answer = JSON.parse(r.out) as OrderActionAnswer;
    expect(answer.result).toMatchObject({ state: 'PENDING_PAYMENT', productCode: 'report' });
    const pay = await trigger('pay', '--order', answer.result.orderId);
    expect(pay.code).toBe(0);
    expect(pay.out).toContain('pay: order');
    const advance = await trigger('advance', 'soon');
    expect(advance.code).toBe(2);
    expect(advance.err).toContain('by: must be milliseconds');
  });
});

describe('start in process', () => {
  it('starts, reports through onStarted and stops on SIGTERM with exit 0', async () => {
    const signals = new EventEmitter();
    let url = '';
    const done = inProcess((io) =>
      runStartCommand(['--port', '0', '--db', ':memory:', '--quiet'], {
        ...io,
        signals,
        onStarted: (m) => {
          url = m.url;
          setImmediate(() => signals.emit('SIGTERM'));
        },
      }),
    );
    const r = await done;
    expect(r.code).toBe(0);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(r.out).toContain('koogallery-mock: stopped.');
    expect(signals.listenerCount('SIGTERM')).toBe(0);
  });

  it('dispatches through runCli', async () => {
    const r = await inProcess((io) => runCliInProcess(['help', 'nope'], io));
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown command "nope"');
  });
});
