/**
 * Bootstrap shared by every server child: read the config, listen on 127.0.0.1 port 0, report the port over IPC,
 * answer counter queries, and exit when the runner goes away. Every server under comparison runs through this same
 * code, so the process layout is identical and only the request listener differs.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  CONFIG_ENV,
  isParentMessage,
  type ChildMessage,
  type ServerConfig,
  type ServerStats,
} from './protocol';

/** Counters a listener updates; `requests` is counted by the bootstrap. */
export interface Counters {
  /** Request counters (CPU and wall time are filled in when the runner asks). */
  readonly stats: Omit<ServerStats, 'cpuMs' | 'cpuSystemMs' | 'wallMs'>;
  /** Counts a success-path answer. */
  accepted(): void;
  /** Counts a refusal (`rejected`) or unexpected failure (`errors`), remembering the first reason. */
  problem(kind: 'rejected' | 'errors', reason: string): void;
}

/** A node:http request listener. */
export type Listener = (req: IncomingMessage, res: ServerResponse) => void;

function send(message: ChildMessage): void {
  if (process.send !== undefined && process.connected) process.send(message);
}

function readConfig(): ServerConfig {
  const raw = process.env[CONFIG_ENV];
  if (raw === undefined)
    throw new Error(`${CONFIG_ENV} is not set: server children are started by bench/run.ts.`);
  const cfg = JSON.parse(raw) as Partial<ServerConfig>;
  if (typeof cfg.accessKey !== 'string' || cfg.accessKey === '')
    throw new Error('config.accessKey is missing');
  if (typeof cfg.path !== 'string' || !cfg.path.startsWith('/'))
    throw new Error('config.path must start with /');
  if (typeof cfg.toleranceMs !== 'number' || !(cfg.toleranceMs > 0))
    throw new Error('config.toleranceMs must be > 0');
  return cfg as ServerConfig;
}

function createCounters(): Counters {
  const stats: Counters['stats'] = { requests: 0, accepted: 0, rejected: 0, errors: 0 };
  return {
    stats,
    accepted() {
      stats.accepted++;
    },
    problem(kind, reason) {
      stats[kind]++;
      stats.firstProblem ??= `${kind}: ${reason}`;
    },
  };
}

function fatal(error: unknown): never {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  send({ type: 'fatal', message });
  console.error(`bench server ${process.argv[1] ?? ''}: ${message}`);
  process.exit(1);
}

/**
 * Starts the child's HTTP server with the listener `build` returns. Call once, at the top level of a server entry.
 */
export async function serveInChild(
  build: (config: ServerConfig, counters: Counters) => Listener | Promise<Listener>,
): Promise<void> {
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  // The runner holds the IPC channel; when it disappears (crash, kill) this process must not linger.
  process.on('disconnect', () => process.exit(0));
  try {
    const config = readConfig();
    const counters = createCounters();
    const listener = await build(config, counters);
    const server = createServer((req, res) => {
      counters.stats.requests++;
      listener(req, res);
    });
    process.on('SIGTERM', () => {
      server.closeAllConnections();
      server.close();
      process.exit(0);
    });
    let cpuSince = process.cpuUsage();
    let wallSince = performance.now();
    process.on('message', (message: unknown) => {
      if (!isParentMessage(message)) return;
      if (message.type === 'stats') {
        const cpu = process.cpuUsage(cpuSince);
        const stats: ServerStats = {
          ...counters.stats,
          cpuMs: (cpu.user + cpu.system) / 1000,
          cpuSystemMs: cpu.system / 1000,
          wallMs: performance.now() - wallSince,
        };
        send({ type: 'stats', id: message.id, stats });
      } else {
        Object.assign(counters.stats, { requests: 0, accepted: 0, rejected: 0, errors: 0 });
        delete counters.stats.firstProblem;
        cpuSince = process.cpuUsage();
        wallSince = performance.now();
        send({ type: 'reset', id: message.id });
      }
    });
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') fatal(new Error('server has no TCP address'));
      send({ type: 'listening', port: address.port });
    });
  } catch (error) {
    fatal(error);
  }
}
