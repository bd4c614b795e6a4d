/**
 * The database lock inside one process: a second store on a file held here is refused, a lock left by an
 * earlier process with the same pid (containers reuse small pids) or by a dead one is taken over, and closing
 * the store removes the lock.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@koogallery-kit/sdk';
import { createSqliteStore } from '../../src/index';

const dir = mkdtempSync(join(tmpdir(), 'kgk-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('database lock', () => {
  it('refuses a second store on a file this process holds, and frees it on close', () => {
    const path = join(dir, 'held.db');
    const store = createSqliteStore({ path });
    store.setOwnerPort(4010);
    expect(() => createSqliteStore({ path })).toThrow(ConfigError);
    expect(() => createSqliteStore({ path })).toThrow(
      `database ${path} is in use by koogallery-mock (pid ${process.pid}, port 4010)`,
    );
    store.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
    createSqliteStore({ path }).close();
  });

  it('takes over a lock of a dead process, of an earlier process with our pid, and an unreadable one', () => {
    const path = join(dir, 'stale.db');
    for (const content of [
      JSON.stringify({ pid: 2 ** 22 + 12_345, port: 4010 }), // above pid_max: never alive
      JSON.stringify({ pid: process.pid, port: 4010 }), // our pid, but not held by this process
      '{"pid":', // torn
    ]) {
      writeFileSync(`${path}.lock`, content);
      const store = createSqliteStore({ path });
      expect(JSON.parse(readFileSync(`${path}.lock`, 'utf8'))).toMatchObject({
        pid: process.pid,
        port: null,
      });
      store.close();
    }
  });
});
