/**
 * The admin API: lifecycle actions over HTTP delivering to a real seller, records, jobs (restart, retry now),
 * the virtual clock, reset — and every kind of bad request answered with a 4xx JSON error naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockMarketplace, type MockMarketplace } from '../../src/index';
import { startTestSeller, type TestSeller } from '../delivery/fixtures/test-seller';
import type {
  ActionDescription,
  AdvanceAnswer,
  AttemptRecord,
  ClockView,
  ErrorBody,
  InstanceRecord,
  JobView,
  OrderActionAnswer,
  OrderRecord,
  OutboxPage,
  Page,
  ProductAnswer,
  ProductStateRecord,
  StateAnswer,
} from './admin-answers';
import { request } from './helpers';

const KEY = 'admin-api-test-key-0001';
const START = Date.parse('2025-03-10T02:00:00Z');
let seller: TestSeller;
let m: MockMarketplace;
let failRefresh = false;

beforeAll(async () => {
  seller = await startTestSeller({
    key: KEY,
    defect: (r) => (failRefresh && r.activity === 'refreshInstance' ? 'http-500' : undefined),
  });
  m = await createMockMarketplace({
    sellerUrl: seller.url,
    accessKey: KEY,
    startAt: START,
    engine: { seed: 3 },
  });
});
afterAll(async () => {
  await m.close();
  await seller.close();
});

const admin = (path: string): string => `${m.adminUrl}${path}`;

describe('admin API', () => {
  it('plays a purchase and answers with the order after delivery and the calls it caused', async () => {
    const res = await request<OrderActionAnswer>(admin('/actions/purchase'), {
      json: { productCode: 'crm', autoPay: true },
    });
    expect(res.status).toBe(200);
    expect(res.body.action).toBe('purchase');
    expect(res.body.result).toMatchObject({ orderType: 'NEW', state: 'COMPLETED' });
    expect(res.body.jobs.map((j) => [j.interface, j.state])).toEqual([['newInstance', 'SUCCEEDED']]);
    const orders = await request<Page<OrderRecord>>(admin('/orders?orderType=NEW'));
    expect(orders.body.total).toBe(1);
    expect(orders.body.items[0]!.orderId).toBe(res.body.result.orderId);
    const order = await request<OrderRecord>(admin(`/orders/${res.body.result.orderId}`));
    expect(order.body.state).toBe('COMPLETED');
    const info = await request(admin(`/orders/${res.body.result.orderId}/info`));
    expect(info.status).toBe(200);
    const instances = await request<Page<InstanceRecord>>(admin('/instances?state=active'));
    const first = instances.body.items[0]!;
    expect(instances.body.items).toHaveLength(1);
    const byRef = await request<InstanceRecord>(admin(`/instances/${first.ref}`));
    expect(byRef.body.instanceId).toBe(first.instanceId);
    const bySellerId = await request<InstanceRecord>(admin(`/instances/${first.instanceId}`));
    expect(bySellerId.body.ref).toBe(first.ref);
    const attempts = await request<Page<AttemptRecord>>(admin(`/attempts?jobId=${res.body.jobs[0]!.id}`));
    expect(attempts.body.items.map((a) => a.state)).toEqual(['SUCCEEDED']);
    expect(JSON.stringify(attempts.body)).not.toContain(KEY);
  });

  it('actions with ?deliver=false leave the calls for the next clock step', async () => {
    const res = await request<OrderActionAnswer>(admin('/actions/purchase?deliver=false'), {
      json: { productCode: 'report', autoPay: true },
    });
    expect(res.body.result.state).toBe('PROCESSING');
    expect(res.body.jobs[0]!.state).toBe('PENDING');
    const advanced = await request(admin('/clock/advance'), { json: { by: '0' } });
    expect(advanced.status).toBe(200);
    expect((await request<OrderRecord>(admin(`/orders/${res.body.result.orderId}`))).body.state).toBe(
      'COMPLETED',
    );
  });

  it('restarts a failed job and shows it through jobs, attempts and the outbox', async () => {
    const instance = (await request<Page<InstanceRecord>>(admin('/instances?productCode=crm'))).body
      .items[0]!;
    failRefresh = true;
    const renew = await request<OrderActionAnswer>(admin('/actions/renew'), {
      json: { ref: instance.ref, autoPay: true },
    });
    expect(renew.status).toBe(200);
    const job = renew.body.jobs.find((j) => j.interface === 'refreshInstance')!;
    expect(job.state).toBe('FAILED');
    expect(job.lastProblems[0]!.code).toBe('HTTP_STATUS');
    const failed = await request<Page<JobView>>(admin('/jobs?state=FAILED&interface=refreshInstance'));
    expect(failed.body.items.map((j) => j.id)).toEqual([job.id]);
    const outbox = await request<OutboxPage>(admin('/outbox'));
    expect(outbox.body.items.some((x) => x.kind === 'CALL_FAILED')).toBe(true);

    failRefresh = false;
    const restarted = await request<JobView>(admin(`/jobs/${job.id}/restart`), { json: {} });
    expect(restarted.status).toBe(200);
    expect(restarted.body.state).toBe('SUCCEEDED');
    expect(restarted.body.attempts.map((a) => a.manual)).toEqual([false, true]);
    const again = await request<ErrorBody>(admin(`/jobs/${job.id}/restart`), { json: {} });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ILLEGAL_TRANSITION');
  });

  it('moves the virtual clock and reports it', async () => {
    const before = (await request<ClockView>(admin('/clock'))).body;
    expect(before.kind).toBe('virtual');
    const res = await request<AdvanceAnswer>(admin('/clock/advance'), { json: { by: '1h30m' } });
    expect(res.status).toBe(200);
    expect(res.body.to! - res.body.from!).toBe(5_400_000);
    expect(res.body.clock.now).toBe(before.now + 5_400_000);
    const to = await request<AdvanceAnswer>(admin('/clock/advance-to'), {
      json: { time: new Date(before.now + 7_200_000).toISOString() },
    });
    expect(to.body.clock.now).toBe(before.now + 7_200_000);
    const next = await request<AdvanceAnswer>(admin('/clock/advance-to-next-job'), { json: {} });
    expect(next.status).toBe(200);
    expect(next.body.clock.now).toBeGreaterThan(before.now + 7_200_000); // the instance's expiry is scheduled
    const state = await request<StateAnswer>(admin('/state'));
    expect(state.body).toMatchObject({
      store: 'memory',
      clock: { kind: 'virtual' },
      mock: { sellerUrl: seller.url },
    });
    expect(state.body.counts.orders.COMPLETED).toBeGreaterThan(0);
  });

  it('lists products, buyers and actions', async () => {
    const products = await request<Page<ProductAnswer>>(admin('/products'));
    expect(products.body.items.map((p) => p.code)).toEqual([
      'crm',
      'report',
      'sms',
      'sms-pack',
      'consulting',
      'licence',
    ]);
    expect(products.body.items[0]!.status.delisted).toBe(false);
    const relist = await request<ProductStateRecord>(admin('/products/crm/relist'), { json: {} });
    expect(relist.body.delisted).toBe(false);
    const buyers = await request<Page<unknown>>(admin('/buyers?limit=1'));
    expect(buyers.body.items).toHaveLength(1);
    const actions = await request<ActionDescription[]>(admin('/actions'));
    expect(actions.body.map((a) => a.name)).toContain('renew-with-change');
  });
});

describe('bad admin requests get 4xx JSON errors naming the field', () => {
  const cases: Array<{
    name: string;
    path: string;
    json?: unknown;
    raw?: string;
    method?: string;
    status: number;
    code: string;
    field?: string;
    text?: RegExp;
  }> = [
    {
      name: 'missing productCode',
      path: '/actions/purchase',
      json: {},
      status: 400,
      code: 'INVALID_ARGUMENT',
      field: 'productCode',
    },
    {
      name: 'unknown field',
      path: '/actions/purchase',
      json: { productCode: 'crm', colour: 'red' },
      status: 400,
      code: 'INVALID_ARGUMENT',
      field: 'colour',
    },
    {
      name: 'wrong type',
      path: '/actions/purchase',
      json: { productCode: 'crm', periodNumber: 'two' },
      status: 400,
      code: 'INVALID_ARGUMENT',
      field: 'periodNumber',
    },
    {
      name: 'unknown product',
      path: '/actions/purchase',
      json: { productCode: 'nope' },
      status: 404,
      code: 'NOT_FOUND',
      text: /Known products: crm/,
    },
    {
      name: 'unknown instance',
      path: '/actions/renew',
      json: { ref: 'I999999' },
      status: 404,
      code: 'NOT_FOUND',
    },
    {
      name: 'ref of the wrong type',
      path: '/actions/unsubscribe',
      json: { ref: 42 },
      status: 400,
      code: 'INVALID_ARGUMENT',
      field: 'ref',
    },
    {
      name: 'unknown action',
      path: '/actions/teleport',
      json: {},
      status: 404,
      code: 'UNKNOWN_ACTION',
      text: /purchase, pay/,
    },
    {
      name: 'invalid JSON',
      path: '/actions/purchase',
      raw: '{"productCode":',
      status: 400,
      code: 'BODY_NOT_JSON',
    },
    {
      name: 'body not an object',
      path: '/actions/purchase',
      raw: '[1,2]',
      status: 400,
      code: 'INVALID_ARGUMENT',
    },
    {
      name: 'bad deliver flag',
      path: '/actions/purchase?deliver=maybe',
      json: { productCode: 'crm' },
      status: 400,
      code: 'INVALID_ARGUMENT',
      field: 'deliver',
    },
    {
      name: 'bad filter value',
      path: '/jobs?state=DONE',
      status: 400,
      code: 'INVALID_ARGUMENT',
      field: 'state',
    },
    {
      name: 'unknown filter',
      path: '/orders?colour=red',
      status: 400,
      code: 'INVALID_ARGUMENT',
      field: 'colour',
    },
    { name: 'bad limit', path: '/orders?limit=0', status: 400, code: 'INVALID_ARGUMENT', field: 'limit' },
    {
      name: 'bad duration',
      path: '/clock/advance',
      json: { by: 'soon' },
      status: 400,
      code: 'INVALID_ARGUMENT',
      field: 'by',
    },
    {
      name: 'missing duration',
      path: '/clock/advance',
      json: {},
      status: 400,
      code: 'INVALID_ARGUMENT',
      field: 'by',
    },
    {
      name: 'time in the past',
      path: '/clock/advance-to',
      json: { time: '2020-01-01T00:00:00Z' },
      status: 400,
      code: 'INVALID_ARGUMENT',
      field: 'time',
    },
    { name: 'unknown job', path: '/jobs/J999999', status: 404, code: 'NOT_FOUND' },
    {
      name: 'restart option of the wrong type',
      path: '/jobs/J000001/restart',
      json: { withRetries: 'yes' },
      status: 400,
      code: 'INVALID_ARGUMENT',
      field: 'withRetries',
    },
    { name: 'unknown route', path: '/nothing-here', status: 404, code: 'ROUTE_NOT_FOUND' },
    {
      name: 'pay a paid order',
      path: '/actions/pay',
      json: { orderId: '__FIRST_ORDER__' },
      status: 409,
      code: 'ILLEGAL_TRANSITION',
    },
  ];

  for (const c of cases) {
    it(`${c.name} → ${c.status} ${c.code}`, async () => {
      let json = c.json;
      if (c.code === 'ILLEGAL_TRANSITION') {
        const first = (await request<Page<OrderRecord>>(admin('/orders?orderType=NEW'))).body.items[0]!;
        json = { orderId: first.orderId };
      }
      const res = await request<ErrorBody>(admin(c.path), { json, raw: c.raw, method: c.method });
      expect(res.status).toBe(c.status);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(res.body.error.code).toBe(c.code);
      expect(typeof res.body.error.message).toBe('string');
      if (c.field !== undefined) {
        expect(res.body.error.field).toBe(c.field);
        expect(res.body.error.message).toContain(c.field);
      }
      if (c.text !== undefined) expect(res.body.error.message).toMatch(c.text);
    });
  }

  it('reports every problem of a request at once', async () => {
    const res = await request<ErrorBody>(admin('/actions/purchase'), {
      json: { productCode: 'crm', periodNumber: 0, trial: 'yes', colour: 'red' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues?.map((i) => i.path)).toEqual(['/colour']);
    const res2 = await request<ErrorBody>(admin('/actions/purchase'), {
      json: { productCode: 'crm', periodNumber: 0, trial: 'yes' },
    });
    expect(res2.body.error.issues?.map((i) => i.path).sort()).toEqual(['/periodNumber', '/trial']);
  });

  it('answers JSON 404 outside the admin API and resets on request', async () => {
    const res = await request<ErrorBody>(`${m.url}/elsewhere`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('ROUTE_NOT_FOUND');
    const reset = await request(admin('/reset'), { json: {} });
    expect(reset.status).toBe(200);
    expect((await request<Page<OrderRecord>>(admin('/orders'))).body.total).toBe(0);
  });
});
