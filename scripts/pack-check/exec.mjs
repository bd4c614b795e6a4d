// Runs a command with a deadline and collects its output; never throws for a failing command.
import { spawn } from 'node:child_process';

/**
 * @typedef {{ command: string, code: number | null, signal: string | null, timedOut: boolean, stdout: string,
 *   stderr: string, ms: number }} ExecResult
 */

/**
 * Runs `command args` (no shell) and resolves when it ends or after `timeoutMs`, when it and its children are
 * killed (`timedOut: true`). A command that cannot be started resolves with `code: null` and the reason in
 * `stderr`.
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ cwd: string, timeoutMs: number, env?: NodeJS.ProcessEnv }} options
 * @returns {Promise<ExecResult>}
 */
export function exec(command, args, { cwd, timeoutMs, env = process.env }) {
  const started = Date.now();
  const shown = [command, ...args].join(' ');
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        // The command runs in its own process group (detached): end the group, children included.
        process.kill(-(/** @type {number} */ (child.pid)), 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({
        command: shown,
        code: null,
        signal: null,
        timedOut,
        stdout,
        stderr: `${stderr}could not start ${command}: ${error.message}\n`,
        ms: Date.now() - started,
      });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ command: shown, code, signal, timedOut, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/**
 * One line saying how a command ended, plus the tail of its output, for reports.
 * @param {ExecResult} result
 * @param {number} [maxChars] how much of the end of stdout + stderr to keep. Default 4000.
 */
export function describeExec(result, maxChars = 4000) {
  const how = result.timedOut
    ? `timed out after ${result.ms} ms`
    : result.code === null
      ? `ended by ${result.signal ?? 'a start failure'}`
      : `exited with ${result.code}`;
  const output = `${result.stdout}${result.stderr}`.trim();
  const tail = output.length > maxChars ? `…${output.slice(-maxChars)}` : output;
  return `$ ${result.command}\n${how}${tail ? `\n${tail}` : ''}`;
}

/**
 * The environment for package-manager commands in the throwaway project: the caller's environment without the
 * `npm_config_*` / `npm_package_*` / `npm_lifecycle_*` variables a running pnpm script exports (they would make
 * npm install the throwaway project with the workspace's settings), except those that say how to reach a registry.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {NodeJS.ProcessEnv}
 */
export function packageManagerEnv(env = process.env) {
  const keep =
    /^npm_config_(registry|cache|userconfig|proxy|https?_proxy|noproxy|no_proxy|cafile|ca|strict_ssl|offline|prefer_offline)$/i;
  /** @type {NodeJS.ProcessEnv} */
  const out = {};
  for (const [name, value] of Object.entries(env)) {
    if (/^npm_(config|package|lifecycle)_/i.test(name) && !keep.test(name)) continue;
    if (/^(npm_execpath|npm_node_execpath|PNPM_SCRIPT_SRC_DIR|INIT_CWD)$/.test(name)) continue;
    out[name] = value;
  }
  // npx must never prompt.
  out.npm_config_yes = 'true';
  return out;
}
