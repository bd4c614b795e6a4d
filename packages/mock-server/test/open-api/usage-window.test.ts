/**
 * How long the mock remembers a usage record's `metering_sn` (§8.4: the de-duplication key; MKT.9004: a record whose
 * begin_time is more than 21 days old is refused). Within the 21-day window a re-sent record is still ignored;
 * past it the platform's own age check answers MKT.9004, so the number is forgotten — on the memory store and on a
 * SQLite file across a restart, and `reset()` forgets everything. Numbers stored one key each by an earlier version
 * are still honoured. Records are built by hand here (field names and time format from §8.4/§6.2), not with the SDK.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createHmac, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryStore, createSqliteStore, type MarketStore } from '../../src/index';
import { createMarketEngine } from '../../src/engine/engine';
import { createVirtualClock } from '../../src/engine/time/clock';
import { DAY, HOUR, T0, acceptingSeller, send, startMarket } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'kgk-usage-window-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `yyyyMMdd'T'HHmmss'Z'` (UTC), the usage time format of §6.2. */
const usageTime = (ms: number): string =>
  new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');

/** A usage record of §8.4 for `instanceId`, its interval the hour before `endMs`. */
const record = (instanceId: string, sn: string, endMs: number, value = '1') => ({
  begin_time: usageTime(endMs - HOUR),
  end_time: usageTime(endMs),
  instance_id: instanceId,
  metering_sn: sn,
  record_time: usageTime(endMs),
  usage_value: value,
});

/** An engine on `store` with one active pay-per-use instance; its seller instanceId. */
async function openEngine(store: MarketStore) {
  const engine = createMarketEngine({
    store,
    clock: createVirtualClock(T0),
    deliver: acceptingSeller,
    seed: 5,
  });
  let instance = engine.listInstances().find((i) => i.chargingMode === 'ON_DEMAND');
  if (instance === undefined) {
    engine.purchase({ productCode: 'sms', autoPay: true });
    await engine.flush();
    instance = engine.listInstances().find((i) => i.chargingMode === 'ON_DEMAND');
  }
  return { engine, ref: instance!.ref, instanceId: instance!.instanceId! };
}

/** Characters of the serial-number texts (`usage.sns.<bucket>`, usage-serials.ts) in the store. */
const serialChars = (store: MarketStore): number =>
  Object.entries(store.dump().meta)
    .filter(([k]) => k.startsWith('usage.sns.'))
    .reduce((sum, [, v]) => sum + v.length, 0);

