/**
 * What `start --db FILE` accepts, with the built CLI and real files:
 * - one process per file: a second `start` on a live file exits 2 naming the owner's pid and port, and never
 *   runs crash recovery on it (the owner's attempt in flight stays RUNNING and then succeeds); a lock left by
 *   a killed process is taken over;
 * - another application's SQLite file, or a file that is no database, is refused with exit 2 and left
 *   byte-identical; a mock file carries the mock's application_id and its schema version in user_version;
 * - a damaged file (a bad page deep inside) exits 2 with the path and a hint;
 * - paths that cannot hold a database (under /proc, a directory, no permission) are refused at once.
 */
import { spawn } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MOCK_APPLICATION_ID } from '../../src/store/database-file';
import { SCHEMA_VERSION } from '../../src/store/migrations';
import { CLI, admin, killAll, requireBuiltCli, runCli, startMock } from './cli-process';
import type { JobView, OrderActionAnswer, StateAnswer } from '../http/admin-answers';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const KEY = 'database-file-test-key-01';
const dir = mkdtempSync(join(tmpdir(), 'kgk-db-file-'));
beforeAll(() => requireBuiltCli());
afterEach(() => killAll());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const env = { KOOGALLERY_ACCESS_KEY: KEY };

/**
 * A seller whose newInstance replies wait until `release()`, then answer success (protocol.md §4: resultCode
 * 000000 with instanceId, Body-Sign = base64 HMAC-SHA256 of the body with the access key, §3.3).
 */
async function heldSeller(): Promise<{ url: string; calls: () => number; release(): void; close(): void }> {
  const held: ServerResponse[] = [];
  let released = false;
  let calls = 0;
  const answer = (res: ServerResponse): void => {
    const body = JSON.stringify({ resultCode: '000000', resultMsg: 'success.', instanceId: 'inst-0001' });
    const signature = createHmac('sha256', KEY).update(body, 'utf8').digest('base64');
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Body-Sign': `sign_type="HMAC-SHA256", signature="${signature}"`,
    });
    res.end(body);
  };
  const server = createServer((req, res) => {
    calls++;
    req.resume();
    req.on('end', () => (released ? answer(res) : held.push(res)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/produce`,
    calls: () => calls,
    release() {
      released = true;
      for (const res of held.splice(0)) answer(res);
    },
    close: () => server.close(),
  };
}

describe('one process per database file', () => {
  it('a second start exits 2 naming the owner, and leaves its attempt in flight alone', async () => {
    const seller = await heldSeller();
    try {
      const db = join(dir, 'shared.db');
      const first = await startMock(
        ['--seller-url', seller.url, '--db', db, '--port', '0', '--timeout', '60000', '--quiet'],
        { env },
      );
      const port = Number(new URL(first.url).port);
      // the purchase answers once its newInstance is delivered: not before the seller is released
      const purchase = admin<OrderActionAnswer>(first.url, '/actions/purchase', {
        productCode: 'crm',
        autoPay: true,
      });
      for (let i = 0; i < 500 && seller.calls() < 1; i++) await new Promise((r) => setTimeout(r, 20));
      expect(seller.calls()).toBe(1);

      // the same port (the case of the report) and another free port
      for (const p of [String(port), '0']) {
        const second = await runCli(['start', '--seller-url', seller.url, '--db', db, '--port', p], { env });
        expect(second.code).toBe(2);
        expect(second.stderr).toContain(
          `database ${db} is in use by koogallery-mock (pid ${first.child.pid}, port ${port})`,
        );
        expect(second.stdout).not.toContain('listening');
      }
      // no recovery ran: the attempt is still in flight, and the seller's real answer is kept
      const running = await admin<JobView>(first.url, '/jobs/J000001');
      expect(running.attempts.map((a: { state: string }) => a.state)).toEqual(['RUNNING']);
      seller.release();
      await purchase;
      for (let i = 0; i < 500; i++) {
        const job = await admin<JobView>(first.url, '/jobs/J000001');
        if (job.state !== 'RUNNING') break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const job = await admin<JobView>(first.url, '/jobs/J000001');
      expect(job.state).toBe('SUCCEEDED');
      expect(job.attempts.map((a: { state: string }) => a.state)).toEqual(['SUCCEEDED']);
      expect((await first.stop('SIGTERM')).code).toBe(0);
      expect(existsSync(`${db}.lock`)).toBe(false);
    } finally {
      seller.close();
    }
  });

  it('takes over the lock of a killed process', async () => {
    const db = join(dir, 'stale.db');
    const first = await startMock(['--db', db, '--port', '0', '--quiet']);
    const pid = first.child.pid;
    await first.stop('SIGKILL');
    expect(JSON.parse(readFileSync(`${db}.lock`, 'utf8'))).toMatchObject({ pid });
    const second = await startMock(['--db', db, '--port', '0', '--quiet']);
    expect((await admin<StateAnswer>(second.url, '/state')).store).toBe('sqlite');
    expect(JSON.parse(readFileSync(`${db}.lock`, 'utf8'))).toMatchObject({
      pid: second.child.pid,
      port: Number(new URL(second.url).port),
    });
    expect((await second.stop('SIGTERM')).code).toBe(0);
  });
});

describe('foreign files', () => {
  it("refuses another application's SQLite file with exit 2, before any write", async () => {
    const path = join(dir, 'notes.sqlite');
    const other = new Database(path);
    other.exec(
      "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('mine')",
    );
    other.close();
    const before = sha(path);
    const result = await runCli(['start', '--db', path, '--port', '0'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(path);
    expect(result.stderr).toContain('another application');
    expect(sha(path)).toBe(before);
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('refuses a file that is no SQLite database, untouched', async () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'shopping list: milk, bread, eggs\n'.repeat(10));
    const before = sha(path);
    const result = await runCli(['start', '--db', path, '--port', '0'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${path}`);
    expect(result.stderr).toContain('not a SQLite database');
    expect(sha(path)).toBe(before);
  });

  it('writes the mock application_id and the schema version in user_version', async () => {
    const path = join(dir, 'fresh.db');
    const mock = await startMock(['--db', path, '--port', '0', '--quiet']);
    expect((await admin<StateAnswer>(mock.url, '/state')).store).toBe('sqlite');
    expect((await mock.stop('SIGTERM')).code).toBe(0);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('application_id', { simple: true })).toBe(MOCK_APPLICATION_ID);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(2); // 1: the first schema, 2: business-flow records
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });
});

