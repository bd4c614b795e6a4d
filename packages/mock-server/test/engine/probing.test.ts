import { ValidationError } from '@koogallery-kit/sdk';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/index';
import { nextSlotAfter } from '../../src/engine/jobs/probing';
import { DAY, HOUR, at, callsOf, setup } from './helpers';

const QUERY_CASE = {
  productCode: 'crm',
  interface: 'queryInstance' as const,
  body: { activity: 'queryInstance', instanceId: 'debug-instance-1' },
};

describe('lifecycle probing of saved debug cases', () => {
  it('computes the twice-daily slots in business time (09:00 and 15:00 UTC+8)', () => {
    expect(nextSlotAfter(at('2025-03-10T02:00:00Z'), [540, 900], 480)).toBe(at('2025-03-10T07:00:00Z'));
    expect(nextSlotAfter(at('2025-03-10T07:00:00Z'), [540, 900], 480)).toBe(at('2025-03-11T01:00:00Z'));
    expect(nextSlotAfter(at('2025-03-10T20:00:00Z'), [540, 900], 480)).toBe(at('2025-03-11T01:00:00Z'));
  });

  it('replays every saved case twice a day with testFlag "1" and no retries', async () => {
    const { engine, clock, seller } = setup();
    expect(engine.nextDueAt()).toBeUndefined();
    engine.saveDebugCase(QUERY_CASE);
    expect(engine.nextDueAt()).toBe(at('2025-03-10T07:00:00Z'));
    await clock.advanceTo('2025-03-12T00:00:00Z');
    const probes = callsOf(seller, 'queryInstance');
    expect(probes.map((c) => c.body)).toEqual(Array(3).fill({ ...QUERY_CASE.body, testFlag: '1' }));
    const jobs = engine.listJobs({ interface: 'queryInstance' });
    expect(jobs.map((j) => [j.purpose, j.refs.probeDay, j.createdAt])).toEqual([
      ['probe', '2025-03-10', at('2025-03-10T07:00:00Z')],
      ['probe', '2025-03-11', at('2025-03-11T01:00:00Z')],
      ['probe', '2025-03-11', at('2025-03-11T07:00:00Z')],
    ]);
    expect(engine.getProductState('crm')).toMatchObject({ tradingFrozen: false, probeFailedDays: [] });
  });

  it('5 consecutive failed days freeze trading; continued failure delists; mails on every failure', async () => {
    const { engine, clock } = setup({
      behave: (job) => (job.purpose === 'probe' ? { kind: 'fail', code: 'BODY_SIGN_MISSING' } : undefined),
    });
    engine.saveDebugCase(QUERY_CASE);
    await clock.advanceTo('2025-03-14T00:59:59Z'); // 4 failed days: 10 (one slot), 11, 12, 13
    expect(engine.getProductState('crm').tradingFrozen).toBe(false);
    await clock.advance(1000); // 14 March, 09:00 UTC+8: fifth day
    expect(engine.getProductState('crm')).toMatchObject({
      tradingFrozen: true,
      tradingFrozenAt: at('2025-03-14T01:00:00Z'),
      delisted: false,
    });
    expect(() => engine.purchase({ productCode: 'crm' })).toThrow(/frozen for trading/);
    await clock.advanceTo('2025-03-19T01:00:00Z'); // tenth day
    expect(engine.getProductState('crm')).toMatchObject({ delisted: true, delistReason: 'PROBE_FAILURES' });
    const kinds = engine.outbox().map((m) => m.kind);
    expect(kinds.filter((k) => k === 'PROBE_FAILED')).toHaveLength(18);
    expect(kinds.filter((k) => k === 'PRODUCT_TRADING_FROZEN')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'PRODUCT_DELISTED')).toHaveLength(1);
    expect(kinds).not.toContain('CALL_FAILED');
    expect(engine.listJobs({ state: 'FAILED' }).every((j) => j.attemptCount === 1)).toBe(true);
  });

  it('a day without failures breaks the streak', async () => {
    const okDay = '2025-03-12';
    const { engine, clock } = setup({
      behave: (job) =>
        job.purpose === 'probe' && job.refs.probeDay !== okDay
          ? { kind: 'fail', code: 'TIMEOUT' }
          : undefined,
    });
    engine.saveDebugCase(QUERY_CASE);
    await clock.advanceTo('2025-03-17T00:00:00Z');
    // failed: 10, 11, 13, 14, 15, 16 — never five in a row
    expect(engine.getProductState('crm')).toMatchObject({ tradingFrozen: false });
    await clock.advanceTo('2025-03-17T02:00:00Z');
    expect(engine.getProductState('crm')).toMatchObject({ tradingFrozen: true });
  });

  it('can be switched off, removed, or run on demand', async () => {
    const off = setup({ probing: { enabled: false } });
    off.engine.saveDebugCase(QUERY_CASE);
    await off.clock.advance(3 * DAY);
    expect(off.seller.calls).toEqual([]);
    expect(off.engine.probeNow()).toHaveLength(1);

    const { engine, clock, seller } = setup();
    const c = engine.saveDebugCase(QUERY_CASE);
    engine.removeDebugCase(c.id);
    await clock.advance(3 * DAY);
    expect(seller.calls).toEqual([]);
    expect(() => engine.removeDebugCase(c.id)).toThrow(NotFoundError);
  });

  it('validates debug cases against the request schema', () => {
    const { engine } = setup();
    expect(() => engine.saveDebugCase({ ...QUERY_CASE, body: { activity: 'queryInstance' } })).toThrow(
      ValidationError,
    );
    expect(() => engine.saveDebugCase({ ...QUERY_CASE, productCode: 'nope' })).toThrow(NotFoundError);
    expect(() => engine.saveDebugCase({ ...QUERY_CASE, interface: 'bogus' as never })).toThrow(
      /interface: must be one of/,
    );
  });

  it('direct calls: validated, scheduled as jobs, kit bodies kept as they are', async () => {
    const { engine, clock, seller } = setup();
    expect(() => engine.call({ interface: 'releaseInstance', body: {} })).toThrow(ValidationError);
    const job = engine.call({
      interface: 'orderNotify',
      body: { activity: 'orderNotify', orderId: 'CS1', orderLineId: 'CS1-000001' },
      testFlag: '1',
    });
    expect(job).toMatchObject({ purpose: 'manual', state: 'PENDING', body: { testFlag: '1' } });
    const kit = {
      instanceId: 'i1',
      orderId: 'CS1',
      tenantId: 't1',
      tenantCode: 'acme',
      name: 'Acme',
      domainName: 'https://acme.example.com',
      flag: 1,
      testFlag: 0,
      timeStamp: '20250310100000000',
    };
    engine.call({ interface: 'tenantSync', body: kit });
    await clock.advance(HOUR);
    expect(callsOf(seller, 'tenantSync')[0]!.body).toEqual(kit);
    expect(callsOf(seller, 'orderNotify')).toHaveLength(1);
  });
});
