/**
 * Shared test harness for the production handler: keys and clock, spy handlers with valid answers, signed wire
 * requests (built with the testing entry and the signing module), and transports that run one request through the
 * core, the express and node adapters (real servers on 127.0.0.1, port 0), the fetch adapter and Hono.
 */
import { constants, generateKeyPairSync, publicEncrypt } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Hono } from 'hono';
import { expect, vi } from 'vitest';
import type { Mock } from 'vitest';
import { createExpressMiddleware } from '../../src/entries/express';
import { createFetchHandler } from '../../src/entries/fetch';
import { createNodeListener } from '../../src/entries/node';
import { createSignedRequest } from '../../src/entries/testing';
import type { SignedRequestOptions } from '../../src/entries/testing';
import { createProductionHandler } from '../../src/handler';
import type {
  HandlerLogger,
  KitName,
  ProductionHandler,
  V1Activity,
  V2ActivityName,
} from '../../src/handler';
import { parseBodySign, verifyBodySign } from '../../src/signing';
import { requestSignatureBytes } from '../../src/signing/request-signature';
import { KIT_BODIES } from './fixtures/bodies';

export const ACCESS_KEY = 'test-access-key-0001';
export const KIT_KEY = 'test-kit-key-0002';
export const T0 = 1_700_000_000_000;
export const BASE = '/produce';
export const CLIENT_SECRET = 'client-secret-plain-0001';

export const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** RSA-OAEP encryption of a clientSecret, as the platform does with the seller's uploaded public key. */
export function encryptClientSecret(secret: string, oaepHash: 'sha1' | 'sha256' = 'sha1'): string {
  return publicEncrypt(
    { key: rsa.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash },
    Buffer.from(secret),
  ).toString('base64');
}

/** Kit body with a real encrypted clientSecret for applicationSync. */
export function kitBody(name: KitName): Record<string, unknown> {
  const body = structuredClone(KIT_BODIES[name]);
  if (name === 'applicationSync') body.clientSecret = encryptClientSecret(CLIENT_SECRET);
  return body;
}

/** A settable clock. */
export function createClock(start = T0): {
  now: () => number;
  set(ms: number): void;
  advance(ms: number): void;
} {
  let t = start;
  return { now: () => t, set: (ms) => void (t = ms), advance: (ms) => void (t += ms) };
}

