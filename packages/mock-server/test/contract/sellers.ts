/**
 * Sellers the conformance suite is tested against, on 127.0.0.1 port 0:
 *
 * - `startSdkSeller`: a correct seller built on the SDK's production handler (V2 or V1, optional kit interfaces,
 *   optional asynchronous newInstance), with at most one deliberate `defect` layered on top;
 * - `startRawSeller`: a hand-written node:http seller using only the SDK's signing primitives, for wire-level
 *   defects the handler cannot produce.
 */
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createBodySign,
  createInstanceIdempotency,
  createMemoryIdempotencyStore,
  createProductionHandler,
  results,
  signRequest,
  verifyRequest,
  type HandlerResponse,
  type NonceStore,
  type ProductionHandler,
} from '@koogallery-kit/sdk';

/** The V2 basic interfaces in the order the contract checks them (protocol §3), what a V2 PERIOD product has. */
export const BASIC_INTERFACES = [
  'newInstance',
  'queryInstance',
  'refreshInstance',
  'updateInstanceStatus',
  'releaseInstance',
  'upgradeInstance',
  'changeInstanceCheck',
];
/** The kit interfaces (protocol §4). */
export const KIT_INTERFACES = ['tenantSync', 'applicationSync', 'authSync', 'singleOrgSync', 'allOrgSync'];

export const KEY = 'contract-test-key-0001';
export const KIT_KEY = 'contract-test-kit-key-0002';

/** The deliberate defects of the broken sellers. */
export type Defect =
  | 'wrong-body-sign-key'
  | 'missing-body-sign'
  | 'lowercase-body-sign'
  | 'text-plain'
  | 'http-500-on-errors'
  | 'accepts-bad-signatures'
  | 'no-replay-check'
  | 'non-idempotent-new-instance'
  | 'success-for-unknown-instances'
  | 'slow';

export interface SdkSellerOptions {
  version?: 'v1' | 'v2';
  /** Serve the kit interfaces with this key (and an RSA key pair for applicationSync). */
  kitKey?: string;
  defect?: Defect;
  /** `slow`: delay of every answer, ms. */
  delayMs?: number;
  /** newInstance answers 000004; the instance is reported after this many queryInstance polls (Infinity: never). */
  asyncAfterPolls?: number;
}

export interface RunningSeller {
  url: string;
  /** Public key of the application credential (kit sellers). */
  publicKey?: KeyObject;
  /** Instances the seller holds, by instanceId. */
  instances: Map<string, SellerInstance>;
  close(): Promise<void>;
}

export interface SellerInstance {
  order: string;
  status: 'active' | 'frozen' | 'released';
  ready: boolean;
  pollsLeft: number;
  expireTime?: string;
}

const servers = new Set<Server>();

