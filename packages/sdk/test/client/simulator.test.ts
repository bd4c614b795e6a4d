import { describe, expect, it } from 'vitest';
import { signApigRequest, signUsagePush } from '@koogallery-kit/sdk';
import { createOpenApiSimulator } from '@koogallery-kit/sdk/msw';
import type { OpenApiSimulatorOptions, SimulatedReply } from '@koogallery-kit/sdk/msw';
import { AK, SK, T0, USAGE_KEY } from './helpers';

const BASE = 'https://mkt.myhuaweicloud.com';
const credentials = { accessKey: AK, secretKey: SK, usageKey: USAGE_KEY };
const sim = (over: Partial<OpenApiSimulatorOptions> = {}) =>
  createOpenApiSimulator({ credentials, now: () => T0, ...over });
const json = (r: SimulatedReply) => JSON.parse(r.body) as Record<string, unknown>;

function apig(method: 'GET' | 'POST', path: string, body = '') {
  const url = `${BASE}${path}`;
  const headers = { 'Content-Type': 'application/json' };
  return {
    method,
    url,
    body,
    headers: {
      ...headers,
      ...signApigRequest({ accessKey: AK, secretKey: SK, method, url, headers, body, date: new Date(T0) }),
    },
  };
}
function usage(records: unknown[]) {
  const signed = signUsagePush({ key: USAGE_KEY, body: { usage_records: records }, ts: T0 });
  return {
    method: 'POST',
    url: `${BASE}/api/mkp-openapi-public/global/v1/isv/usage-data`,
    headers: { ...signed.headers, 'Content-Type': 'application/json' },
    body: signed.body,
  };
}
const rec = (sn: string, over: Record<string, unknown> = {}) => ({
  begin_time: '20241231T220000Z',
  end_time: '20241231T230000Z',
  instance_id: 'i-1',
  metering_sn: sn,
  record_time: '20241231T230500Z',
  usage_value: '1',
  ...over,
});

