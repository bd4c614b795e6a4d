/**
 * The joint-operations (kit) events through the admin API: `POST /__admin/actions/<event>` sends the documented
 * kit calls to a real seller (SDK handler with kit handlers) and answers with the tenant — client secret redacted —
 * and the calls in their state after delivery; `GET /__admin/tenants` lists the tenants. Bad input is a 4xx naming
 * the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientSecretEncryptor } from '@koogallery-kit/sdk/platform';
import { createMockMarketplace, type MockMarketplace } from '../../src/index';
import type {
  ActionDescription,
  ErrorBody,
  KitIdempotencyAnswer,
  OrderActionAnswer,
  Page,
  TenantActionAnswer,
  TenantView,
} from './admin-answers';
import { request } from './helpers';
import { kitKeyPair, startKitSeller, type KitSeller } from './kit-seller';

const KEY = 'kit-admin-basic-key-0001';
const KIT_KEY = 'kit-admin-kit-key-0002';

let seller: KitSeller;
let market: MockMarketplace;
let bare: MockMarketplace;

beforeAll(async () => {
  seller = await startKitSeller({ key: KEY, kitKey: KIT_KEY });
  market = await createMockMarketplace({
    sellerUrl: seller.url,
    accessKey: KEY,
    kitAccessKey: KIT_KEY,
    engine: { jointOperations: { encryptClientSecret: createClientSecretEncryptor(kitKeyPair().publicPem) } },
  });
  bare = await createMockMarketplace({ sellerUrl: seller.url, accessKey: KEY, kitAccessKey: KIT_KEY });
});
afterAll(async () => {
  await market.close();
  await bare.close();
  await seller.close();
});

/** Runs an admin action; the answer is typed `T` (a kit event's tenant answer unless said otherwise). */
const action = <T = TenantActionAnswer>(name: string, json: unknown, m: MockMarketplace = market) =>
  request<T>(`${m.adminUrl}/actions/${name}`, { json });
const get = <T>(path: string) => request<T>(`${market.adminUrl}${path}`);
const jobStates = (jobs: Array<{ interface: string; state: string }>) =>
  jobs.map((j) => `${j.interface}:${j.state}`);

