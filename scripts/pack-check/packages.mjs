// The published packages: where they live, whether their dist is current, building and packing them.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { exec } from './exec.mjs';

/** @typedef {{ name: string, dir: string }} PublishedPackage */

/**
 * The packages published to npm, in build order (the mock server's type build reads the SDK's dist).
 * @type {readonly PublishedPackage[]}
 */
export const PUBLISHED_PACKAGES = Object.freeze([
  { name: '@koogallery-kit/sdk', dir: 'packages/sdk' },
  { name: '@koogallery-kit/mock-server', dir: 'packages/mock-server' },
]);

/**
 * How to run pnpm: the pnpm running this process when there is one (`pnpm test` exports its path), else
 * `npx pnpm@10` like the rest of the repository's tooling.
 * @returns {{ command: string, args: string[] }}
 */
export function pnpmCommand() {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/i.test(basename(execPath)) && existsSync(execPath)) {
    return execPath.endsWith('.js') || execPath.endsWith('.cjs')
      ? { command: process.execPath, args: [execPath] }
      : { command: execPath, args: [] };
  }
  return { command: 'npx', args: ['--yes', 'pnpm@10'] };
}

/** Newest modification time (ms) of the files under `dir`, 0 when it does not exist. */
function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Why the package's dist must be (re)built, or undefined when it is present and newer than its sources: every
 * file the package.json points at (main, module, types, exports, bin) must exist (`missing` lists those that do
 * not), and no file under src/ may be newer than the oldest of them.
 * @param {string} root repository root
 * @param {PublishedPackage} pkg
 * @returns {{ text: string, missing: string[] } | undefined}
 */
export function buildReason(root, pkg) {
  const dir = join(root, pkg.dir);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const targets = referencedFiles(manifest).filter((file) => file.startsWith('dist/'));
  const missing = targets.filter((file) => !existsSync(join(dir, file)));
  if (missing.length > 0) return { text: `${pkg.name}: ${missing.join(', ')} missing`, missing };
  const oldestTarget = Math.min(...targets.map((file) => statSync(join(dir, file)).mtimeMs));
  if (newestMtime(join(dir, 'src')) > oldestTarget)
    return { text: `${pkg.name}: dist is older than src/`, missing };
  return undefined;
}

/**
 * Every concrete file a package.json points at: main, module, types, bin and the non-wildcard export targets.
 * Paths are relative to the package, without a leading `./`.
 * @param {Record<string, any>} manifest
 * @returns {string[]}
 */
export function referencedFiles(manifest) {
  /** @type {Set<string>} */
  const files = new Set();
  const add = (value) => {
    if (typeof value === 'string' && !value.includes('*')) files.add(value.replace(/^\.\//, ''));
  };
  const walk = (node) => {
    if (typeof node === 'string') add(node);
    else if (node && typeof node === 'object') for (const value of Object.values(node)) walk(value);
  };
  for (const field of ['main', 'module', 'types', 'typings']) add(manifest[field]);
  if (typeof manifest.bin === 'string') add(manifest.bin);
  else walk(manifest.bin);
  walk(manifest.exports);
  return [...files].sort();
}

/**
 * Builds one package with its own `build` script.
 * @param {string} root
 * @param {PublishedPackage} pkg
 * @param {number} timeoutMs
 */
export function buildPackage(root, pkg, timeoutMs) {
  const pnpm = pnpmCommand();
  return exec(pnpm.command, [...pnpm.args, 'run', 'build'], { cwd: join(root, pkg.dir), timeoutMs });
}

/**
 * `pnpm pack` of one package into `destination` (pnpm rewrites `workspace:*` ranges to real versions).
 * Resolves the command's result and the tarball's path when it was written.
 * @param {string} root
 * @param {PublishedPackage} pkg
 * @param {string} destination
 * @param {number} timeoutMs
 */
export async function packPackage(root, pkg, destination, timeoutMs) {
  const pnpm = pnpmCommand();
  const before = new Set(existsSync(destination) ? readdirSync(destination) : []);
  const result = await exec(pnpm.command, [...pnpm.args, 'pack', '--pack-destination', destination], {
    cwd: join(root, pkg.dir),
    timeoutMs,
  });
  const written = readdirSync(destination).filter((file) => file.endsWith('.tgz') && !before.has(file));
  return {
    result,
    tarball: written.length === 1 ? join(destination, /** @type {string} */ (written[0])) : undefined,
  };
}

/**
 * The file list and package.json of a tarball (`tar` is used to read it).
 * @param {string} tarball
 * @param {string} cwd
 */
export async function readTarball(tarball, cwd) {
  const list = await exec('tar', ['-tzf', tarball], { cwd, timeoutMs: 30_000 });
  const manifest = await exec('tar', ['-xzOf', tarball, 'package/package.json'], { cwd, timeoutMs: 30_000 });
  if (list.code !== 0 || manifest.code !== 0) {
    throw new Error(`cannot read ${tarball}: ${list.stderr}${manifest.stderr}`);
  }
  const files = list.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/^package\//, ''))
    .sort();
  return { files, manifest: JSON.parse(manifest.stdout) };
}
