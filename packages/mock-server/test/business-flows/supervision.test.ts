/**
 * Service supervision on the virtual clock (seller-console.md §2): a supervised order stays Processing until the
 * buyer accepts, then completes after the 3-hour lag (proposal); documents are stored with the record; appeals
 * open after rejections; renewals start no new flow; licence 2.0 closes through the activation Open API.
 */
import { describe, expect, it } from 'vitest';
import type { DeliverFn } from '../../src/engine/model/types';
import { DAY, HOUR, callsOf, createFakeSeller, setup } from '../engine/helpers';

const PDF = Buffer.from('%PDF-1.4 acceptance document\n').toString('base64');

async function paidConsulting(o: Parameters<typeof setup>[0] = {}) {
  const t = setup(o);
  const order = t.engine.purchase({ productCode: 'consulting', autoPay: true });
  await t.clock.advance(0);
  return { ...t, orderId: order.orderId };
}

describe('service supervision (seller-console.md §2)', () => {
  it('Processing → confirm with a document → reject → confirm again → accept → Completed 3 h later', async () => {
    const { engine, clock, orderId } = await paidConsulting();
    expect(engine.getOrder(orderId).state).toBe('PROCESSING');
    expect(engine.getSupervision(orderId).data.node).toBe('REQ_PENDING');
    engine.submitRequirement(orderId, 'Migrate 40 users');
    engine.reviewRequirement(orderId, true);
    const opening = clock.now() + HOUR;
    engine.confirmCompletion(orderId, {
      resultDescription: 'Users migrated',
      documents: [{ name: 'acceptance.pdf', contentType: 'application/pdf', contentBase64: PDF }],
    });
    expect(engine.getSupervision(orderId).data.node).toBe('USER_ACCEPTANCE');
    engine.reviewDelivery(orderId, false, 'two users missing');
    expect(engine.getSupervision(orderId).data).toMatchObject({ node: 'DELIVERING', rejections: 1 });
    await clock.advance(2 * HOUR);
    engine.confirmCompletion(orderId, {
      resultDescription: 'All users migrated',
      actualOpeningTime: opening,
      documents: [{ name: 'acceptance-v2.pdf', contentType: 'application/pdf', contentBase64: PDF }],
    });
    const acceptedAt = clock.now();
    engine.reviewDelivery(orderId, true);
    const done = engine.getSupervision(orderId);
    expect(done.data).toMatchObject({ node: 'COMPLETED', acceptedAt, validityStart: opening });
    expect(
      done.data.documents.map((d) => [d.name, d.round, Buffer.from(d.contentBase64, 'base64').toString()]),
    ).toEqual([
      ['acceptance.pdf', 1, '%PDF-1.4 acceptance document\n'],
      ['acceptance-v2.pdf', 2, '%PDF-1.4 acceptance document\n'],
    ]);
    // Validity starts at the actual opening time (§2.6): one month from it.
    const instance = engine.getInstance(engine.getOrder(orderId).instanceRefs[0]!);
    expect(instance.periods[0]!.startAt).toBe(opening);
    expect(instance.expireAt).toBe(Date.parse('2025-04-10T03:00:00Z'));
    await clock.advance(3 * HOUR - 1);
    expect(engine.getOrder(orderId).state).toBe('PROCESSING');
    await clock.advance(1);
    expect(engine.getOrder(orderId)).toMatchObject({
      state: 'COMPLETED',
      completedAt: acceptedAt + 3 * HOUR,
    });
    expect(done.data.steps.map((s) => s.to)).toEqual([
      'REQ_PENDING',
      'REQ_CONFIRM',
      'DELIVERING',
      'USER_ACCEPTANCE',
      'DELIVERING',
      'USER_ACCEPTANCE',
      'COMPLETED',
    ]);
  });

  it('without an opening time the validity starts at the acceptance; the lag is configurable', async () => {
    const { engine, clock, orderId } = await paidConsulting({ businessFlows: { completionLagMinutes: 0 } });
    engine.submitRequirement(orderId, 'x');
    engine.reviewRequirement(orderId, true);
    await clock.advance(10 * DAY);
    engine.confirmCompletion(orderId, { resultDescription: 'done' });
    engine.reviewDelivery(orderId, true);
    expect(engine.getOrder(orderId).state).toBe('COMPLETED');
    const instance = engine.getInstance(engine.getOrder(orderId).instanceRefs[0]!);
    expect(instance.periods[0]!.startAt).toBe(clock.now());
  });

  it('appeals open after 3 rejections or 5 idle days, freeze the flow, and an operator resolves them', async () => {
    const { engine, clock, orderId } = await paidConsulting();
    engine.submitRequirement(orderId, 'x');
    engine.reviewRequirement(orderId, true);
    expect(() => engine.appeal(orderId, 'seller', 'why')).toThrow(/cannot appeal yet/);
    for (let n = 0; n < 3; n++) {
      engine.confirmCompletion(orderId, { resultDescription: `round ${n}` });
      engine.reviewDelivery(orderId, false);
    }
    engine.confirmCompletion(orderId, { resultDescription: 'round 4' });
    expect(engine.appeal(orderId, 'seller', 'the customer keeps rejecting').data.node).toBe('APPEAL');
    expect(() => engine.reviewDelivery(orderId, true)).toThrow(/APPEAL/);
    expect(engine.resolveAppeal(orderId, 'resume').data.node).toBe('USER_ACCEPTANCE');
    await clock.advance(5 * DAY + 1);
    engine.appeal(orderId, 'seller', 'customer unreachable');
    engine.resolveAppeal(orderId, 'complete');
    await clock.advance(3 * HOUR);
    expect(engine.getOrder(orderId).state).toBe('COMPLETED');
  });

  it('refuses a document that is not base64 and keeps the flow where it was', async () => {
    const { engine, orderId } = await paidConsulting();
    engine.submitRequirement(orderId, 'x');
    engine.reviewRequirement(orderId, true);
    expect(() =>
      engine.confirmCompletion(orderId, {
        resultDescription: 'd',
        documents: [{ name: 'a.pdf', contentBase64: 'not base64!' }],
      }),
    ).toThrow(/contentBase64/);
    expect(engine.getSupervision(orderId).data.node).toBe('DELIVERING');
  });

  it('a renewal of a supervised order creates no new flow and completes at once', async () => {
    const { engine, clock, orderId } = await paidConsulting({ businessFlows: { completionLagMinutes: 0 } });
    engine.submitRequirement(orderId, 'x');
    engine.reviewRequirement(orderId, true);
    engine.confirmCompletion(orderId, { resultDescription: 'done' });
    engine.reviewDelivery(orderId, true);
    const renewal = engine.renew(engine.getOrder(orderId).instanceRefs[0]!, { autoPay: true });
    await clock.advance(0);
    expect(engine.getOrder(renewal.orderId).state).toBe('COMPLETED');
    expect(engine.listSupervisions().map((s) => s.id)).toEqual([orderId]);
  });

  it('licence 2.0: the code is issued with the order; activation passes the node; proof upload accepts automatically', async () => {
    const { engine, clock } = setup();
    const order = engine.purchase({ productCode: 'licence', autoPay: true });
    await clock.advance(0);
    const code = engine.getSupervision(order.orderId).data.licenceCode!;
    expect(engine.listOrderLicences().map((l) => [l.id, l.orderId, l.data.received])).toEqual([
      [code, order.orderId, false],
    ]);
    engine.confirmCompletion(order.orderId, { resultDescription: 'code delivered' });
    engine.claimLicenceCode(order.orderId);
    expect(engine.listOrderLicences()[0]!.data.received).toBe(true);
    expect(engine.getSupervision(order.orderId).data.node).toBe('CODE_ACTIVATION');
    engine.orderLicenceActivated(code, '20250311000000');
    expect(engine.getSupervision(order.orderId).data).toMatchObject({
      node: 'PROOF_UPLOAD',
      actualOpeningTime: Date.parse('2025-03-11T00:00:00Z'),
    });
    engine.confirmCompletion(order.orderId, {
      resultDescription: 'proof',
      documents: [{ name: 'licence.png', contentType: 'image/png', contentBase64: 'iVBORw0KGgo=' }],
    });
    expect(engine.getSupervision(order.orderId).data.node).toBe('COMPLETED');
    await clock.advance(3 * HOUR);
    expect(engine.getOrder(order.orderId).state).toBe('COMPLETED');
  });

  it('products without supervision complete as before', async () => {
    const { engine, clock } = setup();
    const order = engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(0);
    expect(engine.getOrder(order.orderId).state).toBe('COMPLETED');
    expect(engine.listSupervisions()).toEqual([]);
  });
});

