import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@koogallery-kit/sdk';
import { MOCK_ORDERS } from '@koogallery-kit/sdk/testing';
import { AK, SK, T0, USAGE_KEY, huaweiAuthorization, startServer } from './helpers';
import type { LocalServer, ScriptedReply, SeenRequest } from './helpers';

/**
 * A real local HTTP server that accepts a request only when Huawei's own signer
 * (`@huaweicloud/huaweicloud-sdk-core`) computes the same Authorization for what was received.
 */
let server: LocalServer;
const verdicts: Array<{ path: string; ok: boolean }> = [];

function checkApig(req: SeenRequest): boolean {
  const expected = huaweiAuthorization(req, `127.0.0.1:${server.port}`, AK, SK);
  return expected !== undefined && expected === req.headers.authorization;
}

function checkUsage(req: SeenRequest): boolean {
  const ts = String(req.headers.ts);
  const nonce = String(req.headers.nonce);
  const expected = createHmac('sha256', USAGE_KEY)
    .update(`ts=${ts}&nonce=${nonce}&body=${req.body}`)
    .digest('base64');
  return expected === req.headers.signature;
}

beforeAll(async () => {
  server = await startServer((req): ScriptedReply => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path.endsWith('/isv/usage-data')) {
      const ok = checkUsage(req);
      verdicts.push({ path, ok });
      return ok
        ? { body: { error_code: 'MKT.0000', error_msg: 'Success' } }
        : { status: 400, body: { error_code: 'MKT.0102', error_msg: 'Invalid body signature' } };
    }
    const ok = checkApig(req);
    verdicts.push({ path, ok });
    if (!ok)
      return {
        status: 401,
        body: {
          error_code: 'APIGW.0301',
          error_msg: 'Incorrect IAM authentication information',
          request_id: 'r',
        },
      };
    if (path.endsWith('/order/query'))
      return { body: { resultCode: 'MKT.0000', resultMsg: 'Success', orderInfo: MOCK_ORDERS.MOCKONDEMAND } };
    if (path.endsWith('/license/activate')) {
      return {
        body: {
          error_code: '92020000',
          error_msg: 'success',
          data: { license_code_info: '{"status":"ALIVE","amount":2}' },
        },
      };
    }
    if (path.endsWith('/asset/deployed-object'))
      return { body: { error_code: 'MKT.0000', error_msg: 'ok', data: [] } };
    return { status: 404, body: { error_code: 'APIGW.0101', error_msg: 'no such API' } };
  });
});
afterAll(() => server.close());

const client = () =>
  createClient({
    accessKey: AK,
    secretKey: SK,
    usageKey: USAGE_KEY,
    baseURL: server.baseURL,
    now: () => T0,
    maxRetries: 0,
  });

describe('client against a real local server with Huawei’s signer as oracle', () => {
  it('signs the order query (GET with a query string) exactly like Huawei’s SDK', async () => {
    verdicts.length = 0;
    const order = await client().orders.query({
      orderId: 'MOCKONDEMAND',
      orderLineId: 'MOCKONDEMAND-000001',
    });
    expect(order.orderId).toBe('MOCKONDEMAND');
    expect(verdicts).toEqual([{ path: '/api/mkp-openapi-public/global/v1/order/query', ok: true }]);
    const seen = server.requests.at(-1) as SeenRequest;
    expect(seen.headers['x-sdk-date']).toBe('20250101T000000Z');
    expect(seen.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(seen.headers.authorization).toMatch(
      new RegExp(
        `^SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=content-type;host;x-sdk-date, Signature=[0-9a-f]{64}$`,
      ),
    );
    expect(seen.headers['x-retry-count']).toBeUndefined();
  });

  it('signs a POST body (licence activation) exactly like Huawei’s SDK', async () => {
    verdicts.length = 0;
    const result = await client().licenses.activate({
      license: 'LIC-TEST-0001',
      real_effect_time: '20250101000000',
    });
    expect(result.licenseCodeInfo).toEqual({ status: 'ALIVE', amount: 2 });
    expect(verdicts).toEqual([{ path: '/api/mkp-openapi-public/global/v1/license/activate', ok: true }]);
    expect(server.requests.at(-1)?.body).toBe(
      '{"license":"LIC-TEST-0001","real_effect_time":"20250101000000"}',
    );
  });

  it('signs query values that need percent-encoding like Huawei’s SDK', async () => {
    verdicts.length = 0;
    await client().assets.deployedObjects({
      asset_id: 'A 1/ü+é',
      deployed_type: 'software_package',
      query_all: true,
    });
    expect(verdicts).toEqual([{ path: '/api/mkp-openapi-public/v1/asset/deployed-object', ok: true }]);
  });

  it('signs the usage push with ts/nonce/signature over the exact bytes sent (independent HMAC)', async () => {
    verdicts.length = 0;
    await client().usage.push([
      {
        instance_id: 'inst-1',
        record_time: '20241231T230500Z',
        begin_time: '20241231T220000Z',
        end_time: '20241231T230000Z',
        usage_value: '3.25',
        metering_sn: 'sn-oracle-1',
      },
    ]);
    expect(verdicts).toEqual([{ path: '/api/mkp-openapi-public/global/v1/isv/usage-data', ok: true }]);
    const seen = server.requests.at(-1) as SeenRequest;
    expect(seen.headers.ts).toBe(String(T0));
    expect(String(seen.headers.nonce).length).toBeGreaterThan(0);
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.body).toBe(
      '{"usage_records":[{"begin_time":"20241231T220000Z","end_time":"20241231T230000Z","instance_id":"inst-1","metering_sn":"sn-oracle-1","record_time":"20241231T230500Z","usage_value":"3.25"}]}',
    );
  });

  it('the oracle really rejects: a wrong secret key fails Huawei’s check', async () => {
    verdicts.length = 0;
    const bad = createClient({
      accessKey: AK,
      secretKey: 'NOT_THE_SECRET_KEY_00',
      baseURL: server.baseURL,
      now: () => T0,
      maxRetries: 0,
    });
    await expect(bad.orders.query({ orderId: 'MOCKONDEMAND' })).rejects.toMatchObject({
      code: 'APIGW.0301',
      status: 401,
    });
    expect(verdicts).toEqual([{ path: '/api/mkp-openapi-public/global/v1/order/query', ok: false }]);
  });
});
