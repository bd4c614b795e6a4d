/**
 * Checks on a `--db` file before the mock writes anything to it:
 * - the path must be somewhere a database can live: not under a kernel pseudo-filesystem (`/proc`, `/sys`,
 *   `/dev`, where SQLite can hang), not a directory or device, readable and writable (or creatable);
 * - an existing, non-empty file must be a mock database: the SQLite header's `application_id` is
 *   {@link MOCK_APPLICATION_ID} (files written before it existed are recognised by their exact table set and
 *   stamped when opened). Any other file is refused untouched, byte for byte.
 * Every refusal is a `ConfigError` naming the path and saying what to do.
 */
import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ConfigError } from '@koogallery-kit/sdk';

/** `application_id` of mock databases: "KGMK" in ASCII. */
export const MOCK_APPLICATION_ID = 0x4b474d4b;

/** Tables of a mock database written before `application_id` was set (schema version 1). */
const LEGACY_TABLES = [
  'attempts',
  'buyers',
  'debug_cases',
  'instances',
  'jobs',
  'meta',
  'orders',
  'outbox',
  'products',
  'schema_migrations',
  'sequences',
].join(',');

/** The hint of every refusal about the file itself. */
export const DB_FILE_HINT =
  'Point --db at a mock database or at a new file (it is created), or delete the file to start afresh.';

const PSEUDO_FILESYSTEMS = ['/proc', '/sys', '/dev'];

const refuse = (path: string, why: string, hint = DB_FILE_HINT): ConfigError =>
  new ConfigError(`Cannot use ${path} as the mock database: ${why}. ${hint}`);

/** The existing ancestor directory of `path` (the path itself when it exists). */
function nearestExisting(path: string): string {
  let p = path;
  for (;;) {
    try {
      statSync(p);
      return p;
    } catch {
      const parent = dirname(p);
      if (parent === p) return p;
      p = parent;
    }
  }
}

/**
 * Refuses paths a database cannot use (see module doc); `path` is absolute. Returns true when the file exists
 * and is not empty (then see {@link checkMockDatabase}).
 */
export function checkDatabasePath(path: string): boolean {
  if (PSEUDO_FILESYSTEMS.some((root) => path === root || path.startsWith(`${root}/`))) {
    throw refuse(path, `it is under ${path.split('/').slice(0, 2).join('/')}, a kernel pseudo-filesystem`);
  }
  let size: number | null = null;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw refuse(path, 'it is a directory', 'Give a file path, e.g. --db ./mock.db.');
    if (!st.isFile()) throw refuse(path, 'it is not a regular file');
    size = st.size;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw refuse(path, (error as Error).message, 'Check the path and its permissions.');
    }
  }
  try {
    if (size !== null) accessSync(path, constants.R_OK | constants.W_OK);
    else accessSync(nearestExisting(dirname(path)), constants.W_OK | constants.X_OK);
  } catch {
    throw refuse(
      path,
      size !== null ? 'no permission to read and write it' : 'no permission to create it in that directory',
      'Check the permissions, or choose a path you can write.',
    );
  }
  return size !== null && size > 0;
}

/** True when `path` starts with the SQLite header. */
function hasSqliteHeader(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(16);
    const n = readSync(fd, header, 0, 16, 0);
    return n === 16 && header.toString('latin1') === 'SQLite format 3\u0000';
  } finally {
    closeSync(fd);
  }
}

/**
 * Refuses an existing non-empty file that is not a mock database (or is corrupt), reading it without writing.
 * Returns `legacy: true` for a mock database written before `application_id` existed (to be stamped).
 */
export function checkMockDatabase(path: string): { legacy: boolean } {
  if (!hasSqliteHeader(path)) {
    throw refuse(path, 'it is not a SQLite database (another program’s file?); it was left untouched');
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId === MOCK_APPLICATION_ID) return { legacy: false };
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{
        name: string;
      }>
    )
      .map((r) => r.name)
      .join(',');
    if (appId === 0 && tables === LEGACY_TABLES) return { legacy: true };
    throw refuse(
      path,
      appId === 0
        ? 'it is a SQLite database of another application (no koogallery-mock application_id); it was left untouched'
        : `it is a SQLite database of another application (application_id ${appId}); it was left untouched`,
    );
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw corrupt(path, error);
  } finally {
    db?.close();
  }
}

/** The refusal of a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB, a failed integrity check). */
export function corrupt(path: string, error: unknown): ConfigError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ConfigError(
    `The mock database ${path} is damaged (${reason}). Restore it from a backup, or delete it together with ` +
      'its -wal and -shm files to start afresh.',
    { cause: error },
  );
}
