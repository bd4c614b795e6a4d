/**
 * Sellers written straight from the protocol notes with node:crypto and node:http only — no SDK — so the suite is
 * judged against code it did not derive from itself. Each models a seller met in the wild, correct but unusual or
 * broken in one way:
 *
 * - V2 (`startSpecSeller`): §2 transport, §3 interfaces, §7.1 request signature (raw bytes, then the canonical
 *   form), ±60 s window and nonce cache (§2.2), §7.3 Body-Sign, `\uXXXX` escaping of non-ASCII (§3.2);
 * - V1 (`startSpecV1Seller`): §9 GET interfaces, §7.5 authToken, §7.6 AES credentials (SHA1PRNG key derivation).
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  randomUUID,
} from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Behaviours of the V2 spec seller (one at a time; none = a plain correct seller). */
export type SpecBehaviour =
  /** Verifies requests, but answers 000000 to everything and reports any requested id (a stateless sample). */
  | 'stateless-echo'
  /** `Body-Sign: sign_type="HMAC-SHA256",signature="…"` — no space after the comma (§7.3 only recommends it). */
  | 'no-space-body-sign'
  /** Refuses a missing or stale timestamp or nonce with 000002, like Huawei's Java sample (§7.1). */
  | 'refuses-000002'
  /** Sends a Chinese memo as raw UTF-8 instead of `\uXXXX` (§3.2 AppInfo.memo). */
  | 'raw-memo'
  /** Reports no usageInfo in queryInstance (wrong for pay-per-use and package products, §3.2). */
  | 'no-usage-info'
  /** Returns plain administrator credentials in appInfo (allowed by the V2 table, §3.2). */
  | 'returns-credentials'
  /** A Java-style framework error page: HTTP 415 text/html for every call (no JSON body parser for `utf8`). */
  | 'html-415'
  /** Verifies with another key than the one the suite is given (a wrong `--key`). */
  | 'other-key'
  /**
   * Implements neither optional interface (upgradeInstance, changeInstanceCheck, §1): answers them HTTP 400 with a
   * signed JSON body that has no resultCode, as a framework's "unknown activity" handler might.
   */
  | 'no-optional-interfaces';

export interface SpecSeller {
  url: string;
  close(): Promise<void>;
}

/** The password planted by `returns-credentials`: no report may contain it. */
export const PLANTED_PASSWORD = 'Planted-Pa55w0rd-7Q';
/** The user name planted by `returns-credentials`. */
export const PLANTED_USER = 'planted-admin-user';

const servers = new Set<Server>();

