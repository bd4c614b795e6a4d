/**
 * The "Bad input" list against small real sellers: every defect is a recorded failed attempt with the
 * precise reason, a failure e-mail and a scheduled retry an hour later — never a crash of the mock. A seller that
 * recovers gets the order completed by the retry.
 */
import type { ProblemCode } from '@koogallery-kit/sdk/platform';
import { afterAll, describe, expect, it } from 'vitest';
import { createMockMarketplace, type MockMarketplace } from '../../src/index';
import { startTestSeller, unreachableUrl, type Defect, type TestSeller } from './fixtures/test-seller';

const KEY = 'bad-input-test-key-0001';
const HOUR = 3_600_000;
const START = '2025-03-10T02:00:00Z';

const open: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(open.map((x) => x.close()));
});

/** Expected problem codes per defect (every code the platform would report for that reply). */
const EXPECTED: Record<Defect | 'unreachable', ProblemCode[]> = {
  unreachable: ['UNREACHABLE'],
  reset: ['UNREACHABLE'],
  hang: ['TIMEOUT'],
  'http-500': ['HTTP_STATUS'],
  html: ['HTTP_STATUS', 'CONTENT_TYPE', 'BODY_SIGN_MISSING', 'BODY_NOT_JSON'],
  'empty-body': ['BODY_NOT_JSON'],
  'invalid-json': ['BODY_NOT_JSON'],
  'no-body-sign': ['BODY_SIGN_MISSING'],
  'malformed-body-sign': ['BODY_SIGN_FORMAT'],
  'body-sign-lowercase': ['BODY_SIGN_HEADER_CASE'],
  'wrong-key': ['BODY_SIGN_INVALID'],
  'result-000005': ['RESULT_CODE'],
  'over-length': ['FIELD_TOO_LONG', 'FIELD_TOO_LONG'],
};

async function market(sellerUrl: string): Promise<MockMarketplace> {
  const m = await createMockMarketplace({
    sellerUrl,
    accessKey: KEY,
    // Long enough that a loaded CI machine never times out a seller that does answer; the hanging seller
    // costs this once.
    timeoutMs: 2_000,
    startAt: START,
    engine: { seed: 1 },
  });
  open.push(m);
  return m;
}

describe('bad input from the seller', () => {
  for (const [defect, codes] of Object.entries(EXPECTED) as Array<[Defect | 'unreachable', ProblemCode[]]>) {
    it(`${defect}: a failed attempt with ${codes.join(', ')}, then a retry an hour later`, async () => {
      let seller: TestSeller | undefined;
      let url: string;
      if (defect === 'unreachable') url = await unreachableUrl();
      else {
        seller = await startTestSeller({ key: KEY, defect: () => defect });
        open.push(seller);
        url = seller.url;
      }
      const m = await market(url);
      const order = m.purchase({ productCode: 'crm', autoPay: true });
      await m.flush();

      const [job] = m.jobs({ interface: 'newInstance' });
      const view = m.job(job!.id);
      expect(view.state).toBe('PENDING');
      expect(view.nextAttemptAt).toBe(Date.parse(START) + HOUR);
      const [attempt] = view.attempts;
      expect(attempt!.state).toBe('FAILED');
      expect(attempt!.problems.map((p) => p.code)).toEqual(codes);
      for (const p of attempt!.problems) expect(p.message.length).toBeGreaterThan(10);
      expect(attempt!.request?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/produce\?signature=/);
      if (defect === 'over-length') {
        expect(attempt!.problems.map((p) => p.field).sort()).toEqual(['instanceId', 'resultMsg']);
      }
      if (defect === 'unreachable' || defect === 'reset' || defect === 'hang')
        expect(attempt!.response).toBeNull();
      else
        expect(attempt!.response?.status).toBe(defect === 'http-500' ? 500 : defect === 'html' ? 502 : 200);
      expect(JSON.stringify(m.attempts())).not.toContain(KEY);
      expect(m.order(order.orderId).state).toBe('PROCESSING');
      expect(m.outbox().map((x) => x.kind)).toEqual(['CALL_FAILED']);
      expect(m.outbox()[0]!.text).toContain(codes[0]);

      // the mock is still up and the schedule continues
      const health = await fetch(`${m.adminUrl}/health`);
      expect(health.status).toBe(200);
      await m.advance('1h');
      expect(m.job(job!.id).attempts.map((a) => [a.no, a.state, a.scheduledAt - Date.parse(START)])).toEqual([
        [1, 'FAILED', 0],
        [2, 'FAILED', HOUR],
      ]);
      if (seller !== undefined)
        expect(seller.requests.filter((r) => r.activity === 'newInstance')).toHaveLength(2);
    });
  }

  it('a seller that recovers gets the order completed by the next scheduled attempt', async () => {
    const seller = await startTestSeller({ key: KEY, defect: (_r, n) => (n === 1 ? 'http-500' : undefined) });
    open.push(seller);
    const m = await market(seller.url);
    const order = m.purchase({ productCode: 'crm', autoPay: true });
    await m.flush();
    expect(m.order(order.orderId).state).toBe('PROCESSING');
    await m.advance('1h');
    expect(m.order(order.orderId).state).toBe('COMPLETED');
    const [job] = m.jobs({ interface: 'newInstance' });
    expect(m.job(job!.id).attempts.map((a) => a.state)).toEqual(['FAILED', 'SUCCEEDED']);
    // each attempt carried a fresh businessId, the seller returned the same instance
    const bodies = seller.requests.map((r) => r.body);
    expect(new Set(bodies.map((b) => b.businessId)).size).toBe(2);
    expect(m.instances()[0]!.state).toBe('active');
    expect(seller.tenants.get(m.instances()[0]!.instanceId!)).toBe('active');
  });
});
