/**
 * The mock's API gateway: the SDK client, Huawei's own Node signer and a plain request each get the answer the
 * platform gives — the order for a correct signature, `APIGW.0301` with the canonical request echoed for a wrong
 * one, the 15-minute skew rule on the gateway's clock, unsigned payloads, unknown AKs.
 */
import { createHash, createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { GatewayError, createClient, signApigRequest } from '@koogallery-kit/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { createOpenApiRouter } from '../../src/http/open-api';
import {
  CREDENTIALS,
  T0,
  closeServer,
  listen,
  send,
  sendSigned,
  startMarket,
  type TestMarket,
} from './helpers';

const ORDER_PATH = '/api/mkp-openapi-public/global/v1/order/query';

interface HuaweiRequest {
  endpoint: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  queryParams: Record<string, string>;
  data?: unknown;
}
interface HuaweiCredentials {
  withAk(ak: string): HuaweiCredentials;
  withSk(sk: string): HuaweiCredentials;
  processAuthRequest(client: unknown, request: HuaweiRequest): Promise<{ headers: Record<string, string> }>;
}
// Huawei's SDK is a devDependency of the SDK package: resolve it from there.
const requireFromSdk = createRequire(fileURLToPath(new URL('../../../sdk/package.json', import.meta.url)));
const huawei = requireFromSdk('@huaweicloud/huaweicloud-sdk-core') as {
  BasicCredentials: new () => HuaweiCredentials;
};

/** `YYYYMMDD'T'HHMMSS'Z'` of epoch ms. */
const sdkDate = (ms: number): string => `${new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;

/** Sends exactly these headers (node:http lets us set Host as signed). */
function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body = '',
): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

let market: TestMarket;
beforeAll(async () => {
  market = await startMarket();
});
afterAll(async () => {
  await market.close();
});

describe('APIG gateway of the mock', () => {
  it('serves the SDK client (AK/SK signed by createClient)', async () => {
    const client = createClient({
      accessKey: CREDENTIALS.ak,
      secretKey: CREDENTIALS.sk,
      baseURL: market.url,
      now: () => T0,
    });
    const order = await client.orders.query({ orderId: 'MOCKPERIODYEARNEW' });
    expect(order.orderId).toBe('MOCKPERIODYEARNEW');
    expect(order.orderLine[0]?.orderLineId).toBe('MOCKPERIODYEARNEW-000001');
  });

  it("serves a request signed by Huawei's own Node SDK signer", async () => {
    const credentials = new huawei.BasicCredentials().withAk(CREDENTIALS.ak).withSk(CREDENTIALS.sk);
    const host = new URL(market.url).host;
    const { headers } = await credentials.processAuthRequest(
      {},
      {
        endpoint: market.url,
        url: ORDER_PATH,
        method: 'GET',
        headers: { 'Content-Type': 'application/json', 'X-Sdk-Date': sdkDate(T0) },
        queryParams: { orderId: 'MOCKONDEMAND', orderLineId: 'MOCKONDEMAND-000001' },
      },
    );
    expect(headers.Authorization).toMatch(/^SDK-HMAC-SHA256 Access=TESTMOCKAK0000000001, /);
    const answer = await rawRequest(
      `${market.url}${ORDER_PATH}?orderId=MOCKONDEMAND&orderLineId=MOCKONDEMAND-000001`,
      'GET',
      { ...headers, host },
    );
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      resultCode: 'MKT.0000',
      orderInfo: { orderId: 'MOCKONDEMAND', orderLine: [{ chargingMode: 'ON_DEMAND' }] },
    });
  });

  it('answers a wrong signature with APIGW.0301 and echoes the canonical request with | for newlines', async () => {
    const url = `${market.url}${ORDER_PATH}?orderId=MOCKONETIMENEW`;
    const headers = { 'Content-Type': 'application/json', 'X-Sdk-Date': sdkDate(T0) };
    const forged = createHmac('sha256', 'not-the-secret').update('anything').digest('hex');
    const answer = await send(url, {
      headers: {
        ...headers,
        Authorization: `SDK-HMAC-SHA256 Access=${CREDENTIALS.ak}, SignedHeaders=content-type;host;x-sdk-date, Signature=${forged}`,
      },
    });
    expect(answer.status).toBe(401);
    expect(answer.json.error_code).toBe('APIGW.0301');
    expect(answer.json.request_id).toMatch(/^[0-9a-f]{32}$/);
    const host = new URL(market.url).host;
    const canonical = [
      'GET',
      `${ORDER_PATH}/`,
      'orderId=MOCKONETIMENEW',
      `content-type:application/json`,
      `host:${host}`,
      `x-sdk-date:${sdkDate(T0)}`,
      '',
      'content-type;host;x-sdk-date',
      createHash('sha256').update('').digest('hex'),
    ].join('|');
    expect(answer.json.error_msg).toBe(
      `Incorrect IAM authentication information: verify aksk signature fail, canonicalRequest: ${canonical}`,
    );
    expect(answer.text).not.toContain(CREDENTIALS.sk);
  });

  it('the SDK client surfaces a wrong SK as a GatewayError APIGW.0301', async () => {
    const client = createClient({
      accessKey: CREDENTIALS.ak,
      secretKey: 'wrong-secret-key-0000000000000000000000000',
      baseURL: market.url,
      now: () => T0,
      maxRetries: 0,
    });
    const error = await client.orders.query({ orderId: 'MOCKPERIODYEARNEW' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'APIGW.0301', status: 401 });
  });

  it('accepts X-Sdk-Date up to 15 minutes away from its clock, in both directions, and refuses beyond', async () => {
    const sign = (at: number) => {
      return sendSigned(`${market.url}${ORDER_PATH}?orderId=MOCKMONTYRENEW`, { at });
    };
    const minute = 60_000;
    expect((await sign(T0 - 15 * minute)).status).toBe(200);
    expect((await sign(T0 + 15 * minute)).status).toBe(200);
    for (const at of [T0 - 16 * minute, T0 + 16 * minute]) {
      const late = await sign(at);
      expect(late.status).toBe(401);
      expect(late.json.error_code).toBe('APIGW.0301');
      expect(String(late.json.error_msg)).toContain('X-Sdk-Date is more than 15 minutes away');
    }
  });

  it('accepts UNSIGNED-PAYLOAD and still checks the signature of everything else', async () => {
    const url = `${market.url}/api/mkp-openapi-public/global/v1/license/heartbeat`;
    const body = JSON.stringify({ license: 'LIC-DEMO-ALIVE' });
    const headers = { 'Content-Type': 'application/json' };
    const signed = signApigRequest({
      accessKey: CREDENTIALS.ak,
      secretKey: CREDENTIALS.sk,
      method: 'POST',
      url,
      headers,
      body,
      date: new Date(T0),
      unsignedPayload: true,
    });
    expect(signed['X-Sdk-Content-Sha256']).toBe('UNSIGNED-PAYLOAD');
    const ok = await send(url, { method: 'POST', headers: { ...headers, ...signed }, body });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({
      error_code: '92020000',
      data: { license_code: 'LIC-DEMO-ALIVE', status: 'ALIVE' },
    });
    // The body is not covered, but the path is: the same headers on another API fail.
    const other = await send(`${market.url}/api/mkp-openapi-public/global/v1/license/activate`, {
      method: 'POST',
      headers: { ...headers, ...signed },
      body,
    });
    expect(other.status).toBe(401);
    expect(String(other.json.error_msg)).toContain('UNSIGNED-PAYLOAD');
  });

  it('refuses an unknown AK and a missing Authorization header in the gateway format, without echoing secrets', async () => {
    const url = `${market.url}${ORDER_PATH}?orderId=MOCKPERIODYEARNEW`;
    const headers = { 'Content-Type': 'application/json' };
    const unknown = await sendSigned(url, { accessKey: 'SOMEBODYELSE00000001' });
    expect(unknown.status).toBe(401);
    expect(unknown.json).toMatchObject({ error_code: 'APIGW.0301' });
    expect(String(unknown.json.error_msg)).toContain('ak not exist');
    expect(unknown.text).not.toContain('SOMEBODYELSE00000001');
    const missing = await send(url, { headers });
    expect(missing.status).toBe(401);
    expect(missing.json.error_code).toBe('APIGW.0301');
    expect(String(missing.json.error_msg)).toContain('Authorization header is missing');
  });

  it('answers unknown paths under the Open API prefix like the gateway (APIGW.0101) and leaves other paths alone', async () => {
    const unknown = await send(`${market.url}/api/mkp-openapi-public/global/v1/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error_code).toBe('APIGW.0101');
    const outside = await send(`${market.url}/somewhere-else`);
    expect(outside.status).toBe(404);
    expect(outside.json.error_code).toBeUndefined();
  });

  it('works mounted at the Open API prefix and under a base path of the mock', async () => {
    const app = express();
    const router = createOpenApiRouter({
      engine: market.engine,
      credentials: CREDENTIALS,
      clock: { now: () => T0 },
    });
    app.use('/api/mkp-openapi-public', router);
    app.use('/mock', router);
    const { server, port } = await listen(app);
    try {
      for (const base of [`http://127.0.0.1:${port}`, `http://127.0.0.1:${port}/mock`]) {
        const client = createClient({
          accessKey: CREDENTIALS.ak,
          secretKey: CREDENTIALS.sk,
          baseURL: base,
          now: () => T0,
          maxRetries: 0,
        });
        expect((await client.orders.query({ orderId: 'MOCKMONTYCHANGE' })).orderType).toBe('CHANGE');
      }
    } finally {
      await closeServer(server);
    }
  });
});
