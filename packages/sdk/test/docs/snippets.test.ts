/**
 * The snippet files the docs show (packages/sdk/test/docs/snippets/), run as a reader runs them: the
 * getting-started seller must pass the whole conformance suite of `koogallery-mock contract`, and so must the
 * seller of the V1 migration guide in both protocol versions.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createNodeListener } from '../../src/entries/node';
import { REPO_ROOT } from './docs-context';
import { createSubscriptions, createV1Handler, createV2Handler } from './snippets/migrating/handlers';

/** The part of the conformance suite this test uses (imported by a computed path, see docs-context.ts). */
interface ContractModule {
  runContract(options: {
    sellerUrl: string;
    key: string;
    protocol?: 'v1' | 'v2';
    chargingMode?: 'PERIOD' | 'ONE_TIME' | 'ON_DEMAND' | 'ON_DEMAND_PKG';
  }): Promise<{
    ok: boolean;
    summary: { passed: number; failed: number; skipped: number };
    results: Array<{ id: string; status: string; message?: string }>;
  }>;
}

const loadContract = async (): Promise<ContractModule> =>
  (await import(
    /* @vite-ignore */ join(REPO_ROOT, 'packages/mock-server/src/contract/index.ts')
  )) as ContractModule;

/** Imports a snippet that listens on `process.env.PORT` (set to 0 here) and resolves its server. */
async function startSnippet(
  load: () => Promise<{ server: Server }>,
  env: Record<string, string>,
): Promise<Server> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const { server } = await load();
    if (!server.listening) await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    return server;
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const closeServer = (server: Server | undefined): Promise<void> =>
  new Promise((resolve) => {
    if (!server) return resolve();
    server.closeAllConnections();
    server.close(() => resolve());
  });

const failures = (report: Awaited<ReturnType<ContractModule['runContract']>>): string[] =>
  report.results.filter((r) => r.status === 'failed').map((r) => `${r.id}: ${r.message ?? ''}`);

describe('getting-started seller (docs/getting-started.md)', () => {
  const key = 'getting-started-test-key';
  let server: Server | undefined;
  const printed: string[] = [];

  beforeAll(async () => {
    const log = vi
      .spyOn(console, 'log')
      .mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
    try {
      server = await startSnippet(() => import('./snippets/getting-started/seller'), {
        KOOGALLERY_ACCESS_KEY: key,
        PORT: '0',
      });
      await vi.waitFor(() => expect(printed.length).toBeGreaterThan(0));
    } finally {
      log.mockRestore();
    }
  });
  afterAll(() => closeServer(server));

  it('prints its production URL on 127.0.0.1', () => {
    const { port } = server?.address() as AddressInfo;
    expect(printed).toEqual([`Production URL: http://127.0.0.1:${port}/produce`]);
  });

  it('passes every check of koogallery-mock contract (PERIOD, V2)', { timeout: 120_000 }, async () => {
    const { port } = server?.address() as AddressInfo;
    const contract = await loadContract();
    const report = await contract.runContract({ sellerUrl: `http://127.0.0.1:${port}/produce`, key });
    expect(failures(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.summary.passed).toBeGreaterThan(50);
  });

  it('fails the security checks when the suite signs with another key', { timeout: 120_000 }, async () => {
    const { port } = server?.address() as AddressInfo;
    const contract = await loadContract();
    const report = await contract.runContract({
      sellerUrl: `http://127.0.0.1:${port}/produce`,
      key: 'not-the-seller-key',
    });
    expect(report.ok).toBe(false);
    expect(report.summary.failed).toBeGreaterThan(0);
  });
});

describe('one core, V1 and V2 handlers (docs/migrating-from-v1.md)', () => {
  const key = 'migration-test-key';
  const servers: Server[] = [];
  const listen = async (listener: ReturnType<typeof createNodeListener>): Promise<string> => {
    const server = createServer(listener);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/produce`;
  };
  afterAll(() => Promise.all(servers.map(closeServer)));

  it.each([
    ['v1', 'PERIOD'],
    ['v1', 'ON_DEMAND'],
    ['v2', 'PERIOD'],
    ['v2', 'ON_DEMAND'],
  ] as const)(
    'the %s handler passes koogallery-mock contract (%s)',
    { timeout: 120_000 },
    async (protocol, chargingMode) => {
      const subscriptions = createSubscriptions();
      const handler =
        protocol === 'v1' ? createV1Handler(key, subscriptions) : createV2Handler(key, subscriptions);
      const sellerUrl = await listen(createNodeListener(handler));
      const contract = await loadContract();
      const report = await contract.runContract({ sellerUrl, key, protocol, chargingMode });
      expect(failures(report)).toEqual([]);
      expect(report.ok).toBe(true);
    },
  );

  it('encrypts the V1 credentials and leaves the V2 ones plain', async () => {
    const { createSignedRequest } = await import('../../src/entries/testing');
    const { decryptCredential } = await import('../../src');
    const subscriptions = createSubscriptions();
    const v1 = createV1Handler(key, subscriptions);
    const v1Call = createSignedRequest(
      'newInstance',
      { customerId: 'c-1', businessId: 'b-1', orderId: 'CS1', productId: 'P1' },
      { accessKey: key, version: 'v1' },
    );
    const v1Answer = JSON.parse((await v1.handle(v1Call.input)).body) as {
      resultCode: string;
      encryptType: string;
      appInfo: { password: string };
    };
    expect(v1Answer.resultCode).toBe('000000');
    expect(v1Answer.appInfo.password).not.toBe('Initial-Passw0rd');
    expect(decryptCredential(key, v1Answer.appInfo.password, Number(v1Answer.encryptType) as 1 | 2)).toBe(
      'Initial-Passw0rd',
    );

    const v2 = createV2Handler(key, subscriptions);
    const created = createSignedRequest(
      'newInstance',
      { orderId: 'CS2', orderLineId: 'CS2-000001', businessId: 'b-2' },
      { accessKey: key },
    );
    const { instanceId } = JSON.parse((await v2.handle(created.input)).body) as { instanceId: string };
    const query = createSignedRequest('queryInstance', { instanceId }, { accessKey: key });
    const v2Answer = JSON.parse((await v2.handle(query.input)).body) as {
      info: Array<{ appInfo: { password: string } }>;
    };
    expect(v2Answer.info[0]?.appInfo.password).toBe('Initial-Passw0rd');
  });
});