describe('metering_sn de-duplication within the 21-day window', () => {
  for (const kind of ['memory', 'sqlite'] as const) {
    it(`${kind}: re-sent within the window → ignored; past it → forgotten, and an old copy answers MKT.9004`, async () => {
      const path = join(dir, `${kind}.db`);
      const makeStore = () => (kind === 'memory' ? createMemoryStore() : createSqliteStore({ path }));
      let store = makeStore();
      let { engine, ref, instanceId } = await openEngine(store);
      const first = record(instanceId, 'win-1', T0);
      expect(engine.acceptUsagePush([first], { checkedAt: T0 })).toMatchObject({ ok: true, duplicates: 0 });
      // 20 days later the record is still inside the window: a re-sent copy is accepted and ignored.
      expect(engine.acceptUsagePush([first], { checkedAt: T0 + 20 * DAY })).toEqual({
        ok: true,
        accepted: [],
        duplicates: 1,
      });
      if (kind === 'sqlite') {
        // A restart reads the numbers back.
        await engine.close();
        store.close();
        store = makeStore();
        ({ engine, ref, instanceId } = await openEngine(store));
        expect(engine.acceptUsagePush([first], { checkedAt: T0 + 20 * DAY })).toMatchObject({
          duplicates: 1,
        });
      }
      expect(engine.getInstance(ref).usage.records).toBe(1);
      // 23 days on, the window has passed the record's day: a re-sent copy gets the platform's answer for its
      // age, nothing stored…
      const at23 = T0 + 23 * DAY;
      expect(engine.acceptUsagePush([first], { checkedAt: at23 })).toMatchObject({
        ok: false,
        code: 'MKT.9004',
        index: 0,
      });
      // …and the number is forgotten: reused for a new interval, it counts (then is de-duplicated again).
      const reused = record(instanceId, 'win-1', at23);
      expect(engine.acceptUsagePush([reused], { checkedAt: at23 })).toMatchObject({
        ok: true,
        duplicates: 0,
      });
      expect(engine.acceptUsagePush([reused], { checkedAt: at23 })).toMatchObject({ duplicates: 1 });
      // The window never moves back: a push checked against an earlier clock still refuses the old copy.
      expect(engine.acceptUsagePush([first], { checkedAt: T0 + DAY })).toMatchObject({ code: 'MKT.9004' });
      expect(engine.getInstance(ref).usage.records).toBe(2);
      expect(engine.usageLog(ref).map((e) => e.begin_time)).toEqual([first.begin_time, reused.begin_time]);
      // reset() forgets every number and the window.
      await engine.reset();
      ({ engine, ref, instanceId } = await openEngine(store));
      const again = record(instanceId, 'win-1', T0);
      expect(engine.acceptUsagePush([again], { checkedAt: T0 })).toMatchObject({ ok: true, duplicates: 0 });
      await engine.close();
      store.close();
    });
  }

  it('keeps every number when no window was checked (direct engine calls), however old the record', async () => {
    const store = createMemoryStore();
    const { engine, instanceId } = await openEngine(store);
    const old = record(instanceId, 'direct-1', T0 - 400 * DAY);
    expect(engine.acceptUsagePush([old])).toMatchObject({ ok: true, duplicates: 0 });
    expect(engine.acceptUsagePush([old])).toMatchObject({ ok: true, duplicates: 1 });
    expect(serialChars(store)).toBeGreaterThan(0);
    await engine.close();
  });

  it('de-duplicates many numbers sharing the store (each found in its own bucket), and a repeat inside one push', async () => {
    const store = createMemoryStore();
    const { engine, ref, instanceId } = await openEngine(store);
    const sns = Array.from({ length: 3000 }, (_, k) => `bulk-${k}`);
    for (let k = 0; k < sns.length; k += 1000) {
      const push = sns.slice(k, k + 1000).map((sn) => record(instanceId, sn, T0));
      expect(engine.acceptUsagePush(push, { checkedAt: T0 })).toMatchObject({ ok: true, duplicates: 0 });
    }
    const resent = sns.filter((_, k) => k % 7 === 0).map((sn) => record(instanceId, sn, T0));
    const fresh = record(instanceId, 'bulk-new', T0);
    expect(engine.acceptUsagePush([...resent, fresh, fresh], { checkedAt: T0 })).toMatchObject({
      ok: true,
      accepted: [fresh],
      duplicates: resent.length + 1,
    });
    expect(engine.getInstance(ref).usage.records).toBe(3001);
    await engine.close();
  });

  it('drops the numbers past the window from the store as their texts are written again', async () => {
    const store = createMemoryStore();
    const { engine, ref, instanceId } = await openEngine(store);
    const sns = Array.from({ length: 2000 }, (_, k) => `old-${k}`);
    const pushAll = (endMs: number) => {
      for (let k = 0; k < sns.length; k += 1000) {
        const push = sns.slice(k, k + 1000).map((sn) => record(instanceId, sn, endMs));
        expect(engine.acceptUsagePush(push, { checkedAt: endMs })).toMatchObject({ ok: true, duplicates: 0 });
      }
    };
    pushAll(T0);
    const held = serialChars(store);
    // 23 days on the same numbers name new intervals: all counted, and the old entries are gone from the texts
    // (the store holds one entry per number, not two).
    pushAll(T0 + 23 * DAY);
    expect(engine.getInstance(ref).usage.records).toBe(4000);
    expect(serialChars(store)).toBeLessThan(held * 1.1);
    await engine.close();
  });

  it('honours the one-key-per-number form of an earlier version (usage.sn.<sn>) in a store that had usage', async () => {
    const path = join(dir, 'legacy.db');
    let store: MarketStore = createSqliteStore({ path });
    const opened = await openEngine(store);
    let { engine, ref } = opened;
    const { instanceId } = opened;
    // What an earlier version left: the instance's usage counted, its number under its own key.
    const old = record(instanceId, 'legacy-1', T0);
    const instance = engine.getInstance(ref);
    store.transaction(() => {
      store.putInstance({ ...instance, usage: { total: 1, records: 1, lastAt: T0 } });
      store.setMeta('usage.sn.legacy-1', ref);
    });
    await engine.close();
    store.close();
    store = createSqliteStore({ path });
    ({ engine, ref } = await openEngine(store));
    expect(engine.acceptUsagePush([old], { checkedAt: T0 })).toEqual({
      ok: true,
      accepted: [],
      duplicates: 1,
    });
    expect(engine.acceptUsagePush([record(instanceId, 'legacy-2', T0)], { checkedAt: T0 })).toMatchObject({
      duplicates: 0,
    });
    expect(engine.getInstance(ref).usage.records).toBe(2);
    await engine.close();
    store.close();
  });
});

