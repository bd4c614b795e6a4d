/**
 * Joint-operations kit delivery (§4) to a real seller written with the SDK's handler (kit handlers, a private
 * key): the documented events send tenantSync / applicationSync / allOrgSync / authSync (≤ 500 users per call) /
 * singleOrgSync to `<production URL>/produceAPI/v2/<name>` signed with the kit key, clientSecret RSA-OAEP
 * encrypted with the seller's public key; the idempotency check passes an idempotent seller and fails another.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { Server } from 'node:http';
import { ValidationError, ConfigError, createProductionHandler, results } from '@koogallery-kit/sdk';
import { createNodeListener } from '@koogallery-kit/sdk/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliverer } from '../../src/delivery/deliverer';
import { createUndiciTransport, type UndiciTransport } from '../../src/delivery/undici-transport';
import { createClientSecretEncryptor } from '@koogallery-kit/sdk/platform';
import { closeServer, listen, startMarket, type TestMarket } from '../open-api/helpers';

const BASIC_KEY = 'test-basic-key-SECRET-0001';
const KIT_KEY = 'test-kit-key-SECRET-0002';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;

interface KitCall {
  name: string;
  body: Record<string, unknown>;
  context: { testFlag: boolean; headers: Record<string, unknown> };
}

/** A seller whose kit handlers keep tenants, apps, users and departments; `idempotent: false` fails repeats. */
async function startSeller(o: { idempotent: boolean; failTenantSync?: () => boolean }) {
  const calls: KitCall[] = [];
  const tenants = new Map<string, unknown>();
  const apps = new Map<string, { clientId: string; clientSecret: string }>();
  const users = new Map<string, Set<string>>();
  const orgs = new Map<string, Set<string>>();
  const record = (name: string) => (body: unknown, context: unknown) => {
    calls.push({ name, body: body as Record<string, unknown>, context: context as KitCall['context'] });
  };
  let instances = 0;
  const handler = createProductionHandler({
    accessKey: BASIC_KEY,
    kitAccessKey: KIT_KEY,
    privateKey,
    logger: {},
    handlers: {
      newInstance: () => ({ instanceId: `seller-inst-${++instances}` }),
      tenantSync: (body, ctx) => {
        record('tenantSync')(body, ctx);
        if (o.failTenantSync?.()) return results.invalid('tenant store unavailable');
        if (body.flag === 0) tenants.delete(body.tenantId);
        else tenants.set(body.tenantId, body);
      },
      applicationSync: (body, ctx) => {
        record('applicationSync')(body, ctx);
        if (body.flag === 0) apps.delete(body.tenantId);
        else apps.set(body.tenantId, { clientId: body.clientId, clientSecret: body.clientSecret });
      },
      allOrgSync: (body, ctx) => {
        record('allOrgSync')(body, ctx);
        orgs.set(body.tenantId, new Set(body.orgInfoList.map((x) => x.orgCode)));
      },
      singleOrgSync: (body, ctx) => {
        record('singleOrgSync')(body, ctx);
        const set = orgs.get(body.tenantId) ?? new Set<string>();
        orgs.set(body.tenantId, set);
        if (body.flag === 1) {
          if (!o.idempotent && set.has(body.orgCode)) return results.invalid('department exists');
          set.add(body.orgCode);
        } else if (body.flag === 0) {
          if (!o.idempotent && !set.has(body.orgCode)) return results.notFound('no such department');
          set.delete(body.orgCode);
        }
      },
      authSync: (body, ctx) => {
        record('authSync')(body, ctx);
        const set = users.get(body.tenantId) ?? new Set<string>();
        users.set(body.tenantId, set);
        for (const u of body.userList) {
          if (body.flag === 1) {
            if (!o.idempotent && set.has(u.userName)) return results.invalid('user exists');
            set.add(u.userName);
          } else if (body.flag === 0) {
            if (!o.idempotent && !set.has(u.userName)) return results.notFound('no such user');
            set.delete(u.userName);
          }
        }
      },
    },
  });
  const { server, port } = await listen(createNodeListener(handler));
  return { url: `http://127.0.0.1:${port}/isv/produce`, server, calls, tenants, apps, users, orgs };
}

