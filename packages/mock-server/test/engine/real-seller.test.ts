/**
 * The engine against small real sellers over HTTP, with the SDK's platform side doing the wire work
 * (buildProductionCall signs with wall-clock time, judgeReply judges the reply), while business time runs on the
 * virtual clock — months of lifecycle in milliseconds, each call still within the seller's ±60 s window.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBodySign, verifyRequest } from '@koogallery-kit/sdk';
import {
  buildProductionCall,
  createAxiosTransport,
  judgeFailure,
  judgeReply,
} from '@koogallery-kit/sdk/platform';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeliverFn } from '../../src/index';
import { DAY, HOUR, setup } from './helpers';
import { readBody } from '../helpers/read-body';

const KEY = 'test-access-key-0001';

interface SellerOptions {
  /** Key used for Body-Sign (a wrong one makes every reply invalid). */
  bodySignKey?: string;
  /** HTTP status to answer with. */
  status?: number;
}

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

/** A minimal seller: strict signature check (±60 s against its own wall clock), idempotent newInstance. */
async function startSeller(o: SellerOptions = {}) {
  const instances = new Map<string, { id: string; status: string }>();
  const received: Array<Record<string, unknown>> = [];
  const rejected: string[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const query = new URL(req.url ?? '/', 'http://seller').searchParams;
    const check = verifyRequest({ accessKey: KEY, rawBody: raw, query, toleranceMs: 60_000 });
    let reply: Record<string, unknown>;
    if (!check.valid) {
      rejected.push(check.reason);
      reply = { resultCode: '000001', resultMsg: 'authentication failed' };
    } else {
      const body = JSON.parse(raw) as Record<string, string>;
      received.push(body);
      const known = [...instances.values()].find((i) => i.id === body.instanceId);
      switch (body.activity) {
        case 'newInstance': {
          const key = `${body.orderId}/${body.orderLineId}`;
          const existing = instances.get(key) ?? { id: `seller-${instances.size + 1}`, status: 'active' };
          instances.set(key, existing);
          reply = { resultCode: '000000', resultMsg: 'success.', instanceId: existing.id };
          break;
        }
        case 'queryInstance':
          reply = {
            resultCode: '000000',
            resultMsg: 'success.',
            info: String(body.instanceId)
              .split(',')
              .filter((id) => [...instances.values()].some((i) => i.id === id))
              .map((id) => ({ instanceId: id, appInfo: { frontEndUrl: `https://app.example.com/${id}` } })),
          };
          break;
        default:
          if (known === undefined) reply = { resultCode: '000003', resultMsg: 'instance is invalid' };
          else {
            if (body.activity === 'updateInstanceStatus')
              known.status = body.status === 'FREEZE' ? 'frozen' : 'active';
            if (body.activity === 'releaseInstance') known.status = 'released';
            reply = { resultCode: '000000', resultMsg: 'success.' };
          }
      }
    }
    const text = JSON.stringify(reply);
    res.writeHead(o.status ?? 200, {
      'Content-Type': 'application/json',
      'Body-Sign': createBodySign(o.bodySignKey ?? KEY, text),
    });
    res.end(text);
  };
  const server = createServer((req, res) => void handle(req, res));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/produce`, instances, received, rejected };
}

/** The delivery function the mock server's transport layer provides, built from the SDK's platform module. */
function sdkDeliver(sellerUrl: string): DeliverFn {
  const transport = createAxiosTransport();
  return async (job) => {
    const call = buildProductionCall({ sellerUrl, accessKey: KEY, interface: job.interface, body: job.body });
    const request = { method: call.method, url: call.url, headers: call.headers, body: call.body };
    const started = performance.now();
    try {
      const reply = await transport(call, { timeoutMs: 5_000 });
      return {
        verdict: judgeReply({ interface: job.interface, accessKey: KEY, reply }),
        request,
        response: { status: reply.status, headers: reply.rawHeaders, body: reply.body },
        elapsedMs: reply.elapsedMs,
      };
    } catch (error) {
      const elapsedMs = performance.now() - started;
      return { verdict: judgeFailure({ interface: job.interface, error, elapsedMs }), request, elapsedMs };
    }
  };
}

describe('against real sellers over HTTP', () => {
  it('a correct seller with a strict ±60 s window passes a lifecycle spanning months of business time', async () => {
    const seller = await startSeller();
    const { engine, clock } = setup({ deliver: sdkDeliver(seller.url), secrets: [KEY] });
    const order = engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(0);
    const [i] = engine.listInstances();
    expect(engine.getOrder(order.orderId).state).toBe('COMPLETED');
    expect(i!.instanceId).toBe('seller-1');
    engine.renew(i!.ref, { autoPay: true });
    await clock.advance(0);
    await clock.advanceTo(i!.expireAt! + 31 * DAY + HOUR); // past the renewed expiry: frozen
    expect(engine.getInstance(i!.ref).state).toBe('frozen');
    expect(seller.instances.get(`${order.orderId}/${order.orderId}-000001`)!.status).toBe('frozen');
    engine.renew(i!.ref, { autoPay: true });
    await clock.advance(0);
    expect(seller.instances.get(`${order.orderId}/${order.orderId}-000001`)!.status).toBe('active');
    const page = await engine.openResourcePage(i!.ref);
    expect(page).toMatchObject({
      accepted: true,
      reported: true,
      appInfo: { frontEndUrl: 'https://app.example.com/seller-1' },
    });
    await clock.advance(20 * DAY);
    engine.unsubscribe(i!.ref);
    await clock.advance(0);
    expect(seller.instances.get(`${order.orderId}/${order.orderId}-000001`)!.status).toBe('released');

    expect(clock.now() - Date.parse('2025-03-10T02:00:00Z')).toBeGreaterThan(80 * DAY);
    expect(seller.rejected).toEqual([]);
    expect(
      seller.received.map(
        (b) => `${String(b.activity)}${typeof b.status === 'string' ? `:${b.status}` : ''}`,
      ),
    ).toEqual([
      'newInstance',
      'refreshInstance',
      'updateInstanceStatus:FREEZE',
      'refreshInstance',
      'updateInstanceStatus:UNFREEZE',
      'queryInstance',
      'releaseInstance',
    ]);
    const attempts = engine.listAttempts();
    expect(attempts.every((a) => a.state === 'SUCCEEDED' && a.problems.length === 0)).toBe(true);
    const recorded = JSON.stringify(attempts);
    expect(recorded).not.toContain(KEY);
    expect(attempts[0]!.request!.headers['Content-Type']).toBe('application/json;charset=utf8');
    expect(attempts[0]!.response!.headers.map(([k]) => k)).toContain('Body-Sign');
  });

  it('records the precise reason of each defective seller and schedules the retry', async () => {
    const wrongKey = await startSeller({ bodySignKey: 'another-key-9999' });
    const http500 = await startSeller({ status: 500 });
    const cases = [
      { url: wrongKey.url, code: 'BODY_SIGN_INVALID' },
      { url: http500.url, code: 'HTTP_STATUS' },
      { url: 'http://127.0.0.1:1/produce', code: 'UNREACHABLE' },
    ];
    for (const c of cases) {
      const { engine, clock } = setup({ deliver: sdkDeliver(c.url) });
      engine.purchase({ productCode: 'crm', autoPay: true });
      await clock.advance(0);
      const [job] = engine.listJobs();
      const view = engine.getJob(job!.id);
      expect(view.state, c.code).toBe('PENDING');
      expect(view.nextAttemptAt).toBe(clock.now() + HOUR);
      expect(
        view.attempts[0]!.problems.map((p) => p.code),
        c.code,
      ).toContain(c.code);
      expect(engine.outbox()[0]!.text).toContain(c.code);
    }
  });
});
