/**
 * The express seller shown in packages/sdk/README.md, run as is (the README block must be this fixture, verbatim):
 * under 30 lines, a working lifecycle, and every bad input of the issue answered correctly.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v2BadInputCases } from './fixtures/bad-input-cases';
import { V2_BODIES } from './fixtures/bodies';
import { ACCESS_KEY, expectSignedAnswer, signedV2 } from './harness';
import type { WireRequest, WireResponse } from './harness';

const fixturePath = fileURLToPath(new URL('./fixtures/readme-seller.ts', import.meta.url));
const readmePath = fileURLToPath(new URL('../../README.md', import.meta.url));
const MOUNT = '/koogallery/produce';

let server: Server;
let port = 0;

beforeAll(async () => {
  process.env.KOOGALLERY_ACCESS_KEY = ACCESS_KEY;
  const { app } = (await import('./fixtures/readme-seller')) as { app: RequestListener };
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  delete process.env.KOOGALLERY_ACCESS_KEY;
});

/** Sends to the README seller's mount path over real HTTP (node:http keeps header-name case). */
async function send(req: WireRequest): Promise<WireResponse> {
  const { request } = await import('node:http');
  const path = req.path.replace(/^\/produce/, MOUNT);
  return new Promise((resolve, reject) => {
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    const headers: Record<string, string | number> = { ...req.headers, Connection: 'close' };
    if (body && !req.chunked) headers['Content-Length'] = body.length;
    const r = request({ host: '127.0.0.1', port, method: req.method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const names = res.rawHeaders.filter((_, i) => i % 2 === 0);
        const values = Object.fromEntries(
          names.map((n, i) => [n.toLowerCase(), res.rawHeaders[i * 2 + 1] as string]),
        );
        resolve({
          status: res.statusCode ?? 0,
          headerNames: names,
          headers: values,
          body: Buffer.concat(chunks).toString(),
        });
      });
    });
    r.on('error', reject);
    r.end(body);
  });
}

describe('README express seller', () => {
  it('is in the README verbatim and under 30 lines', () => {
    const code = readFileSync(fixturePath, 'utf8').trimEnd();
    expect(code.split('\n').length).toBeLessThan(30);
    const readme = readFileSync(readmePath, 'utf8');
    const section = readme.slice(readme.indexOf('## Production-interface handler'));
    expect(section).toContain(`\`\`\`ts\n${code}\n\`\`\``);
  });

  it('runs an instance lifecycle: idempotent create, query, freeze, release', async () => {
    const at = { timestamp: Date.now() };
    const created = expectSignedAnswer(await send(signedV2('newInstance', V2_BODIES.newInstance, at)), {
      status: 200,
      resultCode: '000000',
    });
    const instanceId = created.instanceId as string;
    expect(instanceId).toMatch(/^[0-9a-f]{32}$/);
    const retry = { ...V2_BODIES.newInstance, businessId: 'retry-business-id' };
    expect(
      expectSignedAnswer(await send(signedV2('newInstance', retry, at)), {
        status: 200,
        resultCode: '000000',
      }).instanceId,
    ).toBe(instanceId);
    const query = expectSignedAnswer(
      await send(signedV2('queryInstance', { instanceId: `${instanceId},unknown-id` }, at)),
      { status: 200, resultCode: '000000' },
    );
    expect(query.info).toEqual([
      { instanceId, appInfo: { frontEndUrl: `https://app.example.com/${instanceId}` } },
    ]);
    expectSignedAnswer(await send(signedV2('updateInstanceStatus', { instanceId, status: 'FREEZE' }, at)), {
      status: 200,
      resultCode: '000000',
    });
    expectSignedAnswer(
      await send(
        signedV2('refreshInstance', { ...V2_BODIES.refreshInstance, instanceId: 'no-such-instance' }, at),
      ),
      { status: 200, resultCode: '000003' },
    );
    expectSignedAnswer(await send(signedV2('releaseInstance', { instanceId }, at)), {
      status: 200,
      resultCode: '000000',
    });
    expectSignedAnswer(await send(signedV2('releaseInstance', { instanceId }, at)), {
      status: 200,
      resultCode: '000003',
    });
    expectSignedAnswer(await send(signedV2('upgradeInstance', V2_BODIES.upgradeInstance, at)), {
      status: 200,
      resultCode: '000002',
    });
  });

  it.each(v2BadInputCases(0, { kitKey: ACCESS_KEY, separateKitKey: false }).map((c) => c.name))(
    'answers bad input: %s',
    async (name) => {
      // Rebuilt against the seller's real clock (it uses the default Date.now).
      const c = v2BadInputCases(Date.now(), { kitKey: ACCESS_KEY, separateKitKey: false }).find(
        (x) => x.name === name,
      )!;
      const req = c.build();
      if (c.replay) expectSignedAnswer(await send(req), { status: 200 });
      const res = await send(req);
      const json = expectSignedAnswer(res, { status: c.status, resultCode: c.code });
      if (c.message) expect(json.resultMsg).toMatch(c.message);
      if (c.header) expect(res.headers[c.header[0]]).toBe(c.header[1]);
    },
  );
});
