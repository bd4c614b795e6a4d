import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  DOCUMENTED_API_ERROR_CODES,
  GatewayError,
  LicenseApiError,
  MarketplaceApiError,
  OAuthError,
  RateLimitError,
  UnexpectedResponseError,
  createClient,
  createLoginClient,
  errorFromReply,
} from '@koogallery-kit/sdk';
import type { DocumentedApiCode, OpenApiError } from '@koogallery-kit/sdk';
import { AK, SK, USAGE_KEY, startServer } from './helpers';
import type { LocalServer, ScriptedReply } from './helpers';

let current: ScriptedReply = { body: {} };
let server: LocalServer;
beforeAll(async () => {
  server = await startServer(() => current);
});
afterAll(() => server.close());

const classOf: Record<DocumentedApiCode['family'], new (...args: never[]) => OpenApiError> = {
  marketplace: MarketplaceApiError,
  gateway: GatewayError,
  license: LicenseApiError,
  oauth: OAuthError,
};

const client = () =>
  createClient({ accessKey: AK, secretKey: SK, usageKey: USAGE_KEY, baseURL: server.baseURL, maxRetries: 0 });
const login = () =>
  createLoginClient({
    domainName: server.baseURL,
    clientId: 'cid',
    clientSecret: 'client-secret-value-0001',
    maxRetries: 0,
  });

/** Calls the API of the family with the reply the platform documents for `d`. */
async function callWith(d: DocumentedApiCode): Promise<unknown> {
  const headers = { 'X-Request-Id': `rid-${d.code}` };
  switch (d.family) {
    case 'marketplace':
      if (d.code.startsWith('MKT.9') || d.code === 'MKT.0102') {
        current = { status: d.status, headers, body: { error_code: d.code, error_msg: d.meaning } };
        return client()
          .usage.push([
            {
              instance_id: 'i',
              record_time: '20991231T000000Z',
              begin_time: '20991231T000000Z',
              end_time: '20991231T000000Z',
              usage_value: 1,
              metering_sn: 's',
            },
          ])
          .catch((e: unknown) => e);
      }
      current = { status: d.status, headers, body: { resultCode: d.code, resultMsg: d.meaning } };
      return client()
        .orders.query({ orderId: 'CS1' })
        .catch((e: unknown) => e);
    case 'gateway':
      current = {
        status: d.status,
        body: { error_msg: d.meaning, error_code: d.code, request_id: `rid-${d.code}` },
      };
      return client()
        .orders.query({ orderId: 'CS1' })
        .catch((e: unknown) => e);
    case 'license':
      current = { status: d.status, headers, body: { error_code: d.code, error_msg: d.meaning } };
      return client()
        .licenses.query({ license: 'LIC-1' })
        .catch((e: unknown) => e);
    case 'oauth':
      current = { status: d.status, headers, body: { error: d.code, error_description: d.meaning } };
      return d.code === 'unauthorized'
        ? login()
            .userInfo('token-value-0001')
            .catch((e: unknown) => e)
        : login()
            .exchangeCode({ code: 'c0de' })
            .catch((e: unknown) => e);
  }
}

