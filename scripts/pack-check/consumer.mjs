// The throwaway consumer project: the packed tarballs installed with npm the way a user installs them, then
// every entry point required and imported with a real call through each, and the installed bin run.
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exec, packageManagerEnv } from './exec.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));

/**
 * What the consumer installs besides the tarballs: the SDK's optional peers its `./express` and `./msw` entry
 * points need at run time (a user of those entry points installs them too).
 */
export const CONSUMER_PEERS = Object.freeze(['express@^5', 'msw@^2']);

/**
 * Writes the consumer project (package.json + the probe scripts) into `dir`.
 * @param {string} dir
 */
export function writeConsumerProject(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'koogallery-kit-pack-check', version: '0.0.0', private: true }, null, 2)}\n`,
  );
  for (const file of readdirSync(join(HERE, 'consumer')))
    copyFileSync(join(HERE, 'consumer', file), join(dir, file));
  copyFileSync(join(HERE, 'describe-exports.mjs'), join(dir, 'describe-exports.mjs'));
}

/**
 * `npm install` of the tarballs (all at once, so the mock server's dependency on the SDK's exact version is
 * satisfied by the SDK tarball) and {@link CONSUMER_PEERS}. Install scripts are skipped: better-sqlite3 would
 * otherwise compile SQLite from source (minutes, and a toolchain); nothing the checks run opens a database.
 * @param {string} dir
 * @param {readonly string[]} tarballs
 * @param {number} timeoutMs
 */
export function installTarballs(dir, tarballs, timeoutMs) {
  return exec(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--ignore-scripts',
      '--no-package-lock',
      '--loglevel=error',
      ...tarballs,
      ...CONSUMER_PEERS,
    ],
    { cwd: dir, timeoutMs, env: packageManagerEnv() },
  );
}

/**
 * Runs one probe script (`check-require.cjs` or `check-import.mjs`) and parses its JSON line.
 * @param {string} dir
 * @param {'check-require.cjs' | 'check-import.mjs'} script
 * @param {number} timeoutMs
 */
export async function runProbeScript(dir, script, timeoutMs) {
  const result = await exec(process.execPath, [script], { cwd: dir, timeoutMs, env: packageManagerEnv() });
  const line = result.stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  let parsed;
  try {
    parsed = line ? JSON.parse(line) : undefined;
  } catch {
    parsed = undefined;
  }
  return { result, results: parsed?.results };
}

/**
 * Runs the installed `koogallery-mock --help` through the bin link npm created (shebang and mode included).
 * @param {string} dir
 * @param {number} timeoutMs
 */
export function runInstalledBin(dir, timeoutMs) {
  return exec(join(dir, 'node_modules', '.bin', 'koogallery-mock'), ['--help'], {
    cwd: dir,
    timeoutMs,
    env: packageManagerEnv(),
  });
}
