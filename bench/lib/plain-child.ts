/**
 * Child processes that are not bench servers (the mock's own CLI, the example seller, measurement workers): spawned
 * with piped output, killed when the case's signal aborts, when {@link PlainChild.stop} is called, and (SIGKILL,
 * synchronously) when the runner exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from './paths';

/** A running plain child. */
export interface PlainChild {
  readonly process: ChildProcess;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Everything written to stderr so far (for error messages). */
  stderr(): string;
  /**
   * Resolves the first match of `pattern` on stdout.
   *
   * @throws Error when the child exits first or nothing matches within `timeoutMs`.
   */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Resolves the exit code (null when killed by a signal) once the process has exited. */
  exited(): Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs` (default 3000); resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
}

/**
 * Spawns `command args` in the repository root.
 *
 * @param o.signal - kills the child when aborted (pass the case's `ctx.signal`).
 * @param o.env - extra environment variables.
 * @param o.ipc - open an IPC channel (for workers reporting results with `process.send`). Default false.
 */
export function spawnPlain(
  command: string,
  args: readonly string[],
  o: { signal: AbortSignal; env?: Record<string, string>; ipc?: boolean },
): PlainChild {
  hookExit();
  const child = spawn(command, [...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...o.env },
    stdio: o.ipc === true ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (err = (err + s).slice(-8_000)));
  const exit = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    });
  });
  const onAbort = (): void => {
    child.kill('SIGKILL');
  };
  o.signal.addEventListener('abort', onAbort, { once: true });
  void exit.then(() => o.signal.removeEventListener('abort', onAbort));
  const gone = (): boolean => child.exitCode !== null || child.signalCode !== null;

  return {
    process: child,
    stdout: () => out,
    stderr: () => err,
    exited: () => exit,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const m = out.match(pattern);
          if (m === null) return false;
          cleanup();
          resolve(m);
          return true;
        };
        const onData = (): void => {
          check();
        };
        const onExit = (code: number | null): void => {
          if (check()) return;
          cleanup();
          reject(
            new Error(
              `${command} exited (code ${code}) before printing ${pattern}: ${err.trim().slice(-500)}`,
            ),
          );
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `${command} did not print ${pattern} within ${timeoutMs} ms: ${err.trim().slice(-500)}`,
            ),
          );
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          child.stdout?.off('data', onData);
          child.off('exit', onExit);
        };
        if (check()) return;
        child.stdout?.on('data', onData);
        child.on('exit', onExit);
        if (gone()) onExit(child.exitCode);
      });
    },
    async stop(graceMs = 3_000) {
      if (!gone()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exit;
        clearTimeout(timer);
      }
      await exit;
    },
  };
}
