/**
 * Fuzz: 6 000 seeded random mutations of valid requests (V2 basic, kit, V1) through the core handler in-process,
 * with handlers that themselves misbehave at random. Every answer must be well formed — status 200/405/413, JSON
 * content type, a six-digit resultCode, a valid Body-Sign with the right key — with no crash and no unhandled
 * rejection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { results } from '../../src/handler';
import type { KitName, ProductionHandler } from '../../src/handler';
import { computeAuthToken, verifyBodySign } from '../../src/signing';
import { kitSignatureBytes } from '../../src/signing/kit-signature';
import { requestSignatureBytes } from '../../src/signing/request-signature';
import { createPrng } from '../signing/helpers';
import { V1_BODIES, V2_BODIES } from './fixtures/bodies';
import {
  ACCESS_KEY,
  KIT_KEY,
  KIT_NAMES,
  T0,
  createTestSetup,
  kitBody,
  signedKit,
  signedV1,
  signedV2,
} from './harness';
import type { TestSetup, WireRequest } from './harness';

const ITERATIONS = 6_000;
const SEED = 0x6b676b; // "kgk"

const { next: rand, int, pick, bool: chance } = createPrng(SEED);

const STRINGS = [
  '',
  ' ',
  'x',
  '0',
  '1',
  '-1',
  'null',
  'true',
  '中文',
  '😀',
  '\u0000',
  '\ud800',
  'a'.repeat(70),
  'b'.repeat(700),
  '%E0%A4%A',
  '../..',
  '{"a":1}',
  '+/=',
  '\\u0000',
];
function randomValue(depth = 0): unknown {
  switch (int(depth > 2 ? 6 : 9)) {
    case 0:
      return pick(STRINGS);
    case 1:
      return int(1e6) - 5e5;
    case 2:
      return rand() * 1e20;
    case 3:
      return null;
    case 4:
      return chance(0.5);
    case 5:
      return Array.from({ length: int(12) }, () => String.fromCharCode(int(0xffff))).join('');
    case 6:
      return Array.from({ length: int(4) }, () => randomValue(depth + 1));
    case 7:
      return Object.fromEntries(
        Array.from({ length: int(4) }, () => [
          pick(['instanceId', 'appInfo', 'x', 'frontEndUrl']),
          randomValue(depth + 1),
        ]),
      );
    default:
      return pick(STRINGS).repeat(int(5));
  }
}

function mutateObject(body: Record<string, unknown>): Record<string, unknown> {
  const out = structuredClone(body);
  const keys = Object.keys(out);
  switch (int(4)) {
    case 0:
      if (keys.length) delete out[pick(keys)];
      break;
    case 1:
      out[pick([...keys, 'extra', 'activity', '__proto__', 'constructor'])] = randomValue();
      break;
    case 2:
      if (keys.length) out[pick(keys)] = randomValue();
      break;
    default:
      out.activity = pick([
        'newInstance',
        'queryInstance',
        'upgrade',
        'expireInstance',
        'tenantSync',
        '',
        'NEWINSTANCE',
        randomValue(),
      ]);
  }
  return out;
}

function mutateBytes(text: string): string {
  const chars = Array.from(text);
  const n = 1 + int(4);
  for (let i = 0; i < n; i++) {
    const at = int(chars.length + 1);
    switch (int(4)) {
      case 0:
        chars.splice(at, 1);
        break;
      case 1:
        chars.splice(at, 0, String.fromCharCode(int(256)));
        break;
      case 2:
        chars.splice(at, int(20));
        break;
      default:
        chars.splice(at, 0, pick(['{', '}', '"', ',', ':', '[', ']', '\\', 'null']));
    }
  }
  return chars.join('');
}

/** Path and query of a (possibly mangled) request target; never throws. */
function splitPath(path: string): { base: string; query: URLSearchParams } {
  const q = path.indexOf('?');
  return q === -1
    ? { base: path, query: new URLSearchParams() }
    : { base: path.slice(0, q), query: new URLSearchParams(path.slice(q + 1)) };
}

function setParam(req: WireRequest, name: string, value: string | undefined): WireRequest {
  const { base, query } = splitPath(req.path);
  if (value === undefined) query.delete(name);
  else if (chance(0.2)) query.append(name, value);
  else query.set(name, value);
  return { ...req, path: `${base}?${query}` };
}

