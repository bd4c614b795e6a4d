/**
 * Business clocks. The engine never reads the wall clock: it asks its injected {@link Clock} for the time and
 * registers itself as a {@link ClockDriver} so the clock can run work when it falls due.
 *
 * The virtual clock moves only when asked to (`advance`, `advanceTo`, `advanceToNextJob`, `runDue`); it steps
 * from one due instant to the next, in time order, and awaits the driver at every instant, so a three-hour retry
 * schedule plays out in milliseconds and always in the same order.
 */
import { ConfigError, ErrorCodes } from '@koogallery-kit/sdk';
import { earliestDue } from './earliest-due';
import { ActionRejectedError } from '../model/errors';

/** Something that has work scheduled on the clock (the engine). */
export interface ClockDriver {
  /** Business time of the earliest scheduled work, or undefined when nothing is scheduled. */
  nextDueAt(): number | undefined;
  /** Runs everything due at or before `now`. */
  runDue(now: number): Promise<void>;
  /** The virtual clock moved from `from` to `to` (called at every step). */
  timeChanged?(from: number, to: number): void;
  /** A whole `advance` call finished. */
  advanced?(from: number, to: number): void;
}

/** A business clock. */
export interface Clock {
  /** `virtual` (moves by API only) or `real` (wall time, optionally scaled). */
  readonly kind: 'virtual' | 'real';
  /** Current business time in epoch milliseconds. */
  now(): number;
  /** Registers a driver; returns a function that detaches it. */
  attach(driver: ClockDriver): () => void;
  /** Tells the clock that a driver's schedule changed (the real clock re-arms its timer). */
  wake(): void;
}

/** What one `advance` did. */
export interface AdvanceReport {
  /** Business time before and after. */
  from: number;
  to: number;
  /** Number of due instants at which work ran. */
  steps: number;
}

/** A clock that moves only when told to. */
export interface VirtualClock extends Clock {
  readonly kind: 'virtual';
  /** Moves forward by `ms`, running every due job in time order (ties by creation order), awaiting each. */
  advance(ms: number): Promise<AdvanceReport>;
  /** Moves forward to `time` (epoch ms, `Date` or ISO string), running everything due on the way. */
  advanceTo(time: number | Date | string): Promise<AdvanceReport>;
  /** Moves to the next instant at which anything is due and runs it; null when nothing is scheduled. */
  advanceToNextJob(): Promise<AdvanceReport | null>;
  /** Runs whatever is due now without moving the clock (same as `advance(0)`). */
  runDue(): Promise<AdvanceReport>;
  /** Sets the time forward without running anything (used to resume a persisted clock). Never goes back. */
  restore(time: number): void;
}

/** Default start of a virtual clock: 2025-01-01T00:00:00Z. */
export const DEFAULT_VIRTUAL_START = Date.UTC(2025, 0, 1);

/** Most passes at one instant before the clock concludes that the schedule cannot progress. */
const MAX_PASSES_PER_INSTANT = 100_000;

/** Parses a time given as epoch ms, `Date` or ISO string; throws `ConfigError` (INVALID_ARGUMENT). */
export function toEpochMs(time: number | Date | string, what: string): number {
  const ms = typeof time === 'number' ? time : time instanceof Date ? time.getTime() : Date.parse(time);
  if (!Number.isFinite(ms) || ms < 0) {
    throw new ConfigError(
      `${what} must be epoch milliseconds, a Date or an ISO-8601 string (got ${JSON.stringify(String(time))}).`,
      { code: ErrorCodes.INVALID_ARGUMENT },
    );
  }
  return ms;
}

/**
 * Creates a virtual clock starting at `start` (default 2025-01-01T00:00:00Z). Calls to `advance*` and `runDue`
 * are queued: each starts when the previous one has finished.
 */
export function createVirtualClock(start: number | Date | string = DEFAULT_VIRTUAL_START): VirtualClock {
  let t = toEpochMs(start, 'The virtual clock start');
  const drivers = new Set<ClockDriver>();
  let queue: Promise<unknown> = Promise.resolve();

  const nextDue = (): number | undefined => earliestDue(drivers);

  const moveTo = (to: number): void => {
    const from = t;
    t = to;
    for (const d of drivers) d.timeChanged?.(from, to);
  };

  const run = async (target: number): Promise<AdvanceReport> => {
    const from = t;
    let steps = 0;
    let lastStepAt: number | undefined;
    let passesHere = 0;
    for (;;) {
      const next = nextDue();
      if (next === undefined || next > target) break;
      if (next > t) moveTo(next);
      if (lastStepAt !== t) {
        lastStepAt = t;
        passesHere = 0;
        steps++;
      } else if (++passesHere > MAX_PASSES_PER_INSTANT) {
        throw new ActionRejectedError(
          'SCHEDULER_STALLED',
          `Work due at ${new Date(t).toISOString()} keeps being rescheduled at the same instant; check the retry schedules (every interval must be > 0).`,
        );
      }
      for (const d of [...drivers]) {
        const at = d.nextDueAt();
        if (at !== undefined && at <= t) await d.runDue(t);
      }
    }
    if (t < target) moveTo(target);
    for (const d of drivers) d.advanced?.(from, t);
    return { from, to: t, steps };
  };

  const enqueue = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = queue.then(fn, fn);
    queue = p.catch(() => undefined);
    return p;
  };

  const checkMs = (ms: number): number => {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      throw new ConfigError(`advance(ms) needs a finite number of milliseconds ≥ 0 (got ${String(ms)}).`, {
        code: ErrorCodes.INVALID_ARGUMENT,
      });
    }
    return ms;
  };

  return {
    kind: 'virtual',
    now: () => t,
    attach(driver) {
      drivers.add(driver);
      return () => drivers.delete(driver);
    },
    wake() {
      // Nothing to do: the virtual clock only runs work inside advance calls.
    },
    advance(ms) {
      const delta = checkMs(ms);
      return enqueue(() => run(t + delta));
    },
    advanceTo(time) {
      const target = toEpochMs(time, 'advanceTo(time)');
      return enqueue(() => {
        if (target < t) {
          return Promise.reject(
            new ConfigError(
              `The virtual clock is at ${new Date(t).toISOString()} and cannot go back to ${new Date(target).toISOString()}.`,
              { code: ErrorCodes.INVALID_ARGUMENT },
            ),
          );
        }
        return run(target);
      });
    },
    advanceToNextJob() {
      return enqueue(async () => {
        const next = nextDue();
        return next === undefined ? null : run(Math.max(next, t));
      });
    },
    runDue() {
      return enqueue(() => run(t));
    },
    restore(time) {
      const target = toEpochMs(time, 'restore(time)');
      if (target > t) moveTo(target);
    },
  };
}