/** Closes every seller still running (call in afterAll). */
export async function closeAllSellers(): Promise<void> {
  await Promise.all([...servers].map((s) => new Promise((r) => s.close(r))));
  servers.clear();
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    handler(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  servers.add(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/isv/produce` };
}

function close(server: Server): Promise<void> {
  servers.delete(server);
  return new Promise((resolve) => server.close(() => resolve()));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Re-signs a V2 request with the right key, keeping its timestamp and nonce (a seller that skips the signature check). */
function resign(url: string, rawBody: Buffer): string {
  const u = new URL(url, 'http://seller');
  const timestamp = u.searchParams.get('timestamp');
  const nonce = u.searchParams.get('nonce');
  if (timestamp === null || nonce === null || u.pathname.includes('/produceAPI/')) return url;
  try {
    const signed = signRequest({ accessKey: KEY, body: rawBody.toString('utf8'), timestamp, nonce });
    u.searchParams.set('signature', signed.query.signature);
  } catch {
    return url;
  }
  return `${u.pathname}${u.search}`;
}

/** Applies a wire-level defect to an answer of the handler. */
function damage(answer: HandlerResponse, defect: Defect | undefined): HandlerResponse {
  const headers = { ...answer.headers };
  const code = (JSON.parse(answer.body) as { resultCode?: string }).resultCode;
  switch (defect) {
    case 'wrong-body-sign-key':
      headers['Body-Sign'] = createBodySign('not-the-sellers-key-9999', answer.body);
      break;
    case 'missing-body-sign':
      delete headers['Body-Sign'];
      break;
    case 'lowercase-body-sign':
      headers['body-sign'] = headers['Body-Sign'] as string;
      delete headers['Body-Sign'];
      break;
    case 'text-plain':
      headers['Content-Type'] = 'text/plain;charset=UTF-8';
      break;
    case 'http-500-on-errors':
      if (code !== '000000' && code !== '000004') return { ...answer, headers, status: 500 };
      break;
    default:
      break;
  }
  return { ...answer, headers };
}

/** The SDK production handler of a correct seller (with at most one behavioural defect) and its state. */
export interface SellerHandler {
  handler: ProductionHandler;
  instances: Map<string, SellerInstance>;
  /** Public key of the application credential (kit sellers). */
  publicKey?: KeyObject;
}

/** Builds the handler of {@link startSdkSeller} (wire-level defects are applied by the server around it). */
export function createSellerHandler(o: SdkSellerOptions = {}): SellerHandler {
  const instances = new Map<string, SellerInstance>();
  const idempotency = createInstanceIdempotency({ store: createMemoryIdempotencyStore() });
  const lenient = o.defect === 'success-for-unknown-instances';
  const find = (id: string): SellerInstance | undefined => instances.get(id);
  const unknown = () => (lenient ? undefined : results.notFound());
  const asyncPolls = o.asyncAfterPolls;

  const create = async (key: { orderId: string; orderLineId?: string; productId?: string }) => {
    const order = `${key.orderId}/${key.orderLineId ?? key.productId ?? ''}`;
    if (o.defect === 'non-idempotent-new-instance') {
      const id = randomUUID().replace(/-/g, '');
      instances.set(id, { order, status: 'active', ready: true, pollsLeft: 0 });
      return { instanceId: id };
    }
    const claimKey =
      key.orderLineId !== undefined
        ? { orderId: key.orderId, orderLineId: key.orderLineId }
        : { orderId: key.orderId, productId: key.productId ?? 'p' };
    if (asyncPolls !== undefined) {
      const claim = await idempotency.claim(claimKey);
      if (!instances.has(claim.instanceId)) {
        instances.set(claim.instanceId, { order, status: 'active', ready: false, pollsLeft: asyncPolls });
      }
      const inst = instances.get(claim.instanceId) as SellerInstance;
      return inst.ready ? { instanceId: claim.instanceId } : results.processing(claim.instanceId);
    }
    return idempotency.run(claimKey, (id) => {
      instances.set(id, { order, status: 'active', ready: true, pollsLeft: 0 });
    });
  };

  const report = (ids: string) => {
    const info = [];
    for (const id of ids.split(',')) {
      const inst = find(id);
      if (inst === undefined || inst.status === 'released') continue;
      if (!inst.ready) {
        inst.pollsLeft -= 1;
        if (inst.pollsLeft > 0) continue;
        inst.ready = true;
      }
      // usageInfo is mandatory for pay-per-use and package products (§3.2) and harmless for the others.
      info.push({
        instanceId: id,
        appInfo: { frontEndUrl: `https://app.example.com/${id}` },
        usageInfo: [{ usageValue: '0', statisticalTime: '20250101000000000' }],
      });
    }
    return { info };
  };

  const onInstance = (id: string, change: (i: SellerInstance) => void) => {
    const inst = find(id);
    if (inst === undefined) return unknown();
    change(inst);
    return undefined;
  };

  const kit = o.kitKey === undefined ? undefined : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kitHandlers =
    kit === undefined
      ? {}
      : {
          tenantSync: () => undefined,
          applicationSync: () => undefined,
          authSync: () => undefined,
          singleOrgSync: () => undefined,
          allOrgSync: () => undefined,
        };
  const nonceStore: NonceStore | undefined =
    o.defect === 'no-replay-check' ? { claim: async () => true } : undefined;
  const common = {
    accessKey: KEY,
    ...(o.kitKey === undefined ? {} : { kitAccessKey: o.kitKey }),
    ...(kit === undefined ? {} : { privateKey: kit.privateKey }),
    ...(nonceStore === undefined ? {} : { nonceStore }),
    logger: {},
  };
  const handler: ProductionHandler =
    o.version === 'v1'
      ? createProductionHandler({
          ...common,
          version: 'v1',
          handlers: {
            ...kitHandlers,
            newInstance: (b) => create({ orderId: b.orderId, productId: b.productId }),
            queryInstance: (b) => report(b.instanceId),
            refreshInstance: (b) => onInstance(b.instanceId, (i) => (i.expireTime = b.expireTime)),
            expireInstance: (b) => onInstance(b.instanceId, (i) => (i.status = 'frozen')),
            instanceStatus: (b) =>
              onInstance(
                b.instanceId,
                (i) => (i.status = b.instanceStatus === 'FREEZE' ? 'frozen' : 'active'),
              ),
            releaseInstance: (b) => onInstance(b.instanceId, (i) => (i.status = 'released')),
            upgrade: (b) => onInstance(b.instanceId, () => undefined),
          },
        })
      : createProductionHandler({
          ...common,
          handlers: {
            ...kitHandlers,
            newInstance: (b) => create({ orderId: b.orderId, orderLineId: b.orderLineId }),
            queryInstance: (b) => report(b.instanceId),
            refreshInstance: (b) => onInstance(b.instanceId, (i) => (i.expireTime = b.expireTime)),
            updateInstanceStatus: (b) =>
              onInstance(b.instanceId, (i) => (i.status = b.status === 'FREEZE' ? 'frozen' : 'active')),
            releaseInstance: (b) => onInstance(b.instanceId, (i) => (i.status = 'released')),
            upgradeInstance: (b) => onInstance(b.instanceId, () => undefined),
            changeInstanceCheck: (b) => onInstance(b.instanceId, () => undefined),
          },
        });

  return { handler, instances, ...(kit === undefined ? {} : { publicKey: kit.publicKey }) };
}

