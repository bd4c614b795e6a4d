/**
 * Test helpers that run the BUILT command line (`packages/mock-server/dist/cli.js`, built by `pnpm test` before
 * vitest): a long-running `start` whose URL is read from the banner, and one-shot commands such as `trigger`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Path of the built CLI. */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** Fails with a clear message when the CLI has not been built. */
export function requireBuiltCli(): void {
  if (!existsSync(CLI)) {
    throw new Error(
      `${CLI} is missing: build it with \`npx pnpm@10 --filter @koogallery-kit/mock-server run build\` (pnpm test does).`,
    );
  }
}

/** Environment without the variables the CLI reads, plus `extra`. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    'KOOGALLERY_ACCESS_KEY',
    'KOOGALLERY_KIT_ACCESS_KEY',
    'KOOGALLERY_MOCK_ADMIN_TOKEN',
    'KOOGALLERY_MOCK_SK',
    'KOOGALLERY_MOCK_URL',
  ]) {
    delete env[name];
  }
  return { ...env, ...extra };
}

/** Result of a one-shot command. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `koogallery-mock <args>` to completion (bounded by `timeoutMs`). */
export function runCli(
  args: string[],
  o: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: cleanEnv(o.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`koogallery-mock ${args.join(' ')} did not finish: ${stderr}`));
    }, o.timeoutMs ?? 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      // let the pipes drain
      setImmediate(() => resolve({ code, stdout, stderr }));
    });
  });
}

/** A running `koogallery-mock start`. */
export interface RunningMock {
  url: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Sends `signal` and resolves with the exit code and signal. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

/** Kills every mock still running (afterAll/afterEach). */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** Starts `koogallery-mock start <args>` and resolves once the banner shows its URL. */
export function startMock(
  args: string[],
  o: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RunningMock> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'start', ...args], {
      env: cleanEnv(o.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let out = '';
    let err = '';
    let resolved = false;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
      child.on('exit', (code, signal) => {
        running.delete(child);
        done({ code, signal });
      });
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`koogallery-mock start did not come up:\n${out}\n${err}`));
    }, o.timeoutMs ?? 20_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening {4}(http:\/\/\S+)/.exec(out);
      if (m !== null && !resolved) {
        resolved = true;
        clearTimeout(timer);
        resolve({
          url: m[1] as string,
          child,
          stdout: () => out,
          stderr: () => err,
          stop: (signal = 'SIGTERM') => {
            child.kill(signal);
            return exited;
          },
        });
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    void exited.then(({ code }) => {
      if (!resolved) {
        clearTimeout(timer);
        reject(new Error(`koogallery-mock start exited with ${String(code)}:\n${out}\n${err}`));
      }
    });
  });
}

/** GET/POST a JSON admin route of a running mock. */
export async function admin<T = unknown>(
  url: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<T> {
  const res = await fetch(`${url}/__admin${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`admin ${path}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return json;
}