describe('kit events in the admin API', () => {
  it('lists the kit events with their fields', async () => {
    const list = await get<Array<ActionDescription & { fields: string[]; required: string[] }>>('/actions');
    const byName = new Map(list.body.map((a) => [a.name, a]));
    expect(byName.get('bind-tenant')).toMatchObject({ required: ['ref'] });
    expect(byName.get('authorize-users')).toMatchObject({
      fields: ['tenantId', 'users', 'flag'],
      required: ['tenantId', 'users'],
    });
    for (const name of [
      'create-app-credential',
      'update-tenant',
      'unbind-tenant',
      'change-department',
      'check-kit-idempotency',
    ]) {
      expect(byName.has(name), name).toBe(true);
    }
  });

  it('creates an application credential: tenantSync, applicationSync, allOrgSync, authSync, delivered', async () => {
    const answer = await action('create-app-credential', {
      tenantCode: 'acme',
      name: 'ACME Ltd',
      orgs: [
        { orgCode: 'HQ', orgName: 'Head office' },
        { orgCode: 'RD', orgName: 'R&D', parentCode: 'HQ' },
      ],
      users: [{ userName: 'alice', role: 'admin', orgCode: 'RD' }],
    });
    expect(answer.status).toBe(200);
    const tenant = answer.body.result;
    expect(tenant).toMatchObject({
      tenantCode: 'acme',
      name: 'ACME Ltd',
      origin: 'credential',
      state: 'active',
    });
    expect(tenant.app.clientSecret).toBe('[REDACTED]');
    expect(jobStates(answer.body.jobs)).toEqual([
      'tenantSync:SUCCEEDED',
      'applicationSync:SUCCEEDED',
      'allOrgSync:SUCCEEDED',
      'authSync:SUCCEEDED',
    ]);
    // The seller got the tenant, decrypted the real client secret, and holds the tree and the user.
    expect(seller.tenants.get(tenant.tenantId)).toMatchObject({ tenantCode: 'acme', flag: 1 });
    expect(seller.secrets.get(tenant.tenantId)).toBe(
      market.engine.getTenant(tenant.tenantId).app.clientSecret,
    );
    expect([...(seller.orgs.get(tenant.tenantId) ?? [])]).toEqual(['HQ', 'RD']);
    expect([...(seller.users.get(tenant.tenantId) ?? [])]).toEqual(['alice']);
    expect(JSON.stringify(answer.body)).not.toContain(
      market.engine.getTenant(tenant.tenantId).app.clientSecret,
    );

    const listed = await get<Page<TenantView>>('/tenants?origin=credential');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((t) => t.tenantId)).toContain(tenant.tenantId);
    expect(listed.body.items.every((t) => t.app.clientSecret === '[REDACTED]')).toBe(true);
    const one = await get<TenantView>(`/tenants/${tenant.tenantId}`);
    expect(one.body).toMatchObject({
      tenantId: tenant.tenantId,
      users: [{ userName: 'alice', role: 'admin' }],
    });
  });

  it('binds a buyer instance, changes users and departments, checks idempotency and unbinds', async () => {
    const bought = await action<OrderActionAnswer>('purchase', { productCode: 'crm', autoPay: true });
    const ref = bought.body.result.instanceRefs[0]!;
    const bound = await action('bind-tenant', { ref, users: [{ userName: 'bob' }] });
    expect(bound.status).toBe(200);
    const tenantId = bound.body.result.tenantId;
    expect(bound.body.result).toMatchObject({ origin: 'binding', instanceRef: ref });
    expect(jobStates(bound.body.jobs).every((s) => s.endsWith(':SUCCEEDED'))).toBe(true);
    expect((await get<Page<TenantView>>(`/tenants?instanceRef=${ref}`)).body.total).toBe(1);

    const added = await action('authorize-users', {
      tenantId,
      users: [{ userName: 'carol' }, { userName: 'dan' }],
    });
    expect(jobStates(added.body.jobs)).toEqual(['authSync:SUCCEEDED']);
    const removed = await action('authorize-users', { tenantId, users: [{ userName: 'dan' }], flag: 0 });
    expect(removed.status).toBe(200);
    expect([...(seller.users.get(tenantId) ?? [])].sort()).toEqual(['bob', 'carol']);
    expect(removed.body.result.users.map((u) => u.userName)).toEqual(['bob', 'carol']);

    const dept = await action('change-department', {
      tenantId,
      orgCode: 'SALES',
      orgName: 'Sales',
      parentCode: 'ROOT',
    });
    expect(jobStates(dept.body.jobs)).toEqual(['singleOrgSync:SUCCEEDED']);
    expect(seller.orgs.get(tenantId)?.has('SALES')).toBe(true);

    const renamed = await action('update-tenant', { tenantId, name: 'Renamed Ltd' });
    expect(renamed.body.result.name).toBe('Renamed Ltd');
    expect(seller.tenants.get(tenantId)).toMatchObject({ name: 'Renamed Ltd', flag: 2 });

    const check = await action<KitIdempotencyAnswer>('check-kit-idempotency', { tenantId });
    expect(check.status).toBe(200);
    expect(check.body.result.passed).toBe(true);
    expect(check.body.result.steps).toHaveLength(8);

    const unbound = await action('unbind-tenant', { tenantId });
    expect(unbound.body.result.state).toBe('deleted');
    expect(jobStates(unbound.body.jobs)).toEqual(['applicationSync:SUCCEEDED', 'tenantSync:SUCCEEDED']);
    expect(seller.tenants.has(tenantId)).toBe(false);
    const again = await action<ErrorBody>('authorize-users', { tenantId, users: [{ userName: 'erin' }] });
    expect(again.status).toBe(422);
    expect(again.body.error.message).toMatch(/unbound/);
  });

  it.each([
    ['authorize-users', { tenantId: 'x' }, 400, 'users', /required/],
    ['authorize-users', { tenantId: '', users: [{ userName: 'a' }] }, 400, 'tenantId', /non-empty string/],
    ['authorize-users', { tenantId: 'nope', users: [{ userName: 'a' }] }, 404, undefined, /tenant/],
    ['change-department', { orgCode: 'X' }, 400, 'tenantId', /required: the tenant/],
    ['bind-tenant', { ref: 'I999999' }, 404, undefined, /instance/],
    ['bind-tenant', { ref: 'I000001', orgs: [] }, 400, 'orgs', /non-empty array/],
    ['create-app-credential', { loginUrl: 'not a url' }, 400, 'loginUrl', /http\(s\) URL/],
    ['create-app-credential', { color: 'blue' }, 400, 'color', /unknown field/],
    ['unbind-tenant', {}, 400, 'tenantId', /required/],
  ])('%s %j → %i naming %s', async (name, body, status, field, message) => {
    const answer = await action<ErrorBody>(name, body);
    expect(answer.status).toBe(status);
    if (field !== undefined) expect(answer.body.error.field).toBe(field);
    expect(answer.body.error.message).toMatch(message);
  });

  it('names the user and the flag of a bad authorisation', async () => {
    const created = await action('create-app-credential', {});
    const tenantId = created.body.result.tenantId;
    const bad = await action<ErrorBody>('authorize-users', {
      tenantId,
      users: [{ name: 'no user name' }],
      flag: 7,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('flag');
    const user = await action<ErrorBody>('authorize-users', { tenantId, users: [{ name: 'no user name' }] });
    expect(user.body.error.field).toBe('users.0.userName');
  });

  it('refuses events that send applicationSync when no kit public key is configured, saying how to set it', async () => {
    const answer = await action<ErrorBody>('create-app-credential', {}, bare);
    expect(answer.status).toBe(422);
    expect(answer.body.error.message).toMatch(/public key.*--kit-public-key/);
    expect(bare.engine.listTenants()).toEqual([]);
  });

  it('answers 404 for an unknown tenant and 400 for an unknown tenant filter', async () => {
    expect((await get('/tenants/does-not-exist')).status).toBe(404);
    const bad = await get<ErrorBody>('/tenants?status=active');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('status');
    expect((await get<ErrorBody>('/tenants?state=gone')).body.error.field).toBe('state');
  });
});
