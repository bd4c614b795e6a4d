/**
 * A seller on the SDK's production handler serving the basic interfaces (V2 or V1) and the joint-operations kit
 * interfaces, on 127.0.0.1 port 0: it keeps instances, tenants, apps (client secrets decrypted with its RSA private
 * key), users and departments, and records every call. Add and delete are idempotent unless `idempotent: false`.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createProductionHandler,
  results,
  type AllOrgSyncRequest,
  type ApplicationSyncRequest,
  type AuthSyncRequest,
  type SingleOrgSyncRequest,
  type TenantSyncRequest,
} from '@koogallery-kit/sdk';
import { createNodeListener } from '@koogallery-kit/sdk/node';

/** An RSA-3072 key pair (the size the seller console requires), generated once per test file. */
let pair: { publicPem: string; privateKey: ReturnType<typeof generateKeyPairSync>['privateKey'] } | undefined;
export function kitKeyPair(): NonNullable<typeof pair> {
  if (pair === undefined) {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
    pair = { publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string, privateKey };
  }
  return pair;
}

/** One call the seller received. */
export interface SellerCall {
  name: string;
  body: Record<string, unknown>;
}

/** A running kit seller. */
export interface KitSeller {
  url: string;
  calls: SellerCall[];
  instances: Map<string, 'active' | 'frozen' | 'released'>;
  tenants: Map<string, Record<string, unknown>>;
  /** Decrypted client secret per tenant. */
  secrets: Map<string, string>;
  users: Map<string, Set<string>>;
  orgs: Map<string, Set<string>>;
  close(): Promise<void>;
}

/** Starts the seller (see module doc). */
export async function startKitSeller(o: {
  key: string;
  kitKey: string;
  version?: 'v1' | 'v2';
  /** V1: AES variant the handler decrypts mobilePhone/email and encrypts appInfo with. Default 1. */
  encryptType?: 1 | 2;
  idempotent?: boolean;
}): Promise<KitSeller> {
  const idempotent = o.idempotent ?? true;
  const calls: SellerCall[] = [];
  const instances = new Map<string, 'active' | 'frozen' | 'released'>();
  const tenants = new Map<string, Record<string, unknown>>();
  const secrets = new Map<string, string>();
  const users = new Map<string, Set<string>>();
  const orgs = new Map<string, Set<string>>();
  const log = (name: string, body: unknown): void => {
    calls.push({ name, body: body as Record<string, unknown> });
  };
  const setOf = (m: Map<string, Set<string>>, id: string): Set<string> => {
    const s = m.get(id) ?? new Set<string>();
    m.set(id, s);
    return s;
  };
  let next = 0;
  const report = (ids: string) => ({
    info: ids
      .split(',')
      .filter((id) => instances.has(id) && instances.get(id) !== 'released')
      .map((id) => ({
        instanceId: id,
        appInfo: { frontEndUrl: `https://app.example.com/${id}`, userName: 'admin', password: 'P@ssw0rd!' },
      })),
  });
  const status = (id: string, s: 'active' | 'frozen' | 'released') => {
    if (!instances.has(id)) return results.notFound();
    instances.set(id, s);
    return undefined;
  };
  const kit = {
    tenantSync: (body: TenantSyncRequest) => {
      log('tenantSync', body);
      if (body.flag === 0) tenants.delete(body.tenantId);
      else tenants.set(body.tenantId, { ...body });
    },
    applicationSync: (body: ApplicationSyncRequest) => {
      log('applicationSync', body);
      if (body.flag === 0) secrets.delete(body.tenantId);
      else secrets.set(body.tenantId, body.clientSecret);
    },
    allOrgSync: (body: AllOrgSyncRequest) => {
      log('allOrgSync', body);
      orgs.set(body.tenantId, new Set(body.orgInfoList.map((x) => x.orgCode)));
    },
    singleOrgSync: (body: SingleOrgSyncRequest) => {
      log('singleOrgSync', body);
      const set = setOf(orgs, body.tenantId);
      if (body.flag === 1) {
        if (!idempotent && set.has(body.orgCode)) return results.invalid('department exists');
        set.add(body.orgCode);
      } else if (body.flag === 0) {
        if (!idempotent && !set.has(body.orgCode)) return results.notFound('no such department');
        set.delete(body.orgCode);
      }
      return undefined;
    },
    authSync: (body: AuthSyncRequest) => {
      log('authSync', body);
      const set = setOf(users, body.tenantId);
      for (const u of body.userList) {
        if (body.flag === 1) {
          if (!idempotent && set.has(u.userName)) return results.invalid('user exists');
          set.add(u.userName);
        } else if (body.flag === 0 || body.flag === 3) {
          if (!idempotent && !set.has(u.userName)) return results.notFound('no such user');
          set.delete(u.userName);
        }
      }
      return undefined;
    },
  };
  const common = {
    accessKey: o.key,
    kitAccessKey: o.kitKey,
    privateKey: kitKeyPair().privateKey,
    logger: {},
  };
  const handler =
    o.version === 'v1'
      ? createProductionHandler({
          ...common,
          version: 'v1',
          ...(o.encryptType === undefined ? {} : { encryptType: o.encryptType }),
          handlers: {
            ...kit,
            newInstance: (b) => {
              log('newInstance', b);
              const id = `v1-inst-${++next}`;
              instances.set(id, 'active');
              return {
                instanceId: id,
                appInfo: {
                  frontEndUrl: `https://app.example.com/${id}`,
                  userName: 'admin',
                  password: 'P@ssw0rd!',
                },
              };
            },
            queryInstance: (b) => (log('queryInstance', b), report(b.instanceId)),
            refreshInstance: (b) => (log('refreshInstance', b), status(b.instanceId, 'active')),
            expireInstance: (b) => (log('expireInstance', b), status(b.instanceId, 'frozen')),
            instanceStatus: (b) => (
              log('instanceStatus', b),
              status(b.instanceId, b.instanceStatus === 'FREEZE' ? 'frozen' : 'active')
            ),
            releaseInstance: (b) => (log('releaseInstance', b), status(b.instanceId, 'released')),
            upgrade: (b) => (log('upgrade', b), status(b.instanceId, 'active')),
          },
        })
      : createProductionHandler({
          ...common,
          handlers: {
            ...kit,
            newInstance: (b) => {
              log('newInstance', b);
              const id = `inst-${++next}`;
              instances.set(id, 'active');
              return { instanceId: id };
            },
            queryInstance: (b) => (log('queryInstance', b), report(b.instanceId)),
            refreshInstance: (b) => (log('refreshInstance', b), status(b.instanceId, 'active')),
            updateInstanceStatus: (b) => (
              log('updateInstanceStatus', b),
              status(b.instanceId, b.status === 'FREEZE' ? 'frozen' : 'active')
            ),
            releaseInstance: (b) => (log('releaseInstance', b), status(b.instanceId, 'released')),
            upgradeInstance: (b) => (log('upgradeInstance', b), status(b.instanceId, 'active')),
          },
        });
  const server: Server = createServer(createNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/isv/produce`,
    calls,
    instances,
    tenants,
    secrets,
    users,
    orgs,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