describe('damaged files and bad paths', () => {
  it('a bad page deep in the file: exit 2 with the path and the hint', async () => {
    const path = join(dir, 'damaged.db');
    const mock = await startMock(['--db', path, '--port', '0', '--quiet']);
    for (let i = 0; i < 150; i++) {
      await admin<OrderActionAnswer>(mock.url, '/actions/purchase', { productCode: 'crm', autoPay: false });
    }
    expect((await mock.stop('SIGTERM')).code).toBe(0);
    const size = statSync(path).size;
    const pageSize = 4096;
    const pages = Math.floor(size / pageSize);
    expect(pages).toBeGreaterThan(8);
    // garbage over a page in the second half of the file; the header page stays intact
    const fd = openSync(path, 'r+');
    const page = Math.floor(pages * 0.7);
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, page * pageSize);
    closeSync(fd);
    const result = await runCli(['start', '--db', path, '--port', '0'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(path);
    expect(result.stderr).toContain('damaged');
    expect(result.stderr).toContain('delete it together with its -wal and -shm files');
  });

  it('refuses a path under /proc and a directory, quickly', async () => {
    const proc = await runCli(['start', '--db', '/proc/kgk-mock.db', '--port', '0'], {
      env,
      timeoutMs: 15_000,
    });
    expect(proc.code).toBe(2);
    expect(proc.stderr).toContain('/proc/kgk-mock.db');
    expect(proc.stderr).toContain('pseudo-filesystem');

    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    const directory = await runCli(['start', '--db', folder, '--port', '0'], { env, timeoutMs: 15_000 });
    expect(directory.code).toBe(2);
    expect(directory.stderr).toContain(`${folder} as the mock database: it is a directory`);
  });

  it('refuses a file it may not write', async () => {
    const isRoot = process.getuid?.() === 0;
    const open = join(dir, 'perm');
    mkdirSync(open);
    const path = join(open, 'read-only.db');
    const first = await startMock(['--db', path, '--port', '0', '--quiet']);
    expect((await admin<StateAnswer>(first.url, '/state')).store).toBe('sqlite');
    expect((await first.stop('SIGTERM')).code).toBe(0);
    chmodSync(path, 0o444);
    // root may write anything: run the CLI as root without the capabilities that bypass file permissions
    // (util-linux setpriv), so it meets the file's mode as any user would. (Running it as `nobody` instead fails
    // before the check wherever the checkout itself is private, e.g. a clone under `mktemp -d`.)
    const args = [CLI, 'start', '--db', path, '--port', '0'];
    const [command, argv] = isRoot
      ? ['setpriv', ['--bounding-set=-dac_override,-dac_read_search', '--', process.execPath, ...args]]
      : [process.execPath, args];
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(command, argv, {
        env: { PATH: process.env.PATH ?? '', HOME: open },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`start did not exit: ${stderr}`));
      }, 15_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        setImmediate(() => resolve({ code, stderr }));
      });
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${path} as the mock database: no permission to read and write it`);
  });
});
