/**
 * The real clock: business time follows the wall clock, optionally sped up by a time-scale factor so that a
 * three-hour retry schedule can be watched live (time scale 60 → one business hour per wall minute). Due work
 * runs from timers, one pass at a time.
 */
import { ConfigError } from '@koogallery-kit/sdk';
import { earliestDue } from './earliest-due';
import type { Clock, ClockDriver } from './clock';
import type { RealClockOrigin } from './clock-origin';

/** Options of {@link createRealClock}. */
export interface RealClockOptions {
  /** Business milliseconds per wall millisecond. Default 1 (real time); must be > 0. */
  timeScale?: number;
  /**
   * Business time at creation. Default: the wall time at creation. A mock resuming a store passes where the saved
   * clock would be now (see clock-origin.ts).
   */
  origin?: number;
  /** Wall-clock source. Default `Date.now`. */
  wallNow?: () => number;
  /** Timer functions. Default the global `setTimeout`/`clearTimeout` (timers are unref'd where possible). */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** Called when a driver's `runDue` rejects; the clock keeps running. Default: ignore. */
  onError?: (error: unknown) => void;
}

/** A wall-time clock. */
export interface RealClock extends Clock {
  readonly kind: 'real';
  /** Business milliseconds per wall millisecond. */
  readonly timeScale: number;
  /** The anchor: business time at wall time `wall` (saved in the store so a restart resumes from it). */
  origin(): RealClockOrigin;
  /** Stops the timer; no further work runs. */
  stop(): void;
}

/** Longest single timer (setTimeout's limit). */
const MAX_TIMER_MS = 2_147_483_647;

/** Creates a real (wall-time) clock. */
export function createRealClock(options: RealClockOptions = {}): RealClock {
  const timeScale = options.timeScale ?? 1;
  if (typeof timeScale !== 'number' || !Number.isFinite(timeScale) || timeScale <= 0) {
    throw new ConfigError(`timeScale must be a finite number > 0 (got ${String(timeScale)}).`);
  }
  const wallNow = options.wallNow ?? Date.now;
  const setTimer =
    options.setTimer ??
    ((fn: () => void, ms: number) => {
      const handle = setTimeout(fn, ms);
      (handle as { unref?: () => void }).unref?.();
      return handle;
    });
  const clearTimer = options.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const wallStart = wallNow();
  const origin = options.origin ?? wallStart;
  const drivers = new Set<ClockDriver>();
  let timer: unknown;
  let running = false;
  let rerun = false;
  let stopped = false;

  const now = (): number => origin + (wallNow() - wallStart) * timeScale;

  const nextDue = (): number | undefined => earliestDue(drivers);

  const arm = (): void => {
    if (timer !== undefined) clearTimer(timer);
    timer = undefined;
    if (stopped) return;
    const next = nextDue();
    if (next === undefined) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, Math.ceil((next - now()) / timeScale)));
    timer = setTimer(() => {
      timer = undefined;
      void fire();
    }, delay);
  };

  const fire = async (): Promise<void> => {
    if (running) {
      rerun = true;
      return;
    }
    running = true;
    try {
      do {
        rerun = false;
        const t = now();
        for (const d of [...drivers]) {
          const at = d.nextDueAt();
          if (stopped || at === undefined || at > t) continue;
          try {
            await d.runDue(t);
          } catch (error) {
            options.onError?.(error);
          }
        }
      } while (rerun && !stopped);
    } finally {
      running = false;
      arm();
    }
  };

  return {
    kind: 'real',
    timeScale,
    now,
    origin: () => ({ business: origin, wall: wallStart, timeScale }),
    attach(driver) {
      drivers.add(driver);
      arm();
      return () => {
        drivers.delete(driver);
        arm();
      };
    },
    wake() {
      if (running) rerun = true;
      else arm();
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimer(timer);
      timer = undefined;
    },
  };
}