/** Closes every spec seller still running. */
export async function closeSpecSellers(): Promise<void> {
  await Promise.all([...servers].map((s) => new Promise((r) => s.close(r))));
  servers.clear();
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** One HTTP answer of a spec seller. */
interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function serve(answer: (req: IncomingMessage, body: string) => Answer): Promise<SpecSeller> {
  const server = createServer((req, res) => {
    readText(req)
      .then((body) => {
        const out = answer(req, body);
        res.writeHead(out.status, { ...out.headers, 'Content-Length': Buffer.byteLength(out.body) });
        res.end(out.body);
      })
      .catch(() => res.writeHead(500).end());
  });
  servers.add(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/produce`,
    close: () => {
      servers.delete(server);
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const hmacHex = (key: string, data: string): string =>
  createHmac('sha256', key).update(data, 'utf8').digest('hex');
const hmacB64 = (key: string, data: string): string =>
  createHmac('sha256', key).update(data, 'utf8').digest('base64');

/** JSON with every character above U+007F escaped as \uXXXX (§3.2: Chinese goes out escaped). */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** §7.1: hex(HMAC(key, key + nonce + timestamp + hex(HMAC(key, payload)))). */
function v2Signature(key: string, payload: string, nonce: string, timestamp: string): string {
  return hmacHex(key, key + nonce + timestamp + hmacHex(key, payload));
}

/** §7.1 canonical payload: top-level keys ascending, null values dropped, compact. */
function canonical(body: Record<string, unknown>): string {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(body).sort()) if (body[k] !== null) out[k] = body[k];
  return JSON.stringify(out);
}

interface Instance {
  released: boolean;
}

/** A V2 basic-interface seller (§3) with at most one behaviour. */
export async function startSpecSeller(key: string, behaviour?: SpecBehaviour): Promise<SpecSeller> {
  const verifyKey = behaviour === 'other-key' ? `${key}-not-this-one` : key;
  const nonces = new Set<string>();
  const instances = new Map<string, Instance>();
  const byOrder = new Map<string, string>();
  const missingParamCode = behaviour === 'refuses-000002' ? '000002' : '000001';

  const handle = (query: URLSearchParams, raw: string): Record<string, unknown> => {
    const signature = query.get('signature');
    const timestamp = query.get('timestamp');
    const nonce = query.get('nonce');
    if (signature === null) return { resultCode: '000001', resultMsg: 'token is invalid' };
    if (timestamp === null || nonce === null)
      return { resultCode: missingParamCode, resultMsg: 'param is invalid' };
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return { resultCode: '000002', resultMsg: 'param is invalid' };
    }
    const ok = [raw, canonical(body)].some(
      (payload) => v2Signature(verifyKey, payload, nonce, timestamp) === signature.toLowerCase(),
    );
    if (!ok) return { resultCode: '000001', resultMsg: 'token is invalid' };
    if (Math.abs(Date.now() - Number(timestamp)) > 60_000) {
      return { resultCode: missingParamCode, resultMsg: 'timestamp is invalid' };
    }
    if (nonces.has(nonce)) return { resultCode: missingParamCode, resultMsg: 'nonce is invalid' };
    nonces.add(nonce);

    const activity = typeof body['activity'] === 'string' ? body['activity'] : '';
    if (
      behaviour === 'no-optional-interfaces' &&
      (activity === 'upgradeInstance' || activity === 'changeInstanceCheck')
    ) {
      return { error: `unsupported activity ${activity}` };
    }
    const id = typeof body['instanceId'] === 'string' ? body['instanceId'] : '';
    const success = { resultCode: '000000', resultMsg: 'success.' };
    if (activity === 'newInstance') {
      if (typeof body['orderId'] !== 'string' || body['orderId'] === '') {
        return { resultCode: '000002', resultMsg: 'param is invalid' };
      }
      const order = `${String(body['orderId'])}/${String(body['orderLineId'])}`;
      const instanceId = byOrder.get(order) ?? `spec-${randomUUID()}`;
      byOrder.set(order, instanceId);
      if (!instances.has(instanceId)) instances.set(instanceId, { released: false });
      return { ...success, instanceId };
    }
    if (activity === 'queryInstance') {
      const ids = id.split(',');
      const held =
        behaviour === 'stateless-echo' ? ids : ids.filter((x) => instances.get(x)?.released === false);
      return {
        ...success,
        info: held.map((instanceId) => ({
          instanceId,
          appInfo: {
            frontEndUrl: `https://spec.example.com/${instanceId}`,
            ...(behaviour === 'returns-credentials'
              ? { userName: PLANTED_USER, password: PLANTED_PASSWORD }
              : {}),
            memo: '中文说明',
          },
          ...(behaviour === 'no-usage-info'
            ? {}
            : { usageInfo: [{ usageValue: '1.5', statisticalTime: '20250101000000000' }] }),
        })),
      };
    }
    if (behaviour === 'stateless-echo') return success;
    const instance = instances.get(id);
    if (instance === undefined) return { resultCode: '000003', resultMsg: 'instance is invalid' };
    if (activity === 'releaseInstance') instance.released = true;
    return success;
  };

  return serve((req, raw): Answer => {
    if (behaviour === 'html-415') {
      return {
        status: 415,
        headers: { 'Content-Type': 'text/html;charset=utf-8' },
        body:
          '<!doctype html><html lang="en"><head><title>HTTP Status 415 – Unsupported Media Type</title></head>\n' +
          '<body><h1>HTTP Status 415 – Unsupported Media Type</h1>\n' +
          Array.from(
            { length: 60 },
            (_, i) => `<p>at org.example.Frame${i}.invoke(Frame.java:${i})</p>`,
          ).join('\n') +
          '\n</body></html>',
      };
    }
    const reply = handle(new URL(req.url ?? '/', 'http://seller').searchParams, raw);
    const status = reply['resultCode'] === undefined ? 400 : 200;
    const text = behaviour === 'raw-memo' ? JSON.stringify(reply) : asciiJson(reply);
    const sig = hmacB64(key, text);
    const bodySign =
      behaviour === 'no-space-body-sign'
        ? `sign_type="HMAC-SHA256",signature="${sig}"`
        : `sign_type="HMAC-SHA256", signature="${sig}"`;
    return {
      status,
      headers: { 'Content-Type': 'application/json;charset=UTF-8', 'Body-Sign': bodySign },
      body: text,
    };
  });
}

// --- V1 (§9) --------------------------------------------------------------------------------------------------

/**
 * §7.6 key derivation: Java SHA1PRNG seeded with the access key — out1 = SHA1(SHA1(seed)), then the state update
 * with signed-byte carry, out2 = SHA1(state1); the key is the first 16 (AES-128) or 32 (AES-256) bytes.
 */
export function specAesKey(accessKey: string, bits: 128 | 256): Buffer {
  const sha1 = (b: Buffer): Buffer => createHash('sha1').update(b).digest();
  let state = sha1(Buffer.from(accessKey, 'utf8'));
  const blocks: Buffer[] = [];
  while (blocks.length * 20 < bits / 8) {
    const out = sha1(state);
    blocks.push(out);
    const s = Buffer.from(state);
    let carry = 1;
    let changed = false;
    for (let i = 0; i < 20; i++) {
      const v = (((s[i] as number) << 24) >> 24) + (((out[i] as number) << 24) >> 24) + carry;
      const t = v & 0xff;
      changed ||= s[i] !== t;
      s[i] = t;
      carry = v >> 8;
    }
    if (!changed) s[0] = ((s[0] as number) + 1) & 0xff;
    state = s;
  }
  return Buffer.concat(blocks).subarray(0, bits / 8);
}