type Seller = Awaited<ReturnType<typeof startSeller>>;

const servers: Server[] = [];
const transports: UndiciTransport[] = [];
const markets: TestMarket[] = [];

async function setup(seller: Seller, oaepHash: 'sha1' | 'sha256' = 'sha1'): Promise<TestMarket> {
  const transport = createUndiciTransport();
  transports.push(transport);
  const market = await startMarket({
    engine: {
      deliver: createDeliverer({
        sellerUrl: seller.url,
        accessKey: BASIC_KEY,
        kitAccessKey: KIT_KEY,
        transport,
      }),
      secrets: [BASIC_KEY, KIT_KEY],
      jointOperations: { encryptClientSecret: createClientSecretEncryptor(publicPem, { oaepHash }) },
    },
    oauth: false,
  });
  markets.push(market);
  return market;
}

let good: Seller;
let strict: Seller;
beforeAll(async () => {
  good = await startSeller({ idempotent: true });
  strict = await startSeller({ idempotent: false });
  servers.push(good.server, strict.server);
});
afterAll(async () => {
  for (const m of markets) await m.close();
  for (const t of transports) await t.close();
  for (const s of servers) await closeServer(s);
});

describe('kit delivery', () => {
  it('credential creation sends tenantSync, applicationSync, allOrgSync in order, with the kit key and an RSA-OAEP clientSecret', async () => {
    const market = await setup(good);
    const before = good.calls.length;
    const { tenant, jobs } = market.engine.createAppCredential({ tenantCode: 'seller-test' });
    expect(jobs.map((j) => j.interface)).toEqual(['tenantSync', 'applicationSync', 'allOrgSync']);
    await market.clock.advance(0);
    const calls = good.calls.slice(before);
    expect(calls.map((c) => c.name)).toEqual(['tenantSync', 'applicationSync', 'allOrgSync']);
    const [tenantSync, appSync, orgSync] = calls as [KitCall, KitCall, KitCall];
    expect(tenantSync.body).toMatchObject({
      instanceId: '',
      orderId: '',
      tenantId: tenant.tenantId,
      tenantCode: 'seller-test',
      domainName: market.url,
      flag: 1,
      testFlag: 0,
    });
    expect(String(tenantSync.body.timeStamp)).toMatch(/^20250310100000\d{3}$/); // UTC+8
    expect(tenantSync.context.headers['x-sign']).toMatch(/^[0-9a-f]{64}$/);
    // The SDK handler decrypted the secret with the private key: it is the one the login checks.
    expect(appSync.body).toMatchObject({ appId: tenant.app.appId, clientId: tenant.app.clientId });
    expect(appSync.body.clientSecret).toBe(tenant.app.clientSecret);
    expect(orgSync.body.orgInfoList).toEqual([{ orgCode: 'ROOT', orgName: 'Seller test tenant' }]);

    const attempts = market.engine.listAttempts();
    expect(attempts.map((a) => a.state)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    expect(attempts[1]!.request!.url).toBe(`${good.url}/produceAPI/v2/applicationSync`);
    expect(attempts[1]!.request!.body).not.toContain(tenant.app.clientSecret);
    expect(JSON.stringify(attempts)).not.toContain(KIT_KEY);
  });

  it('decrypts with SHA-256 OAEP too (the SDK handler detects the variant)', async () => {
    const market = await setup(good, 'sha256');
    const before = good.calls.length;
    const { tenant } = market.engine.createAppCredential();
    await market.clock.advance(0);
    const appSync = good.calls.slice(before).find((c) => c.name === 'applicationSync')!;
    expect(appSync.body.clientSecret).toBe(tenant.app.clientSecret);
  });

  it('buyer binding carries the instance and order; 1 201 authorised users go in pages of at most 500', async () => {
    const market = await setup(good);
    const order = market.engine.purchase({ productCode: 'crm', autoPay: true });
    await market.clock.advance(0);
    const [instance] = market.engine.listInstances({ orderId: order.orderId });
    const { tenant } = market.engine.bindTenant(instance!.ref, {
      orgs: [
        { orgCode: 'HQ', orgName: 'Headquarters' },
        { orgCode: 'SALES', orgName: 'Sales', parentCode: 'HQ' },
      ],
    });
    expect(tenant).toMatchObject({ origin: 'binding', instanceId: 'seller-inst-1', orderId: order.orderId });
    const users = Array.from({ length: 1201 }, (_, k) => ({
      userName: `user${String(k).padStart(4, '0')}`,
      orgCode: k % 2 === 0 ? 'HQ' : 'SALES',
    }));
    const before = good.calls.length;
    const { jobs } = market.engine.authorizeUsers(tenant.tenantId, users);
    expect(jobs.map((j) => (j.body.userList as unknown[]).length)).toEqual([500, 500, 201]);
    await market.clock.advance(0);
    const calls = good.calls.slice(before);
    expect(calls.map((c) => c.name)).toEqual([
      'tenantSync',
      'applicationSync',
      'allOrgSync',
      'authSync',
      'authSync',
      'authSync',
    ]);
    expect(calls[0]!.body).toMatchObject({ instanceId: 'seller-inst-1', orderId: order.orderId });
    expect(calls[2]!.body.orgInfoList).toEqual([
      { orgCode: 'HQ', orgName: 'Headquarters' },
      { orgCode: 'SALES', orgName: 'Sales', parentCode: 'HQ' },
    ]);
    expect(good.users.get(tenant.tenantId)?.size).toBe(1201);
    expect(new Set(calls.slice(3).map((c) => c.body.currentSyncTime)).size).toBe(1);
    expect(market.engine.getTenant(tenant.tenantId).users).toHaveLength(1201);
  });

  it('a department change sends singleOrgSync; unbinding deletes the app then the tenant', async () => {
    const market = await setup(good);
    const { tenant } = market.engine.createAppCredential();
    await market.clock.advance(0);
    const before = good.calls.length;
    market.engine.changeDepartment(tenant.tenantId, {
      orgCode: 'OPS',
      orgName: 'Operations',
      parentCode: 'ROOT',
    });
    market.engine.changeDepartment(tenant.tenantId, { orgCode: 'OPS', orgName: 'Ops & Support', flag: 2 });
    market.engine.changeDepartment(tenant.tenantId, { orgCode: 'OPS', flag: 0 });
    market.engine.unbindTenant(tenant.tenantId);
    await market.clock.advance(0);
    const calls = good.calls.slice(before);
    expect(calls.map((c) => `${c.name}:${String(c.body.flag)}`)).toEqual([
      'singleOrgSync:1',
      'singleOrgSync:2',
      'singleOrgSync:0',
      'applicationSync:0',
      'tenantSync:0',
    ]);
    expect(calls[1]!.body).toMatchObject({ orgCode: 'OPS', orgName: 'Ops & Support', parentCode: 'ROOT' });
    expect(good.tenants.has(tenant.tenantId)).toBe(false);
    expect(market.engine.getTenant(tenant.tenantId).state).toBe('deleted');
    expect(() => market.engine.authorizeUsers(tenant.tenantId, [{ userName: 'late' }])).toThrow(/unbound/);
  });

  it('checks idempotent add and delete: passes an idempotent seller, fails one that rejects repeats', async () => {
    const okMarket = await setup(good);
    const { tenant: okTenant } = okMarket.engine.createAppCredential();
    // Not before the tenant itself has been delivered.
    await expect(okMarket.engine.checkKitIdempotency(okTenant.tenantId)).rejects.toMatchObject({
      code: 'NOT_SUPPORTED',
    });
    await okMarket.clock.advance(0);
    const passed = await okMarket.engine.checkKitIdempotency(okTenant.tenantId);
    expect(passed.passed).toBe(true);
    expect(passed.steps.map((s) => s.step)).toEqual([
      'authSync add',
      'authSync add (repeat)',
      'authSync delete',
      'authSync delete (repeat)',
      'singleOrgSync add',
      'singleOrgSync add (repeat)',
      'singleOrgSync delete',
      'singleOrgSync delete (repeat)',
    ]);

    const badMarket = await setup(strict);
    const { tenant: badTenant } = badMarket.engine.createAppCredential();
    await badMarket.clock.advance(0);
    const failed = await badMarket.engine.checkKitIdempotency(badTenant.tenantId);
    expect(failed.passed).toBe(false);
    expect(failed.steps.filter((s) => !s.accepted).map((s) => [s.step, s.resultCode])).toEqual([
      ['authSync add (repeat)', '000002'],
      ['authSync delete (repeat)', '000003'],
      ['singleOrgSync add (repeat)', '000002'],
      ['singleOrgSync delete (repeat)', '000003'],
    ]);
    // The probe leaves the tenant's recorded state alone.
    expect(badMarket.engine.getTenant(badTenant.tenantId).users).toEqual([]);
  });

  it('holds the rest of an event while a call fails, and sends it once a restart succeeds', async () => {
    let failing = true;
    const flaky = await startSeller({ idempotent: true, failTenantSync: () => failing });
    servers.push(flaky.server);
    const market = await setup(flaky);
    const { jobs } = market.engine.createAppCredential();
    await market.clock.advance(0);
    expect(flaky.calls.map((c) => c.name)).toEqual(['tenantSync']);
    expect(market.engine.getJob(jobs[0]!.id).state).toBe('FAILED');
    expect(market.engine.getJob(jobs[1]!.id)).toMatchObject({ state: 'PENDING', waitingFor: jobs[0]!.id });
    failing = false;
    await market.engine.restartJob(jobs[0]!.id);
    await market.clock.advance(0);
    expect(flaky.calls.map((c) => c.name)).toEqual([
      'tenantSync',
      'tenantSync',
      'applicationSync',
      'allOrgSync',
    ]);
    // A failing kit call is not a failed order.
    expect(
      market.engine.listProductStates().every((p) => Object.keys(p.failedOrdersByMonth).length === 0),
    ).toBe(true);
  });

  it('rejects bad events with typed errors naming the field', async () => {
    const market = await setup(good);
    const noKey = await startMarket({ oauth: false });
    markets.push(noKey);
    expect(() => noKey.engine.createAppCredential()).toThrow(ConfigError);
    expect(noKey.engine.listTenants()).toEqual([]);

    const bad = (fn: () => unknown): ValidationError => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return error as ValidationError;
      }
      throw new Error('expected a ValidationError');
    };
    const orphan = bad(() =>
      market.engine.createAppCredential({ orgs: [{ orgCode: 'A', orgName: 'A', parentCode: 'MISSING' }] }),
    );
    expect(orphan.issues.map((i) => i.path)).toEqual(['/orgs/0/parentCode']);
    const { tenant } = market.engine.createAppCredential();
    const wrongOrg = bad(() =>
      market.engine.authorizeUsers(tenant.tenantId, [{ userName: 'x', orgCode: 'NOPE' }]),
    );
    expect(wrongOrg.issues.map((i) => i.path)).toEqual(['/users/0/orgCode']);
    const badRole = bad(() =>
      market.engine.authorizeUsers(tenant.tenantId, [{ userName: 'x', role: 'root' as 'admin' }]),
    );
    expect(badRole.issues.map((i) => i.path)).toEqual(['/users/0/role']);
    const unknownUser = bad(() =>
      market.engine.authorizeUsers(tenant.tenantId, [{ userName: 'ghost' }], { flag: 0 }),
    );
    expect(unknownUser.issues.map((i) => i.path)).toEqual(['/users/0/userName']);
    const dupDept = bad(() =>
      market.engine.changeDepartment(tenant.tenantId, { orgCode: 'ROOT', orgName: 'again' }),
    );
    expect(dupDept.issues.map((i) => i.path)).toEqual(['/orgCode']);
    // Refused events change nothing and send nothing.
    expect(market.engine.getTenant(tenant.tenantId).users).toEqual([]);
    expect(market.engine.listJobs().filter((j) => j.interface === 'authSync')).toEqual([]);
  });
});
