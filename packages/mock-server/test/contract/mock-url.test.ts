/**
 * `runContract({ mockUrl })` / `koogallery-mock contract --mock-url`: the lifecycle checks played on a running
 * mock (createMockMarketplace on 127.0.0.1, port 0) through its admin API. A correct seller passes and the orders
 * stay in that mock; broken sellers fail exactly the checks they fail in-process (a wire-format defect also fails
 * the lifecycle step, because the running mock judges like the platform); a mock set up for another seller, key,
 * protocol or clock, an unreachable mock and a missing or wrong admin token stop the run with a clear message.
 */
import { createServer as createNetServer } from 'node:net';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, ConnectionError, createBodySign } from '@koogallery-kit/sdk';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runContractCli } from './run-command';
import { runContract, type ContractOptions, type ContractReport } from '../../src/contract';
import { createMockMarketplace, type MockMarketplace, type MockMarketplaceOptions } from '../../src/index';
import { KEY, closeAllSellers, createSellerHandler, startSdkSeller } from './sellers';

vi.setConfig({ testTimeout: 60_000 });

const markets: MockMarketplace[] = [];
const servers: Server[] = [];
afterAll(async () => {
  for (const m of markets) await m.close();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await closeAllSellers();
});

async function startMock(o: MockMarketplaceOptions): Promise<MockMarketplace> {
  const m = await createMockMarketplace(o);
  markets.push(m);
  return m;
}

const failed = (r: ContractReport): string[] =>
  r.results
    .filter((x) => x.status === 'failed')
    .map((x) => x.id)
    .sort();
const statusOf = (r: ContractReport, id: string): string | undefined =>
  r.results.find((x) => x.id === id)?.status;

/** The in-process run and the run on a mock configured for the seller, with the same options. */
async function bothWays(sellerUrl: string, options: Partial<ContractOptions> = {}) {
  const mock = await startMock({ sellerUrl, accessKey: KEY });
  const local = await runContract({ sellerUrl, key: KEY, ...options });
  const remote = await runContract({ sellerUrl, key: KEY, mockUrl: mock.url, ...options });
  return { mock, local, remote };
}

/**
 * A seller on the SDK handler that stops reporting an instance in queryInstance once it is frozen (a lifecycle
 * defect: the buyer of a frozen instance sees nothing). Its replies are re-signed, so the wire format is right.
 */
