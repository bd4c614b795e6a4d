// @ts-check
/**
 * Measurement worker of the month case: a month of a busy marketplace on the virtual clock, in a process of its
 * own (its peak RSS is the mock's), against the example express seller. The built `createMockMarketplace`
 * (in-memory store, real undici deliveries, engine concurrency 16) plays:
 *
 * - period instances (`crm`, monthly, and the supervised `consulting` service), split into groups: manual
 *   renewals on day 5, auto-renewals (charged 7 days before expiry), upgrades to the Professional SKU on day 10,
 *   unsubscribes on day 15, free trials that expire on day 7 (frozen, then released after the 15-day grace),
 *   and supervised orders taken through requirement, delivery and acceptance on day 1;
 * - pay-per-use instances (`sms`) whose seller pushes one usage record per instance every hour, in pushes of
 *   100 records, through the engine's usage push (what the Open API route calls);
 *
 * then checks every group ended the intended way and reports over IPC (`MonthConfig` / `MonthMessage` in
 * `month-protocol.ts`). Configuration: JSON in `KGK_BENCH_MONTH`.
 */
import { pathToFileURL } from 'node:url';
import { MB, MOCK_INDEX, runWorker, send } from './worker-common.mjs';

/** @typedef {import('./month-protocol').MonthConfig} MonthConfig */
/** @typedef {import('./month-protocol').MonthResult} MonthResult */
/** @typedef {import('./month-protocol').MonthMessage} MonthMessage */
/** @typedef {{ orderId: string; orderType: string; state: string; instanceRefs: string[] }} Order */
/** @typedef {{ ref: string; instanceId: string | null; state: string; skuCode: string; usage: { total: number } }} Instance */

/**
 * The members of the built mock this worker uses.
 * @typedef {{
 *   purchase(input: Record<string, unknown>): Order;
 *   renew(ref: string, input: Record<string, unknown>): Order;
 *   upgrade(ref: string, input: Record<string, unknown>): Order;
 *   unsubscribe(ref: string): Order;
 *   flush(): Promise<void>;
 *   idle(): Promise<void>;
 *   advance(by: string): Promise<{ steps: number }>;
 *   orders(): Order[];
 *   order(id: string): Order;
 *   instances(): Instance[];
 *   instance(ref: string): Instance;
 *   jobs(): Array<{ interface: string; state: string; attemptCount: number; lastProblems?: Array<{ code: string; message: string }> }>;
 *   close(): Promise<void>;
 *   engine: {
 *     createBuyer(input?: Record<string, unknown>): { customerId: string };
 *     setAutoRenew(ref: string, input: { enabled: boolean }): unknown;
 *     listAutoRenewals(): Array<{ data: { attempts: Array<{ outcome: string }> } }>;
 *     listSupervisions(): Array<{ data: { node: string } }>;
 *     submitRequirement(orderId: string, description: string): unknown;
 *     reviewRequirement(orderId: string, accept: boolean): unknown;
 *     confirmCompletion(orderId: string, input: { resultDescription: string }): unknown;
 *     reviewDelivery(orderId: string, accepted: boolean): unknown;
 *     acceptUsagePush(records: Array<Record<string, unknown>>): { ok: boolean; accepted?: unknown[]; detail?: string };
 *   };
 * }} Marketplace
 */

const HOUR = 3_600_000;
const START_AT = Date.parse('2026-03-02T01:00:00Z');
const PRO_SKU = '5f0d1b2c-0002-4a6e-9c11-crm00000pro';
const SMS_SKU = '5f0d1b2c-0004-4a6e-9c11-sms00000sms';
/** Records per usage push. */
const PUSH_SIZE = 100;

/** Shares of the period instances per group (the rest are supervised orders). */
const SHARES = { renew: 0.3, autoRenew: 0.2, upgrade: 0.15, unsubscribe: 0.15, expire: 0.1 };

/** `20260302T010000Z`, the usage push's time format. */
const usageTime = (/** @type {number} */ ms) =>
  new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');

/** @param {Array<Record<string, unknown>>} list @param {(v: any) => string} key */
function countBy(list, key) {
  /** @type {Record<string, number>} */
  const out = {};
  for (const v of list) out[key(v)] = (out[key(v)] ?? 0) + 1;
  return out;
}