describe('Open API simulator', () => {
  it('answers order-query errors in the documented format: missing orderId MKT.0101, unknown parameter MKT.0101, too long MKT.0100', () => {
    const s = sim();
    const missing = s.handle(apig('GET', '/api/mkp-openapi-public/global/v1/order/query'));
    expect([missing.status, json(missing).resultCode]).toEqual([400, 'MKT.0101']);
    expect(missing.headers['X-Request-Id']).toMatch(/^[0-9a-f]{32}$/);
    const extra = s.handle(
      apig('GET', '/api/mkp-openapi-public/global/v1/order/query?orderId=MOCKONDEMAND&foo=1'),
    );
    expect(json(extra).resultCode).toBe('MKT.0101');
    const long = s.handle(
      apig('GET', `/api/mkp-openapi-public/global/v1/order/query?orderId=${'A'.repeat(65)}`),
    );
    expect([long.status, json(long).resultCode]).toEqual([500, 'MKT.0100']);
  });

  it('answers a request without Authorization with APIGW.0301, and serves custom orders only when mock orders are off', () => {
    const s = sim({ includeMockOrders: false });
    const unsigned = s.handle({
      method: 'GET',
      url: `${BASE}/api/mkp-openapi-public/global/v1/order/query?orderId=X`,
      headers: {},
      body: '',
    });
    expect([unsigned.status, json(unsigned).error_code]).toEqual([401, 'APIGW.0301']);
    const mock = s.handle(apig('GET', '/api/mkp-openapi-public/global/v1/order/query?orderId=MOCKONDEMAND'));
    expect(json(mock).resultCode).toBe('MKT.0150');
  });

  it('answers invalid usage pushes: MKT.9002 (bad entity, naming the record), MKT.9003 (> 1000), MKT.9004 (> 21 days), MKT.0101, MKT.0102', () => {
    const s = sim();
    const bad = s.handle(usage([rec('a'), rec('b', { usage_value: '1.00001' })]));
    expect([bad.status, json(bad).error_code]).toEqual([500, 'MKT.9002']);
    expect(String(json(bad).error_msg)).toContain('record 1 usage_value');
    const dup = s.handle(usage([rec('a'), rec('a')]));
    expect(json(dup).error_code).toBe('MKT.9002');
    const many = s.handle(usage(Array.from({ length: 1001 }, (_, i) => rec(`s${i}`))));
    expect([many.status, json(many).error_code]).toEqual([500, 'MKT.9003']);
    const old = s.handle(usage([rec('o', { begin_time: '20241201T000000Z' })]));
    expect(json(old).error_code).toBe('MKT.9004');
    const empty = s.handle(usage([]));
    expect(json(empty).error_code).toBe('MKT.9002');
    const noRecords = signUsagePush({ key: USAGE_KEY, body: { records: [] }, ts: T0 });
    const wrongShape = s.handle({
      method: 'POST',
      url: `${BASE}/api/mkp-openapi-public/global/v1/isv/usage-data`,
      headers: noRecords.headers,
      body: noRecords.body,
    });
    expect([wrongShape.status, json(wrongShape).error_code]).toEqual([400, 'MKT.0101']);
    const tampered = usage([rec('t')]);
    const forged = s.handle({ ...tampered, body: tampered.body.replace('"1"', '"9"') });
    expect([forged.status, json(forged).error_code]).toEqual([400, 'MKT.0102']);
    expect(s.usageRecords).toEqual([]);
  });

  it('rate-limits with MKT.0250 (HTTP 406) per window on its clock', () => {
    let now = T0;
    const s = sim({ now: () => now, rateLimit: { maxRequests: 2, windowMs: 1000 } });
    const q = () =>
      s.handle(apig('GET', '/api/mkp-openapi-public/global/v1/order/query?orderId=MOCKONDEMAND'));
    expect(q().status).toBe(200);
    expect(q().status).toBe(200);
    const limited = q();
    expect([limited.status, json(limited).resultCode]).toEqual([406, 'MKT.0250']);
    now += 1000;
    expect(q().status).toBe(200);
  });

  it('keeps licence state: activation sets ALIVE and the activation time; released codes cannot be activated', () => {
    const s = sim({ licenses: [{ license: 'L1' }, { license: 'L2', status: 'RELEASED' }] });
    expect(s.license('L1')?.status).toBeUndefined();
    const ok = s.handle(
      apig(
        'POST',
        '/api/mkp-openapi-public/global/v1/license/activate',
        '{"license":"L1","real_effect_time":"20250102000000"}',
      ),
    );
    expect(json(ok).error_code).toBe('92020000');
    expect(s.license('L1')).toMatchObject({ status: 'ALIVE', activate_time: '20250102000000' });
    const released = s.handle(
      apig('POST', '/api/mkp-openapi-public/global/v1/license/activate', '{"license":"L2"}'),
    );
    expect([released.status, json(released).error_code]).toEqual([400, '92020002']);
    const badTime = s.handle(
      apig(
        'POST',
        '/api/mkp-openapi-public/global/v1/license/activate',
        '{"license":"L1","real_effect_time":"2025"}',
      ),
    );
    expect(json(badTime).error_code).toBe('92020002');
    expect(s.license('nope')).toBeUndefined();
  });

  it('matches API paths exactly below the base path', () => {
    const s = sim();
    const prefixed = apig('GET', '/gw/api/mkp-openapi-public/global/v1/order/query?orderId=MOCKONDEMAND');
    expect(s.handle(prefixed, { basePath: '/gw' }).status).toBe(200);
    expect(json(s.handle(prefixed)).error_code).toBe('APIGW.0101');
  });

  it('refuses to start without credentials', () => {
    expect(() => createOpenApiSimulator({ credentials: { accessKey: '', secretKey: SK } })).toThrow(
      /credentials/,
    );
  });
});
