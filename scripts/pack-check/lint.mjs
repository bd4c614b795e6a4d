// Package linters run on the packed tarballs: publint (package.json ↔ files) and Are the Types Wrong
// (type resolution for node10, node16 CJS/ESM and bundler consumers). Both are root devDependencies.
import { join } from 'node:path';
import { exec } from './exec.mjs';

/**
 * `publint run <tarball> --strict`: warnings count as errors.
 * @param {string} root repository root (its node_modules/.bin holds the linters)
 * @param {string} tarball
 * @param {number} timeoutMs
 */
export function runPublint(root, tarball, timeoutMs) {
  return exec(join(root, 'node_modules', '.bin', 'publint'), ['run', tarball, '--strict'], {
    cwd: root,
    timeoutMs,
    env: { ...process.env, NO_COLOR: '1' },
  });
}

/**
 * `attw <tarball>` with the default `strict` profile (every resolution mode, node10 included): exits non-zero on
 * any problem.
 * @param {string} root
 * @param {string} tarball
 * @param {number} timeoutMs
 */
export function runAttw(root, tarball, timeoutMs) {
  return exec(
    join(root, 'node_modules', '.bin', 'attw'),
    [tarball, '--profile', 'strict', '--format', 'table-flipped', '--no-color', '--no-emoji'],
    { cwd: root, timeoutMs, env: { ...process.env, NO_COLOR: '1' } },
  );
}
