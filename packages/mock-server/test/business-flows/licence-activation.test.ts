/**
 * Licences tied to orders (protocol.md §10, §8.6; seller-console.md §2.3 License 2.0): the code issued for a
 * licence order is served by the mock's licence Open API, refused before the buyer claimed it, and its
 * activation — a signed APIG call (the SDK's signer, through the test helper sendSigned) — moves the order's supervision on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendSigned, startMarket, type TestMarket } from '../open-api/helpers';

let market: TestMarket;
beforeAll(async () => {
  market = await startMarket();
});
afterAll(async () => {
  await market.close();
});

/** POST /v1/license/activate with an APIG signature (§7.3). */
async function activate(license: string) {
  const url = `${market.url}/api/mkp-openapi-public/global/v1/license/activate`;
  return sendSigned(url, { body: JSON.stringify({ license, real_effect_time: '20250310040000' }) });
}

describe('licence codes of orders', () => {
  it('activation through the licence Open API closes the activation node of the order', async () => {
    const { engine, clock } = market;
    const order = engine.purchase({ productCode: 'licence', autoPay: true });
    await clock.advance(0);
    const code = engine.getSupervision(order.orderId).data.licenceCode!;
    engine.confirmCompletion(order.orderId, { resultDescription: 'code sent' });
    const early = await activate(code);
    expect(early.json.error_code).toBe('92020004');
    engine.claimLicenceCode(order.orderId);
    const done = await activate(code);
    expect(done.status).toBe(200);
    expect(done.json.error_code).toBe('92020000');
    expect(engine.getSupervision(order.orderId).data).toMatchObject({
      node: 'PROOF_UPLOAD',
      actualOpeningTime: Date.parse('2025-03-10T04:00:00Z'),
    });
    expect(engine.listOrderLicences()[0]!.data).toMatchObject({
      status: 'ALIVE',
      activate_time: '20250310040000',
    });
    const again = await activate(code);
    expect(again.json.error_code).toBe('92020000');
    expect(
      engine.getSupervision(order.orderId).data.steps.filter((s) => s.action === 'licence code activated'),
    ).toHaveLength(1);
  });
});
