/**
 * Admin clock routes: read the business clock, and — on the virtual clock — move it forward, running every job
 * that falls due on the way, in order:
 *
 * - `GET  /clock`                      → {@link ClockView}
 * - `POST /clock/advance`              `{ "by": "1h30m" }` or `{ "ms": 5400000 }`
 * - `POST /clock/advance-to`           `{ "time": "2025-06-01T00:00:00Z" }` (ISO string or epoch ms)
 * - `POST /clock/advance-to-next-job`  moves to the next due instant (answers `ran: false` when nothing is due)
 *
 * Moving the real clock is a 409 CLOCK_NOT_VIRTUAL.
 */
import { Router } from 'express';
import type { ValidationIssue } from '@koogallery-kit/sdk';
import type { VirtualClock } from '../../engine/time/clock';
import type { MarketEngine } from '../../engine/engine';
import type { RealClock } from '../../engine/time/real-clock';
import { HttpError, HttpErrorCodes } from '../errors';
import { parseDuration } from '../../config/duration';
import { checkKnownFields, issue, objectBody, throwIssues } from './input';

/** The business clock as the admin API shows it. */
export interface ClockView {
  kind: 'virtual' | 'real';
  /** Business time, epoch ms and ISO. */
  now: number;
  iso: string;
  /** Real clock only: business ms per wall ms. */
  timeScale?: number;
  /** Earliest business time at which anything is scheduled. */
  nextDueAt: number | null;
  nextDueIso: string | null;
}

/** The clock view of an engine. */
export function clockView(engine: MarketEngine): ClockView {
  const now = engine.now();
  const next = engine.nextDueAt() ?? null;
  const view: ClockView = {
    kind: engine.clock.kind,
    now,
    iso: new Date(now).toISOString(),
    nextDueAt: next,
    nextDueIso: next === null ? null : new Date(next).toISOString(),
  };
  if (engine.clock.kind === 'real') view.timeScale = (engine.clock as RealClock).timeScale;
  return view;
}

function virtual(engine: MarketEngine): VirtualClock {
  if (engine.clock.kind !== 'virtual') {
    throw new HttpError(
      409,
      HttpErrorCodes.CLOCK_NOT_VIRTUAL,
      'The mock runs on the real clock, which only moves with wall time; start it with --clock virtual to move time by API (or use --time-scale to speed the real clock up).',
    );
  }
  return engine.clock as VirtualClock;
}

/** One production call made while the clock moved: what `trigger advance` reports. */
export interface ClockMoveCall {
  jobId: string;
  interface: string;
  /** The status sent by updateInstanceStatus (FREEZE, UNFREEZE), else null. */
  status: string | null;
  instanceRef: string | null;
  instanceId: string | null;
  /** Attempt number of the job (1 = first try). */
  attempt: number;
  /** Outcome of the attempt (SUCCEEDED, FAILED, …) and the seller's resultCode when it answered. */
  result: string;
  resultCode: string | null;
}

/** Runs `move` and resolves its report with every attempt that finished meanwhile, in order. */
async function withCalls<T extends object>(
  engine: MarketEngine,
  move: () => Promise<T>,
): Promise<T & { calls: ClockMoveCall[] }> {
  const calls: ClockMoveCall[] = [];
  const off = engine.events.on('attempt.finished', ({ job, attempt }) => {
    const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
    calls.push({
      jobId: job.id,
      interface: job.interface,
      status: text(attempt.body.status),
      instanceRef: job.refs.instanceRef,
      instanceId: text(attempt.body.instanceId),
      attempt: attempt.no,
      result: attempt.state,
      resultCode: attempt.resultCode,
    });
  });
  try {
    return { ...(await move()), calls };
  } finally {
    off();
  }
}

/** Creates the clock routes. */
export function createClockRoutes(engine: MarketEngine): Router {
  const r = Router();

  r.get('/clock', (_req, res) => {
    res.json(clockView(engine));
  });

  r.post('/clock/advance', async (req, res) => {
    const body = objectBody(req, 'advance request');
    const issues: ValidationIssue[] = [];
    checkKnownFields(body, ['by', 'ms'], issues);
    let ms: number | undefined;
    if (body.by !== undefined && body.ms !== undefined) {
      issues.push(issue('/by', 'give either by or ms, not both', 'oneOf'));
    } else if (body.by === undefined && body.ms === undefined) {
      issues.push(issue('/by', 'required: how far to move, e.g. {"by":"1h"} or {"ms":3600000}', 'required'));
    } else {
      const key = body.by !== undefined ? 'by' : 'ms';
      const parsed = parseDuration(body[key]);
      if (parsed.ok) ms = parsed.ms;
      else issues.push(issue(`/${key}`, parsed.message));
    }
    throwIssues('advance request', issues);
    const clock = virtual(engine);
    const report = await withCalls(engine, () => clock.advance(ms as number));
    res.json({ ...report, clock: clockView(engine) });
  });

  r.post('/clock/advance-to', async (req, res) => {
    const body = objectBody(req, 'advance-to request');
    const issues: ValidationIssue[] = [];
    checkKnownFields(body, ['time'], issues);
    const time = body.time;
    if (time === undefined)
      issues.push(issue('/time', 'required: an ISO-8601 time or epoch milliseconds', 'required'));
    else if (
      (typeof time !== 'string' && typeof time !== 'number') ||
      !Number.isFinite(typeof time === 'number' ? time : Date.parse(time))
    ) {
      issues.push(issue('/time', 'must be an ISO-8601 time (2025-06-01T00:00:00Z) or epoch milliseconds'));
    }
    throwIssues('advance-to request', issues);
    const clock = virtual(engine);
    const target = typeof time === 'number' ? time : Date.parse(time as string);
    if (target < clock.now()) {
      throwIssues('advance-to request', [
        issue(
          '/time',
          `must not be before the current business time ${new Date(clock.now()).toISOString()}`,
          'minimum',
        ),
      ]);
    }
    const report = await withCalls(engine, () => clock.advanceTo(target));
    res.json({ ...report, clock: clockView(engine) });
  });

  r.post('/clock/advance-to-next-job', async (req, res) => {
    const issues: ValidationIssue[] = [];
    checkKnownFields(objectBody(req, 'advance-to-next-job request'), [], issues);
    throwIssues('advance-to-next-job request', issues);
    const clock = virtual(engine);
    const { report, calls } = await withCalls(engine, async () => ({
      report: await clock.advanceToNextJob(),
    }));
    res.json(
      report === null
        ? { ran: false, clock: clockView(engine) }
        : { ran: true, ...report, calls, clock: clockView(engine) },
    );
  });

  return r;
}