async function startForgetfulSeller(): Promise<string> {
  const { handler, instances } = createSellerHandler();
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void handler
        .handle({
          method: req.method ?? 'GET',
          url: req.url,
          headers: req.headers,
          rawBody: Buffer.concat(chunks),
        })
        .then((answer) => {
          let body = answer.body;
          const headers = { ...answer.headers };
          const parsed = JSON.parse(body) as { info?: Array<{ instanceId: string }> };
          if (Array.isArray(parsed.info)) {
            parsed.info = parsed.info.filter((i) => instances.get(i.instanceId)?.status !== 'frozen');
            body = JSON.stringify(parsed);
            headers['Body-Sign'] = createBodySign(KEY, body);
          }
          res.writeHead(answer.status, headers);
          res.end(body);
        });
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/isv/produce`;
}

describe('runContract with mockUrl', () => {
  it('passes a correct seller, playing the lifecycle on the running mock, which keeps the orders', async () => {
    const seller = await startSdkSeller();
    const { mock, local, remote } = await bothWays(seller.url);
    expect(failed(remote)).toEqual([]);
    expect(remote.summary.passed).toBe(local.summary.passed);
    expect(remote.results.map((r) => `${r.id}:${r.status}`)).toEqual(
      local.results.map((r) => `${r.id}:${r.status}`),
    );
    for (const step of [
      'new-instance',
      'upgrade',
      'renew',
      'freeze',
      'unfreeze',
      'release',
      'trial-to-formal',
    ]) {
      expect(statusOf(remote, `lifecycle.${step}`), step).toBe('passed');
    }
    // The scenarios ran on the mock: a NEW order played through to release, a trial converted and unsubscribed.
    const types = mock.orders().map((o) => o.orderType);
    expect(types).toEqual(
      expect.arrayContaining(['NEW', 'CHANGE', 'RENEW', 'TRIAL', 'TRIAL_TO_FORMAL', 'UNSUBSCRIBE']),
    );
    expect(mock.instances().map((i) => i.state)).toEqual(['released', 'released']);
    const renew = remote.results.find((r) => r.id === 'lifecycle.renew');
    expect(renew?.exchanges.some((x) => x.request.url.startsWith(seller.url))).toBe(true);
    expect(mock.attempts().every((a) => a.state === 'SUCCEEDED')).toBe(true);
    expect(JSON.stringify(remote)).not.toContain(KEY);
  });

  it('follows the queryInstance polling on the mock when the seller answers 000004', async () => {
    const seller = await startSdkSeller({ asyncAfterPolls: 2 });
    const mock = await startMock({ sellerUrl: seller.url, accessKey: KEY });
    const report = await runContract({
      sellerUrl: seller.url,
      key: KEY,
      mockUrl: mock.url,
      only: ['lifecycle'],
    });
    expect(failed(report)).toEqual([]);
    const polling = report.results.find((r) => r.id === 'lifecycle.async-polling');
    expect(polling?.status).toBe('passed');
    expect(polling?.message).toMatch(/Reported after \d+ poll/);
    expect(mock.jobs().some((j) => j.purpose === 'poll' && j.state === 'SUCCEEDED')).toBe(true);
  });

  it('fails the same checks as in-process for a seller with a lifecycle defect', async () => {
    const url = await startForgetfulSeller();
    const { local, remote } = await bothWays(url, { only: ['lifecycle'] });
    expect(failed(local)).toEqual(['lifecycle.freeze']);
    expect(failed(remote)).toEqual(failed(local));
    const freeze = remote.results.find((r) => r.id === 'lifecycle.freeze');
    expect(freeze?.message).toMatch(/queryInstance answered 000000 but does not list instance/);
    expect(statusOf(remote, 'lifecycle.unfreeze')).toBe('skipped');
    expect(remote.results.find((r) => r.id === 'lifecycle.unfreeze')?.message).toMatch(
      /lifecycle\.freeze failed/,
    );
  });

  it('fails the same checks as in-process for a seller with a behavioural defect outside the lifecycle', async () => {
    const seller = await startSdkSeller({ defect: 'non-idempotent-new-instance' });
    const { local, remote } = await bothWays(seller.url);
    expect(failed(local)).toEqual(['idempotency.concurrent-retries', 'idempotency.new-instance-retry']);
    expect(failed(remote)).toEqual(failed(local));
  });

  it('also fails the lifecycle for a wire-format defect, since the running mock judges like the platform', async () => {
    const seller = await startSdkSeller({ defect: 'missing-body-sign' });
    const { mock, local, remote } = await bothWays(seller.url);
    expect(failed(local).some((id) => id.startsWith('lifecycle.'))).toBe(false);
    expect(failed(remote)).toEqual([...failed(local), 'lifecycle.new-instance'].sort());
    const created = remote.results.find((r) => r.id === 'lifecycle.new-instance');
    expect(created?.message).toMatch(/newInstance failed.*BODY_SIGN_MISSING/);
    expect(statusOf(remote, 'lifecycle.renew')).toBe('skipped');
    // The mock treats the call as the platform does: the newInstance waits for its next retry.
    expect(mock.jobs({ interface: 'newInstance' }).map((j) => j.state)).toContain('PENDING');
  });

  it('refuses a mock set up for another seller, key, protocol and clock, naming every difference', async () => {
    const seller = await startSdkSeller();
    const other = await startMock({
      sellerUrl: `${seller.url}/other`,
      accessKey: 'another-key-0000000001',
      clock: 'real',
      engine: { protocol: 'v1', v1: { accessKey: 'another-key-0000000001' } },
    });
    const run = runContract({ sellerUrl: seller.url, key: KEY, mockUrl: other.url });
    await expect(run).rejects.toBeInstanceOf(ConfigError);
    const message = ((await run.catch((e: unknown) => e)) as Error).message;
    expect(message).toContain(`The mock at ${other.url} is not set up for this seller`);
    expect(message).toContain(`it calls ${seller.url}/other, but the suite checks ${seller.url}`);
    expect(message).toContain('it signs calls with a different key than --key');
    expect(message).toContain('it sends the V1 interfaces, but the suite checks V2');
    expect(message).toContain('it runs on the real clock');
    expect(message).not.toContain(KEY);
    expect(message).not.toContain('another-key-0000000001');
    expect(other.orders()).toEqual([]);
  });

  it('refuses a mock without a seller URL and checks the kit key when one is given', async () => {
    const seller = await startSdkSeller({ kitKey: 'kit-key-0000000001' });
    const none = await startMock({});
    await expect(runContract({ sellerUrl: seller.url, key: KEY, mockUrl: none.url })).rejects.toThrow(
      /it has no seller URL: start it with --seller-url/,
    );
    const sameKeyForKit = await startMock({ sellerUrl: seller.url, accessKey: KEY });
    await expect(
      runContract({
        sellerUrl: seller.url,
        key: KEY,
        kitKey: 'kit-key-0000000001',
        mockUrl: sameKeyForKit.url,
        only: ['lifecycle.new-instance'],
      }),
    ).rejects.toThrow(/its kit key differs from --kit-key/);
    const withKit = await startMock({
      sellerUrl: seller.url,
      accessKey: KEY,
      kitAccessKey: 'kit-key-0000000001',
    });
    const report = await runContract({
      sellerUrl: seller.url,
      key: KEY,
      kitKey: 'kit-key-0000000001',
      mockUrl: withKit.url,
      only: ['lifecycle.new-instance'],
    });
    expect(report.ok).toBe(true);
    expect(withKit.orders()).toHaveLength(1);
  });

  it('needs the admin token of a mock that has one, and says so', async () => {
    const seller = await startSdkSeller();
    const token = 'contract-admin-token-4711';
    const guarded = await startMock({ sellerUrl: seller.url, accessKey: KEY, adminToken: token });
    const base = { sellerUrl: seller.url, key: KEY, mockUrl: guarded.url, only: ['lifecycle.new-instance'] };
    await expect(runContract(base)).rejects.toThrow(/requires an admin token: pass it with --admin-token/);
    const wrong = runContract({ ...base, adminToken: 'not-the-token-0000' });
    await expect(wrong).rejects.toBeInstanceOf(ConfigError);
    await expect(wrong).rejects.toThrow(/refused the admin token/);
    const report = await runContract({ ...base, adminToken: token });
    expect(report.ok).toBe(true);
    expect(JSON.stringify(report)).not.toContain(token);
  });

  it('throws ConnectionError for a mock that does not answer, ConfigError for something that is no mock', async () => {
    const seller = await startSdkSeller();
    const port = await new Promise<number>((resolve) => {
      const s = createNetServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const down = runContract({ sellerUrl: seller.url, key: KEY, mockUrl: `http://127.0.0.1:${port}` });
    await expect(down).rejects.toBeInstanceOf(ConnectionError);
    await expect(down).rejects.toThrow(
      /cannot reach the mock at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)/,
    );
    // The seller itself is no mock.
    const notMock = runContract({ sellerUrl: seller.url, key: KEY, mockUrl: new URL(seller.url).origin });
    await expect(notMock).rejects.toBeInstanceOf(ConfigError);
    await expect(notMock).rejects.toThrow(/not a koogallery-mock/);
  });
});

