/**
 * `GET /__admin/events`: the engine's events as Server-Sent Events. Each event is sent as
 * `id: <n>` / `event: <type>` / `data: <JSON of the event>`; the stream opens with an `event: ready` carrying the
 * business time, and a comment line every `heartbeatMs` keeps proxies from closing it. `?types=a,b` limits the
 * stream to some event types.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { EngineEvent, EngineEventType, EngineEvents } from '../../engine/events';
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
}

/** The open event streams of a server. */
export interface EventStreams {
  /** The express handler of `GET /__admin/events`. */
  handler: RequestHandler;
  /** Number of open streams. */
  count(): number;
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
  const open = new Set<Response>();
  let nextId = 1;

  const handler: RequestHandler = (req, res) => {
    const types = readTypes(req);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(`retry: 2000\nevent: ready\ndata: ${JSON.stringify({ at: o.now() })}\n\n`);
    const send = (event: EngineEvent): void => {
      if (types !== undefined && !types.has(event.type)) return;
      res.write(`id: ${nextId++}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    };
    const unsubscribe = events.onAny(send);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
    heartbeat.unref();
    open.add(res);
    const stop = (): void => {
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(res);
    };
    req.on('close', stop);
    res.on('close', stop);
  };

  return {
    handler,
    count: () => open.size,
    closeAll() {
      for (const res of [...open]) res.end();
      open.clear();
    },
  };
}
