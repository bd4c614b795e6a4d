/**
 * Cross-check of the APIG signer and verifier against Huawei's own Node signer (`@huaweicloud/huaweicloud-sdk-core`,
 * `BasicCredentials.processAuthRequest` → `AKSKSigner.sign`) on generated requests. The generator avoids the two
 * places where that SDK departs from the published algorithm (it does not trim header values, and it orders
 * canonical headers with `localeCompare`, which puts `_` before `-`); apig-signer.test.ts pins our behaviour there.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { signApigRequest, verifyApigRequest } from '../../src/signing';
import { computeApigSignature } from '../../src/signing/apig-signer';
import { createPrng } from './helpers';

interface HuaweiRequest {
  endpoint: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  queryParams: Record<string, string | string[]>;
  data?: unknown;
}
interface HuaweiCredentials {
  withAk(ak: string): HuaweiCredentials;
  withSk(sk: string): HuaweiCredentials;
  processAuthRequest(client: unknown, request: HuaweiRequest): Promise<{ headers: Record<string, string> }>;
}
const require = createRequire(import.meta.url);
const core = require('@huaweicloud/huaweicloud-sdk-core') as {
  BasicCredentials: new () => HuaweiCredentials;
};

const AK = 'HPUAXXXXTESTAK0000001';
const SK = 'TestSecretKey0000000000000000000000000000';
const credentials = new core.BasicCredentials().withAk(AK).withSk(SK);

async function huaweiSign(request: HuaweiRequest): Promise<Record<string, string>> {
  // processAuthRequest mutates its argument (query arrays are sorted in place): give it a deep copy.
  const copy = structuredClone(request);
  return (await credentials.processAuthRequest({}, copy)).headers;
}

const PATH_CHARS = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...'-._~!*()$,;:@=+&',
  '实',
  '例',
  'é',
  'ü',
  'Ω',
  '€',
  '😀',
];
const QUERY_CHARS = [...PATH_CHARS, ' ', '/', '?', '%', '#', "'", '"', '[', ']', '^', '|'];
const HEADER_VALUE_CHARS = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,;:=/+*()[]{}<>!?@#$%^&~` ',
];
const CONTENT_TYPES = [
  undefined,
  'application/json',
  'application/json;charset=UTF-8',
  'text/plain',
  'application/octet-stream',
];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'];
const HOSTS = ['mkt.myhuaweicloud.com', 'service.region.example.com', 'localhost:8443', '127.0.0.1:9000'];

type Prng = ReturnType<typeof createPrng>;

function word(rnd: Prng, chars: readonly string[], min: number, max: number): string {
  let s = '';
  const n = min + rnd.int(max - min + 1);
  for (let i = 0; i < n; i++) s += rnd.pick(chars);
  return s;
}

function segment(rnd: Prng): string {
  for (;;) {
    const s = word(rnd, PATH_CHARS, 1, 8);
    if (s !== '.' && s !== '..') return s;
  }
}

function headerValue(rnd: Prng): string {
  for (;;) {
    const v = word(rnd, HEADER_VALUE_CHARS, 1, 20);
    if (v.trim() === v) return v;
  }
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** True when Huawei's two header orderings (sortBy for SignedHeaders, localeCompare for the canonical headers) agree with code-unit order. */
function orderingAgrees(names: string[]): boolean {
  const lower = names.map((n) => n.toLowerCase());
  const a = [...lower].sort(byCodeUnit);
  const b = [...lower].sort((x, y) => x.localeCompare(y));
  return a.join() === b.join();
}

interface Case {
  huawei: HuaweiRequest;
  url: string;
  pathAndQuery: string;
  body: string;
  date: Date;
  sdkDate: string;
  traits: Set<string>;
}