/** Re-signs a V2/kit body as given (any bytes), so mutations reach the stages after authentication. */
function resign(req: WireRequest, kind: 'v2' | 'kit' | 'v1'): WireRequest {
  const ts = String(T0 + int(120_001) - 60_000);
  const nonce = `fz-${int(1e9)}`;
  if (kind === 'v1') {
    const { base, query } = splitPath(req.path);
    const params: Record<string, string> = {};
    query.forEach((v, k) => k !== 'authToken' && (params[k] = v));
    if (params.timeStamp === undefined) return req;
    try {
      query.set('authToken', computeAuthToken(ACCESS_KEY, params));
    } catch {
      return req;
    }
    return { ...req, path: `${base}?${query}` };
  }
  const body = typeof req.body === 'string' ? req.body : '';
  if (kind === 'kit') {
    const sign = kitSignatureBytes(KIT_KEY, nonce, ts, body).toString('hex');
    return { ...req, headers: { ...req.headers, 'x-sign': sign, 'x-timestamp': ts, 'x-nonce': nonce } };
  }
  const signature = requestSignatureBytes(ACCESS_KEY, nonce, ts, body).toString('hex');
  return setParam(setParam(setParam(req, 'signature', signature), 'timestamp', ts), 'nonce', nonce);
}

const TIMESTAMPS = [
  '',
  'abc',
  '-1',
  '0',
  '1.5',
  '1e12',
  String(T0 - 61_000),
  String(T0 + 61_000),
  String(Math.floor(T0 / 1000)),
  '99999999999999999',
  '１７００',
];

