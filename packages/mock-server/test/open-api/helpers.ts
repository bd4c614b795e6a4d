/**
 * Shared fixtures of the Open API, OAuth, kit and V1 tests: an engine on a virtual clock, the Open API and OAuth
 * routers on a plain express app bound to 127.0.0.1 port 0, and small HTTP helpers.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import express from 'express';
import { signApigRequest } from '@koogallery-kit/sdk';
import {
  createMemoryStore,
  type DeliverFn,
  type MarketEngine,
  type MarketEngineOptions,
  type VirtualClock,
} from '../../src/index';
import { createMarketEngine } from '../../src/engine/engine';
import { createVirtualClock } from '../../src/engine/time/clock';
import { createOpenApiRouter, type OpenApiRouterDeps } from '../../src/http/open-api';
import { createOAuthRouter, type OAuthRouterDeps } from '../../src/http/oauth';

/** Fixed time of the gateway, the engine and the clients: 2025-03-10T02:00:00Z. */
export const T0 = Date.parse('2025-03-10T02:00:00Z');
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Credentials of the tests (recognisable if they ever leak into a message). */
export const CREDENTIALS = Object.freeze({
  ak: 'TESTMOCKAK0000000001',
  sk: 'TEST_MOCK_SK_SECRET_000000000000000000000001',
  usageKey: 'test-mock-usage-key-SECRET-01',
});

/** A delivery that accepts every call like a well-behaved seller (for tests that do not need a real one). */
export const acceptingSeller: DeliverFn = async (job) => {
  const instanceId = `inst-${job.refs.instanceRef ?? job.id}`;
  const body =
    job.interface === 'newInstance' || job.interface === 'v1NewInstance'
      ? { resultCode: '000000', resultMsg: 'success.', instanceId }
      : job.interface === 'queryInstance'
        ? { resultCode: '000000', resultMsg: 'success.', info: [{ instanceId: job.body.instanceId }] }
        : { resultCode: '000000', resultMsg: 'success.' };
  return {
    verdict: { accepted: true, async: false, resultCode: '000000', body, problems: [] },
    request: { method: 'POST', url: 'http://seller.invalid/produce', headers: {} },
    elapsedMs: 1,
  };
};

/** A running test marketplace: engine plus the routers on an express app. */
export interface TestMarket {
  url: string;
  engine: MarketEngine;
  clock: VirtualClock;
  close(): Promise<void>;
}

/** Options of {@link startMarket}. */
export interface StartMarketOptions {
  engine?: Partial<MarketEngineOptions>;
  openApi?: Partial<OpenApiRouterDeps>;
  oauth?: Partial<OAuthRouterDeps> | false;
  /** Tenant domain: the server's own URL when true (default). */
  domainIsServer?: boolean;
}

/** Starts an engine and an express app with the Open API router (and the OAuth router) on 127.0.0.1:0. */
export async function startMarket(o: StartMarketOptions = {}): Promise<TestMarket> {
  const clock = createVirtualClock(T0);
  let url = '';
  const engine = createMarketEngine({
    seed: 7,
    store: createMemoryStore(),
    clock,
    deliver: acceptingSeller,
    ...o.engine,
    jointOperations: {
      ...(o.domainIsServer === false ? {} : { domainName: () => url }),
      ...o.engine?.jointOperations,
    },
  });
  const app = express();
  app.use(createOpenApiRouter({ engine, credentials: CREDENTIALS, clock: { now: () => T0 }, ...o.openApi }));
  if (o.oauth !== false) app.use(createOAuthRouter({ engine, ...o.oauth }));
  const { server, port } = await listen(app);
  url = `http://127.0.0.1:${port}`;
  return {
    url,
    engine,
    clock,
    async close() {
      await closeServer(server);
      await engine.close();
    },
  };
}

const sockets = new WeakMap<Server, Set<Socket>>();

/** Listens on 127.0.0.1, port 0. */
export async function listen(app: RequestListener): Promise<{ server: Server; port: number }> {
  const server = createServer(app);
  const open = new Set<Socket>();
  sockets.set(server, open);
  server.on('connection', (s) => {
    open.add(s);
    s.on('close', () => open.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** Closes a server, ending kept-alive connections. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    for (const s of sockets.get(server) ?? []) s.destroy();
    server.close(() => resolve());
  });
}

/** A raw HTTP answer. */
export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

/**
 * Sends a JSON request signed like the platform's APIG gateway expects (§7.3): with the tests' credentials, at T0,
 * unless `accessKey` or `at` say otherwise; a `body` makes it a POST.
 */
export function sendSigned(
  url: string,
  o: { body?: string; accessKey?: string; at?: number } = {},
): Promise<RawAnswer> {
  const method = o.body === undefined ? 'GET' : 'POST';
  const headers = { 'Content-Type': 'application/json' };
  const signed = signApigRequest({
    accessKey: o.accessKey ?? CREDENTIALS.ak,
    secretKey: CREDENTIALS.sk,
    method,
    url,
    headers,
    ...(o.body === undefined ? {} : { body: o.body }),
    date: new Date(o.at ?? T0),
  });
  return send(url, {
    method,
    headers: { ...headers, ...signed },
    ...(o.body === undefined ? {} : { body: o.body }),
  });
}

/** Sends a request with fetch and reads the answer (JSON parsed when possible). */
export async function send(url: string, init: RequestInit = {}): Promise<RawAnswer> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = {};
  }
  return { status: res.status, headers: res.headers, text, json };
}