async function main() {
  const raw = process.env['KGK_BENCH_MONTH'];
  if (raw === undefined)
    throw new Error('KGK_BENCH_MONTH is not set: this worker is started by the bench case.');
  const config = /** @type {MonthConfig} */ (JSON.parse(raw));
  const { createMockMarketplace } = await import(pathToFileURL(MOCK_INDEX).href);
  const market = /** @type {Marketplace} */ (
    await createMockMarketplace({
      sellerUrl: config.sellerUrl,
      accessKey: config.accessKey,
      consoleDir: null,
      openApi: { enabled: false },
      oauth: { enabled: false },
      startAt: new Date(START_AT).toISOString(),
      engine: { seed: 'bench-month' },
    })
  );
  try {
    const rssStartMb = process.memoryUsage().rss / MB;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const n = config.periodInstances;
    const size = (/** @type {number} */ share) => Math.round(n * share);
    /** @type {Record<string, string[]>} */
    const groups = { renew: [], autoRenew: [], upgrade: [], unsubscribe: [], expire: [], supervised: [] };
    /** Order ids of the supervised group. @type {string[]} */
    const supervisedOrders = [];
    const buy = (/** @type {Record<string, unknown>} */ input) =>
      market.purchase({ autoPay: true, ...input });
    for (const [group, share] of Object.entries(SHARES)) {
      for (let i = 0; i < size(share); i++) {
        const order = buy({
          productCode: 'crm',
          periodType: 'month',
          ...(group === 'expire' ? { trial: true } : {}),
        });
        groups[group]?.push(/** @type {string} */ (order.instanceRefs[0]));
      }
    }
    const supervised = n - Object.values(groups).reduce((sum, g) => sum + g.length, 0);
    for (let i = 0; i < supervised; i++) {
      // The service is limited to one purchase per buyer (§4): one buyer each.
      const buyer = market.engine.createBuyer();
      const order = buy({ productCode: 'consulting', periodType: 'month', buyerId: buyer.customerId });
      supervisedOrders.push(order.orderId);
      groups.supervised?.push(/** @type {string} */ (order.instanceRefs[0]));
    }
    /** @type {string[]} */
    const payPerUse = [];
    for (let i = 0; i < config.payPerUse; i++) {
      const order = buy({ productCode: 'sms', items: [{ skuCode: SMS_SKU }] });
      payPerUse.push(/** @type {string} */ (order.instanceRefs[0]));
    }
    await market.flush();
    await market.idle();
    for (const ref of groups.autoRenew ?? []) market.engine.setAutoRenew(ref, { enabled: true });
    const setupMs = performance.now() - t0;

    const usageIds = payPerUse.map((ref) => market.instance(ref).instanceId);
    /** @type {string[]} */
    const problems = [];
    if (usageIds.some((id) => id === null))
      problems.push('a pay-per-use instance has no instanceId after setup');
    let usageMs = 0;
    let usageRecords = 0;
    /** Buyer actions by hour of the month. */
    /** @type {Map<number, () => void>} */
    const actions = new Map([
      [
        24,
        () => {
          for (const orderId of supervisedOrders) {
            market.engine.submitRequirement(orderId, 'Onboard the team');
            market.engine.reviewRequirement(orderId, true);
            market.engine.confirmCompletion(orderId, { resultDescription: 'Team onboarded' });
            market.engine.reviewDelivery(orderId, true);
          }
        },
      ],
      [5 * 24, () => (groups.renew ?? []).forEach((ref) => market.renew(ref, { autoPay: true }))],
      [
        10 * 24,
        () =>
          (groups.upgrade ?? []).forEach((ref) => market.upgrade(ref, { skuCode: PRO_SKU, autoPay: true })),
      ],
      [15 * 24, () => (groups.unsubscribe ?? []).forEach((ref) => market.unsubscribe(ref))],
    ]);
    const hours = config.days * 24;
    for (let h = 1; h <= hours; h++) {
      await market.advance('1h');
      const now = START_AT + h * HOUR;
      const u0 = performance.now();
      const [begin, end] = [usageTime(now - HOUR), usageTime(now)];
      for (let k = 0; k < usageIds.length; k += PUSH_SIZE) {
        const records = usageIds.slice(k, k + PUSH_SIZE).map((id, j) => ({
          instance_id: id,
          record_time: end,
          begin_time: begin,
          end_time: end,
          usage_value: 1,
          metering_sn: `sn-${h}-${k + j}`,
        }));
        const outcome = market.engine.acceptUsagePush(records);
        if (!outcome.ok) problems.push(`usage push refused at hour ${h}: ${outcome.detail ?? ''}`);
        else usageRecords += outcome.accepted?.length ?? 0;
      }
      usageMs += performance.now() - u0;
      const action = actions.get(h);
      if (action !== undefined) {
        action();
        await market.flush();
      }
    }
    await market.idle();
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const peakRssMb = (process.resourceUsage().maxRSS * 1024) / MB;

    const jobs = market.jobs();
    const state = (/** @type {string} */ ref) => market.instance(ref).state;
    const expect = (
      /** @type {string} */ group,
      /** @type {(ref: string) => boolean} */ ok,
      /** @type {string} */ what,
    ) => {
      const bad = (groups[group] ?? []).filter((ref) => !ok(ref)).length;
      if (bad > 0) problems.push(`${bad} of ${groups[group]?.length} ${group} instances are not ${what}`);
    };
    expect('renew', (ref) => state(ref) === 'active', 'active after the renewal');
    expect('autoRenew', (ref) => state(ref) === 'active', 'active after the auto-renewal');
    expect('upgrade', (ref) => market.instance(ref).skuCode === PRO_SKU, 'on the Professional SKU');
    expect('unsubscribe', (ref) => state(ref) === 'released', 'released');
    expect('expire', (ref) => state(ref) === 'released', 'released after the grace period');
    const autoRenewalsPaid = market.engine
      .listAutoRenewals()
      .reduce((sum, r) => sum + r.data.attempts.filter((a) => a.outcome === 'PAID').length, 0);
    if (autoRenewalsPaid !== groups.autoRenew?.length)
      problems.push(
        `${autoRenewalsPaid} auto-renewal charges paid for ${groups.autoRenew?.length} instances`,
      );
    const supervisions = countBy(market.engine.listSupervisions(), (s) => s.data.node);
    if ((supervisions['COMPLETED'] ?? 0) !== supervised)
      problems.push(`supervisions not all completed: ${JSON.stringify(supervisions)}`);
    const expectedUsage = hours * usageIds.length;
    if (usageRecords !== expectedUsage)
      problems.push(`${usageRecords} usage records accepted of ${expectedUsage}`);
    const usageTotal = payPerUse.reduce((sum, ref) => sum + market.instance(ref).usage.total, 0);
    if (usageTotal !== expectedUsage) problems.push(`usage totals ${usageTotal}, expected ${expectedUsage}`);
    const failed = jobs.filter((j) => j.state !== 'SUCCEEDED');
    if (failed.length > 0) {
      const first = failed[0];
      problems.push(
        `${failed.length} jobs did not succeed: ${JSON.stringify(countBy(failed, (j) => `${j.interface}/${j.state}`))}; ` +
          `first: ${first?.lastProblems?.[0]?.code ?? ''} ${first?.lastProblems?.[0]?.message ?? ''}`,
      );
    }

    /** @type {MonthResult} */
    const result = {
      wallMs,
      setupMs,
      usageMs,
      attemptsByInterface: jobs.reduce(
        (acc, j) => ({ ...acc, [j.interface]: (acc[j.interface] ?? 0) + j.attemptCount }),
        /** @type {Record<string, number>} */ ({}),
      ),
      attempts: jobs.reduce((sum, j) => sum + j.attemptCount, 0),
      jobStates: countBy(jobs, (j) => j.state),
      orders: countBy(market.orders(), (o) => `${o.orderType}/${o.state}`),
      instances: countBy(market.instances(), (i) => i.state),
      groups: Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, v.length])),
      usageRecords,
      autoRenewalsPaid,
      supervisions,
      problems,
      peakRssMb,
      rssStartMb,
      cpuMs: (cpu.user + cpu.system) / 1000,
    };
    send({ type: 'result', result });
  } finally {
    await market.close();
  }
}

runWorker(main);