function generate(rnd: Prng): Case {
  const traits = new Set<string>();
  const method = rnd.pick(METHODS);
  const host = rnd.pick(HOSTS);
  const segments = Array.from({ length: 1 + rnd.int(4) }, () => segment(rnd));
  const rawPath = `/${segments.join('/')}${rnd.bool(0.2) ? '/' : ''}`;
  if ([...rawPath].some((c) => c.charCodeAt(0) > 0x7f)) traits.add('unicode-path');
  const encodePath = rnd.bool();
  const ourPath = encodePath ? rawPath.split('/').map(encodeURIComponent).join('/') : rawPath;

  const queryParams: Record<string, string | string[]> = {};
  const pairs: Array<[string, string]> = [];
  const nKeys = rnd.int(5);
  for (let i = 0; i < nKeys; i++) {
    const key = word(rnd, QUERY_CHARS, 1, 6);
    if (key in queryParams) continue;
    const value = () => (rnd.bool(0.2) ? '' : word(rnd, QUERY_CHARS, 1, 8));
    if (rnd.bool(0.3)) {
      const values = Array.from({ length: 2 + rnd.int(2) }, value);
      if (rnd.bool(0.3)) values.push(values[0] as string);
      queryParams[key] = values;
      for (const v of values) pairs.push([key, v]);
      traits.add('repeated-query');
    } else {
      const v = value();
      queryParams[key] = v;
      pairs.push([key, v]);
    }
  }
  if (pairs.some(([, v]) => v === '')) traits.add('empty-query-value');
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = rnd.int(i + 1);
    [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
  }
  const query = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const pathAndQuery = `${ourPath}${query ? `?${query}` : ''}`;

  const headers: Record<string, string> = {};
  const contentType = rnd.pick(CONTENT_TYPES);
  if (contentType !== undefined) headers[rnd.bool() ? 'Content-Type' : 'content-type'] = contentType;
  const nExtra = rnd.int(4);
  for (let i = 0; i < nExtra; i++) {
    const name = `${rnd.bool() ? 'X' : 'x'}-${word(rnd, [...'abcdefghijklmnopqrstuvwxyz0123456789-'], 1, 10)}`;
    if (Object.keys(headers).some((k) => k.toLowerCase() === name.toLowerCase())) continue;
    headers[name] = headerValue(rnd);
    traits.add('extra-headers');
  }
  if (rnd.bool(0.2)) headers['x-stage'] = 'RELEASE';

  let data: unknown;
  if (method !== 'GET' && method !== 'HEAD' && rnd.bool(0.8)) {
    const obj: Record<string, unknown> = {};
    for (let i = 0; i < 1 + rnd.int(4); i++)
      obj[word(rnd, PATH_CHARS, 1, 6)] = rnd.bool() ? word(rnd, QUERY_CHARS, 0, 12) : rnd.int(1e6);
    data = obj;
    traits.add('body');
  }
  const date = new Date(
    Date.UTC(2000 + rnd.int(30), rnd.int(12), 1 + rnd.int(28), rnd.int(24), rnd.int(60), rnd.int(60)),
  );
  const sdkDate = `${date.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;

  return {
    huawei: {
      endpoint: `https://${host}`,
      url: rawPath,
      method,
      headers: { ...headers, 'X-Sdk-Date': sdkDate },
      queryParams,
      ...(data === undefined ? {} : { data }),
    },
    url: `https://${host}${pathAndQuery}`,
    pathAndQuery,
    body: data === undefined ? '' : JSON.stringify(data),
    date,
    sdkDate,
    traits,
  };
}

function* cases(count: number): Generator<Case> {
  const rnd = createPrng(0x5eed_2024);
  let made = 0;
  while (made < count) {
    const c = generate(rnd);
    const names = [...Object.keys(c.huawei.headers), 'host'];
    if (!orderingAgrees(names)) continue;
    made++;
    yield c;
  }
}

