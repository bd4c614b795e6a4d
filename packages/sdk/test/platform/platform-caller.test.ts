import { afterEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  ValidationError,
  createBodySign,
  verifyAuthToken,
  verifyKitRequest,
  verifyRequest,
} from '@koogallery-kit/sdk';
import {
  callReportToJson,
  createPlatformCaller,
  formatCallReport,
  type PlatformCallResult,
  type ProblemCode,
} from '@koogallery-kit/sdk/platform';
import {
  reply,
  startSeller,
  type ReceivedRequest,
  type ReplyOptions,
  type TestSeller,
} from './helpers/test-seller';

const KEY = 'basic-key-4f1c9a7e';
const KIT_KEY = 'kit-key-8d2b6e03';
const OTHER_KEY = 'someone-elses-key-77';

const sellers: TestSeller[] = [];
afterEach(async () => {
  await Promise.all(sellers.splice(0).map((s) => s.close()));
});

/** A seller that checks the platform's signature (000001 otherwise) and answers `body` with the given defects. */
async function seller(
  body: string | ((req: ReceivedRequest) => string),
  o: ReplyOptions = {},
): Promise<TestSeller> {
  const s = await startSeller((req, res) => {
    const query = new URL(req.url, 'http://x').searchParams;
    const ok = verifyRequest({ accessKey: KEY, rawBody: req.rawBody, query }).valid;
    const text = ok
      ? typeof body === 'string'
        ? body
        : body(req)
      : '{"resultCode":"000001","resultMsg":"token is invalid"}';
    reply(res, KEY, text, o);
  });
  sellers.push(s);
  return s;
}

const codes = (r: PlatformCallResult): ProblemCode[] => r.verdict.problems.map((p) => p.code);
const QUERY_OK = (req: ReceivedRequest): string => {
  const ids = (JSON.parse(req.rawBody) as { instanceId: string }).instanceId.split(',');
  return JSON.stringify({
    resultCode: '000000',
    resultMsg: 'success.',
    info: ids.map((instanceId) => ({
      instanceId,
      appInfo: { frontEndUrl: `https://app.example.com/${instanceId}` },
    })),
  });
};