/** A logger that records every line. */
export function createRecordingLogger(): HandlerLogger & {
  lines: Array<{ level: string; message: string; fields: unknown }>;
} {
  const lines: Array<{ level: string; message: string; fields: unknown }> = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, message, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

type AnyMock = Mock<(body: Record<string, unknown>, ctx: unknown) => unknown>;

function answerFor(name: string): (body: Record<string, unknown>) => unknown {
  if (name === 'newInstance') return (b) => ({ instanceId: `inst-${String(b.orderId ?? b.businessId)}` });
  if (name === 'queryInstance') {
    return (b) => ({
      info: String(b.instanceId)
        .split(',')
        .map((id) => ({
          instanceId: id,
          appInfo: {
            frontEndUrl: `https://app.example.com/${id}`,
            userName: 'admin',
            password: 'Huawei12345',
          },
        })),
    });
  }
  return () => undefined;
}

const V2_NAMES: readonly V2ActivityName[] = [
  'newInstance',
  'queryInstance',
  'refreshInstance',
  'updateInstanceStatus',
  'releaseInstance',
  'upgradeInstance',
  'changeInstanceCheck',
  'orderNotify',
  'refreshLicenseCode',
  'updateLicenseCodeStatus',
  'releaseLicenseCode',
];
export const KIT_NAMES: readonly KitName[] = [
  'tenantSync',
  'applicationSync',
  'authSync',
  'singleOrgSync',
  'allOrgSync',
];
const V1_NAMES: readonly V1Activity[] = [
  'newInstance',
  'refreshInstance',
  'expireInstance',
  'releaseInstance',
  'upgrade',
  'queryInstance',
  'instanceStatus',
];

/** One spy per handler name of the version, each giving a valid answer. */
export function createSpies(version: 'v1' | 'v2'): Record<string, AnyMock> {
  const names = [...(version === 'v2' ? V2_NAMES : V1_NAMES), ...KIT_NAMES];
  return Object.fromEntries(names.map((n) => [n, vi.fn(answerFor(n)) as AnyMock]));
}

export function totalCalls(spies: Record<string, AnyMock>): number {
  return Object.values(spies).reduce((sum, spy) => sum + spy.mock.calls.length, 0);
}

export interface TestSetup {
  handler: ProductionHandler;
  spies: Record<string, AnyMock>;
  clock: ReturnType<typeof createClock>;
  logger: ReturnType<typeof createRecordingLogger>;
}

/** A handler with every interface registered as a spy, a separate kit key, a fixed clock and a recording logger. */
export function createTestSetup(o: { version?: 'v1' | 'v2'; maxBodyBytes?: number } = {}): TestSetup {
  const version = o.version ?? 'v2';
  const spies = createSpies(version);
  const clock = createClock();
  const logger = createRecordingLogger();
  const common = {
    accessKey: ACCESS_KEY,
    kitAccessKey: KIT_KEY,
    now: clock.now,
    logger,
    privateKey: rsa.privateKey,
    ...(o.maxBodyBytes === undefined ? {} : { maxBodyBytes: o.maxBodyBytes }),
  };
  const handler =
    version === 'v1'
      ? createProductionHandler({ ...common, version: 'v1', handlers: spies })
      : createProductionHandler({ ...common, handlers: spies });
  return { handler, spies, clock, logger };
}

// ---- wire requests ----------------------------------------------------------------------------------------

export interface WireRequest {
  method: string;
  /** Path and query. */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Send without Content-Length (chunked), so the limit is enforced while reading. */
  chunked?: boolean;
}

let nonceCounter = 0;
/** A nonce unique within the test run. */
export function freshNonce(): string {
  nonceCounter += 1;
  return `nonce-${process.pid}-${nonceCounter}-${Math.random().toString(36).slice(2)}`;
}

function toWire(signed: ReturnType<typeof createSignedRequest>): WireRequest {
  const url = new URL(signed.url);
  return {
    method: signed.method,
    path: url.pathname + url.search,
    headers: { ...signed.headers },
    ...(signed.body === undefined ? {} : { body: signed.body }),
  };
}

type SignOptions = Partial<SignedRequestOptions>;

/** A signed V2 request; `activity` is a V2ActivityName, or any string to test unknown activities. */
export function signedV2(activity: string, body: Record<string, unknown>, o: SignOptions = {}): WireRequest {
  return toWire(
    createSignedRequest(activity as V2ActivityName, body, {
      accessKey: ACCESS_KEY,
      url: `http://127.0.0.1${BASE}`,
      timestamp: T0,
      nonce: freshNonce(),
      ...o,
    }),
  );
}

export function signedKit(name: KitName, body: Record<string, unknown>, o: SignOptions = {}): WireRequest {
  return toWire(
    createSignedRequest(name, body, {
      accessKey: ACCESS_KEY,
      kitAccessKey: KIT_KEY,
      url: `http://127.0.0.1${BASE}`,
      timestamp: T0,
      nonce: freshNonce(),
      ...o,
    }),
  );
}

/** A signed V1 request; `activity` is a V1Activity, or any string to test unknown activities. */
export function signedV1(activity: string, params: Record<string, string>, o: SignOptions = {}): WireRequest {
  return toWire(
    createSignedRequest(activity as V1Activity, params, {
      accessKey: ACCESS_KEY,
      url: `http://127.0.0.1${BASE}`,
      timestamp: T0,
      version: 'v1',
      ...o,
    }),
  );
}

/** A V2 request whose signature covers `rawBody` exactly as given (for bodies that are not JSON objects). */
export function rawSignedV2(
  rawBody: string,
  o: { timestamp?: number; nonce?: string; key?: string } = {},
): WireRequest {
  const timestamp = String(o.timestamp ?? T0);
  const nonce = o.nonce ?? freshNonce();
  const signature = requestSignatureBytes(o.key ?? ACCESS_KEY, nonce, timestamp, rawBody).toString('hex');
  const query = new URLSearchParams({ signature, timestamp, nonce });
  return {
    method: 'POST',
    path: `${BASE}?${query}`,
    headers: { 'Content-Type': 'application/json;charset=utf8' },
    body: rawBody,
  };
}

/** `req` with its query parameters replaced/removed (undefined = remove). */
export function withQuery(req: WireRequest, changes: Record<string, string | undefined>): WireRequest {
  const url = new URL(`http://x${req.path}`);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) url.searchParams.delete(k);
    else url.searchParams.set(k, v);
  }
  return { ...req, path: url.pathname + url.search };
}

// ---- transports -------------------------------------------------------------------------------------------

export interface WireResponse {
  status: number;
  /** Header names as they came over the wire (exact case for the node-based transports). */
  headerNames: string[];
  /** Header values by lower-case name. */
  headers: Record<string, string>;
  body: string;
}

export type TransportKind = 'core' | 'express' | 'node' | 'fetch' | 'hono';

export interface Transport {
  kind: TransportKind;
  /** True when header names reach the client in the case the server wrote them. */
  exactHeaderCase: boolean;
  send(req: WireRequest): Promise<WireResponse>;
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

/** HTTP/1.1 client that keeps header-name case (rawHeaders) and tolerates a server that answers early. */
function sendHttp(port: number, req: WireRequest): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const body =
      req.body === undefined
        ? undefined
        : Buffer.isBuffer(req.body)
          ? req.body
          : Buffer.from(req.body, 'utf8');
    const headers: Record<string, string | number> = { ...req.headers, Connection: 'close' };
    if (body !== undefined && !req.chunked) headers['Content-Length'] = body.length;
    let answered = false;
    const r = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        answered = true;
        const names: string[] = [];
        const values: Record<string, string> = {};
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i] as string;
          names.push(name);
          values[name.toLowerCase()] = res.rawHeaders[i + 1] as string;
        }
        resolve({
          status: res.statusCode ?? 0,
          headerNames: names,
          headers: values,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    r.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (body === undefined) r.end();
    else if (req.chunked) {
      const size = 64 * 1024;
      for (let i = 0; i < body.length; i += size) r.write(body.subarray(i, i + size));
      r.end();
    } else r.end(body);
  });
}

