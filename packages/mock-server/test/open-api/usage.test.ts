/**
 * Usage push (new) on the mock (§8.4): signature headers (MKT.0102), record rules (MKT.9002–9004), instance
 * checks (MKT.9001, MKT.0150), de-duplication on metering_sn, and usage stored per instance by the engine.
 */
import { MarketplaceApiError, createClient, formatUsageTime, signUsagePush } from '@koogallery-kit/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore, type InstanceRecord, type MarketStore } from '../../src/index';
import { CREDENTIALS, DAY, HOUR, T0, send, startMarket, type TestMarket } from './helpers';

const USAGE_PATH = '/api/mkp-openapi-public/global/v1/isv/usage-data';

let market: TestMarket;
let sms: InstanceRecord;
let mms: InstanceRecord;
let period: InstanceRecord;
let pkg: InstanceRecord;

beforeAll(async () => {
  market = await startMarket({ openApi: { foreignInstanceIds: ['someone-elses-instance'] } });
  const { engine, clock } = market;
  const buyer = engine.createBuyer();
  engine.purchase({ productCode: 'sms', autoPay: true, buyerId: buyer.customerId });
  engine.purchase({ productCode: 'crm', autoPay: true, buyerId: buyer.customerId });
  engine.purchase({ productCode: 'sms-pack', autoPay: true, buyerId: buyer.customerId });
  await clock.advance(0);
  const all = engine.listInstances();
  [sms, mms] = all.filter((i) => i.chargingMode === 'ON_DEMAND') as [InstanceRecord, InstanceRecord];
  period = all.find((i) => i.chargingMode === 'PERIOD')!;
  pkg = all.find((i) => i.chargingMode === 'ON_DEMAND_PKG')!;
  expect([sms, mms, period, pkg].every((i) => i.state === 'active' && i.instanceId !== null)).toBe(true);
});
afterAll(async () => {
  await market.close();
});

const client = () =>
  createClient({
    accessKey: CREDENTIALS.ak,
    secretKey: CREDENTIALS.sk,
    usageKey: CREDENTIALS.usageKey,
    baseURL: market.url,
    now: () => T0,
    maxRetries: 0,
  });

let sn = 0;
const record = (instanceId: string, value: string, over: Record<string, string> = {}) => ({
  instance_id: instanceId,
  record_time: formatUsageTime(T0 - 5 * 60_000),
  begin_time: formatUsageTime(T0 - 2 * HOUR),
  end_time: formatUsageTime(T0 - HOUR),
  usage_value: value,
  metering_sn: `sn-${++sn}`,
  ...over,
});

