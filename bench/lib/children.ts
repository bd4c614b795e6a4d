/**
 * Server child processes: spawned with the same `node --import tsx <entry>` command line, reporting their port over
 * IPC, and always killed — when a case ends, when the run is interrupted, and (SIGKILL, synchronously) when the
 * runner exits for any reason.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { REPO_ROOT, SERVERS_DIR } from './paths';
import {
  CONFIG_ENV,
  isChildMessage,
  type ChildMessage,
  type ServerConfig,
  type ServerStats,
} from '../servers/protocol';

/** A running server child. */
export interface ServerHandle {
  /** Entry file name, e.g. `echo-server.ts`. */
  readonly name: string;
  readonly pid: number;
  /** Port on 127.0.0.1. */
  readonly port: number;
  /** The child's counters since start or the last {@link reset}. */
  stats(): Promise<ServerStats>;
  /** Zeroes the child's counters (after the warm-up). */
  reset(): Promise<void>;
  /** SIGTERM, then SIGKILL after 3 s; resolves when the process is gone. */
  stop(): Promise<void>;
}

/** Spawns and tracks server children for one case. */
export interface ChildRegistry {
  /**
   * Starts `bench/servers/<entry>` and waits until it listens.
   *
   * @param o.startTimeoutMs - how long to wait for the port (default 20 000 ms).
   * @throws Error when the child exits, reports a fatal error or does not listen in time.
   */
  spawnServer(o: {
    entry: string;
    config: ServerConfig;
    startTimeoutMs?: number;
    /** Write a V8 CPU profile of the child into this directory when it stops. */
    cpuProfDir?: string;
  }): Promise<ServerHandle>;
  /** Stops every child this registry started. */
  stopAll(): Promise<void>;
}

/** Every live child of the whole run, for the exit hook. */
const live = new Set<ChildProcess>();
let hooked = false;

function killEverything(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  live.clear();
}

/** Installs the process-wide hooks that kill leftover children (idempotent). */
export function installExitHooks(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', killEverything);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killEverything();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

/** Kills every live child now (used by the run's watchdog). */
export function killAllChildren(): void {
  killEverything();
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 3_000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 3_000);
    }
  }
  live.delete(child);
}

/** Creates a registry whose children are stopped by {@link ChildRegistry.stopAll}. */
export function createChildRegistry(): ChildRegistry {
  const mine = new Set<ChildProcess>();

  const spawnServer: ChildRegistry['spawnServer'] = async ({
    entry,
    config,
    startTimeoutMs = 20_000,
    cpuProfDir,
  }) => {
    installExitHooks();
    const profile = cpuProfDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`];
    const child = spawn(process.execPath, [...profile, '--import', 'tsx', resolve(SERVERS_DIR, entry)], {
      cwd: REPO_ROOT,
      env: { ...process.env, [CONFIG_ENV]: JSON.stringify(config), NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    live.add(child);
    mine.add(child);
    child.once('exit', () => live.delete(child));

    let nextId = 1;
    const pending = new Map<number, (message: ChildMessage) => void>();
    child.on('message', (message: unknown) => {
      if (!isChildMessage(message) || !('id' in message)) return;
      pending.get(message.id)?.(message);
      pending.delete(message.id);
    });
    const ask = (type: 'stats' | 'reset'): Promise<ChildMessage> =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${entry} did not answer '${type}' within 5 s`));
        }, 5_000);
        pending.set(id, (m) => {
          clearTimeout(timer);
          resolve(m);
        });
        child.send({ type, id });
      });

    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${entry} did not listen within ${startTimeoutMs} ms`));
      }, startTimeoutMs);
      const onMessage = (message: unknown): void => {
        if (!isChildMessage(message)) return;
        if (message.type === 'listening') {
          cleanup();
          resolve(message.port);
        } else if (message.type === 'fatal') {
          cleanup();
          reject(new Error(`${entry} failed to start: ${message.message.split('\n')[0] ?? ''}`));
        }
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        cleanup();
        reject(new Error(`${entry} exited before listening (code ${code}, signal ${signal})`));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
    }).catch(async (error: unknown) => {
      await stopChild(child);
      throw error;
    });

    return {
      name: entry,
      pid: child.pid ?? -1,
      port,
      async stats() {
        const m = await ask('stats');
        if (m.type !== 'stats') throw new Error(`${entry} answered ${m.type} to stats`);
        return m.stats;
      },
      async reset() {
        await ask('reset');
      },
      stop: () => stopChild(child),
    };
  };

  return {
    spawnServer,
    async stopAll() {
      await Promise.all([...mine].map((c) => stopChild(c)));
      mine.clear();
    },
  };
}