describe('the acceptance call (seller-console.md §2.6)', () => {
  it('V1: the buyer acceptance re-sends newInstance with acceptanceTime; V2 sends nothing extra', async () => {
    const seller = createFakeSeller();
    const deliver: DeliverFn = async (job, attemptNo) => {
      const outcome = await seller.deliver(job, attemptNo);
      if (job.interface !== 'v1NewInstance') return outcome;
      const body = {
        resultCode: '000000',
        resultMsg: 'success.',
        instanceId: `inst-${job.refs.instanceRef}`,
      };
      return {
        ...outcome,
        verdict: { accepted: true, async: false, resultCode: '000000', body, problems: [] },
      };
    };
    const { engine, clock } = setup({
      deliver,
      protocol: 'v1',
      v1: { accessKey: 'v1-acceptance-key-000001' },
      businessFlows: { completionLagMinutes: 0 },
    });
    const order = engine.purchase({ productCode: 'consulting', autoPay: true });
    await clock.advance(0);
    engine.submitRequirement(order.orderId, 'x');
    engine.reviewRequirement(order.orderId, true);
    engine.confirmCompletion(order.orderId, { resultDescription: 'done' });
    await clock.advance(90_061);
    engine.reviewDelivery(order.orderId, true);
    await clock.advance(0);
    const calls = seller.calls.filter((c) => c.interface === 'v1NewInstance');
    expect(calls).toHaveLength(2);
    expect(calls[0]!.body).not.toHaveProperty('acceptanceTime');
    expect(calls[1]!.body).toMatchObject({ orderId: order.orderId, acceptanceTime: '20250310020130061' });
    expect(engine.listJobs({ interface: 'v1NewInstance' }).map((j) => j.state)).toEqual([
      'SUCCEEDED',
      'SUCCEEDED',
    ]);

    const v2 = await paidConsulting({ businessFlows: { completionLagMinutes: 0 } });
    v2.engine.submitRequirement(v2.orderId, 'x');
    v2.engine.reviewRequirement(v2.orderId, true);
    v2.engine.confirmCompletion(v2.orderId, { resultDescription: 'done' });
    v2.engine.reviewDelivery(v2.orderId, true);
    await v2.clock.advance(0);
    expect(callsOf(v2.seller, 'newInstance')).toHaveLength(1);
  });
});
