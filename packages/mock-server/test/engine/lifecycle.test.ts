import { INTERFACES, ValidationError, validateSchema } from '@koogallery-kit/sdk';
import { describe, expect, it } from 'vitest';
import { ActionRejectedError, IllegalTransitionError, NotFoundError } from '../../src/index';
import { formatUtcCompact } from '../../src/engine/time/business-time';
import { DAY, HOUR, START, callsOf, setup, sellerIdOf, type FakeSeller } from './helpers';

const CRM_BASIC = '5f0d1b2c-0001-4a6e-9c11-crm000basic';
const CRM_PRO = '5f0d1b2c-0002-4a6e-9c11-crm00000pro';

/** Every body the seller received matches the interface's request schema. */
function expectValidBodies(seller: FakeSeller): void {
  for (const c of seller.calls) {
    const schema = INTERFACES[c.interface as keyof typeof INTERFACES].request;
    const result = validateSchema(schema, c.body);
    expect(result, `${c.interface} ${JSON.stringify(c.body)}`).toEqual(expect.objectContaining({ ok: true }));
  }
}

describe('purchase and pay', () => {
  it('creates an unpaid order with a platform-shaped id that waits for payment', async () => {
    const { engine, clock, seller } = setup();
    const order = engine.purchase({ productCode: 'crm' });
    expect(order.orderId).toMatch(/^CS2503101000[A-Z0-9]{5}$/);
    expect(order.orderId).toHaveLength(17);
    expect(order.state).toBe('PENDING_PAYMENT');
    expect(order.orderType).toBe('NEW');
    expect(order.lines[0]!.orderLineId).toBe(`${order.orderId}-000001`);
    await clock.advance(HOUR);
    expect(seller.calls).toEqual([]);
    expect(engine.listInstances()).toEqual([]);

    const paid = engine.pay(order.orderId);
    expect(paid.state).toBe('PROCESSING');
    expect(paid.paidAt).toBe(START + HOUR);
    const [instance] = engine.listInstances();
    expect(instance!.state).toBe('provisioning');
    await clock.advance(0);
    expect(engine.getOrder(order.orderId).state).toBe('COMPLETED');
    const active = engine.getInstance(instance!.ref);
    expect(active.state).toBe('active');
    expect(active.instanceId).toBe(sellerIdOf(instance!.ref));
    expect(engine.getInstance(active.instanceId!).ref).toBe(active.ref);
    expect(active.expireAt).toBe(Date.parse('2025-04-10T03:00:00Z'));
    const [call] = callsOf(seller, 'newInstance');
    expect(Object.keys(call!.body).sort()).toEqual(['activity', 'businessId', 'orderId', 'orderLineId']);
    expect(call!.body).toMatchObject({ orderId: order.orderId, orderLineId: `${order.orderId}-000001` });
    expectValidBodies(seller);
  });

  it('renders the order as the order-query Open API does', async () => {
    const { engine, clock } = setup();
    const order = engine.purchase({
      productCode: 'crm',
      periodType: 'year',
      periodNumber: 2,
      linearValue: 20,
      autoPay: true,
    });
    await clock.advance(0);
    const info = engine.orderInfo(order.orderId);
    expect(info).toMatchObject({
      orderId: order.orderId,
      orderType: 'NEW',
      createTime: formatUtcCompact(START),
      extendParams: [],
      buyerInfo: { customerType: 0, userId: null, userName: null },
    });
    expect(info.orderLine).toEqual([
      {
        orderLineId: `${order.orderId}-000001`,
        chargingMode: 'PERIOD',
        periodType: 'year',
        periodNumber: 2,
        expireTime: '20270310020000',
        productInfo: [
          {
            productId: 'OFFI100000000000000102',
            skuCode: CRM_BASIC,
            linearValue: 20,
            productName: 'Demo CRM, Basic',
          },
        ],
        extendParams: [{ name: 'emailDomainName', value: 'buyer.example.com' }],
        currency: '39600',
        currencyAfterDiscount: '39600',
      },
    ]);
    expect(
      validateSchema('orderQueryResponse', { resultCode: 'MKT.0000', resultMsg: 'Success', orderInfo: info }),
    ).toMatchObject({ ok: true });
    expect(engine.orderInfo(order.orderId, 'nope').orderLine).toEqual([]);
  });

  it('cancels an unpaid order and refuses to pay it afterwards', () => {
    const { engine } = setup();
    const order = engine.purchase({ productCode: 'crm' });
    const canceled = engine.cancelOrder(order.orderId);
    expect(canceled).toMatchObject({ state: 'CANCELED', cancelReason: 'UNPAID' });
    expect(() => engine.pay(order.orderId)).toThrow(IllegalTransitionError);
    expect(() => engine.cancelOrder(order.orderId)).toThrow(/CANCELED/);
  });

  it('refuses paying twice and unknown orders', async () => {
    const { engine } = setup();
    const order = engine.purchase({ productCode: 'crm', autoPay: true });
    expect(() => engine.pay(order.orderId)).toThrow(IllegalTransitionError);
    expect(() => engine.pay('CS000')).toThrow(NotFoundError);
  });

  it('validates purchase input and lists every problem', () => {
    const { engine } = setup();
    let error: unknown;
    try {
      engine.purchase({
        productCode: 'crm',
        skuCode: 'nope',
        periodNumber: 0,
        extendParams: [{ name: '' } as never],
        autoPay: 'yes' as never,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const paths = (error as ValidationError).issues.map((i) => i.path).sort();
    expect(paths).toEqual(['/autoPay', '/extendParams/0', '/periodNumber', '/skuCode']);
    expect((error as ValidationError).code).toBe('INVALID_ARGUMENT');
    expect(() => engine.purchase({ productCode: 'crm', linearValue: 100_000 })).toThrow(
      /linearValue: must be an integer from 1 to 500/,
    );
    expect(() => engine.purchase({ productCode: 'report', periodType: 'month' })).toThrow(
      /one-time purchases have no period/,
    );
    expect(() => engine.purchase({ productCode: 'report', linearValue: 3 })).toThrow(/no quantity attribute/);
    expect(() => engine.purchase({ productCode: 'nope' })).toThrow(NotFoundError);
    expect(() => engine.purchase({ productCode: 'report', trial: true })).toThrow(ActionRejectedError);
    expect(() => engine.purchase({ productCode: 'crm', buyerId: 'ghost' })).toThrow(NotFoundError);
    expect(() => engine.purchase(undefined as never)).toThrow(ValidationError);
    expect(engine.listOrders()).toEqual([]);
  });

  it('places orders for named buyers', () => {
    const { engine } = setup();
    const buyer = engine.createBuyer({ customerName: 'acme', email: 'it@acme.example', gracePeriodDays: 7 });
    const order = engine.purchase({ productCode: 'crm', buyerId: buyer.customerId });
    expect(order.buyerId).toBe(buyer.customerId);
    expect(engine.orderInfo(order.orderId).buyerInfo).toMatchObject({
      customerName: 'acme',
      email: 'it@acme.example',
    });
    expect(() => engine.createBuyer({ customerId: buyer.customerId })).toThrow(/already exists/);
    expect(() => engine.createBuyer({ gracePeriodDays: -1, email: '' })).toThrow(ValidationError);
  });
});

describe('charging modes', () => {
  it('trial: TRIAL order, day period, trial instance', async () => {
    const { engine, clock } = setup();
    const order = engine.purchase({ productCode: 'crm', trial: true, autoPay: true });
    await clock.advance(0);
    expect(order.orderType).toBe('TRIAL');
    expect(engine.orderInfo(order.orderId).orderLine[0]).toMatchObject({
      periodType: 'day',
      periodNumber: 7,
      currency: '0',
      productInfo: [{ productId: 'OFFI100000000000000103' }],
    });
    const [i] = engine.listInstances();
    expect(i).toMatchObject({ trial: true, state: 'active', expireAt: START + 7 * DAY });
  });

  it('one-time: no period and no expiry', async () => {
    const { engine, clock } = setup();
    const order = engine.purchase({ productCode: 'report', autoPay: true });
    await clock.advance(400 * DAY);
    expect(engine.getOrder(order.orderId).state).toBe('COMPLETED');
    const [i] = engine.listInstances();
    expect(i).toMatchObject({ state: 'active', expireAt: null, chargingMode: 'ONE_TIME' });
    expect(engine.orderInfo(order.orderId).orderLine[0]).toMatchObject({
      periodType: null,
      expireTime: null,
      currency: '500',
    });
  });

  it('pay-per-use: one instance and one newInstance call per on-demand item, same order line', async () => {
    const { engine, clock, seller } = setup();
    const order = engine.purchase({ productCode: 'sms', autoPay: true });
    await clock.advance(0);
    const instances = engine.listInstances({ orderId: order.orderId });
    expect(instances).toHaveLength(2);
    expect(new Set(instances.map((i) => i.productId)).size).toBe(2);
    const calls = callsOf(seller, 'newInstance');
    expect(calls).toHaveLength(2);
    expect(new Set(calls.map((c) => c.body.orderLineId))).toEqual(new Set([`${order.orderId}-000001`]));
    expect(new Set(calls.map((c) => c.body.businessId)).size).toBe(2);
    expect(engine.getOrder(order.orderId).state).toBe('COMPLETED');
    const usage = engine.recordUsage(instances[0]!.ref, 12.5);
    expect(usage.usage).toMatchObject({ total: 12.5, records: 1, lastAt: START });
    expect(() => engine.recordUsage(instances[0]!.ref, 0)).toThrow(ValidationError);
    const only = engine.purchase({
      productCode: 'sms',
      items: [{ skuCode: '5f0d1b2c-0005-4a6e-9c11-sms00000mms' }],
    });
    expect(only.lines[0]!.productInfo).toHaveLength(1);
    expect(() => engine.purchase({ productCode: 'sms', items: [] })).toThrow(ValidationError);
  });

  it('pay-per-use package: released (no freeze) when it expires', async () => {
    const { engine, clock, seller } = setup();
    engine.purchase({ productCode: 'sms-pack', autoPay: true });
    await clock.advance(0);
    const [i] = engine.listInstances();
    expect(i!.expireAt).toBe(Date.parse('2025-04-10T02:00:00Z'));
    await clock.advance(31 * DAY);
    expect(engine.getInstance(i!.ref)).toMatchObject({ state: 'released', releaseReason: 'EXPIRED' });
    expect(callsOf(seller, 'updateInstanceStatus')).toEqual([]);
    expect(callsOf(seller, 'releaseInstance').map((c) => c.body)).toEqual([
      { activity: 'releaseInstance', instanceId: i!.instanceId },
    ]);
  });
});

describe('actions on a period instance', () => {
  async function activeCrm(o: Parameters<typeof setup>[0] = {}) {
    const s = setup(o);
    const order = s.engine.purchase({ productCode: 'crm', autoPay: true });
    await s.clock.advance(0);
    const instance = s.engine.listInstances({ orderId: order.orderId })[0]!;
    return { ...s, order, instance };
  }

  it('renew: RENEW order, refreshInstance RENEWAL with the new expiry extending the old one', async () => {
    const { engine, clock, seller, instance } = await activeCrm();
    await clock.advance(10 * DAY);
    const renewal = engine.renew(instance.ref, { periodNumber: 2, autoPay: true });
    expect(renewal).toMatchObject({ orderType: 'RENEW', state: 'PROCESSING' });
    await clock.advance(0);
    expect(engine.getOrder(renewal.orderId).state).toBe('COMPLETED');
    const renewed = engine.getInstance(instance.ref);
    expect(renewed.expireAt).toBe(Date.parse('2025-06-10T02:00:00Z'));
    expect(renewed.periods).toHaveLength(2);
    expect(callsOf(seller, 'refreshInstance').map((c) => c.body)).toEqual([
      {
        activity: 'refreshInstance',
        scene: 'RENEWAL',
        orderId: renewal.orderId,
        orderLineId: `${renewal.orderId}-000001`,
        instanceId: instance.instanceId,
        expireTime: '20250610020000',
      },
    ]);
    expectValidBodies(seller);
  });

  it('renew with another period type sends the new productId', async () => {
    const { engine, clock, seller, instance } = await activeCrm();
    engine.renew(instance.ref, { periodType: 'year', autoPay: true });
    await clock.advance(0);
    expect(callsOf(seller, 'refreshInstance')[0]!.body.productId).toBe('OFFI100000000000000102');
    expect(engine.getInstance(instance.ref)).toMatchObject({
      productId: 'OFFI100000000000000102',
      periodType: 'year',
    });
  });

  it('trial → formal: TRIAL_TO_FORMAL order and refreshInstance with the formal productId', async () => {
    const { engine, clock, seller } = setup();
    engine.purchase({ productCode: 'crm', trial: true, autoPay: true });
    await clock.advance(2 * DAY);
    const [trial] = engine.listInstances();
    expect(() => engine.renew(trial!.ref)).toThrow(/trialToFormal/);
    const formal = engine.trialToFormal(trial!.ref, { skuCode: CRM_PRO, autoPay: true });
    await clock.advance(0);
    expect(engine.getOrder(formal.orderId)).toMatchObject({
      orderType: 'TRIAL_TO_FORMAL',
      state: 'COMPLETED',
    });
    expect(engine.getInstance(trial!.ref)).toMatchObject({
      trial: false,
      skuCode: CRM_PRO,
      linearValue: 50,
      state: 'active',
    });
    expect(callsOf(seller, 'refreshInstance')[0]!.body).toMatchObject({
      scene: 'TRIAL_TO_FORMAL',
      orderId: formal.orderId,
      productId: 'OFFI100000000000000101',
      expireTime: '20250412020000',
    });
    expect(() => engine.trialToFormal(trial!.ref)).toThrow(/not a trial/);
    expectValidBodies(seller);
  });

  it('upgrade in period: CHANGE order, upgradeInstance, new SKU applied when the seller confirms', async () => {
    const { engine, clock, seller, instance } = await activeCrm();
    await clock.advance(15 * DAY);
    expect(() => engine.upgrade(instance.ref, {})).toThrow(/equals the current configuration/);
    expect(() => engine.upgrade(instance.ref, { periodType: 'year' } as never)).toThrow(/renewWithChange/);
    const change = engine.upgrade(instance.ref, { linearValue: 30 });
    expect(change).toMatchObject({ orderType: 'CHANGE', state: 'PENDING_PAYMENT' });
    expect(Number(change.lines[0]!.currency)).toBeGreaterThan(0);
    expect(Number(change.lines[0]!.currency)).toBeLessThan(99 * 20);
    engine.pay(change.orderId);
    expect(engine.getInstance(instance.ref).linearValue).toBe(10);
    await clock.advance(0);
    expect(engine.getInstance(instance.ref).linearValue).toBe(30);
    expect(engine.getOrder(change.orderId).state).toBe('COMPLETED');
    expect(callsOf(seller, 'upgradeInstance').map((c) => c.body)).toEqual([
      {
        activity: 'upgradeInstance',
        instanceId: instance.instanceId,
        orderId: change.orderId,
        orderLineId: `${change.orderId}-000001`,
      },
    ]);
  });

  it('renewal with change: only in the last 30 days; changeInstanceCheck first, then refreshInstance RENEWAL_CHANGE', async () => {
    const { engine, clock, seller, instance } = await activeCrm();
    await expect(engine.renewWithChange(instance.ref, { skuCode: CRM_PRO })).rejects.toMatchObject({
      code: 'CHANGE_WINDOW_CLOSED',
    });
    await clock.advance(5 * DAY);
    const result = await engine.renewWithChange(instance.ref, { skuCode: CRM_PRO, autoPay: true });
    expect(result.accepted).toBe(true);
    expect(result.check).toMatchObject({
      interface: 'changeInstanceCheck',
      state: 'SUCCEEDED',
      synchronous: true,
    });
    expect(callsOf(seller, 'changeInstanceCheck')[0]!.body).toEqual({
      activity: 'changeInstanceCheck',
      instanceId: instance.instanceId,
      productInfo: { productId: 'OFFI100000000000000101', skuCode: CRM_PRO, linearValue: '50' },
    });
    await clock.advance(0);
    expect(callsOf(seller, 'refreshInstance')[0]!.body).toMatchObject({
      scene: 'RENEWAL_CHANGE',
      orderId: result.order!.orderId,
    });
    expect(engine.getOrder(result.order!.orderId)).toMatchObject({ orderType: 'CHANGE', state: 'COMPLETED' });
    expect(engine.getInstance(instance.ref)).toMatchObject({
      skuCode: CRM_PRO,
      expireAt: Date.parse('2025-05-10T02:00:00Z'),
    });
    expectValidBodies(seller);
  });

  it('renewal with change refused by the seller creates no order', async () => {
    const { engine, clock, instance } = await activeCrm({
      behave: (job) =>
        job.interface === 'changeInstanceCheck' ? { kind: 'fail', resultCode: '000005' } : undefined,
    });
    await clock.advance(10 * DAY);
    const result = await engine.renewWithChange(instance.ref, { linearValue: 5 });
    expect(result).toMatchObject({ accepted: false, order: null });
    expect(result.check.state).toBe('FAILED');
    expect(engine.listOrders({ orderType: 'CHANGE' })).toEqual([]);
  });

  it('unsubscribe: UNSUBSCRIBE order with a negative amount, releaseInstance with that order', async () => {
    const { engine, clock, seller, instance, order } = await activeCrm();
    await clock.advance(10 * DAY);
    const unsub = engine.unsubscribe(instance.ref);
    expect(unsub).toMatchObject({
      orderType: 'UNSUBSCRIBE',
      state: 'PROCESSING',
      relatedOrderId: order.orderId,
    });
    expect(unsub.lines[0]!.currency).toBe('');
    expect(Number(unsub.lines[0]!.currencyAfterDiscount)).toBeLessThan(0);
    expect(engine.getInstance(instance.ref)).toMatchObject({
      state: 'released',
      releaseReason: 'UNSUBSCRIBED',
    });
    await clock.advance(0);
    expect(engine.getOrder(unsub.orderId).state).toBe('COMPLETED');
    expect(callsOf(seller, 'releaseInstance').map((c) => c.body)).toEqual([
      {
        activity: 'releaseInstance',
        instanceId: instance.instanceId,
        orderId: unsub.orderId,
        orderLineId: `${unsub.orderId}-000001`,
      },
    ]);
    expect(() => engine.unsubscribe(instance.ref)).toThrow(IllegalTransitionError);
    expect(() => engine.renew(instance.ref)).toThrow(IllegalTransitionError);
  });

  it('unsubscribe of a renewal period not started yet: refreshInstance UNSUBSCRIBE_RENEWAL_PERIOD back to the old expiry', async () => {
    const { engine, clock, seller, instance } = await activeCrm();
    expect(() => engine.unsubscribeRenewal(instance.ref)).toThrow(/no renewal period/);
    const renewal = engine.renew(instance.ref, { periodType: 'year', autoPay: true });
    await clock.advance(DAY);
    const unsub = engine.unsubscribeRenewal(instance.ref);
    expect(unsub.relatedOrderId).toBe(renewal.orderId);
    expect(unsub.lines[0]!.currencyAfterDiscount).toBe('-9900');
    await clock.advance(0);
    expect(callsOf(seller, 'refreshInstance').at(-1)!.body).toEqual({
      activity: 'refreshInstance',
      scene: 'UNSUBSCRIBE_RENEWAL_PERIOD',
      orderId: unsub.orderId,
      orderLineId: `${unsub.orderId}-000001`,
      instanceId: instance.instanceId,
      expireTime: '20250410020000',
      productId: 'OFFI100000000000000101',
    });
    expect(engine.getInstance(instance.ref)).toMatchObject({
      expireAt: Date.parse('2025-04-10T02:00:00Z'),
      periodType: 'month',
      productId: 'OFFI100000000000000101',
      state: 'active',
    });
    expectValidBodies(seller);
  });

  it('violation freeze and unfreeze send updateInstanceStatus', async () => {
    const { engine, clock, seller, instance } = await activeCrm();
    expect(() => engine.violationUnfreeze(instance.ref)).toThrow(IllegalTransitionError);
    expect(engine.violationFreeze(instance.ref)).toMatchObject({
      state: 'frozen',
      freezeReasons: ['VIOLATION'],
    });
    expect(() => engine.violationFreeze(instance.ref)).toThrow(/already frozen/);
    expect(() => engine.upgrade(instance.ref, { linearValue: 20 })).toThrow(IllegalTransitionError);
    await clock.advance(HOUR);
    expect(engine.violationUnfreeze(instance.ref)).toMatchObject({ state: 'active', freezeReasons: [] });
    await clock.advance(0);
    expect(callsOf(seller, 'updateInstanceStatus').map((c) => c.body.status)).toEqual(['FREEZE', 'UNFREEZE']);
  });

  it('opening the resource page calls queryInstance synchronously, once, without retries', async () => {
    const { engine, instance, seller } = await activeCrm();
    const page = await engine.openResourcePage(instance.ref);
    expect(page).toMatchObject({
      accepted: true,
      reported: true,
      appInfo: { frontEndUrl: `https://app.example/${instance.instanceId}` },
    });
    expect(page.job).toMatchObject({
      interface: 'queryInstance',
      purpose: 'resourcePage',
      state: 'SUCCEEDED',
      attemptCount: 1,
    });
    expect(callsOf(seller, 'queryInstance').map((c) => c.body)).toEqual([
      { activity: 'queryInstance', instanceId: instance.instanceId },
    ]);
  });

  it('a failing resource page is one failed attempt, never retried', async () => {
    const { engine, clock, instance, seller } = await activeCrm({
      behave: (job) => (job.interface === 'queryInstance' ? { kind: 'fail', code: 'TIMEOUT' } : undefined),
    });
    const page = await engine.openResourcePage(instance.ref);
    expect(page).toMatchObject({ accepted: false, reported: false, appInfo: null });
    expect(page.job.state).toBe('FAILED');
    await clock.advance(10 * HOUR);
    expect(callsOf(seller, 'queryInstance')).toHaveLength(1);
  });

  it('rejects actions that do not fit the charging mode', async () => {
    const { engine, clock } = setup();
    engine.purchase({ productCode: 'report', autoPay: true });
    await clock.advance(0);
    const [oneTime] = engine.listInstances();
    expect(() => engine.renew(oneTime!.ref)).toThrow(ActionRejectedError);
    expect(() => engine.violationFreeze(oneTime!.ref)).toThrow(/PERIOD/);
    expect(() => engine.recordUsage(oneTime!.ref, 1)).toThrow(/not pay-per-use/);
    await expect(engine.renewWithChange(oneTime!.ref, {})).rejects.toThrow(ActionRejectedError);
    expect(() => engine.getInstance('I999999')).toThrow(NotFoundError);
  });

  it('a provisioning instance cannot be renewed, unsubscribed or opened', async () => {
    const { engine } = setup();
    engine.purchase({ productCode: 'crm', autoPay: true });
    const [i] = engine.listInstances();
    expect(() => engine.renew(i!.ref)).toThrow(IllegalTransitionError);
    expect(() => engine.unsubscribe(i!.ref)).toThrow(/provisioning/);
    await expect(engine.openResourcePage(i!.ref)).rejects.toThrow(/no instanceId/);
  });
});

describe('every lifecycle body matches the V2 request schemas', () => {
  it('holds across a full scenario', async () => {
    const { engine, clock, seller } = setup();
    const o = engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(0);
    const [i] = engine.listInstances({ orderId: o.orderId });
    engine.upgrade(i!.ref, { linearValue: 40, autoPay: true });
    await clock.advance(DAY);
    await engine.renewWithChange(i!.ref, { skuCode: CRM_PRO, autoPay: true });
    engine.violationFreeze(i!.ref);
    engine.violationUnfreeze(i!.ref);
    await engine.openResourcePage(i!.ref);
    await clock.advance(80 * DAY);
    engine.purchase({ productCode: 'sms', autoPay: true });
    engine.purchase({ productCode: 'report', autoPay: true });
    await clock.advance(0);
    for (const x of engine.listInstances({ state: 'active' })) engine.unsubscribe(x.ref);
    await clock.advance(0);
    const interfaces = new Set(seller.calls.map((c) => c.interface));
    expect(interfaces).toEqual(
      new Set([
        'newInstance',
        'upgradeInstance',
        'changeInstanceCheck',
        'refreshInstance',
        'updateInstanceStatus',
        'queryInstance',
        'releaseInstance',
      ]),
    );
    expectValidBodies(seller);
  });
});

describe('reset', () => {
  it('deletes everything and starts the id sequence afresh, keeping the clock', async () => {
    const { engine, clock } = setup();
    const first = engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(HOUR);
    await engine.reset();
    expect(engine.listOrders()).toEqual([]);
    expect(engine.listJobs()).toEqual([]);
    expect(engine.outbox()).toEqual([]);
    expect(clock.now()).toBe(START + HOUR);
    const again = engine.purchase({ productCode: 'crm', autoPay: true });
    expect(again.orderId.slice(12)).toBe(first.orderId.slice(12));
    await clock.advance(0);
    expect(engine.getOrder(again.orderId).state).toBe('COMPLETED');
    expect(engine.listInstances()[0]!.ref).toBe('I000001');
  });
});