describe('the Open API checks the window and the engine forgets by the same clock', () => {
  const USAGE_PATH = '/api/mkp-openapi-public/global/v1/isv/usage-data';
  const USAGE_KEY = 'window-test-usage-key';

  /**
   * A usage push signed by hand as protocol.md §7.4 gives it: body JSON with keys ascending, exactly the bytes sent;
   * `signature` = base64 HMAC-SHA256(key, "ts=" + ts + "&nonce=" + nonce + "&body=" + body); `ts` in unix ms.
   */
  function signed(body: { usage_records: Array<Record<string, string>> }, ts: number) {
    const sorted = {
      usage_records: body.usage_records.map((r) =>
        Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1))),
      ),
    };
    const text = JSON.stringify(sorted);
    const nonce = randomUUID();
    const signature = createHmac('sha256', USAGE_KEY)
      .update(`ts=${ts}&nonce=${nonce}&body=${text}`)
      .digest('base64');
    return { text, headers: { ts: String(ts), nonce, signature } };
  }

  it('a record re-sent after the Open API clock moved past its window answers MKT.9004; within it, MKT.0000 once', async () => {
    let apiNow = T0;
    const market = await startMarket({
      openApi: { clock: { now: () => apiNow }, credentials: { ak: 'AK', sk: 'SK', usageKey: USAGE_KEY } },
    });
    try {
      market.engine.purchase({ productCode: 'sms', autoPay: true });
      await market.clock.advance(0);
      const sms = market.engine.listInstances().find((i) => i.chargingMode === 'ON_DEMAND')!;
      const push = async (records: Array<Record<string, string>>) => {
        const s = signed({ usage_records: records }, apiNow);
        const answer = await send(`${market.url}${USAGE_PATH}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...s.headers },
          body: s.text,
        });
        return answer.json.error_code;
      };
      const first = record(sms.instanceId!, 'api-1', T0);
      expect(await push([first])).toBe('MKT.0000');
      apiNow = T0 + 10 * DAY;
      expect(await push([first])).toBe('MKT.0000');
      expect(market.engine.getInstance(sms.ref).usage.records).toBe(1);
      apiNow = T0 + 23 * DAY;
      expect(await push([record(sms.instanceId!, 'api-2', apiNow)])).toBe('MKT.0000');
      expect(await push([first])).toBe('MKT.9004');
      expect(market.engine.getInstance(sms.ref).usage.records).toBe(2);
    } finally {
      await market.close();
    }
  });
});
