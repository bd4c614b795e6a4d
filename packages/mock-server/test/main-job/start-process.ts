/**
 * Test helpers for the main job (`node scripts/start.mjs`, what `pnpm start` runs): spawn it, wait for the
 * printed URLs and commands, run those commands, and check ports. The script loads the BUILT packages
 * (`pnpm test` builds them before vitest).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/** The main job's script. */
export const START_SCRIPT = fileURLToPath(new URL('../../../../scripts/start.mjs', import.meta.url));

/** What the main job printed once it is ready. */
export interface StartedInfo {
  consoleUrl: string;
  mockUrl: string;
  sellerUrl: string;
  productionUrl: string;
  orderId: string;
  instanceRef: string;
  /** The "Next, in another terminal" commands, as printed. */
  commands: string[];
}

/** A running main job. */
export interface StartedJob {
  info: StartedInfo;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Sends `signal` and resolves with how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Result of a process run to completion. */
export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const running = new Set<ChildProcess>();

/** Kills every process these helpers started and that is still running. */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** The environment of the script: the caller's, minus what the script reads, plus `extra`. */
function envFor(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    'MOCK_PORT',
    'PORT',
    'KOOGALLERY_ACCESS_KEY',
    'KOOGALLERY_DATA_DIR',
    'KOOGALLERY_MOCK_URL',
  ]) {
    delete env[name];
  }
  return { ...env, ...extra };
}

function spawnScript(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [START_SCRIPT, ...args], {
    cwd: ROOT,
    env: envFor(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  return child;
}

/** Reads the URLs, the purchase and the commands from the script's output; null until all were printed. */
export function parseStarted(out: string): StartedInfo | null {
  const next = out.indexOf('Next, in another terminal:');
  if (next < 0) return null;
  const block = out.slice(next).split('\n').slice(1);
  const end = block.findIndex((line) => line.trim() === '');
  if (end < 0) return null; // the block is not complete yet
  const commands = block
    .slice(0, end)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const consoleUrl = /Console\s+(http:\/\/\S+)/.exec(out)?.[1];
  const mockUrl = /Mock marketplace\s+(http:\/\/\S+)/.exec(out)?.[1];
  const seller = /Seller\s+(http:\/\/\S+)\s+production URL (http:\/\/\S+)/.exec(out);
  const purchase = /Played one purchase: order (\S+), instance (I\d+)/.exec(out);
  if (!consoleUrl || !mockUrl || !seller || !purchase) return null;
  return {
    consoleUrl,
    mockUrl,
    sellerUrl: seller[1] as string,
    productionUrl: seller[2] as string,
    orderId: purchase[1] as string,
    instanceRef: purchase[2] as string,
    commands,
  };
}

/** Starts the main job and resolves once it printed its URLs and commands; rejects when it exits first. */
export function startMainJob(env: Record<string, string>, timeoutMs = 60_000): Promise<StartedJob> {
  const child = spawnScript([], env);
  let out = '';
  let err = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      child.kill('SIGKILL');
      reject(new Error(`the main job did not start within ${timeoutMs} ms:\n${out}\n${err}`));
    }, timeoutMs);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const info = settled ? null : parseStarted(out);
      if (info === null) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        info,
        child,
        stdout: () => out,
        stderr: () => err,
        stop: (signal = 'SIGINT') => {
          child.kill(signal);
          return exited;
        },
      });
    });
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    void exited.then(({ code, signal }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(
        new Error(`the main job exited (${String(code ?? signal)}) before it was ready:\n${out}\n${err}`),
      );
    });
  });
}

/** Runs the script (or a shell command line) to completion, bounded by `timeoutMs`. */
function finish(child: ChildProcess, what: string, timeoutMs: number): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not finish within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      setImmediate(() => resolve({ code, signal, stdout, stderr }));
    });
  });
}

/** Runs the main job with `args` until it exits by itself (usage errors, taken ports, --help). */
export function runMainJob(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<Finished> {
  return finish(spawnScript(args, env), `node scripts/start.mjs ${args.join(' ')}`, timeoutMs);
}

/** Runs one printed command line with /bin/sh from the repository root, as a user would paste it. */
export function runPrinted(
  command: string,
  o: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Finished> {
  const timeoutMs = o.timeoutMs ?? 60_000;
  const child = spawn('/bin/sh', ['-c', command], {
    cwd: ROOT,
    env: envFor(o.env ?? {}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  return finish(child, command, timeoutMs);
}

/** Two distinct ports that were free a moment ago on 127.0.0.1. */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i += 1) {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
    }
    return servers.map((s) => (s.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

/** Holds `port` on 127.0.0.1 (a "taken" port) until the returned function is called. */
export async function occupy(port: number): Promise<() => Promise<void>> {
  // Connections are closed at once (the start script asks the holder whether it is a koogallery-mock), so that
  // close() does not wait for them.
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

/** True when something accepts TCP connections on 127.0.0.1:`port`. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
