/**
 * `--protocol v1` end to end with the BUILT command line: `koogallery-mock start --protocol v1 --encrypt-type 2
 * --key … --kit-public-key FILE` passes the key and the AES variant into the engine's V1 mode and the public key
 * into the kit's clientSecret encryption; `trigger` then drives a V1 seller (the SDK's handler, `version: 'v1'`,
 * AES-128) through purchase → renew → expire → release, and a kit event reaches it with a secret it can decrypt.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { kitKeyPair, startKitSeller, type KitSeller } from '../http/kit-seller';
import { admin, killAll, requireBuiltCli, runCli, startMock } from './cli-process';
import type { InstanceRecord, JobView } from '../http/admin-answers';
import type { MockConfigurationAnswer } from '../../src/http/admin/config-routes';
import type { BuyerRecord } from '../../src/engine/model/types';

// Spawning the built CLI can take seconds on a loaded machine.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const KEY = 'v1-cli-seller-key-9a3e01';
const KIT_KEY = 'v1-cli-kit-key-9a3e02';
const dir = mkdtempSync(join(tmpdir(), 'kgk-v1-cli-'));
const pemFile = join(dir, 'kit-public.pem');
let seller: KitSeller;

beforeAll(async () => {
  requireBuiltCli();
  writeFileSync(pemFile, kitKeyPair().publicPem);
  seller = await startKitSeller({ key: KEY, kitKey: KIT_KEY, version: 'v1', encryptType: 2 });
});
afterAll(async () => {
  killAll();
  await seller.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('koogallery-mock start --protocol v1', () => {
  it('drives a V1 seller through purchase → renew → expire → release and delivers kit calls', async () => {
    const mock = await startMock(
      [
        '--seller-url',
        seller.url,
        '--kit-key',
        KIT_KEY,
        '--kit-public-key',
        pemFile,
        '--protocol',
        'v1',
        '--encrypt-type',
        '2',
        '--port',
        '0',
        '--db',
        ':memory:',
        '--start-at',
        '2025-03-10T02:00:00Z',
      ],
      { env: { KOOGALLERY_ACCESS_KEY: KEY } },
    );
    const trigger = (...args: string[]) => runCli(['trigger', ...args, '--url', mock.url]);

    const config = await admin<MockConfigurationAnswer>(mock.url, '/config');
    expect(config).toMatchObject({ protocol: 'v1', encryptType: 2, kitPublicKey: true, key: '[REDACTED]' });

    const purchase = await trigger('purchase', '--product', 'crm');
    expect(purchase.stderr).toBe('');
    expect(purchase.code).toBe(0);
    expect(purchase.stdout).toMatch(/purchase: order CS\w+ \(NEW\) COMPLETED, instance\(s\) I000001/);
    expect(purchase.stdout).toContain('J000001 v1NewInstance SUCCEEDED after 1 attempt(s)');
    const instance = await admin<InstanceRecord>(mock.url, '/instances/I000001');
    expect(instance.state).toBe('active');
    // The seller decrypted mobilePhone with AES-128 (encrypt type 2): it reads the buyer's real number.
    const created = seller.calls.find((c) => c.name === 'newInstance');
    const buyer = await admin<BuyerRecord>(mock.url, `/buyers/${instance.buyerId}`);
    expect(created?.body.mobilePhone).toBe(buyer.mobilePhone);
    const request = (await admin<JobView>(mock.url, '/jobs/J000001')).attempts[0]?.request;
    expect(request?.method).toBe('GET');
    expect(request?.url).toContain('authToken=');
    expect(request?.url).not.toContain(String(buyer.mobilePhone));

    const renew = await trigger('renew', '--instance', 'I000001');
    expect(renew.code).toBe(0);
    expect(renew.stdout).toMatch(/renew: order CS\w+ \(RENEW\) COMPLETED/);
    expect(renew.stdout).toContain('v1RefreshInstance SUCCEEDED');

    const expire = await trigger('advance', '62d');
    expect(expire.code).toBe(0);
    expect((await admin<InstanceRecord>(mock.url, '/instances/I000001')).state).toBe('frozen');
    expect(seller.instances.get(instance.instanceId!)).toBe('frozen');

    const release = await trigger('advance', '16d');
    expect(release.code).toBe(0);
    expect((await admin<InstanceRecord>(mock.url, '/instances/I000001')).state).toBe('released');
    expect(seller.instances.get(instance.instanceId!)).toBe('released');
    expect(seller.calls.map((c) => c.name).filter((n) => n !== 'queryInstance')).toEqual([
      'newInstance',
      'refreshInstance',
      'expireInstance',
      'releaseInstance',
    ]);

    // --kit-public-key feeds the clientSecret encryption: the seller decrypts the secret the mock generated.
    const credential = await trigger('create-app-credential', '--json');
    expect(credential.code).toBe(0);
    const answer = JSON.parse(credential.stdout) as {
      result: { tenantId: string };
      jobs: Array<{ state: string }>;
    };
    expect(answer.jobs.map((j) => j.state)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    expect(seller.secrets.get(answer.result.tenantId)).toMatch(/^[A-Za-z0-9]{40}$/);

    expect((await mock.stop('SIGTERM')).code).toBe(0);
    const out = mock.stdout();
    expect(out).toContain(
      'protocol     V1 (legacy GET interfaces with authToken; encrypted fields AES-128-CBC',
    );
    expect(out).toContain(`kit pub key  ${pemFile}`);
    expect(out + mock.stderr()).not.toContain(KEY);
    expect(out + mock.stderr()).not.toContain(KIT_KEY);
  });

  it('exits 2 for a bad --encrypt-type, for --encrypt-type without v1 and for v1 without a key', async () => {
    const base = ['start', '--port', '0', '--db', ':memory:'];
    const bad = await runCli([...base, '--protocol', 'v1', '--key', KEY, '--encrypt-type', '3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--encrypt-type: must be one of 1, 2');
    const v2 = await runCli([...base, '--encrypt-type', '2']);
    expect(v2.code).toBe(2);
    expect(v2.stderr).toContain('- --encrypt-type: only applies to protocol v1');
    const keyless = await runCli([...base, '--protocol', 'v1']);
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toMatch(/--key: required with protocol v1/);
    for (const r of [bad, v2, keyless]) expect(r.stderr).not.toContain(KEY);
  });
});
