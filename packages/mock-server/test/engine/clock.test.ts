import { ConfigError } from '@koogallery-kit/sdk';
import { describe, expect, it } from 'vitest';
import { ActionRejectedError, createMemoryStore } from '../../src/index';
import { createMarketEngine } from '../../src/engine/engine';
import { createVirtualClock, type ClockDriver } from '../../src/engine/time/clock';
import { createRealClock } from '../../src/engine/time/real-clock';
import { resumedBusinessTime } from '../../src/engine/time/clock-origin';

/** A driver with a list of due times; records at which business time each ran. */
function listDriver(times: number[]): ClockDriver & { ran: number[]; moved: Array<[number, number]> } {
  const pending = [...times].sort((a, b) => a - b);
  const ran: number[] = [];
  const moved: Array<[number, number]> = [];
  return {
    ran,
    moved,
    nextDueAt: () => pending[0],
    async runDue(now) {
      while (pending.length > 0 && (pending[0] as number) <= now) {
        ran.push(pending.shift() as number);
        await Promise.resolve();
      }
    },
    timeChanged: (from, to) => moved.push([from, to]),
  };
}

describe('virtual clock', () => {
  it('moves only when asked and runs due work in time order at the exact instants', async () => {
    const clock = createVirtualClock(1000);
    const d = listDriver([5000, 2000, 3000, 9000]);
    clock.attach(d);
    expect(clock.now()).toBe(1000);
    expect(d.ran).toEqual([]);
    const r = await clock.advance(4000);
    expect(r).toEqual({ from: 1000, to: 5000, steps: 3 });
    expect(d.ran).toEqual([2000, 3000, 5000]);
    expect(d.moved).toEqual([
      [1000, 2000],
      [2000, 3000],
      [3000, 5000],
    ]);
    expect(clock.now()).toBe(5000);
  });

  it('advanceToNextJob jumps to the next due instant only', async () => {
    const clock = createVirtualClock('2025-01-01T00:00:00Z');
    const d = listDriver([Date.UTC(2025, 0, 2), Date.UTC(2025, 0, 3)]);
    clock.attach(d);
    const r = await clock.advanceToNextJob();
    expect(r?.to).toBe(Date.UTC(2025, 0, 2));
    expect(d.ran).toEqual([Date.UTC(2025, 0, 2)]);
    await clock.advanceToNextJob();
    expect(await clock.advanceToNextJob()).toBeNull();
    expect(clock.now()).toBe(Date.UTC(2025, 0, 3));
  });

  it('queues concurrent advances one after the other', async () => {
    const clock = createVirtualClock(0);
    const d = listDriver([10, 20, 30]);
    clock.attach(d);
    await Promise.all([clock.advance(15), clock.advance(15)]);
    expect(clock.now()).toBe(30);
    expect(d.ran).toEqual([10, 20, 30]);
  });

  it('refuses to go back and rejects bad arguments with typed errors', async () => {
    const clock = createVirtualClock(1000);
    await expect(clock.advanceTo(500)).rejects.toThrow(ConfigError);
    expect(() => clock.advance(-1)).toThrow(ConfigError);
    expect(() => clock.advance(Number.NaN)).toThrow(/finite/);
    expect(() => createVirtualClock('not a date')).toThrow(ConfigError);
    clock.restore(500);
    expect(clock.now()).toBe(1000);
    clock.restore(2000);
    expect(clock.now()).toBe(2000);
  });

  it('detects work that never leaves the current instant', async () => {
    const clock = createVirtualClock(0);
    clock.attach({ nextDueAt: () => 0, runDue: async () => undefined });
    await expect(clock.advance(1)).rejects.toThrow(ActionRejectedError);
  });
});

describe('real clock', () => {
  it('scales wall time and wakes the driver from a timer at the scaled delay', async () => {
    let wall = 1_000_000;
    const timers: Array<{ fn: () => void; ms: number }> = [];
    const clock = createRealClock({
      timeScale: 60,
      origin: 0,
      wallNow: () => wall,
      setTimer: (fn, ms) => {
        timers.push({ fn, ms });
        return timers.length;
      },
      clearTimer: () => undefined,
    });
    expect(clock.now()).toBe(0);
    wall += 1000;
    expect(clock.now()).toBe(60_000);
    const d = listDriver([3_600_000]);
    clock.attach(d);
    // one business hour at 60× is one wall minute; 1 s has already elapsed
    expect(timers.at(-1)?.ms).toBe(59_000);
    wall += 59_000;
    timers.at(-1)?.fn();
    await new Promise((r) => setTimeout(r, 0));
    expect(d.ran).toEqual([3_600_000]);
    clock.stop();
  });

  it('saves its origin in the store through the engine, and a restart resumes from it (never backwards)', () => {
    let wall = 1_000_000;
    const store = createMemoryStore();
    const noTimers = { setTimer: () => 0, clearTimer: () => undefined };
    const first = createRealClock({ timeScale: 60, origin: 5_000_000, wallNow: () => wall, ...noTimers });
    const engine = createMarketEngine({
      store,
      clock: first,
      deliver: () => Promise.reject(new Error('nothing is delivered in this test')),
    });
    expect(JSON.parse(store.getMeta('clock.realOrigin')!)).toEqual({
      business: 5_000_000,
      wall: 1_000_000,
      timeScale: 60,
    });
    wall += 10_000; // the process stops 10 wall seconds later
    void engine.close();
    first.stop();
    expect(resumedBusinessTime(store, wall)).toBe(5_000_000 + 600_000);
    // a wall clock set back does not move business time back
    expect(resumedBusinessTime(store, 0)).toBe(5_000_000);
  });

  it('rejects a non-positive time scale', () => {
    expect(() => createRealClock({ timeScale: 0 })).toThrow(ConfigError);
  });
});

describe('engine on the real clock', () => {
  it('runs due attempts from timers, scaled, exactly on their schedule in business time', async () => {
    const { createFakeSeller } = await import('./helpers');
    const seller = createFakeSeller({ behave: () => ({ kind: 'fail', code: 'TIMEOUT' }) });
    // one business hour per 10 ms of wall time
    const clock = createRealClock({ timeScale: 360_000, origin: Date.UTC(2025, 2, 10, 2) });
    const engine = createMarketEngine({
      store: createMemoryStore(),
      clock,
      deliver: seller.deliver,
      seed: 1,
    });
    const order = engine.purchase({ productCode: 'crm', autoPay: true });
    const job = engine.listJobs()[0]!;
    const deadline = Date.now() + 10_000;
    while (engine.getJob(job.id).state !== 'EXHAUSTED' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
    const view = engine.getJob(job.id);
    expect(view.state).toBe('EXHAUSTED');
    const HOUR_MS = 3_600_000;
    expect(view.attempts.map((a) => a.scheduledAt - view.createdAt)).toEqual([
      0,
      HOUR_MS,
      2 * HOUR_MS,
      3 * HOUR_MS,
    ]);
    expect(view.attempts.every((a) => a.startedAt >= a.scheduledAt)).toBe(true);
    expect(engine.getOrder(order.orderId).state).toBe('CANCELED');
    await engine.close();
    clock.stop();
    expect(() => engine.purchase({ productCode: 'crm' })).toThrow(/closed/);
  });
});
