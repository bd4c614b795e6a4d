/**
 * What holds a port the mock could not bind, and the next free one: used by `koogallery-mock start` and by the
 * repository's `pnpm start` (scripts/start.mjs) to turn EADDRINUSE into a message that says whether another
 * koogallery-mock (and which database) is already there, and which port to use instead.
 */
import { get } from 'node:http';
import { createServer } from 'node:net';

/** Who answered on a taken port. */
export type PortHolder =
  | {
      kind: 'koogallery-mock';
      /** Its store as it reports it (`GET /__admin/state` → `mock.store`); undefined when an admin token hides it. */
      database?: string;
    }
  | { kind: 'other' };

/** What {@link inspectTakenPort} found. */
export interface TakenPort {
  host: string;
  port: number;
  holder: PortHolder;
  /** The first free port after `port` (up to 50 tried), undefined when none was free. */
  nextFreePort?: number;
}

/** Options of {@link inspectTakenPort}. */
export interface InspectTakenPortOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  port: number;
  /** How long to wait for the holder's answer, ms. Default 1000. */
  timeoutMs?: number;
}

/** True when `port` can be bound on `host` right now (the probe is closed at once). */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    // Not unref'd: a CLI with nothing else running must wait for the answer.
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/**
 * `GET url` → status and parsed JSON body, undefined when there is no HTTP answer or no JSON. node:http rather than
 * fetch: a holder that accepts and drops the connection must end the request, not leave it pending.
 */
function getJson(url: string, timeoutMs: number): Promise<{ status: number; body: unknown } | undefined> {
  return new Promise((resolve) => {
    const req = get(url, { headers: { Accept: 'application/json' }, timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (text.length < 65_536) text += chunk;
      });
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown });
        } catch {
          resolve(undefined);
        }
      });
      res.on('error', () => resolve(undefined));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Asks the program on `host:port` whether it is a koogallery-mock, and finds the next free port. Never throws. */
export async function inspectTakenPort(o: InspectTakenPortOptions): Promise<TakenPort> {
  const host = o.host ?? '127.0.0.1';
  const timeoutMs = o.timeoutMs ?? 1_000;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${o.port}/__admin`;
  let holder: PortHolder = { kind: 'other' };
  const state = await getJson(`${base}/state`, timeoutMs);
  if (state?.status === 200 && isObj(state.body) && isObj(state.body.mock)) {
    const store = state.body.mock.store;
    holder = { kind: 'koogallery-mock', ...(typeof store === 'string' ? { database: store } : {}) };
  } else {
    // With an admin token, /state answers 401; the open liveness probe still tells a mock from other programs.
    const health = await getJson(`${base}/health`, timeoutMs);
    if (health?.status === 200 && isObj(health.body) && health.body.ok === true)
      holder = { kind: 'koogallery-mock' };
  }
  let nextFreePort: number | undefined;
  for (let p = o.port + 1; p <= Math.min(o.port + 50, 65_535); p++) {
    if (await isPortFree(host, p)) {
      nextFreePort = p;
      break;
    }
  }
  return { host, port: o.port, holder, ...(nextFreePort === undefined ? {} : { nextFreePort }) };
}

/**
 * `port 8787 on 127.0.0.1 is in use by a koogallery-mock (database .koogallery-mock/mock.db)`, or `… by another
 * program (not a koogallery-mock)`. The caller adds how to choose another port (a flag or a variable).
 */
export function describeTakenPort(t: TakenPort): string {
  const who =
    t.holder.kind === 'other'
      ? 'another program (not a koogallery-mock)'
      : `a koogallery-mock (${t.holder.database === undefined ? 'its database is hidden by its admin token' : `database ${t.holder.database}`}; reach it with --url http://${t.host}:${t.port})`;
  return `port ${t.port} on ${t.host} is in use by ${who}`;
}
