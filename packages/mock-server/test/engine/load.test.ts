import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/index';
import { HOUR, START, setup } from './helpers';

async function thousandFailingOrders(store?: ReturnType<typeof createSqliteStore>) {
  const { engine, clock, seller } = setup({
    ...(store ? { store } : {}),
    behave: (job) => (job.interface === 'newInstance' ? { kind: 'fail', code: 'HTTP_STATUS' } : undefined),
    failedOrdersDelistThreshold: 5_000,
  });
  const ids: string[] = [];
  for (let n = 0; n < 1000; n++) ids.push(engine.purchase({ productCode: 'crm', autoPay: true }).orderId);
  await clock.advance(3 * HOUR + 1);
  return { engine, seller, ids };
}

describe('scale on the virtual clock (bounded; no timing assertion)', () => {
  it('plays 1 000 orders through the whole 3-hour newInstance schedule', async () => {
    const { engine, seller, ids } = await thousandFailingOrders();
    expect(seller.calls).toHaveLength(4000);
    const attempts = engine.listAttempts();
    expect(attempts).toHaveLength(4000);
    const offsets = new Map<number, number>();
    for (const a of attempts) offsets.set(a.startedAt - START, (offsets.get(a.startedAt - START) ?? 0) + 1);
    expect([...offsets.entries()]).toEqual([
      [0, 1000],
      [HOUR, 1000],
      [2 * HOUR, 1000],
      [3 * HOUR, 1000],
    ]);
    expect(engine.listJobs({ state: 'EXHAUSTED' })).toHaveLength(1000);
    expect(ids.every((id) => engine.getOrder(id).state === 'CANCELED')).toBe(true);
    expect(engine.listOrders({ orderType: 'UNSUBSCRIBE' })).toHaveLength(1000);
    expect(engine.getProductState('crm').failedOrdersByMonth).toEqual({ '2025-03': 1000 });
  });

  it('does the same on the SQLite store', async () => {
    const { engine, ids } = await thousandFailingOrders(createSqliteStore({ path: ':memory:' }));
    expect(engine.listAttempts()).toHaveLength(4000);
    expect(ids.every((id) => engine.getOrder(id).state === 'CANCELED')).toBe(true);
    engine.store.close();
  });
});