describe('koogallery-mock contract --mock-url', () => {
  const run = runContractCli;

  it('exits 0 against a mock set up for the seller (token from the environment), 2 otherwise', async () => {
    const seller = await startSdkSeller();
    const token = 'cli-contract-token-0042';
    const mock = await startMock({ sellerUrl: seller.url, accessKey: KEY, adminToken: token });
    const args = ['--seller-url', seller.url, '--key', KEY, '--mock-url', mock.url, '--only', 'lifecycle'];
    const ok = await run(args, { KOOGALLERY_MOCK_ADMIN_TOKEN: token });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/✓ lifecycle\s+12 passed, 1 skipped/);
    // The output names the mock it talked to, so a second mock on another port is never mistaken for it.
    expect(ok.stdout.split('\n')[0]).toBe(`koogallery-mock contract: mock ${mock.url}`);

    const noToken = await run(args);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/requires an admin token/);

    const wrongKey = await run([
      '--seller-url',
      seller.url,
      '--key',
      'a-different-key-0001',
      '--mock-url',
      mock.url,
      '--admin-token',
      token,
    ]);
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.stderr).toContain('it signs calls with a different key than --key');
    for (const r of [ok, noToken, wrongKey]) {
      expect(r.stdout + r.stderr).not.toContain(KEY);
      expect(r.stdout + r.stderr).not.toContain(token);
    }
  });
});
