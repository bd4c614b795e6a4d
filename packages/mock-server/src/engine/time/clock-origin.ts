/**
 * Business time that never runs backwards across restarts. The store keeps the last business time the engine
 * saw (`clock.now`) and, for the real clock, its origin: the business time and the wall time at which it was
 * anchored and its time scale (`clock.realOrigin`). A restarted real clock continues from that origin as if it
 * had kept running — with time scale 60, a mock stopped for a wall minute comes back an hour later in business
 * time — and any clock starts no earlier than the last business time saved.
 */
import type { MarketStore } from '../../store/types';

/** Meta key of the last business time the engine saw. */
export const CLOCK_TIME_KEY = 'clock.now';
/** Meta key of the real clock's origin (JSON of {@link RealClockOrigin}; empty when the clock is virtual). */
export const REAL_CLOCK_ORIGIN_KEY = 'clock.realOrigin';

/** Where a real clock is anchored. */
export interface RealClockOrigin {
  /** Business time (epoch ms) at `wall`. */
  business: number;
  /** Wall time (epoch ms) of the anchor. */
  wall: number;
  /** Business ms per wall ms. */
  timeScale: number;
}

function readOrigin(store: MarketStore): RealClockOrigin | undefined {
  const raw = store.getMeta(REAL_CLOCK_ORIGIN_KEY);
  if (raw === undefined || raw === '') return undefined;
  try {
    const o = JSON.parse(raw) as Partial<RealClockOrigin>;
    const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
    if (finite(o.business) && finite(o.wall) && finite(o.timeScale) && o.timeScale > 0) {
      return { business: o.business, wall: o.wall, timeScale: o.timeScale };
    }
  } catch {
    // unreadable: ignored, the saved business time still bounds the clock
  }
  return undefined;
}

/**
 * The business time a clock resumes at, `wall` being the wall time now: the later of the last business time
 * saved and where the saved real clock would be now. Undefined for a store that never ran.
 */
export function resumedBusinessTime(store: MarketStore, wall: number): number | undefined {
  const saved = Number(store.getMeta(CLOCK_TIME_KEY) ?? Number.NaN);
  const origin = readOrigin(store);
  // A wall clock set back since the anchor does not move business time back.
  const projected =
    origin === undefined ? Number.NaN : origin.business + Math.max(0, wall - origin.wall) * origin.timeScale;
  const candidates = [saved, projected].filter((t) => Number.isFinite(t));
  return candidates.length === 0 ? undefined : Math.max(...candidates);
}

/** Saves the real clock's origin, or clears a saved one (`null`) when the store runs on another clock. */
export function saveRealClockOrigin(store: MarketStore, origin: RealClockOrigin | null): void {
  if (origin !== null) store.setMeta(REAL_CLOCK_ORIGIN_KEY, JSON.stringify(origin));
  else if (readOrigin(store) !== undefined) store.setMeta(REAL_CLOCK_ORIGIN_KEY, '');
}