/** §7.6 wire value: a 16-character IV, then base64(AES-CBC(plaintext)). */
export function specEncrypt(accessKey: string, plaintext: string, encryptType: 1 | 2): string {
  const iv = randomBytes(8).toString('hex');
  const bits = encryptType === 1 ? 256 : 128;
  const cipher = createCipheriv(`aes-${bits}-cbc`, specAesKey(accessKey, bits), Buffer.from(iv, 'utf8'));
  return iv + Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

/** Decrypts a §7.6 wire value. */
export function specDecrypt(accessKey: string, value: string, encryptType: 1 | 2): string {
  const bits = encryptType === 1 ? 256 : 128;
  const decipher = createDecipheriv(
    `aes-${bits}-cbc`,
    specAesKey(accessKey, bits),
    Buffer.from(value.slice(0, 16), 'utf8'),
  );
  return Buffer.concat([decipher.update(Buffer.from(value.slice(16), 'base64')), decipher.final()]).toString(
    'utf8',
  );
}

export interface SpecV1Options {
  /** encryptType the credentials are really encrypted with. Default 1. */
  encryptWith?: 1 | 2;
  /** encryptType the reply declares. Default: the one used. */
  declare?: 1 | 2;
  /** Do not repair a '+' the query decoding turned into a space (a form-decoding seller). Default false. */
  noPlusRepair?: boolean;
}

/** What the V1 seller received: the decrypted buyer contact of newInstance (§9.3). */
export interface SpecV1Seller extends SpecSeller {
  contacts: Array<{ mobilePhone: string; email: string }>;
}

/** A V1 seller (§9): GET, authToken (§7.5), encrypted appInfo credentials (§7.6). */
export async function startSpecV1Seller(key: string, o: SpecV1Options = {}): Promise<SpecV1Seller> {
  const encryptWith = o.encryptWith ?? 1;
  const declared = o.declare ?? encryptWith;
  const instances = new Map<string, Instance>();
  const byOrder = new Map<string, string>();
  const contacts: SpecV1Seller['contacts'] = [];

  const handle = (query: URLSearchParams): Record<string, unknown> => {
    const received = query.get('authToken');
    const timeStamp = query.get('timeStamp');
    if (received === null || timeStamp === null)
      return { resultCode: '000001', resultMsg: 'token is invalid' };
    // URLSearchParams decodes a raw '+' as a space; the value is Base64, so a space can only be a lost '+'.
    const token = o.noPlusRepair === true ? received : received.replace(/ /g, '+');
    const params = [...query.entries()]
      .filter(([k]) => k !== 'authToken')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const expected = hmacB64(key + timeStamp, params.map(([k, v]) => `${k}=${v}`).join('&'));
    if (expected !== token) return { resultCode: '000001', resultMsg: 'token is invalid' };
    const activity = query.get('activity');
    const id = query.get('instanceId') ?? '';
    const success = { resultCode: '000000', resultMsg: 'success.' };
    const appInfo = (instanceId: string) => ({
      frontEndUrl: `https://spec-v1.example.com/${instanceId}`,
      userName: specEncrypt(key, 'admin', encryptWith),
      password: specEncrypt(key, PLANTED_PASSWORD, encryptWith),
    });
    if (activity === 'newInstance') {
      const orderId = query.get('orderId');
      if (orderId === null || orderId === '') return { resultCode: '000002', resultMsg: 'param is invalid' };
      const phone = query.get('mobilePhone');
      const email = query.get('email');
      if (phone !== null && email !== null) {
        contacts.push({ mobilePhone: specDecrypt(key, phone, 1), email: specDecrypt(key, email, 1) });
      }
      const instanceId = byOrder.get(orderId) ?? `spec-v1-${randomUUID()}`;
      byOrder.set(orderId, instanceId);
      if (!instances.has(instanceId)) instances.set(instanceId, { released: false });
      return { ...success, encryptType: String(declared), instanceId, appInfo: appInfo(instanceId) };
    }
    if (activity === 'queryInstance') {
      const held = id.split(',').filter((x) => instances.get(x)?.released === false);
      return {
        ...success,
        encryptType: String(declared),
        info: held.map((instanceId) => ({ instanceId, appInfo: appInfo(instanceId) })),
      };
    }
    const instance = instances.get(id);
    if (instance === undefined) return { resultCode: '000003', resultMsg: 'instance is invalid' };
    if (activity === 'releaseInstance') instance.released = true;
    return success;
  };

  const seller = await serve((req) => {
    const reply = handle(new URL(req.url ?? '/', 'http://seller').searchParams);
    const text = asciiJson(reply);
    return {
      status: 200,
      headers: {
        'Content-Type': 'application/json;charset=UTF-8',
        'Body-Sign': `sign_type="HMAC-SHA256", signature="${hmacB64(key, text)}"`,
      },
      body: text,
    };
  });
  return { ...seller, contacts };
}
