/**
 * `koogallery-mock trigger` for the joint-operations kit events (create-app-credential, bind-tenant,
 * authorize-users, change-department, update-tenant, check-kit-idempotency, unbind-tenant), reading tenants, and
 * the usage log of a pay-per-use instance — against a running mock (createMockMarketplace on 127.0.0.1) delivering
 * to a real kit seller. Exit 0 when done, 1 when the seller fails the idempotency check, 2 naming the bad field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatUsageTime } from '@koogallery-kit/sdk';
import { runTriggerCommand } from '../../src/cli/commands/trigger';
import { createClientSecretEncryptor } from '@koogallery-kit/sdk/platform';
import { createMockMarketplace, type MockMarketplace } from '../../src/index';
import { kitKeyPair, startKitSeller, type KitSeller } from '../http/kit-seller';

const KEY = 'trigger-kit-basic-key-0001';
const KIT_KEY = 'trigger-kit-kit-key-0002';
const TOKEN = 'trigger-kit-admin-token-03';

let seller: KitSeller;
let sloppy: KitSeller;
let market: MockMarketplace;
let sloppyMarket: MockMarketplace;

async function marketFor(s: KitSeller): Promise<MockMarketplace> {
  return createMockMarketplace({
    sellerUrl: s.url,
    accessKey: KEY,
    kitAccessKey: KIT_KEY,
    adminToken: TOKEN,
    engine: { jointOperations: { encryptClientSecret: createClientSecretEncryptor(kitKeyPair().publicPem) } },
  });
}

beforeAll(async () => {
  seller = await startKitSeller({ key: KEY, kitKey: KIT_KEY });
  sloppy = await startKitSeller({ key: KEY, kitKey: KIT_KEY, idempotent: false });
  market = await marketFor(seller);
  sloppyMarket = await marketFor(sloppy);
});
afterAll(async () => {
  await market.close();
  await sloppyMarket.close();
  await seller.close();
  await sloppy.close();
});

async function trigger(args: string[], m: MockMarketplace = market) {
  let out = '';
  let err = '';
  const code = await runTriggerCommand(['trigger', ...args, '--url', m.url], {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    env: { KOOGALLERY_MOCK_ADMIN_TOKEN: TOKEN },
  });
  expect(out + err).not.toContain(TOKEN);
  return { code, out, err };
}

describe('trigger: kit events', () => {
  it('creates a credential tenant, lists and shows it, changes users and departments, checks idempotency', async () => {
    const created = await trigger([
      'create-app-credential',
      '--tenant-code',
      'acme',
      '--users',
      '[{"userName":"alice","role":"admin"}]',
    ]);
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    expect(created.out).toMatch(
      /^mock http:\/\/127\.0\.0\.1:\d+\ncreate-app-credential: tenant [0-9a-f]{32} acme \(Seller test tenant\) active, seller credential, 1 user\(s\), 1 department\(s\)/,
    );
    for (const name of ['tenantSync', 'applicationSync', 'allOrgSync', 'authSync']) {
      expect(created.out).toMatch(new RegExp(`J\\d+ ${name} SUCCEEDED after 1 attempt`));
    }
    const tenantId = /tenant ([0-9a-f]{32})/.exec(created.out)?.[1] as string;
    expect(seller.users.get(tenantId)?.has('alice')).toBe(true);

    const list = await trigger(['tenants']);
    expect(list.code).toBe(0);
    expect(list.out).toContain(`tenant ${tenantId} acme`);
    const one = await trigger(['tenant', '--tenant', tenantId, '--json']);
    expect(JSON.parse(one.out)).toMatchObject({ tenantId, app: { clientSecret: '[REDACTED]' } });

    const cancel = await trigger([
      'authorize-users',
      '--tenant',
      tenantId,
      '--users',
      '[{"userName":"alice"}]',
      '--flag',
      '3',
    ]);
    expect(cancel.code).toBe(0);
    expect(cancel.out).toMatch(/authSync SUCCEEDED/);
    expect(market.engine.getTenant(tenantId).users[0]?.authorized).toBe(false);

    const dept = await trigger([
      'change-department',
      '--tenant',
      tenantId,
      '--org-code',
      'SALES',
      '--org-name',
      'Sales',
    ]);
    expect(dept.code).toBe(0);
    expect(dept.out).toContain('2 department(s)');
    expect(seller.orgs.get(tenantId)?.has('SALES')).toBe(true);

    const check = await trigger(['check-kit-idempotency', '--tenant', tenantId]);
    expect(check.code).toBe(0);
    expect(check.out).toContain(`kit idempotency of tenant ${tenantId}: passed`);
    expect(check.out).toMatch(/✓ authSync add \(repeat\)/);
  });

  it('binds a buyer instance and unbinds it', async () => {
    const bought = await trigger(['purchase', '--product', 'crm']);
    const ref = /instance\(s\) (I\d+)/.exec(bought.out)?.[1] as string;
    const bound = await trigger(['bind-tenant', '--instance', ref, '--name', 'Buyer Co']);
    expect(bound.code).toBe(0);
    expect(bound.out).toContain(`(Buyer Co) active, bound to ${ref}`);
    const tenantId = /tenant ([0-9a-f]{32})/.exec(bound.out)?.[1] as string;
    expect((await trigger(['tenants', '--instance', ref])).out).toContain(tenantId);
    const unbound = await trigger(['unbind-tenant', '--tenant', tenantId]);
    expect(unbound.code).toBe(0);
    expect(unbound.out).toMatch(/deleted, bound to I\d+/);
    expect(seller.tenants.has(tenantId)).toBe(false);
  });

  it('exits 1 when the seller fails the idempotency check, showing the failed repeats', async () => {
    const created = await trigger(['create-app-credential'], sloppyMarket);
    const tenantId = /tenant ([0-9a-f]{32})/.exec(created.out)?.[1] as string;
    const check = await trigger(['check-kit-idempotency', '--tenant', tenantId], sloppyMarket);
    expect(check.code).toBe(1);
    expect(check.out).toContain('FAILED — every repeated add and delete must succeed');
    expect(check.out).toMatch(/✗ authSync add \(repeat\) \(J\d+, resultCode 000002\)/);
  });

  it('exits 2 naming the field of bad kit input', async () => {
    const noUsers = await trigger(['authorize-users', '--tenant', 'abc']);
    expect(noUsers.code).toBe(2);
    expect(noUsers.err).toMatch(/INVALID_ARGUMENT: Invalid authorize-users request: users: required/);
    const badJson = await trigger(['authorize-users', '--tenant', 'abc', '--users', '[{']);
    expect(badJson.code).toBe(2);
    expect(badJson.err).toMatch(/--users must be JSON/);
    const unknownTenant = await trigger(['unbind-tenant', '--tenant', 'nope']);
    expect(unknownTenant.code).toBe(1);
    expect(unknownTenant.err).toMatch(/NOT_FOUND/);
    const noTenant = await trigger(['tenant']);
    expect(noTenant.code).toBe(2);
    expect(noTenant.err).toMatch(/tenant needs the tenant id/);
  });
});

describe('trigger: usage log', () => {
  it('prints the usage records pushed for a pay-per-use instance', async () => {
    const bought = await trigger(['purchase', '--product', 'sms']);
    expect(bought.code).toBe(0);
    const sms = market.instances({ productCode: 'sms' })[0];
    expect(sms?.instanceId).toBeTruthy();
    const now = market.engine.now();
    const pushed = market.engine.acceptUsagePush([
      {
        instance_id: sms!.instanceId as string,
        metering_sn: 'sn-trigger-0001',
        record_time: formatUsageTime(now - 60_000),
        begin_time: formatUsageTime(now - 3_600_000),
        end_time: formatUsageTime(now - 60_000),
        usage_value: '12.5',
      },
    ]);
    expect(pushed.ok).toBe(true);
    const log = await trigger(['usage-log', '--instance', sms!.ref]);
    expect(log.err).toBe('');
    expect(log.code).toBe(0);
    expect(log.out).toContain(
      `usage of instance ${sms!.ref} (${sms!.instanceId}): total 12.5 in 1 record(s)`,
    );
    expect(log.out).toMatch(/sn-trigger-0001 {2}\d{8}T\d{6}Z → \d{8}T\d{6}Z {2}12\.5/);

    const mms = market.instances({ productCode: 'sms' })[1]!;
    expect((await trigger(['usage-log', mms.ref])).out).toContain('(no usage pushed yet)');
    const unknown = await trigger(['usage-log', '--instance', 'I999999']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/NOT_FOUND/);
    expect((await trigger(['usage-log'])).code).toBe(2);
  });
});
