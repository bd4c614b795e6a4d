import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  ValidationError,
  verifyAuthToken,
  verifyKitRequest,
  verifyRequest,
} from '@koogallery-kit/sdk';
import { PLATFORM_CONTENT_TYPE, buildProductionCall } from '@koogallery-kit/sdk/platform';

const vectors = JSON.parse(
  readFileSync(new URL('./fixtures/platform-vectors.json', import.meta.url), 'utf8'),
) as {
  accessKey: string;
  v2NewInstance: {
    body: Record<string, string>;
    wireBody: string;
    nonce: string;
    timestamp: number;
    signature: string;
  };
  v1NewInstance: { params: Record<string, string>; authToken: string };
};
const KEY = vectors.accessKey;
const SELLER = 'https://seller.example.com/produce';

function queryOf(url: string): URLSearchParams {
  return new URL(url).searchParams;
}

describe('buildProductionCall — V2 basic interfaces', () => {
  it('reproduces the derived newInstance vector: canonical body, query signature, platform headers', () => {
    const v = vectors.v2NewInstance;
    const call = buildProductionCall({
      sellerUrl: SELLER,
      accessKey: KEY,
      interface: 'newInstance',
      body: v.body,
      timestamp: v.timestamp,
      nonce: v.nonce,
    });
    expect(call.method).toBe('POST');
    expect(call.interface).toBe('newInstance');
    expect(call.body).toBe(v.wireBody);
    expect(call.headers).toEqual({
      'Content-Type': 'application/json;charset=utf8',
      Accept: 'application/json',
    });
    const url = new URL(call.url);
    expect(`${url.origin}${url.pathname}`).toBe(SELLER);
    expect(url.searchParams.get('signature')).toBe(v.signature);
    expect(url.searchParams.get('timestamp')).toBe(String(v.timestamp));
    expect(url.searchParams.get('nonce')).toBe(v.nonce);
  });

  it('fills activity, sorts keys, drops nulls, and the result verifies with the seller-side verifier', () => {
    const call = buildProductionCall({
      sellerUrl: SELLER,
      accessKey: KEY,
      interface: 'updateInstanceStatus',
      body: { testFlag: '1', status: 'FREEZE', instanceId: 'inst-1', orderId: null },
    });
    expect(call.body).toBe(
      '{"activity":"updateInstanceStatus","instanceId":"inst-1","status":"FREEZE","testFlag":"1"}',
    );
    // Default timestamp is the real wall clock: the seller's ±60 s window accepts it.
    const r = verifyRequest({ accessKey: KEY, rawBody: call.body ?? '', query: queryOf(call.url) });
    expect(r).toMatchObject({ valid: true, matched: 'raw' });
    expect(
      verifyRequest({ accessKey: 'another-key', rawBody: call.body ?? '', query: queryOf(call.url) }).valid,
    ).toBe(false);
  });

  it('keeps an existing query string of the production URL and appends the signature parameters', () => {
    const call = buildProductionCall({
      sellerUrl: 'https://seller.example.com/produce?tenant=a',
      accessKey: KEY,
      interface: 'queryInstance',
      body: { instanceId: 'i-1' },
      timestamp: 1_700_000_000_000,
      nonce: 'n0nce',
    });
    expect(call.url).toMatch(
      /^https:\/\/seller\.example\.com\/produce\?tenant=a&signature=[0-9a-f]{64}&timestamp=1700000000000&nonce=n0nce$/,
    );
  });

  it('signs licence interfaces like basic ones', () => {
    const call = buildProductionCall({
      sellerUrl: SELLER,
      accessKey: KEY,
      interface: 'updateLicenseCodeStatus',
      body: { license: 'LIC-1', status: 'FREEZE' },
    });
    expect(JSON.parse(call.body ?? '')).toMatchObject({ activity: 'updateLicenseCodeStatus' });
    expect(verifyRequest({ accessKey: KEY, rawBody: call.body ?? '', query: queryOf(call.url) }).valid).toBe(
      true,
    );
  });

  it('rejects a body that does not match the request schema with a ValidationError naming the field', () => {
    const attempt = (): unknown =>
      buildProductionCall({
        sellerUrl: SELLER,
        accessKey: KEY,
        interface: 'releaseInstance',
        body: { orderId: 'CS1' },
      });
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      const issues = (error as ValidationError).issues;
      expect(issues.map((i) => i.path)).toContain('/instanceId');
      expect((error as Error).message).toContain('instanceId');
    }
  });

  it('names an over-long request field', () => {
    try {
      buildProductionCall({
        sellerUrl: SELLER,
        accessKey: KEY,
        interface: 'updateInstanceStatus',
        body: { instanceId: 'x'.repeat(65), status: 'FREEZE' },
      });
      expect.unreachable('an over-long instanceId must be rejected');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toContainEqual(
        expect.objectContaining({ path: '/instanceId', keyword: 'maxLength' }),
      );
    }
  });

  it('rejects a conflicting activity, but sends a malformed body when validation is switched off', () => {
    expect(() =>
      buildProductionCall({
        sellerUrl: SELLER,
        accessKey: KEY,
        interface: 'queryInstance',
        body: { activity: 'newInstance', instanceId: 'i-1' },
      }),
    ).toThrow(/activity must be "queryInstance"/);
    const call = buildProductionCall({
      sellerUrl: SELLER,
      accessKey: KEY,
      interface: 'releaseInstance',
      body: {},
      validate: false,
    });
    expect(call.body).toBe('{"activity":"releaseInstance"}');
  });

  it('throws ConfigError for a bad URL, key, interface or body', () => {
    const base = {
      sellerUrl: SELLER,
      accessKey: KEY,
      interface: 'queryInstance' as const,
      body: { instanceId: 'i' },
    };
    expect(() => buildProductionCall({ ...base, sellerUrl: 'seller.example.com/produce' })).toThrow(
      ConfigError,
    );
    expect(() => buildProductionCall({ ...base, sellerUrl: 'ftp://seller.example.com/' })).toThrow(/https/);
    expect(() => buildProductionCall({ ...base, accessKey: '' })).toThrow(ConfigError);
    expect(() => buildProductionCall({ ...base, interface: 'nope' as never })).toThrow(
      /Unknown production interface/,
    );
    expect(() => buildProductionCall({ ...base, body: [] as never })).toThrow(ConfigError);
    expect(() => buildProductionCall({ ...base, timestamp: Number.NaN })).toThrow(ConfigError);
  });
});