function mutate(base: WireRequest, kind: 'v2' | 'kit' | 'v1'): WireRequest {
  let req: WireRequest = { ...base, headers: { ...base.headers } };
  const steps = 1 + int(3);
  let shouldResign = chance(0.6);
  for (let s = 0; s < steps; s++) {
    switch (int(8)) {
      case 0: // JSON-level change
        if (typeof req.body === 'string') {
          try {
            req.body = JSON.stringify(mutateObject(JSON.parse(req.body) as Record<string, unknown>));
          } catch {
            req.body = mutateBytes(req.body);
          }
        } else {
          const field = pick([
            'instanceId',
            'orderId',
            'mobilePhone',
            'email',
            'testFlag',
            'activity',
            'customerId',
            'expireTime',
          ]);
          req = setParam(req, field, chance(0.2) ? undefined : String(randomValue()));
        }
        break;
      case 1: // byte-level change
        if (typeof req.body === 'string') req.body = mutateBytes(req.body);
        else req = { ...req, path: mutateBytes(req.path) };
        shouldResign = shouldResign && chance(0.5);
        break;
      case 2: // query parameters
        req = setParam(
          req,
          pick(['signature', 'timestamp', 'nonce', 'authToken', 'timeStamp', 'activity', 'junk']),
          chance(0.3) ? undefined : pick([...STRINGS, ...TIMESTAMPS]),
        );
        shouldResign = false;
        break;
      case 3: // kit headers
        req.headers[pick(['x-sign', 'x-timestamp', 'x-nonce', 'X-Sign', 'content-type'])] = pick([
          ...STRINGS,
          ...TIMESTAMPS,
        ]);
        shouldResign = false;
        break;
      case 4: // method
        req.method = pick(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', '', 'post', 'get']);
        break;
      case 5: // path
        req.path =
          pick([
            '/produce',
            '/',
            '',
            '/produce/produceAPI/v2/',
            `/produce/produceAPI/v2/${pick(KIT_NAMES)}`,
            `/produce/produceAPI/${pick(KIT_NAMES)}`,
            '/produce/produceAPI/v2/tenantSync/extra',
            'https://seller.example.com/produce/produceAPI/v2/authSync',
            '/produce#/produceAPI/v2/x',
            '/产品/produceAPI/v2/tenantSync',
          ]) + (req.path.includes('?') ? req.path.slice(req.path.indexOf('?')) : '');
        break;
      case 6: // body type / size
        req.body = pick([
          undefined,
          '',
          'x'.repeat(int(3000)),
          '[]',
          '{}',
          'null',
          '"s"',
          '{"activity":"newInstance"}',
        ]);
        break;
      default: // nothing, resign only
        break;
    }
  }
  return shouldResign ? resign(req, kind) : req;
}

function keyFor(path: string): string {
  const target = path.split('#')[0]!.split('?')[0]!;
  const afterScheme = /^[a-z]+:\/\//i.test(target) ? target.replace(/^[a-z]+:\/\/[^/]*/i, '') : target;
  return afterScheme.includes('/produceAPI/') ? KIT_KEY : ACCESS_KEY;
}

/** Handlers that answer correctly most of the time and misbehave otherwise. */
function chaos(setup: TestSetup): void {
  for (const [name, spy] of Object.entries(setup.spies)) {
    const valid = spy.getMockImplementation()!;
    spy.mockImplementation((body, ctx) => {
      switch (int(10)) {
        case 0:
          throw new Error(`chaos in ${name} with ${ACCESS_KEY}`);
        case 1:
          return Promise.reject(new TypeError('async chaos'));
        case 2:
          return randomValue();
        case 3:
          return results.notFound();
        case 4:
          return results.processing(typeof body.instanceId === 'string' ? body.instanceId : 'inst-x');
        case 5:
          return {
            instanceId: 'x'.repeat(int(130)),
            info: randomValue(),
            appInfo: { frontEndUrl: 'u'.repeat(int(700)), userName: 'admin' },
          };
        default:
          return valid(body, ctx);
      }
    });
  }
}

describe('fuzzing the core handler', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  beforeAll(() => void process.on('unhandledRejection', onUnhandled));
  afterAll(() => void process.off('unhandledRejection', onUnhandled));

  it(`answers ${ITERATIONS} mutated requests, each well formed and correctly signed`, async () => {
    const v2 = createTestSetup({ maxBodyBytes: 2048 });
    const v1 = createTestSetup({ version: 'v1', maxBodyBytes: 2048 });
    chaos(v2);
    chaos(v1);
    const bases: Array<{ kind: 'v2' | 'kit' | 'v1'; handler: ProductionHandler; make: () => WireRequest }> = [
      ...Object.entries(V2_BODIES).map(([a, b]) => ({
        kind: 'v2' as const,
        handler: v2.handler,
        make: () => signedV2(a, b),
      })),
      ...KIT_NAMES.map((n: KitName) => ({
        kind: 'kit' as const,
        handler: v2.handler,
        make: () => signedKit(n, kitBody(n)),
      })),
      ...Object.entries(V1_BODIES).map(([a, b]) => ({
        kind: 'v1' as const,
        handler: v1.handler,
        make: () => signedV1(a, b),
      })),
    ];
    const codes = new Map<string, number>();
    const statuses = new Set<number>();
    const sent: WireRequest[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const base = pick(bases);
      const req = chance(0.03) && sent.length > 0 ? pick(sent) : mutate(base.make(), base.kind);
      if (sent.length < 200) sent.push(req);
      const out = await base.handler.handle({
        method: req.method,
        url: req.path,
        headers: req.headers,
        rawBody: req.body ?? null,
      });
      const context = `iteration ${i}: ${req.method} ${req.path.slice(0, 120)}`;
      expect([200, 405, 413], context).toContain(out.status);
      expect(out.headers['Content-Type'], context).toBe('application/json;charset=UTF-8');
      expect(verifyBodySign(keyFor(req.path), out.body, out.headers['Body-Sign']), context).toBe(true);
      expect(out.body, context).toMatch(/^[\x20-\x7e]+$/);
      const json = JSON.parse(out.body) as { resultCode: unknown; resultMsg: unknown };
      expect(json.resultCode, context).toMatch(/^\d{6}$/);
      expect(typeof json.resultMsg === 'string' && json.resultMsg.length <= 255, context).toBe(true);
      expect(out.body, context).not.toContain(ACCESS_KEY);
      codes.set(json.resultCode as string, (codes.get(json.resultCode as string) ?? 0) + 1);
      statuses.add(out.status);
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
    // The mutations reached every stage: authentication, validation, handlers, and their failures.
    for (const code of ['000000', '000001', '000002', '000003', '000004', '000005'])
      expect(codes.get(code) ?? 0).toBeGreaterThan(0);
    expect([...statuses].sort()).toEqual([200, 405, 413]);
    const logs = JSON.stringify([...v2.logger.lines, ...v1.logger.lines]);
    expect(logs).not.toContain(ACCESS_KEY);
    expect(logs).not.toContain(KIT_KEY);
  }, 180_000);
});