describe('every documented error code is mapped to its class', () => {
  for (const d of DOCUMENTED_API_ERROR_CODES) {
    it(`${d.code} (HTTP ${d.status}) → ${classOf[d.family].name}`, async () => {
      const error = await callWith(d);
      expect(error).toBeInstanceOf(classOf[d.family]);
      expect(error).toBeInstanceOf(ApiError);
      const e = error as OpenApiError;
      expect(e.code).toBe(d.code);
      expect(e.status).toBe(d.status);
      expect(e.category).toBe(d.category);
      expect(e.requestId).toBe(`rid-${d.code}`);
      expect(e.message).toContain(d.code);
      expect(e.message).toContain(d.hint);
      expect(e.body).toBeTypeOf('object');
      if (d.code === 'MKT.0250') expect(e).toBeInstanceOf(RateLimitError);
      else expect(e).not.toBeInstanceOf(RateLimitError);
    });
  }

  it('tells the two meanings of 92020001 apart by HTTP status', () => {
    const map = (status: number) =>
      errorFromReply(
        { status, headers: {}, bodyText: '{"error_code":"92020001","error_msg":"x"}' },
        { operation: 'op', secrets: [], nowMs: 0 },
      );
    expect(map(403).category).toBe('authorization');
    expect(map(500).category).toBe('server');
  });

  it('maps undocumented codes by family and status, and replies without a code to UnexpectedResponseError', () => {
    const ctx = { operation: 'op', secrets: [], nowMs: 0 };
    const mkt = errorFromReply(
      { status: 500, headers: {}, bodyText: '{"resultCode":"MKT.0777","resultMsg":"?"}' },
      ctx,
    );
    expect(mkt).toBeInstanceOf(MarketplaceApiError);
    expect(mkt.category).toBe('server');
    const gw = errorFromReply(
      { status: 403, headers: {}, bodyText: '{"error_code":"APIGW.0306","error_msg":"denied"}' },
      ctx,
    );
    expect(gw).toBeInstanceOf(GatewayError);
    expect(gw.category).toBe('authorization');
    const lic = errorFromReply(
      { status: 200, headers: {}, bodyText: '{"error_code":"92029999","error_msg":"?"}' },
      ctx,
    );
    expect(lic).toBeInstanceOf(LicenseApiError);
    const none = errorFromReply(
      { status: 502, headers: { 'content-type': 'application/json' }, bodyText: '{"message":"bad gateway"}' },
      ctx,
    );
    expect(none).toBeInstanceOf(UnexpectedResponseError);
    expect(none.code).toBe('API_ERROR');
    expect(none.category).toBe('server');
    const spaced = errorFromReply(
      { status: 406, headers: {}, bodyText: '{"resultCode":"MKT. 0250","resultMsg":"x"}' },
      ctx,
    );
    expect(spaced).toBeInstanceOf(RateLimitError);
    expect(spaced.code).toBe('MKT.0250');
    const html = errorFromReply(
      { status: 502, headers: { 'content-type': 'text/html' }, bodyText: '<h1>502</h1>' },
      ctx,
    );
    expect(html.code).toBe('BODY_NOT_JSON');
    expect(html.body).toBe('<h1>502</h1>');
  });

  it('treats a 200 answer with an error code as an error (licence 92020005 comes with HTTP 200)', async () => {
    current = { status: 200, body: { error_code: '92020005', error_msg: 'license code does not exist' } };
    await expect(client().licenses.activate({ license: 'LIC-X' })).rejects.toBeInstanceOf(LicenseApiError);
    current = { status: 200, body: { resultCode: 'MKT.0100', resultMsg: 'Failure of input parameter' } };
    await expect(client().orders.query({ orderId: 'CS1' })).rejects.toBeInstanceOf(MarketplaceApiError);
  });

  it('rejects a success answer of the wrong shape with a ValidationError naming the field', async () => {
    const order = structuredClone({
      orderId: 'CS1',
      orderType: 'NEW',
      createTime: '20240101000000',
      orderLine: [{ orderLineId: 'L1', chargingMode: 'MONTHLY', productInfo: [] }],
    });
    current = { status: 200, body: { resultCode: 'MKT.0000', resultMsg: 'Success', orderInfo: order } };
    const error = await client()
      .orders.query({ orderId: 'CS1' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationError', code: 'SCHEMA_VIOLATION' });
    expect((error as { issues: Array<{ path: string }> }).issues.map((i) => i.path)).toContain(
      '/orderInfo/orderLine/0/chargingMode',
    );
    expect((error as Error).message).toContain('chargingMode');
    current = { status: 200, body: { resultCode: 'MKT.0000', resultMsg: 'Success' } };
    await expect(client().orders.query({ orderId: 'CS1' })).rejects.toMatchObject({
      code: 'SCHEMA_VIOLATION',
      issues: [{ path: '/orderInfo' }],
    });
    current = {
      status: 200,
      body: { error_code: '92020000', error_msg: 'success', data: { license_code_info: '{not json' } },
    };
    await expect(client().licenses.activate({ license: 'LIC-1' })).rejects.toMatchObject({
      code: 'SCHEMA_VIOLATION',
      issues: [{ path: '/data/license_code_info' }],
    });
    current = {
      status: 200,
      body: {
        error_code: '92020000',
        error_msg: 'success',
        data: { license_code_info: '{"status":"SLEEPING"}' },
      },
    };
    await expect(client().licenses.activate({ license: 'LIC-1' })).rejects.toMatchObject({
      code: 'SCHEMA_VIOLATION',
      issues: [{ path: '/data/license_code_info/status' }],
    });
  });
});
