/**
 * What every engine module shares: store, clock, catalog, random source, options and the event bus, plus the
 * unit of work. A unit runs in one store transaction, saves the random generator's position with it, and emits
 * its events only after the commit (a rolled-back unit emits nothing).
 */
import type { MarketStore } from '../store/types';
import type { Catalog } from './model/catalog';
import type { Clock } from './time/clock';
import type { ResolvedEngineOptions } from './engine-options';
import type { EngineEvent, EventBus } from './model/events';
import type { RandomSource, SeededRandom } from './model/random';

/** Shared engine state. */
export interface EngineContext {
  readonly store: MarketStore;
  readonly clock: Clock;
  readonly catalog: Catalog;
  readonly random: RandomSource;
  readonly options: ResolvedEngineOptions;
  readonly bus: EventBus;
  /** Current business time. */
  now(): number;
  /** Queues an event; emitted after the enclosing unit commits (immediately outside a unit). */
  emit(event: EngineEvent): void;
  /** Runs `fn` as one unit of work (nested units join the outer one). */
  unit<T>(fn: () => T): T;
}

/** Meta key under which the seeded generator's position is saved. */
export const RANDOM_STATE_KEY = 'random.state';

/** Builds the context. `seeded` is the generator whose position is saved (absent for a custom source). */
export function createEngineContext(o: {
  store: MarketStore;
  clock: Clock;
  catalog: Catalog;
  random: RandomSource;
  seeded: SeededRandom | null;
  options: ResolvedEngineOptions;
  bus: EventBus;
}): EngineContext {
  let depth = 0;
  let buffer: EngineEvent[] = [];
  const ctx: EngineContext = {
    store: o.store,
    clock: o.clock,
    catalog: o.catalog,
    random: o.random,
    options: o.options,
    bus: o.bus,
    now: () => o.clock.now(),
    emit(event) {
      if (depth > 0) buffer.push(event);
      else o.bus.emit(event);
    },
    unit(fn) {
      if (depth > 0) return fn();
      const savedRandom = o.seeded?.state();
      depth++;
      let events: EngineEvent[];
      let result: ReturnType<typeof fn>;
      try {
        result = o.store.transaction(() => {
          const r = fn();
          if (o.seeded !== null) o.store.setMeta(RANDOM_STATE_KEY, String(o.seeded.state()));
          return r;
        });
        events = buffer;
      } catch (error) {
        if (o.seeded !== null && savedRandom !== undefined) o.seeded.restore(savedRandom);
        throw error;
      } finally {
        buffer = [];
        depth--;
      }
      for (const e of events) o.bus.emit(e);
      o.clock.wake();
      return result;
    },
  };
  return ctx;
}