describe('APIG signer vs Huawei SDK core (generated requests)', () => {
  const COUNT = 240;

  it(`produces the same Authorization as Huawei's signer on ${COUNT} requests, and each side verifies the other`, async () => {
    const seen = new Map<string, number>();
    let compared = 0;
    for (const c of cases(COUNT)) {
      const theirs = await huaweiSign(c.huawei);
      const unsignedPayload = theirs['X-Sdk-Content-Sha256'] === 'UNSIGNED-PAYLOAD';
      if (unsignedPayload) c.traits.add('unsigned-payload');
      for (const t of c.traits) seen.set(t, (seen.get(t) ?? 0) + 1);

      const { 'X-Sdk-Date': _date, ...callerHeaders } = c.huawei.headers;
      const ours = signApigRequest({
        accessKey: AK,
        secretKey: SK,
        method: c.huawei.method,
        url: c.url,
        headers: callerHeaders,
        body: c.body,
        date: c.date,
        unsignedPayload,
      });
      const context = `${c.huawei.method} ${c.url} ${JSON.stringify(callerHeaders)}`;
      expect(ours.Authorization, context).toBe(theirs.Authorization);
      expect(ours['X-Sdk-Date']).toBe(c.sdkDate);
      expect(ours['X-Sdk-Content-Sha256']).toBe(unsignedPayload ? 'UNSIGNED-PAYLOAD' : undefined);

      const lookupSecret = (ak: string) => (ak === AK ? SK : undefined);
      const now = () => c.date.getTime();
      const acceptsTheirs = verifyApigRequest({
        lookupSecret,
        method: c.huawei.method,
        url: c.pathAndQuery,
        headers: theirs,
        body: c.body,
        now,
      });
      expect(acceptsTheirs, context).toEqual({ valid: true, accessKey: AK });
      const acceptsOurs = verifyApigRequest({
        lookupSecret,
        method: c.huawei.method,
        url: c.url,
        headers: { ...callerHeaders, ...ours },
        body: c.body,
        now,
      });
      expect(acceptsOurs, context).toEqual({ valid: true, accessKey: AK });
      compared++;
    }
    expect(compared).toBe(COUNT);
    // The generator really exercised every feature the cross-check is meant to cover.
    for (const trait of [
      'unicode-path',
      'repeated-query',
      'empty-query-value',
      'extra-headers',
      'body',
      'unsigned-payload',
    ]) {
      expect(seen.get(trait) ?? 0, trait).toBeGreaterThanOrEqual(10);
    }
  });

  it('Huawei switches to UNSIGNED-PAYLOAD exactly for non-"application/json" content types, and so do we with the option', async () => {
    const base: HuaweiRequest = {
      endpoint: 'https://mkt.myhuaweicloud.com',
      url: '/api/mkp-openapi-public/global/v1/isv/usage-data',
      method: 'POST',
      headers: { 'Content-Type': 'application/json;charset=UTF-8', 'X-Sdk-Date': '20250101T000000Z' },
      queryParams: {},
      data: { usage_records: [] },
    };
    const theirs = await huaweiSign(base);
    expect(theirs['X-Sdk-Content-Sha256']).toBe('UNSIGNED-PAYLOAD');
    const options = {
      accessKey: AK,
      secretKey: SK,
      method: 'POST',
      url: `${base.endpoint}${base.url}`,
      headers: { 'Content-Type': 'application/json;charset=UTF-8' },
      body: JSON.stringify(base.data),
      date: new Date(Date.UTC(2025, 0, 1)),
    };
    const s = computeApigSignature({ ...options, unsignedPayload: true });
    expect(s.canonicalRequest.endsWith('\nUNSIGNED-PAYLOAD')).toBe(true);
    expect(s.signedHeaders).toBe('content-type;host;x-sdk-content-sha256;x-sdk-date');
    expect(s.authorization).toBe(theirs.Authorization);
    // Without the option the body is hashed, which Huawei's signer does not do for this content type.
    expect(computeApigSignature(options).authorization).not.toBe(theirs.Authorization);
    const plainJson = await huaweiSign({
      ...base,
      headers: { 'Content-Type': 'application/json', 'X-Sdk-Date': '20250101T000000Z' },
    });
    expect(plainJson['X-Sdk-Content-Sha256']).toBeUndefined();
  });
});
