/**
 * IPC between the runner and a server child process (`bench/servers/*-server.ts`). The child reports its port once
 * it listens; afterwards the runner asks for counters (to prove the measured requests were answered the intended
 * way) and resets them after the warm-up.
 */

/** Environment variable carrying the JSON {@link ServerConfig} to the child. */
export const CONFIG_ENV = 'KGK_BENCH_SERVER_CONFIG';

/** What every server child is configured with. */
export interface ServerConfig {
  /** The KooGallery key the SDK servers verify with and sign answers with. */
  accessKey: string;
  /** Path the production interface is mounted at, e.g. `/produce`. */
  path: string;
  /** Allowed timestamp skew, ms (the SDK default is 60 000; raised only for runs longer than that). */
  toleranceMs: number;
}

/** Counters kept by every server child since start or the last reset. */
export interface ServerStats {
  /** Requests that reached the listener. */
  requests: number;
  /** Requests answered on the success path (handler ran, `000000`). */
  accepted: number;
  /** Requests refused (bad signature, replay, invalid body…). */
  rejected: number;
  /** Unexpected failures (handler threw, developer errors). */
  errors: number;
  /** Reason of the first refusal or error since the last reset, for the report. */
  firstProblem?: string;
  /** CPU time (user + system) the server process used since start or the last reset, ms. */
  cpuMs: number;
  /** The kernel (system) part of {@link cpuMs}, ms: socket writes and reads are accounted here. */
  cpuSystemMs: number;
  /** Wall time since start or the last reset, ms. */
  wallMs: number;
}

/** Runner → child. */
export type ParentMessage = { type: 'stats'; id: number } | { type: 'reset'; id: number };

/** Child → runner. */
export type ChildMessage =
  | { type: 'listening'; port: number }
  | { type: 'stats'; id: number; stats: ServerStats }
  | { type: 'reset'; id: number }
  | { type: 'fatal'; message: string };

/** Type guard for messages arriving from a child. */
export function isChildMessage(value: unknown): value is ChildMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string' &&
    ['listening', 'stats', 'reset', 'fatal'].includes((value as { type: string }).type)
  );
}

/** Type guard for messages arriving from the runner. */
export function isParentMessage(value: unknown): value is ParentMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    ((value as { type?: unknown }).type === 'stats' || (value as { type?: unknown }).type === 'reset') &&
    typeof (value as { id?: unknown }).id === 'number'
  );
}