describe('buildProductionCall — kit interfaces', () => {
  const tenant = {
    instanceId: '',
    orderId: '',
    tenantId: '68cbc86abc2018ab880d92f36422fa0e',
    tenantCode: 'huawei',
    name: 'tenant',
    domainName: 'https://example.tenantaccount.com',
    flag: 1,
    testFlag: 1,
    timeStamp: '20220413093539534',
  };

  it('posts to <sellerUrl>/produceAPI/v2/<name> with x-sign headers, no activity, integers kept', () => {
    const call = buildProductionCall({
      sellerUrl: `${SELLER}/`,
      accessKey: 'kit-key-0001',
      interface: 'tenantSync',
      body: tenant,
    });
    expect(call.method).toBe('POST');
    expect(call.url).toBe('https://seller.example.com/produce/produceAPI/v2/tenantSync');
    expect(call.headers['Content-Type']).toBe(PLATFORM_CONTENT_TYPE);
    expect(Object.keys(call.headers).sort()).toEqual([
      'Accept',
      'Content-Type',
      'x-nonce',
      'x-sign',
      'x-timestamp',
    ]);
    const body = JSON.parse(call.body ?? '') as Record<string, unknown>;
    expect(body).not.toHaveProperty('activity');
    expect(body['flag']).toBe(1);
    const r = verifyKitRequest({
      accessKey: 'kit-key-0001',
      rawBody: call.body ?? '',
      headers: call.headers,
    });
    expect(r).toMatchObject({ valid: true, matched: 'raw' });
    expect(verifyKitRequest({ accessKey: KEY, rawBody: call.body ?? '', headers: call.headers }).valid).toBe(
      false,
    );
  });

  it('validates kit bodies (flag must be an integer)', () => {
    expect(() =>
      buildProductionCall({
        sellerUrl: SELLER,
        accessKey: KEY,
        interface: 'tenantSync',
        body: { ...tenant, flag: '1' },
      }),
    ).toThrow(ValidationError);
  });
});

describe('buildProductionCall — V1 interfaces', () => {
  it('reproduces the derived V1 authToken vector as a GET with every parameter in the query', () => {
    const v = vectors.v1NewInstance;
    const call = buildProductionCall({
      sellerUrl: SELLER,
      accessKey: KEY,
      interface: 'v1NewInstance',
      body: v.params,
    });
    expect(call.method).toBe('GET');
    expect(call.body).toBeUndefined();
    const q = queryOf(call.url);
    expect(q.get('activity')).toBe('newInstance');
    expect(q.get('authToken')).toBe(v.authToken);
    // "+" and "/" of the Base64 token travel percent-encoded, so no decoder turns them into spaces.
    expect(call.url).toContain('authToken=rjND%2BEtzdPJCNyqrLt%2FLHR3JrNBZA%2FGGJbgOmLk2tqE%3D');
    expect(verifyAuthToken({ accessKey: KEY, query: q })).toMatchObject({ valid: true, matched: 'raw' });
  });

  it('adds timeStamp as UTC yyyyMMddHHmmssSSS from the injected timestamp', () => {
    const call = buildProductionCall({
      sellerUrl: SELLER,
      accessKey: KEY,
      interface: 'v1QueryInstance',
      body: { instanceId: 'a,b' },
      timestamp: Date.UTC(2023, 2, 27, 6, 52, 33, 980),
    });
    const q = queryOf(call.url);
    expect(q.get('timeStamp')).toBe('20230327065233980');
    expect(q.get('instanceId')).toBe('a,b');
    expect(verifyAuthToken({ accessKey: KEY, query: q }).valid).toBe(true);
  });
});