/** A usage push signed like the client does, with any body. */
function rawPush(body: unknown, key: string = CREDENTIALS.usageKey) {
  const signed = signUsagePush({ key, body: body as Record<string, unknown>, ts: T0 });
  return send(`${market.url}${USAGE_PATH}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...signed.headers },
    body: signed.body,
  });
}

const usageOf = (i: InstanceRecord) => market.engine.getInstance(i.ref).usage;

/** Runs `fn` on a market of its own (memory store) with one active pay-per-use instance. */
async function withOwnMarket(
  fn: (own: TestMarket, store: MarketStore, instance: InstanceRecord) => Promise<void> | void,
): Promise<void> {
  const store = createMemoryStore();
  const own = await startMarket({ engine: { store } });
  try {
    own.engine.purchase({ productCode: 'sms', autoPay: true });
    await own.clock.advance(0);
    await fn(
      own,
      store,
      own.engine.listInstances().find((x) => x.chargingMode === 'ON_DEMAND')!,
    );
  } finally {
    await own.close();
  }
}

describe('usage push (new)', () => {
  it('stores accepted usage per instance, once per metering_sn', async () => {
    const a = record(sms.instanceId!, '12.5');
    const b = record(mms.instanceId!, '3');
    const c = record(sms.instanceId!, '0.0001');
    const result = await client().usage.push([a, b, c]);
    expect(result.errorCode).toBe('MKT.0000');
    expect(usageOf(sms)).toEqual({ total: 12.5001, records: 2, lastAt: T0 });
    expect(usageOf(mms)).toEqual({ total: 3, records: 1, lastAt: T0 });
    expect(market.engine.usageLog(sms.ref).map((e) => [e.metering_sn, e.usage_value])).toEqual([
      [a.metering_sn, '12.5'],
      [c.metering_sn, '0.0001'],
    ]);
    // A re-sent push (same metering_sn) is accepted and not counted twice; a new record still counts.
    const d = record(sms.instanceId!, '1');
    expect((await client().usage.push([a, d])).errorCode).toBe('MKT.0000');
    expect(usageOf(sms)).toEqual({ total: 13.5001, records: 3, lastAt: T0 });
    expect(market.engine.usageLog(sms.instanceId!)).toHaveLength(3);
  });

  it('keeps the last 200 records of an instance for display, through many pushes; totals count them all', () => {
    const before = usageOf(mms);
    const sns: string[] = [];
    for (let push = 0; push < 90; push++) {
      const records = Array.from({ length: 5 }, () => record(mms.instanceId!, '1'));
      sns.push(...records.map((r) => r.metering_sn));
      expect(market.engine.acceptUsagePush(records).ok).toBe(true);
      const log = market.engine.usageLog(mms.ref);
      // every push is visible at once, in order, and the log never shows more than the limit
      expect(log.at(-1)?.metering_sn).toBe(sns.at(-1));
      expect(log.length).toBe(Math.min(200, before.records + sns.length));
    }
    expect(market.engine.usageLog(mms.ref).map((e) => e.metering_sn)).toEqual(sns.slice(-200));
    expect(usageOf(mms).records).toBe(before.records + 450);
    expect(usageOf(mms).total).toBe(before.total + 450);
  });

  it('reads a usage log stored as a JSON array by an earlier version, and appends to it', () =>
    withOwnMarket(async (own, store, i) => {
      const old = [{ ...record(i.instanceId!, '1'), acceptedAt: T0 }];
      store.transaction(() => {
        store.setMeta(`usage.log.${i.ref}`, JSON.stringify(old));
        store.setMeta(`usage.logLines.${i.ref}`, 'not a count');
      });
      expect(own.engine.usageLog(i.ref).map((e) => e.metering_sn)).toEqual([old[0]!.metering_sn]);
      const next = record(i.instanceId!, '1');
      expect(own.engine.acceptUsagePush([next]).ok).toBe(true);
      expect(own.engine.usageLog(i.ref).map((e) => e.metering_sn)).toEqual([
        old[0]!.metering_sn,
        next.metering_sn,
      ]);
    }));

  it('reads a usage log of JSON lines (the previous version), moves it on the next push, and shows every field back', () =>
    withOwnMarket(async (own, store, i) => {
      const old = Array.from({ length: 230 }, () => ({
        ...record(i.instanceId!, '1'),
        acceptedAt: T0 - HOUR,
      }));
      store.transaction(() => {
        store.setMeta(`usage.log.${i.ref}`, old.map((e) => JSON.stringify(e)).join('\n'));
        store.setMeta(`usage.logLines.${i.ref}`, String(old.length));
      });
      expect(own.engine.usageLog(i.ref)).toEqual(old.slice(-200));
      const next = record(i.instanceId!, '2.5');
      expect(own.engine.acceptUsagePush([next]).ok).toBe(true);
      expect(own.engine.usageLog(i.ref)).toEqual([...old.slice(-199), { ...next, acceptedAt: T0 }]);
      expect(store.getMeta(`usage.log.${i.ref}`)).toBe('');
    }));

  it('shows every record exactly as pushed, times it cannot read included', () =>
    withOwnMarket((own, _store, i) => {
      const odd = [
        record(i.instanceId!, '1', { begin_time: 'not-a-time', end_time: 'nor-this' }),
        record(i.instanceId!, '2', { end_time: '20250230T000000Z' }), // 30 February: not a real time
        record(i.instanceId!, '3', { record_time: '20250310T235959Z' }),
      ];
      expect(own.engine.acceptUsagePush(odd).ok).toBe(true);
      expect(own.engine.usageLog(i.ref)).toEqual(odd.map((r) => ({ ...r, acceptedAt: T0 })));
    }));

  it('accepts usage drawn from a package of the same buyer (relate_pkg_instance)', async () => {
    const before = usageOf(sms).total;
    await client().usage.push([record(sms.instanceId!, '2', { relate_pkg_instance: pkg.instanceId! })]);
    expect(usageOf(sms).total).toBe(before + 2);
    expect(market.engine.usageLog(sms.ref).at(-1)?.relate_pkg_instance).toBe(pkg.instanceId);
  });

  it('refuses a wrong or missing signature with MKT.0102 (HTTP 400)', async () => {
    const body = { usage_records: [record(sms.instanceId!, '1')] };
    const wrong = await rawPush(body, 'not-the-key');
    expect([wrong.status, wrong.json.error_code]).toEqual([400, 'MKT.0102']);
    const unsigned = await send(`${market.url}${USAGE_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect([unsigned.status, unsigned.json.error_code]).toEqual([400, 'MKT.0102']);
    const noKey = createClient({
      accessKey: CREDENTIALS.ak,
      secretKey: CREDENTIALS.sk,
      usageKey: CREDENTIALS.sk, // the APIG SK is not the usage key
      baseURL: market.url,
      now: () => T0,
      maxRetries: 0,
    });
    const error = await noKey.usage.push([record(sms.instanceId!, '1')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MarketplaceApiError);
    expect(error).toMatchObject({ code: 'MKT.0102' });
  });

  it('checks instances: unknown or released → MKT.9001, not pay-per-use or foreign → MKT.0150, nothing stored', async () => {
    const before = usageOf(sms);
    const cases: Array<[ReturnType<typeof record>, string]> = [
      [record('no-such-instance', '1'), 'MKT.9001'],
      [record(period.instanceId!, '1'), 'MKT.0150'],
      [record(pkg.instanceId!, '1'), 'MKT.0150'],
      [record('someone-elses-instance', '1'), 'MKT.0150'],
      [record(sms.instanceId!, '1', { relate_pkg_instance: period.instanceId! }), 'MKT.0150'],
      [record(sms.instanceId!, '1', { relate_pkg_instance: 'no-such-package' }), 'MKT.9001'],
    ];
    for (const [bad, code] of cases) {
      const error = await client()
        .usage.push([record(sms.instanceId!, '5'), bad])
        .catch((e: unknown) => e);
      expect(error, code).toBeInstanceOf(MarketplaceApiError);
      expect(error, code).toMatchObject({ code, status: code === 'MKT.0150' ? 401 : 500 });
    }
    expect(usageOf(sms)).toEqual(before);
  });

  it('answers the record rules: too many records MKT.9003, begin_time over 21 days MKT.9004, bad values MKT.9002', async () => {
    const many = Array.from({ length: 1001 }, () => record(sms.instanceId!, '1'));
    const tooMany = await rawPush({ usage_records: many });
    expect([tooMany.status, tooMany.json.error_code]).toEqual([500, 'MKT.9003']);
    const old = await rawPush({
      usage_records: [record(sms.instanceId!, '1', { begin_time: formatUsageTime(T0 - 22 * DAY) })],
    });
    expect([old.status, old.json.error_code]).toEqual([500, 'MKT.9004']);
    const zero = await rawPush({ usage_records: [record(sms.instanceId!, '0')] });
    expect([zero.status, zero.json.error_code]).toEqual([500, 'MKT.9002']);
    const decimals = await rawPush({ usage_records: [record(sms.instanceId!, '1.23456')] });
    expect([decimals.status, decimals.json.error_code]).toEqual([500, 'MKT.9002']);
    const missing = await rawPush({ records: [] });
    expect([missing.status, missing.json.error_code]).toEqual([400, 'MKT.0101']);
  });

  it('refuses usage of a released instance with MKT.9001', async () => {
    const { engine, clock } = market;
    const order = engine.purchase({ productCode: 'sms', autoPay: true, items: [{ skuCode: sms.skuCode }] });
    await clock.advance(0);
    const [fresh] = engine.listInstances({ orderId: order.orderId });
    engine.unsubscribe(fresh!.ref);
    await clock.advance(0);
    expect(engine.getInstance(fresh!.ref).state).toBe('released');
    const error = await client()
      .usage.push([record(fresh!.instanceId!, '1')])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MKT.9001' });
  });
});
