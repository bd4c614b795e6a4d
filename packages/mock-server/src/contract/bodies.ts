/**
 * Request bodies of the suite's direct calls (console-style debugging calls and negative cases), per protocol.
 * V2 bodies come from the engine's builders, so they have exactly the shape of the mock's lifecycle calls. Every
 * order id is new for the run (platform-shaped `CS…`), so a seller with persistent state can run the suite again
 * and again.
 */
import { randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { encryptCredential, type ChargingMode, type KitInterfaceName } from '@koogallery-kit/sdk';
import { encryptClientSecret, fillCallDefaults } from '@koogallery-kit/sdk/platform';
import {
  changeInstanceCheckBody,
  newInstanceBody,
  queryInstanceBody,
  refreshInstanceBody,
  releaseInstanceBody,
  upgradeInstanceBody,
  updateInstanceStatusBody,
  type CallBody,
} from '../engine/jobs/bodies';
import { formatOrderIdStamp, formatUtcCompact } from '../engine/time/business-time';
import { DEMO_CATALOG } from '../engine/model/demo-catalog';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const YEAR_MS = 365 * 24 * 3_600_000;
/** UTC+8: the platform's business zone, used for the date part of order ids. */
const PLATFORM_OFFSET_MINUTES = 480;

function randomChars(n: number): string {
  const bytes = randomBytes(n);
  let out = '';
  for (const b of bytes) out += ALNUM[b % ALNUM.length];
  return out;
}

/** A new platform-shaped order id (`CS` + yyMMddHHmm in UTC+8 + 5 random characters, 17 characters). */
export function newOrderId(now: number): string {
  return `CS${formatOrderIdStamp(now, PLATFORM_OFFSET_MINUTES)}${randomChars(5)}`;
}

/** First line of an order, `<orderId>-000001`. */
export function lineOf(orderId: string): string {
  return `${orderId}-000001`;
}

/** An instance id no seller knows (for negative cases). */
export function unknownInstanceId(): string {
  return `contract-unknown-${randomBytes(8).toString('hex')}`;
}

/** Product and SKUs of the demo catalog used for bodies that name a product (V1, changeInstanceCheck). */
export interface DemoProduct {
  productId: string;
  skuCode: string;
  /** Another SKU of the same product (upgrade target), or the same one. */
  otherSkuCode: string;
  /** V1 `chargingMode` code (§9.3): 0 on-demand, 1 period, 3 one-time, 5 package. */
  v1ChargingMode: string;
}

const V1_MODE: Readonly<Record<ChargingMode, string>> = {
  ON_DEMAND: '0',
  PERIOD: '1',
  ONE_TIME: '3',
  ON_DEMAND_PKG: '5',
};

/** The demo product sold in `mode`. */
export function demoProduct(mode: ChargingMode): DemoProduct {
  const product = DEMO_CATALOG.products.find((p) => p.chargingMode === mode) ?? DEMO_CATALOG.products[0];
  const first = product?.skus[0];
  const second = product?.skus[1] ?? first;
  const ids = { ...product?.productIds, ...first?.productIds };
  const productId = ids.month ?? ids.year ?? ids.once ?? ids.usage ?? 'OFFI100000000000000101';
  return {
    productId,
    skuCode: first?.skuCode ?? 'sku',
    otherSkuCode: second?.skuCode ?? first?.skuCode ?? 'sku',
    v1ChargingMode: V1_MODE[mode],
  };
}

/** Context of body building. */
export interface BodyContext {
  /** Wall clock, epoch ms. */
  now: number;
  mode: ChargingMode;
  /**
   * The seller key: V1 newInstance then carries the buyer's `mobilePhone` and `email` encrypted with it as
   * encryptType 1 (AES-256-CBC, the documented default; §7.6, §9.3), as for products with phone- or e-mail-based
   * authorisation.
   */
  accessKey?: string;
}

/** The buyer contact of V1 newInstance (plain text before encryption). */
export const V1_BUYER = Object.freeze({ mobilePhone: '13800000000', email: 'contract.buyer@example.com' });

const withTestFlag = (body: CallBody): CallBody => ({ ...body, testFlag: '1' });

/** V2 bodies of a console-style debugging call (`testFlag` "1"). */
export const v2Bodies = {
  newInstance: (orderId: string): CallBody =>
    withTestFlag(newInstanceBody(orderId, lineOf(orderId), randomUUID())),
  queryInstance: (instanceId: string): CallBody => withTestFlag(queryInstanceBody([instanceId])),
  upgradeInstance: (instanceId: string, orderId: string): CallBody =>
    withTestFlag(upgradeInstanceBody(instanceId, orderId, lineOf(orderId))),
  refreshInstance: (instanceId: string, orderId: string, c: BodyContext): CallBody =>
    withTestFlag(
      refreshInstanceBody({
        scene: 'RENEWAL',
        orderId,
        orderLineId: lineOf(orderId),
        instanceId,
        expireAt: c.now + YEAR_MS,
      }),
    ),
  changeInstanceCheck: (instanceId: string, c: BodyContext): CallBody => {
    const p = demoProduct(c.mode);
    return withTestFlag(
      changeInstanceCheckBody(instanceId, {
        productId: p.productId,
        skuCode: p.otherSkuCode,
        linearValue: 20,
      }),
    );
  },
  updateInstanceStatus: (instanceId: string, status: 'FREEZE' | 'UNFREEZE'): CallBody =>
    withTestFlag(updateInstanceStatusBody(instanceId, status)),
  releaseInstance: (instanceId: string, orderId?: string): CallBody =>
    withTestFlag(
      releaseInstanceBody(
        instanceId,
        orderId === undefined ? undefined : { orderId, orderLineId: lineOf(orderId) },
      ),
    ),
};

/** V1 bodies (every value a string: they travel in the query). */
export const v1Bodies = {
  newInstance: (orderId: string, c: BodyContext): CallBody => {
    const p = demoProduct(c.mode);
    const body: CallBody = {
      customerId: randomBytes(16).toString('hex'),
      customerName: 'contract_buyer',
      businessId: randomUUID(),
      orderId,
      skuCode: p.skuCode,
      productId: p.productId,
      chargingMode: p.v1ChargingMode,
      testFlag: '1',
    };
    if (c.accessKey !== undefined) {
      body.mobilePhone = encryptCredential(c.accessKey, V1_BUYER.mobilePhone);
      body.email = encryptCredential(c.accessKey, V1_BUYER.email);
    }
    if (c.mode === 'PERIOD' || c.mode === 'ON_DEMAND_PKG') {
      body.expireTime = formatUtcCompact(c.now + YEAR_MS);
      body.periodType = 'year';
      body.periodNumber = '1';
    }
    return body;
  },
  queryInstance: (instanceId: string): CallBody => ({ instanceId, testFlag: '1' }),
  upgrade: (instanceId: string, orderId: string, c: BodyContext): CallBody => {
    const p = demoProduct(c.mode);
    return { instanceId, orderId, skuCode: p.otherSkuCode, productId: p.productId, testFlag: '1' };
  },
  refreshInstance: (instanceId: string, orderId: string, c: BodyContext): CallBody => ({
    orderId,
    instanceId,
    expireTime: formatUtcCompact(c.now + 2 * YEAR_MS),
    periodType: 'year',
    periodNumber: '1',
    testFlag: '1',
  }),
  expireInstance: (instanceId: string, orderId: string): CallBody => ({ instanceId, orderId, testFlag: '1' }),
  instanceStatus: (instanceId: string, status: 'FREEZE' | 'NORMAL'): CallBody => ({
    instanceId,
    instanceStatus: status,
    testFlag: '1',
  }),
  releaseInstance: (instanceId: string, orderId: string): CallBody => ({
    instanceId,
    orderId,
    testFlag: '1',
  }),
};

/** Identifiers shared by the kit calls of one run: a tenant of its own, so runs never collide. */
export interface KitFixture {
  tenantId: string;
  appId: string;
}

/** A new kit fixture. */
export function newKitFixture(): KitFixture {
  const id = randomBytes(8).toString('hex');
  return { tenantId: `contract-tenant-${id}`, appId: `contract-app-${id}` };
}

/**
 * Kit body with the platform's defaults (SDK `fillCallDefaults`): `timeStamp` now in UTC+8, empty
 * `instanceId`/`orderId` (as when the seller's own credential application triggers the sync), `testFlag` 1.
 */
const kit = (name: KitInterfaceName, k: KitFixture, now: number, fields: CallBody): CallBody =>
  fillCallDefaults(name, { tenantId: k.tenantId, ...fields }, { now, testFlag: true });

/** Kit bodies (§4), `testFlag` 1. `flag`: 0 delete, 1 add, 2 modify. */
export const kitBodies = {
  tenantSync: (k: KitFixture, now: number, flag: 0 | 1 | 2 = 1): CallBody =>
    kit('tenantSync', k, now, {
      tenantCode: k.tenantId.slice(-12),
      name: 'Contract test tenant',
      domainName: 'https://contract-test.example.com',
      flag,
    }),
  applicationSync: (k: KitFixture, now: number, publicKey: string | KeyObject): CallBody =>
    kit('applicationSync', k, now, {
      appId: k.appId,
      clientId: `client-${k.appId}`,
      clientSecret: encryptClientSecret(publicKey, randomBytes(24).toString('base64url')),
      flag: 1,
    }),
  authSync: (k: KitFixture, now: number): CallBody => {
    const body = kit('authSync', k, now, {
      appId: k.appId,
      userList: [
        {
          userName: 'contract.user',
          name: 'Contract User',
          orgCode: 'ORG-ROOT',
          role: 'admin',
          enable: 'true',
        },
      ],
      flag: 1,
    });
    return { ...body, currentSyncTime: body.timeStamp };
  },
  singleOrgSync: (k: KitFixture, now: number, orgCode = 'ORG-RND'): CallBody =>
    kit('singleOrgSync', k, now, { orgCode, orgName: 'Research', parentCode: 'ORG-ROOT', flag: 1 }),
  allOrgSync: (k: KitFixture, now: number): CallBody =>
    kit('allOrgSync', k, now, {
      orgInfoList: [
        { orgCode: 'ORG-ROOT', orgName: 'Head office', parentCode: '' },
        { orgCode: 'ORG-RND', orgName: 'Research', parentCode: 'ORG-ROOT' },
      ],
    }),
};