async function fromResponse(res: Response): Promise<WireResponse> {
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => (headers[k] = v));
  return { status: res.status, headerNames: Object.keys(headers), headers, body: await res.text() };
}

/** What `handler.handle()` answered, as a {@link WireResponse} (names as written, values by lower-case name). */
export function wireOf(out: { status: number; headers: Record<string, string>; body: string }): WireResponse {
  const headers = Object.fromEntries(Object.entries(out.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { status: out.status, headerNames: Object.keys(out.headers), headers, body: out.body };
}

/** Sends `req` with fetch to the server on 127.0.0.1:`port`; the answer, with fetch's own `Headers` as `raw`. */
export async function fetchWire(port: number, req: WireRequest): Promise<WireResponse & { raw: Headers }> {
  const res = await fetch(`http://127.0.0.1:${port}${req.path}`, {
    method: req.method,
    headers: req.headers,
    ...(req.body === undefined ? {} : { body: req.body as BodyInit }),
  });
  return { ...(await fromResponse(res)), raw: res.headers };
}

/** Runs `req` through `handler.handle()` (no HTTP): what the core transport sends. */
export async function handleWire(handler: ProductionHandler, req: WireRequest): Promise<WireResponse> {
  const out = await handler.handle({
    method: req.method,
    url: req.path,
    headers: req.headers,
    rawBody: req.body ?? null,
  });
  return wireOf(out);
}

/** Sends a V2 call signed at T0 with the test key (and a fresh nonce unless given) to `handler.handle()`. */
export async function handleSigned(
  handler: ProductionHandler,
  activity: V2ActivityName,
  body: Record<string, unknown>,
  nonce: string = freshNonce(),
): Promise<WireResponse> {
  const { input } = createSignedRequest(activity, body, { accessKey: ACCESS_KEY, timestamp: T0, nonce });
  return wireOf(await handler.handle(input));
}

function toRequest(req: WireRequest): Request {
  const hasBody = req.body !== undefined && req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(`http://127.0.0.1${req.path}`, {
    method: req.method,
    headers: req.headers,
    ...(hasBody ? { body: req.body as BodyInit } : {}),
  });
}

export async function startTransport(kind: TransportKind, handler: ProductionHandler): Promise<Transport> {
  if (kind === 'core') {
    return {
      kind,
      exactHeaderCase: true,
      send: (req) => handleWire(handler, req),
      close: async () => undefined,
    };
  }
  if (kind === 'express' || kind === 'node') {
    let server: Server;
    if (kind === 'express') {
      const app = express();
      app.use(BASE, createExpressMiddleware(handler));
      server = createServer(app);
    } else server = createServer(createNodeListener(handler));
    const port = await listen(server);
    return {
      kind,
      exactHeaderCase: true,
      send: (req) => sendHttp(port, req),
      close: () => closeServer(server),
    };
  }
  const fetchHandler = createFetchHandler(handler);
  if (kind === 'fetch') {
    return {
      kind,
      exactHeaderCase: false,
      send: async (req) => fromResponse(await fetchHandler(toRequest(req))),
      close: async () => undefined,
    };
  }
  const app = new Hono();
  app.all(BASE, (c) => fetchHandler(c.req.raw));
  app.all(`${BASE}/*`, (c) => fetchHandler(c.req.raw));
  return {
    kind,
    exactHeaderCase: false,
    send: async (req) => fromResponse(await app.fetch(toRequest(req))),
    close: async () => undefined,
  };
}

// ---- assertions -------------------------------------------------------------------------------------------

/**
 * Asserts the answer is well formed: the expected status, JSON content type, a `Body-Sign` in the documented
 * rendering (exact header-name case where the transport preserves it) that verifies over the exact body bytes
 * with `key`, and a JSON body with a six-digit resultCode. Returns the parsed body.
 */
export function expectSignedAnswer(
  res: WireResponse,
  o: { status: number; resultCode?: string; key?: string; exactHeaderCase?: boolean },
): Record<string, unknown> {
  expect(res.status).toBe(o.status);
  expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
  if (o.exactHeaderCase ?? true) expect(res.headerNames).toContain('Body-Sign');
  const bodySign = res.headers['body-sign'];
  expect(parseBodySign(bodySign)?.strict).toBe(true);
  expect(verifyBodySign(o.key ?? ACCESS_KEY, res.body, bodySign)).toBe(true);
  const json = JSON.parse(res.body) as Record<string, unknown>;
  expect(json.resultCode).toMatch(/^\d{6}$/);
  expect(typeof json.resultMsg).toBe('string');
  expect((json.resultMsg as string).length).toBeLessThanOrEqual(255);
  expect(res.body).toMatch(/^[\x20-\x7e]*$/);
  if (o.resultCode !== undefined) expect(json.resultCode).toBe(o.resultCode);
  return json;
}
