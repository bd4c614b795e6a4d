/**
 * One process per database file. Before anything opens a mock database, the process takes `<file>.lock`: a small
 * JSON file with its pid and, once it listens, its port. The file appears atomically with its content (written
 * aside, then hard-linked into place, which fails when a lock exists), so a reader never sees half a lock.
 *
 * A lock whose process is gone (killed, crashed, the machine restarted) is stale and is taken over. Only a live
 * process that looks like Node holds a lock: after a reboot the pid may belong to something else entirely.
 */
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { ConfigError } from '@koogallery-kit/sdk';

/** What a lock file says. */
export interface LockOwner {
  pid: number;
  /** Port the owner listens on; null until it listens (or when it serves no HTTP). */
  port: number | null;
}

/** A held lock. */
export interface DatabaseLock {
  /** Path of the lock file. */
  readonly path: string;
  /** Records the port the owner listens on, for the message a second process prints. */
  setPort(port: number): void;
  /** Removes the lock file (when it is still ours). Idempotent. */
  release(): void;
}

/** True when `pid` is running and, where /proc tells, is a Node process. */
function isLiveNodeProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /node|koogallery/i.test(cmdline);
  } catch {
    return true; // no /proc (macOS, Windows): trust the signal
  }
}

/** Lock files held by this process. */
const heldHere = new Set<string>();

function readOwner(path: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || !Number.isInteger(parsed.pid) || parsed.pid <= 0) return null;
    return { pid: parsed.pid, port: typeof parsed.port === 'number' ? parsed.port : null };
  } catch {
    return null;
  }
}

/** The message of a second process on a locked file. */
function inUse(dbPath: string, owner: LockOwner, lockPath: string): ConfigError {
  const port = owner.port === null ? 'port not bound yet' : `port ${owner.port}`;
  return new ConfigError(
    `database ${dbPath} is in use by koogallery-mock (pid ${owner.pid}, ${port}). Stop that mock first, or use ` +
      `another --db file (one process per database). If no such process runs, delete ${lockPath}.`,
  );
}

/**
 * Takes the lock of the database file `dbPath` (absolute). Throws `ConfigError` (CONFIG_INVALID) naming the
 * owner when a live process holds it; takes over a stale lock.
 */
export function acquireDatabaseLock(dbPath: string): DatabaseLock {
  const pid = process.pid;
  const path = `${dbPath}.lock`;
  const staging = `${path}.${pid}`;
  const write = (port: number | null): void =>
    writeFileSync(staging, `${JSON.stringify({ tool: 'koogallery-mock', pid, port })}\n`, { mode: 0o644 });

  write(null);
  try {
    for (let tries = 0; ; tries++) {
      try {
        linkSync(staging, path);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || tries >= 2) throw error;
      }
      const owner = readOwner(path);
      // Our own pid: held in this process (a second store on the file) or left by an earlier process that had
      // the same pid (containers reuse small pids), which is stale.
      if (owner !== null && (owner.pid === pid ? heldHere.has(path) : isLiveNodeProcess(owner.pid))) {
        throw inUse(dbPath, owner, path);
      }
      // Stale (dead owner or unreadable lock): remove it and try again.
      try {
        unlinkSync(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  } finally {
    try {
      unlinkSync(staging);
    } catch {
      // already gone
    }
  }

  heldHere.add(path);
  let released = false;
  const ours = (): boolean => readOwner(path)?.pid === pid;
  return {
    path,
    setPort(port) {
      if (released || !ours()) return;
      write(port);
      renameSync(staging, path);
    },
    release() {
      if (released) return;
      released = true;
      heldHere.delete(path);
      try {
        if (ours()) unlinkSync(path);
      } catch {
        // already gone
      }
    },
  };
}