describe('createPlatformCaller against real sellers', () => {
  it('a correct seller is accepted, and received a correctly signed canonical request', async () => {
    const s = await seller(QUERY_OK);
    const platform = createPlatformCaller({ sellerUrl: s.url, accessKey: KEY });
    const result = await platform.queryInstance(['i-1', 'i-2']);
    expect(result.verdict).toMatchObject({
      accepted: true,
      async: false,
      resultCode: '000000',
      problems: [],
    });
    expect(result.reply?.status).toBe(200);
    const received = s.requests[0];
    expect(received?.method).toBe('POST');
    expect(received?.rawBody).toBe('{"activity":"queryInstance","instanceId":"i-1,i-2"}');
    expect(received?.headers['content-type']).toBe('application/json;charset=utf8');
    const query = new URL(received?.url ?? '', 'http://x').searchParams;
    expect(verifyRequest({ accessKey: KEY, rawBody: received?.rawBody ?? '', query })).toMatchObject({
      valid: true,
      matched: 'raw',
    });
  });

  it.each<[string, string, ReplyOptions, ProblemCode[], RegExp]>([
    [
      'wrong Body-Sign (other key)',
      '{"resultCode":"000000","resultMsg":"ok"}',
      { signKey: OTHER_KEY },
      ['BODY_SIGN_INVALID'],
      /different key/,
    ],
    [
      're-serialised body signed',
      '{\n  "resultCode": "000000",\n  "resultMsg": "ok"\n}',
      { signOver: '{"resultCode":"000000","resultMsg":"ok"}' },
      ['BODY_SIGN_INVALID'],
      /exact bytes you send; you signed a different serialisation/,
    ],
    [
      'lower-case body-sign header',
      '{"resultCode":"000000","resultMsg":"ok"}',
      { signHeader: 'body-sign' },
      ['BODY_SIGN_HEADER_CASE'],
      /exact case/,
    ],
    [
      'missing Body-Sign header',
      '{"resultCode":"000000","resultMsg":"ok"}',
      { signHeader: null },
      ['BODY_SIGN_MISSING'],
      /Body-Sign: sign_type/,
    ],
    [
      'unquoted Body-Sign values',
      '{"resultCode":"000000","resultMsg":"ok"}',
      { signValue: 'sign_type=HMAC-SHA256, signature=SIG' },
      ['BODY_SIGN_FORMAT'],
      /both values quoted/,
    ],
    [
      'text/plain content type',
      '{"resultCode":"000000","resultMsg":"ok"}',
      { contentType: 'text/plain' },
      ['CONTENT_TYPE'],
      /application\/json/,
    ],
    ['HTTP 500', '{"resultCode":"000000","resultMsg":"ok"}', { status: 500 }, ['HTTP_STATUS'], /HTTP 200/],
    [
      'resultCode 000005',
      '{"resultCode":"000005","resultMsg":"other inner error"}',
      {},
      ['RESULT_CODE'],
      /000000/,
    ],
    ['non-JSON body', '<html>Internal error</html>', {}, ['BODY_NOT_JSON'], /JSON object/],
  ])('%s is named precisely', async (_label, body, options, expected, hint) => {
    // Unquoted case: a correct signature, only the rendering is wrong.
    const signature = /signature="([^"]+)"/.exec(createBodySign(KEY, body))?.[1] ?? '';
    const withSig = options.signValue
      ? { ...options, signValue: options.signValue.replace('SIG', signature) }
      : options;
    const s = await seller(body, withSig);
    const result = await createPlatformCaller({ sellerUrl: s.url, accessKey: KEY }).orderNotify({
      orderId: 'CS1',
    });
    expect(codes(result)).toEqual(expected);
    expect(result.verdict.accepted).toBe(false);
    expect(result.verdict.problems[0]?.hint).toMatch(hint);
  });

  it('an over-length frontEndUrl is FIELD_TOO_LONG on that exact field', async () => {
    const s = await seller(
      JSON.stringify({
        resultCode: '000000',
        resultMsg: 'ok',
        info: [{ instanceId: 'i-1', appInfo: { frontEndUrl: `https://a.example.com/${'x'.repeat(578)}` } }],
      }),
    );
    const result = await createPlatformCaller({ sellerUrl: s.url, accessKey: KEY }).queryInstance('i-1');
    expect(result.verdict.problems).toEqual([
      expect.objectContaining({
        code: 'FIELD_TOO_LONG',
        field: 'info[0].appInfo.frontEndUrl',
        message: 'info[0].appInfo.frontEndUrl is 600 characters long; it must be at most 512 characters.',
      }),
    ]);
  });

  it('a newInstance reply without instanceId is FIELD_MISSING instanceId; 000004 with it is async', async () => {
    const missing = await seller('{"resultCode":"000000","resultMsg":"ok"}');
    const r1 = await createPlatformCaller({ sellerUrl: missing.url, accessKey: KEY }).newInstance({
      orderId: 'CS1',
    });
    expect(r1.verdict.problems).toEqual([
      expect.objectContaining({ code: 'FIELD_MISSING', field: 'instanceId' }),
    ]);
    const asyncSeller = await seller(
      '{"resultCode":"000004","resultMsg":"request is processing","instanceId":"i-9"}',
    );
    const r2 = await createPlatformCaller({ sellerUrl: asyncSeller.url, accessKey: KEY }).newInstance({
      orderId: 'CS1',
    });
    expect(r2.verdict).toMatchObject({ accepted: true, async: true, resultCode: '000004' });
    const sent = JSON.parse(asyncSeller.requests[0]?.rawBody ?? '{}') as Record<string, string>;
    expect(sent['orderLineId']).toBe('CS1-000001');
    expect(sent['businessId']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports several defects at once', async () => {
    const body = JSON.stringify({
      resultCode: '000005',
      info: [{ instanceId: 'i-1', appInfo: { frontEndUrl: 'u'.repeat(600) } }],
    });
    const s = await seller(body, {
      status: 500,
      contentType: 'text/plain',
      signHeader: 'body-sign',
      signKey: OTHER_KEY,
    });
    const result = await createPlatformCaller({ sellerUrl: s.url, accessKey: KEY }).queryInstance('i-1');
    expect(codes(result)).toEqual([
      'HTTP_STATUS',
      'CONTENT_TYPE',
      'BODY_SIGN_HEADER_CASE',
      'BODY_SIGN_INVALID',
      'FIELD_MISSING',
      'FIELD_TOO_LONG',
      'RESULT_CODE',
    ]);
    expect(result.verdict.problems.find((p) => p.code === 'FIELD_MISSING')?.field).toBe('resultMsg');
  });

  it('an unreachable seller (closed port) gives an UNREACHABLE verdict and no reply', async () => {
    const s = await seller('{}');
    const url = s.url;
    await s.close();
    sellers.pop();
    const result = await createPlatformCaller({ sellerUrl: url, accessKey: KEY }).queryInstance('i-1');
    expect(result.reply).toBeUndefined();
    expect(result.verdict).toMatchObject({ accepted: false, async: false });
    expect(result.verdict.problems).toEqual([
      expect.objectContaining({
        code: 'UNREACHABLE',
        message: expect.stringContaining('connection refused') as string,
        hint: expect.stringContaining('production URL') as string,
      }),
    ]);
  });

  it('a hanging seller gives a TIMEOUT verdict after the configured time', async () => {
    const s = await startSeller(() => {
      /* never answers */
    });
    sellers.push(s);
    const result = await createPlatformCaller({
      sellerUrl: s.url,
      accessKey: KEY,
      timeoutMs: 200,
    }).queryInstance('i-1');
    expect(result.reply).toBeUndefined();
    expect(result.verdict.problems).toEqual([
      expect.objectContaining({
        code: 'TIMEOUT',
        message: expect.stringContaining('within 200 ms') as string,
      }),
    ]);
  });

  it('never lets a key or a full signature into the result or its reports', async () => {
    const s = await seller(QUERY_OK);
    const kit = await startSeller((req, res) =>
      reply(res, KIT_KEY, '{"resultCode":"000000","resultMsg":"ok"}'),
    );
    sellers.push(kit);
    const platform = createPlatformCaller({ sellerUrl: s.url, accessKey: KEY, kitAccessKey: KIT_KEY });
    const results = [
      await platform.queryInstance('i-1'),
      await createPlatformCaller({ sellerUrl: kit.url, accessKey: KEY, kitAccessKey: KIT_KEY }).tenantSync({
        tenantId: 't-1',
        tenantCode: 'tc',
        name: 'n',
        domainName: 'https://d.example.com',
        flag: 1,
      }),
    ];
    const sentSignature = new URL(s.requests[0]?.url ?? '', 'http://x').searchParams.get('signature') ?? '';
    const sentKitSign = String(kit.requests[0]?.headers['x-sign']);
    expect(sentSignature).toMatch(/^[0-9a-f]{64}$/);
    for (const result of results) {
      const outputs = [
        JSON.stringify(result),
        formatCallReport(result),
        JSON.stringify(callReportToJson(result)),
      ];
      for (const out of outputs) {
        for (const secret of [KEY, KIT_KEY, sentSignature, sentKitSign]) expect(out).not.toContain(secret);
      }
    }
    expect(results[0]?.call.url).toContain(`signature=${sentSignature.slice(0, 6)}…`);
    expect(results[1]?.call.headers['x-sign']).toBe(`${sentKitSign.slice(0, 6)}…`);
  });

  it('kit calls use the kit key and path; a reply signed with the basic key is rejected', async () => {
    const received: boolean[] = [];
    const kit = await startSeller((req, res) => {
      received.push(
        verifyKitRequest({ accessKey: KIT_KEY, rawBody: req.rawBody, headers: req.headers }).valid,
      );
      reply(res, req.url.endsWith('/allOrgSync') ? KEY : KIT_KEY, '{"resultCode":"000000","resultMsg":"ok"}');
    });
    sellers.push(kit);
    const platform = createPlatformCaller({
      sellerUrl: kit.url,
      accessKey: KEY,
      kitAccessKey: KIT_KEY,
      testFlag: true,
      now: () => Date.UTC(2024, 0, 1, 0, 0, 0, 5),
    });
    // The seller's verifier uses the wall clock, so the injected clock is only used for the body timeStamp here.
    const ok = await platform.singleOrgSync({ tenantId: 't', orgCode: 'o', orgName: 'Org', flag: 1 });
    const bad = await platform.allOrgSync({ tenantId: 't', orgInfoList: [{ orgCode: 'o', orgName: 'Org' }] });
    expect(kit.requests.map((r) => r.url)).toEqual([
      '/produce/produceAPI/v2/singleOrgSync',
      '/produce/produceAPI/v2/allOrgSync',
    ]);
    const body = JSON.parse(kit.requests[0]?.rawBody ?? '{}') as Record<string, unknown>;
    expect(body).toMatchObject({ instanceId: '', orderId: '', testFlag: 1, timeStamp: '20240101080000005' });
    expect(ok.verdict.accepted).toBe(true);
    expect(codes(bad)).toEqual(['BODY_SIGN_INVALID']);
    expect(received).toEqual([false, false]);
  });

  it('V1 calls are GETs the seller can verify with verifyAuthToken', async () => {
    const s = await startSeller((req, res) => {
      const q = new URL(req.url, 'http://x').searchParams;
      const ok = req.method === 'GET' && verifyAuthToken({ accessKey: KEY, query: q }).valid;
      reply(
        res,
        KEY,
        ok ? '{"resultCode":"000000","resultMsg":"ok"}' : '{"resultCode":"000001","resultMsg":"bad"}',
      );
    });
    sellers.push(s);
    const result = await createPlatformCaller({ sellerUrl: s.url, accessKey: KEY, testFlag: true }).call(
      'v1InstanceStatus',
      {
        instanceId: 'i-1',
        instanceStatus: 'FREEZE',
      },
    );
    expect(result.verdict.accepted).toBe(true);
    expect(new URL(s.requests[0]?.url ?? '', 'http://x').searchParams.get('testFlag')).toBe('1');
  });

  it('queryInstance takes 1 to 100 ids; 0 or 101 is a ConfigError and nothing is sent', async () => {
    const s = await seller(QUERY_OK);
    const platform = createPlatformCaller({ sellerUrl: s.url, accessKey: KEY });
    const hundred = Array.from({ length: 100 }, (_, i) => `inst-${i}`);
    const result = await platform.queryInstance(hundred);
    expect(result.verdict.accepted).toBe(true);
    expect((JSON.parse(s.requests[0]?.rawBody ?? '{}') as { instanceId: string }).instanceId).toBe(
      hundred.join(','),
    );
    await expect(platform.queryInstance([])).rejects.toBeInstanceOf(ConfigError);
    await expect(platform.queryInstance('')).rejects.toBeInstanceOf(ConfigError);
    await expect(platform.queryInstance([...hundred, 'one-more'])).rejects.toThrow(/at most 100/);
    await expect(platform.queryInstance(['a', ''])).rejects.toThrow(/#2 is empty/);
    await expect(platform.queryInstance(['a,b'])).rejects.toThrow(/comma/);
    expect(s.requests).toHaveLength(1);
  });

  it('a bad request field is the caller mistake: ValidationError naming it, nothing sent', async () => {
    const s = await seller(QUERY_OK);
    const platform = createPlatformCaller({ sellerUrl: s.url, accessKey: KEY });
    await expect(
      platform.updateInstanceStatus({ instanceId: 'i-1', status: 'PAUSE' as 'FREEZE' }),
    ).rejects.toThrow(ValidationError);
    await expect(
      platform.call('refreshInstance', { instanceId: 'i-1', orderId: 'CS1', scene: 'RENEWAL' }),
    ).rejects.toThrow(/expireTime/);
    expect(s.requests).toHaveLength(0);
  });

  it('validates its options', () => {
    expect(() => createPlatformCaller({ sellerUrl: 'not a url', accessKey: KEY })).toThrow(ConfigError);
    expect(() => createPlatformCaller({ sellerUrl: 'https://s.example.com', accessKey: '' })).toThrow(
      ConfigError,
    );
    expect(() =>
      createPlatformCaller({ sellerUrl: 'https://s.example.com', accessKey: KEY, kitAccessKey: '' }),
    ).toThrow(ConfigError);
    expect(() =>
      createPlatformCaller({ sellerUrl: 'https://s.example.com', accessKey: KEY, timeoutMs: -5 }),
    ).toThrow(/timeoutMs/);
  });

  it('uses an injected transport and clock exactly as given', async () => {
    const calls: string[] = [];
    const platform = createPlatformCaller({
      sellerUrl: 'https://seller.example.com/produce',
      accessKey: KEY,
      now: () => 1_700_000_000_000,
      timeoutMs: 1234,
      transport: async (call, o) => {
        calls.push(`${call.method} ${call.url.split('?')[0]} ${o.timeoutMs}`);
        expect(new URL(call.url).searchParams.get('timestamp')).toBe('1700000000000');
        return { status: 200, rawHeaders: [['Content-Type', 'application/json']], body: '{}', elapsedMs: 1 };
      },
    });
    const result = await platform.releaseInstance({ instanceId: 'i-1' }, { timeoutMs: 99 });
    expect(calls).toEqual(['POST https://seller.example.com/produce 99']);
    expect(codes(result)).toEqual(['BODY_SIGN_MISSING', 'FIELD_MISSING', 'FIELD_MISSING']);
  });
});
