/**
 * The deliverer: builds each attempt with the SDK (signed with wall-clock time whatever the business time),
 * picks the kit key for kit interfaces, judges replies and transport failures, and never throws for the seller.
 */
import { ConfigError, ValidationError, verifyKitRequest, verifyRequest } from '@koogallery-kit/sdk';
import { type ProductionCall, type Transport } from '@koogallery-kit/sdk/platform';
import { afterAll, describe, expect, it } from 'vitest';
import { type JobRecord } from '../../src/index';
import { createDeliverer } from '../../src/delivery/deliverer';
import { createUndiciTransport } from '../../src/delivery/undici-transport';
import { startTestSeller, unreachableUrl, type TestSeller } from './fixtures/test-seller';

const KEY = 'deliverer-test-key-0001';
const KIT_KEY = 'deliverer-kit-key-0002';
const transport = createUndiciTransport();
const sellers: TestSeller[] = [];
afterAll(async () => {
  await transport.close();
  await Promise.all(sellers.map((s) => s.close()));
});

/** A job as the engine hands it over (business time far in the future). */
function job(iface: JobRecord['interface'], body: Record<string, unknown>): JobRecord {
  const future = Date.parse('2031-07-01T00:00:00Z');
  return {
    id: 'J000001',
    seq: 1,
    interface: iface,
    purpose: 'manual',
    body,
    refs: {
      orderId: null,
      orderLineId: null,
      instanceRef: null,
      productCode: null,
      debugCaseId: null,
      probeDay: null,
    },
    state: 'RUNNING',
    schedule: { kind: 'offsets', retryAtMs: [], onExhausted: 'manual' },
    roundStartedAt: future,
    roundAttempts: 1,
    attemptCount: 1,
    nextAttemptAt: null,
    waitingFor: null,
    synchronous: false,
    restarts: 0,
    createdAt: future,
    updatedAt: future,
    finishedAt: null,
    lastProblems: [],
  };
}

describe('createDeliverer', () => {
  it('signs with wall-clock time and judges a correct seller as accepted', async () => {
    const seller = await startTestSeller({ key: KEY });
    sellers.push(seller);
    const deliver = createDeliverer({ sellerUrl: seller.url, accessKey: KEY, transport, timeoutMs: 5_000 });
    const before = Date.now();
    const outcome = await deliver(
      job('newInstance', {
        activity: 'newInstance',
        orderId: 'CS1',
        orderLineId: 'CS1-000001',
        businessId: 'b-1',
      }),
      1,
    );
    expect(outcome.verdict.problems).toEqual([]);
    expect(outcome.verdict.accepted).toBe(true);
    expect(outcome.response?.status).toBe(200);
    expect(outcome.response?.headers.map(([k]) => k)).toContain('Body-Sign');
    expect(outcome.request.method).toBe('POST');
    expect(outcome.request.headers['Content-Type']).toBe('application/json;charset=utf8');
    expect(outcome.request.body).toBe(
      '{"activity":"newInstance","businessId":"b-1","orderId":"CS1","orderLineId":"CS1-000001"}',
    );
    const [received] = seller.requests;
    expect(received?.signatureValid).toBe(true);
    expect(received?.timestamp).toBeGreaterThanOrEqual(before);
    expect(received?.timestamp).toBeLessThanOrEqual(Date.now());
  });

  it('uses the kit key for kit interfaces and the basic key otherwise', async () => {
    const calls: ProductionCall[] = [];
    const capture: Transport = async (call) => {
      calls.push(call);
      return { status: 200, rawHeaders: [], body: '', elapsedMs: 1 };
    };
    const deliver = createDeliverer({
      sellerUrl: 'https://seller.example/produce',
      accessKey: KEY,
      kitAccessKey: KIT_KEY,
      transport: capture,
    });
    await deliver(
      job('tenantSync', {
        instanceId: 'i-1',
        orderId: 'CS1',
        tenantId: 't-1',
        tenantCode: 'tc',
        name: 'Tenant',
        domainName: 'https://tenant.example.com',
        flag: 1,
        testFlag: 0,
        timeStamp: '20250301120000000',
      }),
      1,
    );
    await deliver(job('queryInstance', { activity: 'queryInstance', instanceId: 'i-1' }), 1);
    const [kit, basic] = calls;
    expect(kit?.url).toBe('https://seller.example/produce/produceAPI/v2/tenantSync');
    expect(
      verifyKitRequest({ accessKey: KIT_KEY, rawBody: kit?.body ?? '', headers: kit?.headers ?? {} }).valid,
    ).toBe(true);
    const query = new URL(basic?.url ?? '').searchParams;
    expect(verifyRequest({ accessKey: KEY, rawBody: basic?.body ?? '', query }).valid).toBe(true);
  });

  it('turns transport failures into verdicts and rejects bodies the engine built wrongly', async () => {
    const deliver = createDeliverer({
      sellerUrl: await unreachableUrl(),
      accessKey: KEY,
      transport,
      timeoutMs: 2_000,
    });
    const outcome = await deliver(job('queryInstance', { activity: 'queryInstance', instanceId: 'i-1' }), 1);
    expect(outcome.verdict.accepted).toBe(false);
    expect(outcome.verdict.problems.map((p) => p.code)).toEqual(['UNREACHABLE']);
    expect(outcome.response).toBeUndefined();
    expect(outcome.request.url).toContain('signature=');
    // the mock's own mistake is an error (recorded as DELIVERY_ERROR by the engine), never the seller's fault
    await expect(deliver(job('queryInstance', { activity: 'queryInstance' }), 1)).rejects.toThrow(
      ValidationError,
    );
  });

  it('validates its options, listing every problem', () => {
    let error: unknown;
    try {
      createDeliverer({ sellerUrl: 'ftp://x', accessKey: '', transport: undefined as never, timeoutMs: 0 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const field of ['sellerUrl:', 'accessKey:', 'transport:', 'timeoutMs:'])
      expect(message).toContain(field);
  });
});
