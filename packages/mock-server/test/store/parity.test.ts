import { describe, expect, it } from 'vitest';
import { createMemoryStore, createSqliteStore, type MarketStore } from '../../src/index';
import { createFakeSeller, setup } from '../engine/helpers';
import { playScenario, scenarioBehaviour } from './scenario';

async function run(store: MarketStore) {
  const seller = createFakeSeller({ behave: scenarioBehaviour, readyAfterPolls: 2 });
  const { engine, clock } = setup({ store, seed: 'parity', seller });
  await playScenario(engine, clock);
  await engine.close();
  const dump = store.dump();
  store.close();
  return dump;
}

describe('store parity', () => {
  it('the same scenario gives the same state on the memory and SQLite stores', async () => {
    const memory = await run(createMemoryStore());
    const sqlite = await run(createSqliteStore({ path: ':memory:' }));
    expect(sqlite).toEqual(memory);
    // the scenario really exercised every kind of record and outcome
    expect(memory.orders.map((o) => o.orderType)).toEqual(
      expect.arrayContaining(['NEW', 'TRIAL', 'RENEW', 'CHANGE', 'UNSUBSCRIBE']),
    );
    expect(new Set(memory.orders.map((o) => o.state))).toEqual(
      new Set(['PENDING_PAYMENT', 'PROCESSING', 'COMPLETED', 'CANCELED']),
    );
    expect(new Set(memory.instances.map((i) => i.state))).toEqual(new Set(['active', 'frozen', 'released']));
    expect(new Set(memory.attempts.map((a) => a.state))).toEqual(
      new Set(['SUCCEEDED', 'FAILED', 'NOT_READY']),
    );
    expect(memory.outbox.length).toBeGreaterThan(0);
    expect(memory.debugCases).toHaveLength(1);
    expect(memory.buyers).toHaveLength(2);
    expect(Object.keys(memory.meta).sort()).toEqual([
      'buyer.default',
      'clock.now',
      'probe.lastSlotAt',
      'random.state',
      'settlement.lastBilledPeriod', // the scenario crosses a bill day (seller-console.md §6.1)
    ]);
  });
});
