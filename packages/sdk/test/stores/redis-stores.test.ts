/**
 * Redis nonce and idempotency stores against a real redis-server: started here on a free port (no persistence)
 * unless KGK_REDIS_URL points at one. Without redis-server the suite is skipped with a printed reason — except
 * under KGK_REQUIRE_ALL=1 (CI), where a missing Redis fails the run.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSignedRequest } from '../../src/entries/testing';
import { createInstanceIdempotency, createProductionHandler } from '../../src/handler';
import { createRedisIdempotencyStore, createRedisNonceStore } from '../../src/stores';
import { V2_BODIES } from '../handler/fixtures/bodies';
import { ACCESS_KEY, T0, createClock, expectSignedAnswer, freshNonce } from '../handler/harness';

const externalUrl = process.env.KGK_REDIS_URL;
const hasRedisServer = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
const requireAll = process.env.KGK_REQUIRE_ALL === '1';
const available = externalUrl !== undefined || hasRedisServer;
if (!available && !requireAll) {
  console.warn(
    '[redis-stores] skipped: redis-server is not on PATH and KGK_REDIS_URL is not set (apt-get install redis-server).',
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function startRedis(port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start within 15 s:\n${out}`)),
      15_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${out}`));
    });
  });
}

describe.skipIf(!available && !requireAll)('Redis stores (real redis-server)', () => {
  let server: ChildProcess | undefined;
  let url = externalUrl ?? '';
  const clients: Redis[] = [];
  const connect = (): Redis => {
    const c = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
    clients.push(c);
    return c;
  };
  let prefixCounter = 0;
  const prefix = (): string => `kgk-test:${process.pid}:${++prefixCounter}:`;

  beforeAll(async () => {
    if (!available)
      throw new Error('KGK_REQUIRE_ALL=1 but redis-server is not installed and KGK_REDIS_URL is not set.');
    if (externalUrl === undefined) {
      const port = await freePort();
      server = await startRedis(port);
      url = `redis://127.0.0.1:${port}`;
    }
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
  });

  describe('createRedisNonceStore', () => {
    it('claims with SET NX PX: first sighting true, replay false, key expiring after the TTL', async () => {
      const redis = connect();
      const keyPrefix = prefix();
      const store = createRedisNonceStore({ client: redis, keyPrefix });
      expect(await store.claim('n-1', 120_000)).toBe(true);
      expect(await store.claim('n-1', 120_000)).toBe(false);
      expect(await store.claim('n-2', 120_000)).toBe(true);
      const pttl = await redis.pttl(`${keyPrefix}n-1`);
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(120_000);
    });

    it('works with a node-redis style client (sendCommand)', async () => {
      const redis = connect();
      const client = { sendCommand: (args: string[]) => redis.call(args[0]!, ...args.slice(1)) };
      const store = createRedisNonceStore({ client, keyPrefix: prefix() });
      expect(await store.claim('n', 1_000)).toBe(true);
      expect(await store.claim('n', 1_000)).toBe(false);
    });

    it('refuses a replay sent to another replica sharing the Redis', async () => {
      const keyPrefix = prefix();
      const replica = () =>
        createProductionHandler({
          accessKey: ACCESS_KEY,
          now: () => T0,
          logger: {},
          nonceStore: createRedisNonceStore({ client: connect(), keyPrefix }),
          handlers: { newInstance: () => ({ instanceId: 'inst-1' }) },
        });
      const [a, b] = [replica(), replica()];
      const { input } = createSignedRequest('newInstance', V2_BODIES.newInstance, {
        accessKey: ACCESS_KEY,
        timestamp: T0,
        nonce: freshNonce(),
      });
      const res = (out: Awaited<ReturnType<typeof a.handle>>) => ({
        status: out.status,
        headerNames: Object.keys(out.headers),
        headers: { 'content-type': out.headers['Content-Type']!, 'body-sign': out.headers['Body-Sign']! },
        body: out.body,
      });
      expectSignedAnswer(res(await a.handle(input)), { status: 200, resultCode: '000000' });
      const replay = expectSignedAnswer(res(await b.handle(input)), { status: 200, resultCode: '000001' });
      expect(replay.resultMsg).toMatch(/nonce/);
    });
  });

  describe('createRedisIdempotencyStore', () => {
    const order = { orderId: 'CS1', orderLineId: 'CS1-000001' };
    const replicas = (o: { now?: () => number; leaseMs?: number; ttlMs?: number } = {}) => {
      const keyPrefix = prefix();
      let n = 0;
      return [1, 2].map((r) =>
        createInstanceIdempotency({
          store: createRedisIdempotencyStore({ client: connect(), keyPrefix }),
          generateInstanceId: () => `inst-r${r}-${++n}`,
          ...o,
        }),
      ) as [ReturnType<typeof createInstanceIdempotency>, ReturnType<typeof createInstanceIdempotency>];
    };

    it('gives racing claims from two replicas one instanceId, with exactly one first', async () => {
      const [a, b] = replicas();
      const claims = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).claim(order)),
      );
      expect(new Set(claims.map((c) => c.instanceId)).size).toBe(1);
      expect(claims.filter((c) => c.first)).toHaveLength(1);
    });

    it('run(): two replicas racing on one newInstance create it once', async () => {
      const [a, b] = replicas();
      const create = vi.fn(async () => undefined);
      const outcomes = await Promise.all([
        a.run(order, create),
        b.run(order, create),
        a.run(order, create),
        b.run(order, create),
      ]);
      expect(create).toHaveBeenCalledTimes(1);
      const ids = outcomes.map((o) => ('instanceId' in o ? o.instanceId : (o.fields.instanceId as string)));
      expect(new Set(ids).size).toBe(1);
      expect(await b.run(order, create)).toEqual({ instanceId: ids[0] });
    });

    it('failed creations are taken over with the same id; abandoned claims after the lease', async () => {
      const clock = createClock(1_000_000);
      const [a, b] = replicas({ now: clock.now, leaseMs: 60_000 });
      await expect(a.run(order, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      const retry = await b.claim(order);
      expect(retry.first).toBe(true);
      expect(await a.claim(order)).toMatchObject({
        instanceId: retry.instanceId,
        first: false,
        completed: false,
      });
      clock.advance(60_000);
      expect(await a.claim(order)).toMatchObject({ instanceId: retry.instanceId, first: true });
      await a.complete(retry);
      expect(await b.claim(order)).toMatchObject({ instanceId: retry.instanceId, completed: true });
    });

    it('sets a TTL only when ttlMs is given, and keeps it across state changes', async () => {
      const redis = connect();
      const keyPrefix = prefix();
      const ids = createInstanceIdempotency({
        store: createRedisIdempotencyStore({ client: redis, keyPrefix }),
        ttlMs: 86_400_000,
      });
      const claim = await ids.claim(order);
      await ids.complete(claim);
      const pttl = await redis.pttl(`${keyPrefix}${claim.key}`);
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(86_400_000);
      const foreverPrefix = prefix();
      const forever = createInstanceIdempotency({
        store: createRedisIdempotencyStore({ client: redis, keyPrefix: foreverPrefix }),
      });
      const c2 = await forever.claim(order);
      expect(c2.first).toBe(true);
      expect(await redis.pttl(`${foreverPrefix}${c2.key}`)).toBe(-1);
    });

    it('rejects (never guesses) when the record under the key is not one it wrote', async () => {
      const redis = connect();
      const keyPrefix = prefix();
      await redis.set(`${keyPrefix}order:CS1:line:CS1-000001`, 'garbage');
      const ids = createInstanceIdempotency({
        store: createRedisIdempotencyStore({ client: redis, keyPrefix }),
      });
      await expect(ids.claim(order)).rejects.toThrow(/unreadable idempotency record/);
    });
  });
});
