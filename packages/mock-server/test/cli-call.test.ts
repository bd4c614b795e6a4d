import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createBodySign, verifyKitRequest, verifyRequest } from '@koogallery-kit/sdk';
import { KEY_ENV, runCallCommand } from '../src/cli/commands/call';

const KEY = 'cli-basic-key-5b7e21';
const KIT_KEY = 'cli-kit-key-93a0c4';

interface Received {
  url: string;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

let server: Server | undefined;
afterEach(async () => {
  const s = server;
  server = undefined;
  if (s) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

/** A small seller: checks the platform's signature and answers `answer(received)` signed with `signKey`. */
async function startSeller(
  answer: (r: Received) => { body: string; signKey?: string; headerName?: string },
): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        url: req.url ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
        headers: req.headers,
      };
      received.push(r);
      const { body, signKey, headerName } = answer(r);
      res.setHeader('Content-Type', 'application/json');
      res.setHeader(headerName ?? 'Body-Sign', createBodySign(signKey ?? KEY, body));
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/produce`, received };
}

async function run(
  argv: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCallCommand(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), env });
  return { code, out, err };
}

const verifiedBasic = (r: Received): boolean =>
  verifyRequest({ accessKey: KEY, rawBody: r.body, query: new URL(r.url, 'http://x').searchParams }).valid;

describe('koogallery-mock call', () => {
  it('exit 0 and a readable report when the platform would accept the reply; fields from kebab and camel flags', async () => {
    const seller = await startSeller((r) => ({
      body: verifiedBasic(r)
        ? JSON.stringify({
            resultCode: '000000',
            resultMsg: 'success.',
            info: [{ instanceId: 'i-1', appInfo: { frontEndUrl: 'https://a.example.com' } }],
          })
        : '{"resultCode":"000001","resultMsg":"token is invalid"}',
    }));
    const { code, out, err } = await run([
      'call',
      'queryInstance',
      '--seller-url',
      seller.url,
      '--key',
      KEY,
      '--instance-id',
      'i-1',
      '--test-flag',
      '1',
    ]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(seller.received[0]?.body ?? '{}')).toEqual({
      activity: 'queryInstance',
      instanceId: 'i-1',
      testFlag: '1',
    });
    expect(out).toContain('Request (queryInstance)');
    expect(out).toContain('Reply: HTTP 200');
    expect(out).toMatch(/Verdict: accepted/);
    expect(out).not.toContain(KEY);

    const camel = await run([
      'updateInstanceStatus',
      '--seller-url',
      seller.url,
      '--key',
      KEY,
      '--instanceId=i-2',
      '--status',
      'FREEZE',
    ]);
    expect(JSON.parse(seller.received[1]?.body ?? '{}')).toEqual({
      activity: 'updateInstanceStatus',
      instanceId: 'i-2',
      status: 'FREEZE',
    });
    // Extra fields in a reply (here: info) are tolerated, as the platform does.
    expect(camel.code).toBe(0);
  });

  it('exit 1 with every problem and its fix when the platform would reject the reply', async () => {
    const seller = await startSeller(() => ({
      body: '{"resultCode":"000005","resultMsg":"other inner error"}',
      signKey: 'not-the-key',
      headerName: 'body-sign',
    }));
    const { code, out } = await run([
      'releaseInstance',
      '--seller-url',
      seller.url,
      '--key',
      KEY,
      '--instance-id',
      'i-1',
    ]);
    expect(code).toBe(1);
    expect(out).toMatch(/Verdict: rejected .*\(3 problems\)/);
    expect(out).toContain('[BODY_SIGN_HEADER_CASE]');
    expect(out).toContain('[BODY_SIGN_INVALID]');
    expect(out).toContain('[RESULT_CODE]');
    expect(out).toMatch(/fix: /);
    expect(out).not.toContain(KEY);
  });

  it('--json prints {request, reply, verdict} for scripts, keys and signatures masked', async () => {
    const seller = await startSeller(() => ({
      body: '{"resultCode":"000000","resultMsg":"ok","instanceId":"i-7"}',
    }));
    const { code, out } = await run([
      'newInstance',
      '--seller-url',
      seller.url,
      '--key',
      KEY,
      '--order-id',
      'CS42',
      '--json',
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(out) as {
      request: {
        interface: string;
        method: string;
        url: string;
        headers: Record<string, string>;
        body: string;
      };
      reply: { status: number; elapsedMs: number; headers: Array<[string, string]>; body: string };
      verdict: { accepted: boolean; async: boolean; resultCode: string | null; problems: unknown[] };
    };
    expect(Object.keys(report)).toEqual(['request', 'reply', 'verdict']);
    expect(report.request).toMatchObject({ interface: 'newInstance', method: 'POST' });
    expect(JSON.parse(report.request.body)).toMatchObject({
      activity: 'newInstance',
      orderId: 'CS42',
      orderLineId: 'CS42-000001',
    });
    expect(report.request.url).toMatch(/signature=[0-9a-f]{6}…&timestamp=\d{13}&nonce=/);
    expect(report.reply).toMatchObject({
      status: 200,
      body: '{"resultCode":"000000","resultMsg":"ok","instanceId":"i-7"}',
    });
    expect(report.reply.headers).toContainEqual([
      'Body-Sign',
      expect.stringMatching(/^sign_type="HMAC-SHA256", signature="[^"]{6}…"$/),
    ]);
    expect(report.verdict).toEqual({ accepted: true, async: false, resultCode: '000000', problems: [] });
    const fullSignature =
      new URL(seller.received[0]?.url ?? '', 'http://x').searchParams.get('signature') ?? '';
    expect(out).not.toContain(fullSignature);
    expect(out).not.toContain(KEY);
  });

  it('kit activities use --kit-key, integer fields from flags, and the kit path', async () => {
    const seller = await startSeller((r) => ({
      body: verifyKitRequest({ accessKey: KIT_KEY, rawBody: r.body, headers: r.headers }).valid
        ? '{"resultCode":"000000","resultMsg":"ok"}'
        : '{"resultCode":"000001","resultMsg":"bad sign"}',
      signKey: KIT_KEY,
    }));
    const { code, out } = await run([
      'tenantSync',
      '--seller-url',
      seller.url,
      '--key',
      KEY,
      '--kit-key',
      KIT_KEY,
      '--tenant-id',
      't-1',
      '--tenant-code',
      '007',
      '--name',
      'Tenant',
      '--domain-name',
      'https://t.example.com',
      '--flag',
      '1',
      '--test-flag',
      '1',
    ]);
    expect(code).toBe(0);
    expect(seller.received[0]?.url).toBe('/produce/produceAPI/v2/tenantSync');
    const body = JSON.parse(seller.received[0]?.body ?? '{}') as Record<string, unknown>;
    expect(body).toMatchObject({ flag: 1, testFlag: 1, tenantCode: '007', instanceId: '', orderId: '' });
    for (const secret of [KEY, KIT_KEY]) expect(out).not.toContain(secret);
  });

  it('--body supplies fields, flags override them; the key may come from the environment', async () => {
    const seller = await startSeller((r) => ({
      body: verifiedBasic(r)
        ? '{"resultCode":"000000","resultMsg":"ok"}'
        : '{"resultCode":"000001","resultMsg":"x"}',
    }));
    const { code } = await run(
      [
        'upgradeInstance',
        '--seller-url',
        seller.url,
        '--body',
        '{"instanceId":"i-1","orderId":"CS1","orderLineId":"L1"}',
        '--order-line-id',
        'L2',
      ],
      { [KEY_ENV]: KEY },
    );
    expect(code).toBe(0);
    expect(JSON.parse(seller.received[0]?.body ?? '{}')).toEqual({
      activity: 'upgradeInstance',
      instanceId: 'i-1',
      orderId: 'CS1',
      orderLineId: 'L2',
    });
  });

  it('an unreachable seller is exit 2 with an UNREACHABLE verdict; a hanging one times out (exit 1)', async () => {
    const seller = await startSeller(() => ({ body: '{}' }));
    const closed = server;
    server = undefined;
    closed?.closeAllConnections();
    await new Promise<void>((resolve) => closed?.close(() => resolve()));
    const down = await run([
      'queryInstance',
      '--seller-url',
      seller.url,
      '--key',
      KEY,
      '--instance-id',
      'i',
      '--json',
    ]);
    expect(down.code).toBe(2);
    const report = JSON.parse(down.out) as { reply: unknown; verdict: { problems: Array<{ code: string }> } };
    expect(report.reply).toBeNull();
    expect(report.verdict.problems.map((p) => p.code)).toEqual(['UNREACHABLE']);

    server = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const hanging = `http://127.0.0.1:${(server.address() as AddressInfo).port}/produce`;
    const slow = await run([
      'queryInstance',
      '--seller-url',
      hanging,
      '--key',
      KEY,
      '--instance-id',
      'i',
      '--timeout',
      '150',
    ]);
    expect(slow.code).toBe(1);
    expect(slow.out).toContain('[TIMEOUT]');
    expect(slow.out).toContain('Reply: none');
  });

  it.each<[string, string[], RegExp]>([
    [
      'unknown activity',
      ['frobnicate', '--seller-url', 'http://127.0.0.1:9/p', '--key', KEY],
      /Unknown activity "frobnicate"/,
    ],
    ['missing activity', ['--seller-url', 'http://127.0.0.1:9/p', '--key', KEY], /Missing <activity>/],
    ['missing --seller-url', ['queryInstance', '--key', KEY, '--instance-id', 'i'], /--seller-url/],
    [
      'missing --key',
      ['queryInstance', '--seller-url', 'http://127.0.0.1:9/p', '--instance-id', 'i'],
      /--key/,
    ],
    [
      'bad --body JSON',
      ['queryInstance', '--seller-url', 'http://127.0.0.1:9/p', '--key', KEY, '--body', '{instanceId:1}'],
      /--body is not valid JSON/,
    ],
    [
      '--body not an object',
      ['queryInstance', '--seller-url', 'http://127.0.0.1:9/p', '--key', KEY, '--body', '[1]'],
      /--body must be a JSON object/,
    ],
    [
      'bad --timeout',
      ['queryInstance', '--seller-url', 'http://127.0.0.1:9/p', '--key', KEY, '--timeout', 'soon'],
      /--timeout must be/,
    ],
    [
      'bad --test-flag',
      ['queryInstance', '--seller-url', 'http://127.0.0.1:9/p', '--key', KEY, '--test-flag', 'yes'],
      /--test-flag must be 0 or 1/,
    ],
    [
      'field flag without value',
      ['queryInstance', '--seller-url', 'http://127.0.0.1:9/p', '--key', KEY, '--instance-id'],
      /--instance-id needs a value/,
    ],
    [
      'stray argument',
      ['queryInstance', 'extra', '--seller-url', 'http://127.0.0.1:9/p', '--key', KEY],
      /Unexpected argument "extra"/,
    ],
    [
      'bad seller URL',
      ['queryInstance', '--seller-url', 'nope', '--key', KEY, '--instance-id', 'i'],
      /not an absolute URL/,
    ],
    [
      'invalid field',
      ['queryInstance', '--seller-url', 'http://127.0.0.1:9/p', '--key', KEY],
      /instanceId: is required \(set it with --instance-id VALUE/,
    ],
  ])('exit 2 on usage errors: %s', async (_label, argv, message) => {
    const { code, out, err } = await run(argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(out).toBe('');
    expect(err).not.toContain(KEY);
  });

  it('usage errors in --json mode also print a JSON error', async () => {
    const { code, out } = await run(['nope', '--json', '--key', KEY]);
    expect(code).toBe(2);
    expect(JSON.parse(out)).toEqual({
      error: { code: 'USAGE', message: expect.stringContaining('Unknown activity') as string },
    });
  });

  it('--help lists every activity and exits 0', async () => {
    const { code, out } = await run(['call', '--help']);
    expect(code).toBe(0);
    for (const name of [
      'queryInstance',
      'newInstance',
      'changeInstanceCheck',
      'orderNotify',
      'allOrgSync',
      'v1NewInstance',
      'refreshLicenseCode',
    ]) {
      expect(out).toContain(name);
    }
    expect(out).toContain('Exit status: 0');
  });
});