/** A correct seller on the SDK's handler, with at most one defect. */
export async function startSdkSeller(o: SdkSellerOptions = {}): Promise<RunningSeller> {
  const { handler, instances, publicKey } = createSellerHandler(o);
  const { server, url } = await listen(async (req, res) => {
    const raw = await readBody(req);
    const target = o.defect === 'accepts-bad-signatures' ? resign(req.url ?? '/', raw) : req.url;
    const answer = damage(
      await handler.handle({ method: req.method ?? 'GET', url: target, headers: req.headers, rawBody: raw }),
      o.defect,
    );
    if (o.defect === 'slow') await sleep(o.delayMs ?? 300);
    const bytes = Buffer.from(answer.body, 'utf8');
    res.statusCode = answer.status;
    for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
    res.setHeader('Content-Length', bytes.length);
    res.end(bytes);
  });
  return {
    url,
    ...(publicKey === undefined ? {} : { publicKey }),
    instances,
    close: () => close(server),
  };
}

/** Wire-level defects of the hand-written seller. */
export type RawDefect = 'different-serialisation' | 'unquoted-body-sign';

/**
 * A V2 basic-interface seller written by hand on node:http with the SDK's signing primitives only: signature,
 * ±60 s window, nonce cache, validation of the mandatory fields, idempotent newInstance, 000003 for unknown
 * instances, Body-Sign over the exact bytes.
 */
export async function startRawSeller(defect?: RawDefect): Promise<RunningSeller> {
  const instances = new Map<string, SellerInstance>();
  const byOrder = new Map<string, string>();
  const nonces = new Set<string>();
  const required: Record<string, string[]> = {
    newInstance: ['orderId', 'orderLineId', 'businessId'],
    queryInstance: ['instanceId'],
    refreshInstance: ['scene', 'orderId', 'orderLineId', 'instanceId', 'expireTime'],
    updateInstanceStatus: ['instanceId', 'status'],
    releaseInstance: ['instanceId'],
    upgradeInstance: ['instanceId', 'orderId', 'orderLineId'],
    changeInstanceCheck: ['instanceId', 'productInfo'],
  };

  const answer = (raw: string, query: URLSearchParams): Record<string, unknown> => {
    const check = verifyRequest({ accessKey: KEY, rawBody: raw, query });
    if (!check.valid) return { resultCode: '000001', resultMsg: 'token is invalid' };
    if (nonces.has(check.nonce)) return { resultCode: '000001', resultMsg: 'replayed nonce' };
    nonces.add(check.nonce);
    const body = JSON.parse(raw) as Record<string, unknown>;
    const activity = String(body.activity);
    const fields = required[activity];
    if (fields === undefined || fields.some((f) => body[f] === undefined || body[f] === '')) {
      return { resultCode: '000002', resultMsg: 'param is invalid' };
    }
    const id = typeof body.instanceId === 'string' ? body.instanceId : '';
    if (activity === 'newInstance') {
      const order = `${String(body.orderId)}/${String(body.orderLineId)}`;
      const existing = byOrder.get(order) ?? `raw-${randomUUID()}`;
      byOrder.set(order, existing);
      if (!instances.has(existing))
        instances.set(existing, { order, status: 'active', ready: true, pollsLeft: 0 });
      return { resultCode: '000000', resultMsg: 'success.', instanceId: existing };
    }
    if (activity === 'queryInstance') {
      const info = id
        .split(',')
        .filter((x) => instances.has(x) && instances.get(x)?.status !== 'released')
        .map((x) => ({ instanceId: x, appInfo: { frontEndUrl: `https://raw.example.com/${x}` } }));
      return { resultCode: '000000', resultMsg: 'success.', info };
    }
    const inst = instances.get(id);
    if (inst === undefined) return { resultCode: '000003', resultMsg: 'instance is invalid' };
    if (activity === 'updateInstanceStatus') inst.status = body.status === 'FREEZE' ? 'frozen' : 'active';
    if (activity === 'releaseInstance') inst.status = 'released';
    return { resultCode: '000000', resultMsg: 'success.' };
  };

  const { server, url } = await listen(async (req, res) => {
    const raw = (await readBody(req)).toString('utf8');
    const query = new URL(req.url ?? '/', 'http://seller').searchParams;
    let reply: Record<string, unknown>;
    try {
      reply = answer(raw, query);
    } catch {
      reply = { resultCode: '000002', resultMsg: 'param is invalid' };
    }
    const compact = JSON.stringify(reply);
    const text = defect === 'different-serialisation' ? JSON.stringify(reply, null, 2) : compact;
    let sign = createBodySign(KEY, compact);
    if (defect === 'unquoted-body-sign') sign = sign.replace(/"/g, '');
    res.writeHead(200, { 'Content-Type': 'application/json', 'Body-Sign': sign });
    res.end(text);
  });
  return { url, instances, close: () => close(server) };
}
