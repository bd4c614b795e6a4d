/**
 * `GET /__admin/events`: the engine's events as Server-Sent Events. Each event is sent as
 * `id: <n>` / `event: <type>` / `data: <JSON of the event>`; the stream opens with an `event: ready` carrying the
 * business time, and a comment line every `heartbeatMs` keeps proxies from closing it. `?types=a,b` limits the
 * stream to some event types.
 *
 * Backpressure: a client that reads slowly or not at all must not make the mock's memory grow. Each client has a
 * bounded queue: once the socket's buffer is full (`write()` returns false) events wait in the queue until
 * `drain`; a client whose queue would exceed `maxQueueBytes`, or whose socket stays full for `maxBlockedMs`, is
 * disconnected and a warning is reported. A browser's EventSource reconnects by itself (`retry: 2000`) and the
 * console then re-reads the state, as after a restart.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { EngineEvent, EngineEventType, EngineEvents } from '../../engine/model/events';
import { checkKnownQuery, issue, queryString, throwIssues } from './input';
import type { ValidationIssue } from '@koogallery-kit/sdk';

/** Every engine event type, in the order of the engine's event map. */
export const ENGINE_EVENT_TYPES: readonly EngineEventType[] = Object.freeze([
  'job.created',
  'attempt.started',
  'attempt.finished',
  'job.succeeded',
  'job.failed',
  'job.exhausted',
  'job.canceled',
  'order.changed',
  'instance.changed',
  'clock.advanced',
  'outbox.message',
  'product.changed',
  'flow.changed',
]);

/** Options of {@link createEventStreams}. */
export interface EventStreamOptions {
  /** Interval of the keep-alive comment, in milliseconds. Default 15 000. */
  heartbeatMs?: number;
  /** Business time for the `ready` event. */
  now: () => number;
  /** Most bytes of events waiting for one slow client before it is disconnected. Default 256 KiB. */
  maxQueueBytes?: number;
  /** Longest time one client's socket may stay full before it is disconnected, ms. Default 30 000. */
  maxBlockedMs?: number;
  /** Receives a warning when a client is disconnected. Default: ignore. */
  onWarning?: (message: string) => void;
}

/** The open event streams of a server. */
export interface EventStreams {
  /** The express handler of `GET /__admin/events`. */
  handler: RequestHandler;
  /** Number of open streams. */
  count(): number;
  /** Bytes of events waiting in the queues of slow clients (bounded by `maxQueueBytes` per client). */
  queuedBytes(): number;
  /** Ends every open stream (server shutdown). */
  closeAll(): void;
}

/** Reads `?types=` into a set (undefined = all types). */
function readTypes(req: Request): Set<EngineEventType> | undefined {
  const issues: ValidationIssue[] = [];
  checkKnownQuery(req, ['types', 'token'], issues);
  const raw = queryString(req, 'types', issues);
  let types: Set<EngineEventType> | undefined;
  if (raw !== undefined) {
    types = new Set();
    for (const t of raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')) {
      if ((ENGINE_EVENT_TYPES as readonly string[]).includes(t)) types.add(t as EngineEventType);
      else
        issues.push(
          issue(
            '/types',
            `unknown event type ${JSON.stringify(t)}; known: ${ENGINE_EVENT_TYPES.join(', ')}`,
            'enum',
          ),
        );
    }
  }
  throwIssues('event stream request', issues);
  return types;
}

/** Creates the event stream endpoint over `events`. */
export function createEventStreams(events: EngineEvents, o: EventStreamOptions): EventStreams {
  const heartbeatMs = o.heartbeatMs ?? 15_000;
  const maxQueueBytes = o.maxQueueBytes ?? 256 * 1024;
  const maxBlockedMs = o.maxBlockedMs ?? 30_000;
  const open = new Map<Response, { queued: () => number }>();
  let nextId = 1;

  const handler: RequestHandler = (req, res) => {
    const types = readTypes(req);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    const queue: string[] = [];
    let queued = 0;
    let blocked: ReturnType<typeof setTimeout> | undefined;
    let dropped = false;
    const client = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
    const disconnect = (why: string): void => {
      if (dropped) return;
      dropped = true;
      o.onWarning?.(
        `event stream client ${client} disconnected: ${why} (it can reconnect and re-read the state).`,
      );
      stop();
      res.destroy();
    };
    /** Writes `chunk`; when the socket's buffer is full, starts the blocked timer and returns false. */
    const write = (chunk: string): boolean => {
      if (res.write(chunk)) return true;
      blocked ??= setTimeout(() => disconnect(`it read nothing for ${maxBlockedMs} ms`), maxBlockedMs);
      blocked.unref?.();
      return false;
    };
    /** On `drain`: writes queued chunks until the socket's buffer is full again. */
    const flush = (): void => {
      if (blocked !== undefined) clearTimeout(blocked);
      blocked = undefined;
      while (queue.length > 0 && !dropped) {
        const chunk = queue.shift() as string;
        queued -= Buffer.byteLength(chunk);
        if (!write(chunk)) return;
      }
    };
    const push = (chunk: string): void => {
      if (dropped) return;
      if (blocked === undefined && queue.length === 0) {
        write(chunk);
        return;
      }
      const size = Buffer.byteLength(chunk);
      if (queued + size > maxQueueBytes) {
        disconnect(`it reads too slowly (more than ${maxQueueBytes} bytes of events waiting)`);
        return;
      }
      queue.push(chunk);
      queued += size;
    };
    res.on('drain', flush);

    push(`retry: 2000\nevent: ready\ndata: ${JSON.stringify({ at: o.now() })}\n\n`);
    const send = (event: EngineEvent): void => {
      if (types !== undefined && !types.has(event.type)) return;
      push(`id: ${nextId++}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    };
    const unsubscribe = events.onAny(send);
    // A keep-alive only matters on an idle stream: none while events wait.
    const heartbeat = setInterval(() => {
      if (blocked === undefined) push(': keep-alive\n\n');
    }, heartbeatMs);
    heartbeat.unref();
    open.set(res, { queued: () => queued });
    const stop = (): void => {
      clearInterval(heartbeat);
      if (blocked !== undefined) clearTimeout(blocked);
      queue.length = 0;
      queued = 0;
      unsubscribe();
      open.delete(res);
    };
    req.on('close', stop);
    res.on('close', stop);
  };

  return {
    handler,
    count: () => open.size,
    queuedBytes: () => [...open.values()].reduce((sum, c) => sum + c.queued(), 0),
    closeAll() {
      for (const res of [...open.keys()]) res.end();
      open.clear();
    },
  };
}
