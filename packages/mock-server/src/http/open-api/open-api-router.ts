/**
 * The KooGallery Open APIs on the mock's port (§8), at the platform's paths under `/api/mkp-openapi-public/`, so
 * `createClient({ baseURL: mockUrl })`, Huawei's own SDK signer and plain HTTP clients work unchanged:
 *
 * - an API gateway that checks `SDK-HMAC-SHA256` (§7.7) exactly as the real one: canonical request rebuilt from
 *   what was received, `X-Sdk-Date` within ±15 minutes of the mock's clock, `UNSIGNED-PAYLOAD`, unknown AK;
 *   failures in the gateway's format (`APIGW.0301`), a mismatch echoing the canonical request with `|` for newlines;
 * - order query (§8.3): the nine `MOCK*` debugging orders plus every order of the mock's lifecycle
 *   (`engine.orderInfo`), `MKT.0101` / `MKT.0100` for bad parameters, `MKT.0150` for unknown orders, and an
 *   optional rate limit (`MKT.0250`);
 * - usage push (new) (§8.4): `ts`/`nonce`/`signature` headers (`MKT.0102`), records checked (`MKT.9002`–`9004`),
 *   instances checked and usage stored per instance by the engine (`MKT.9001`, `MKT.0150`, de-duplication on
 *   `metering_sn`);
 * - licence activate / query v1 and v2 (§8.6, §8.7) and the asset deployed-object query (§8.8).
 *
 * The rules live in the SDK's Open API simulator (the one behind its msw handlers); this router feeds it raw
 * requests and plugs in the engine for orders and usage.
 */
import { randomUUID } from 'node:crypto';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { ConfigError, type DeployedAsset, type OrderInfo } from '@koogallery-kit/sdk';
import {
  createOpenApiSimulator,
  type OpenApiSimulator,
  type SimulatedLicense,
  type SimulatedReply,
} from '@koogallery-kit/sdk/testing';
import type { MarketEngine } from '../../engine/engine';
import type { OrderLicenceRecord } from '../../engine/licences/order-licences';
import { DEMO_ASSETS, DEMO_LICENSES, type OpenApiCredentials } from './demo-data';
import { saveActivation, withSavedActivations } from './license-activations';

/** Path prefix of every Open API (§8.1). */
export const OPEN_API_PREFIX = '/api/mkp-openapi-public';

/** Largest request body the gateway accepts: 12 MB (§7.7). */
export const OPEN_API_MAX_BODY_BYTES = 12 * 1024 * 1024;

/** A rate limit of the Open APIs: at most `maxRequests` per `windowMs`, then `MKT.0250` (HTTP 406). */
export interface OpenApiRateLimit {
  maxRequests: number;
  windowMs: number;
}

/** Dependencies of {@link createOpenApiRouter}. */
export interface OpenApiRouterDeps {
  /** The mock's engine: orders for the order query, instances and storage for usage pushes. */
  engine: MarketEngine;
  /** AK/SK the gateway accepts and the key usage pushes are signed with (`DEMO_OPEN_API_CREDENTIALS` by default in the CLI). */
  credentials: OpenApiCredentials;
  /**
   * Clock the signature windows (`X-Sdk-Date` ±15 min, usage `ts` ±60 s) and the 21-day usage limit are checked
   * against, in epoch ms. Default: wall time — sellers sign with their own clock even while the mock's business
   * clock runs months ahead; pass a clock to pin it in tests.
   */
  clock?: { now(): number };
  /** Rate limit over all Open API calls. Default: none. */
  rateLimit?: OpenApiRateLimit | null;
  /** Allowed `X-Sdk-Date` distance in ms. Default 900 000 (15 minutes). */
  maxSkewMs?: number;
  /** Allowed distance of the usage push `ts` in ms. Default 60 000. */
  usageToleranceMs?: number;
  /** Licence codes of the licence APIs. Default `DEMO_LICENSES`. */
  licenses?: readonly SimulatedLicense[];
  /** Assets of the deployed-object API. Default `DEMO_ASSETS`. */
  assets?: readonly DeployedAsset[];
  /** Serve the nine `MOCK*` debugging orders. Default true. */
  includeMockOrders?: boolean;
  /** Instance ids that belong to another seller: usage pushed for them answers `MKT.0150`. Default none. */
  foreignInstanceIds?: readonly string[];
  /** Largest accepted body in bytes. Default 12 MB; larger bodies get the gateway's `APIGW.0201` (HTTP 413). */
  maxBodyBytes?: number;
}

/** The router plus the simulator behind it (licence states, for inspection). */
export type OpenApiRouter = Router & { readonly simulator: OpenApiSimulator };

function checkDeps(d: OpenApiRouterDeps): string[] {
  const problems: string[] = [];
  if (d === null || typeof d !== 'object') return ['deps: must be an object { engine, credentials, … }'];
  if (d.engine === null || typeof d.engine !== 'object' || typeof d.engine.orderInfo !== 'function') {
    problems.push('engine: required, the MarketEngine whose orders and instances the Open APIs serve');
  }
  const c = d.credentials as Partial<OpenApiCredentials> | undefined;
  for (const key of ['ak', 'sk', 'usageKey'] as const) {
    if (c === undefined || c === null || typeof c[key] !== 'string' || c[key] === '') {
      problems.push(`credentials.${key}: required, a non-empty string (see DEMO_OPEN_API_CREDENTIALS)`);
    }
  }
  if (d.clock !== undefined && typeof d.clock?.now !== 'function')
    problems.push('clock: must have now() returning epoch ms');
  const r = d.rateLimit;
  if (r !== undefined && r !== null) {
    const ok = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v > 0;
    if (!ok(r.maxRequests)) problems.push('rateLimit.maxRequests: must be a positive integer');
    if (!ok(r.windowMs))
      problems.push('rateLimit.windowMs: must be a positive integer number of milliseconds');
  }
  for (const key of ['maxSkewMs', 'usageToleranceMs', 'maxBodyBytes'] as const) {
    const v = d[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)) {
      problems.push(`${key}: must be a positive number`);
    }
  }
  if (d.foreignInstanceIds !== undefined && !Array.isArray(d.foreignInstanceIds)) {
    problems.push('foreignInstanceIds: must be an array of instance ids');
  }
  return problems;
}

/** The absolute URL of a request as received (host header, original path and query). */
function absoluteUrl(req: Request): string {
  const host =
    typeof req.headers.host === 'string' && req.headers.host !== '' ? req.headers.host : 'localhost';
  return `${req.protocol}://${host}${req.originalUrl}`;
}

function send(res: Response, reply: SimulatedReply): void {
  res.status(reply.status);
  for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
  res.setHeader('Content-Length', Buffer.byteLength(reply.body));
  res.end(reply.body);
}

/** The licence code of a mock order as the licence Open APIs show it, or undefined. */
function orderLicence(engine: MarketEngine, code: string): SimulatedLicense | undefined {
  const r = engine.store.getFlow('licence', code) as OrderLicenceRecord | undefined;
  if (r === undefined) return undefined;
  const { status, activate_time, ...rest } = r.data;
  return {
    ...rest,
    ...(status === null ? {} : { status }),
    ...(activate_time === null ? {} : { activate_time }),
  };
}

/** A gateway-format error answered by the router itself (body limit, unreadable body). */
function gatewayError(res: Response, status: number, code: string, message: string): void {
  const requestId = randomUUID().replace(/-/g, '');
  send(res, {
    status,
    headers: { 'Content-Type': 'application/json;charset=UTF-8', 'X-Request-Id': requestId },
    body: JSON.stringify({ error_msg: message, error_code: code, request_id: requestId }),
  });
}

/**
 * Creates the Open API router. Mount it at `/api/mkp-openapi-public` or at `/` (it only answers paths under the
 * Open API prefix and passes everything else on).
 *
 * @throws ConfigError listing every invalid dependency.
 */
export function createOpenApiRouter(deps: OpenApiRouterDeps): OpenApiRouter {
  const problems = checkDeps(deps);
  if (problems.length > 0) {
    throw new ConfigError(
      `Invalid Open API router options; fix these and try again:\n- ${problems.join('\n- ')}`,
    );
  }
  const { engine, credentials } = deps;
  const clock = deps.clock ?? { now: () => Date.now() };
  const foreign = new Set(deps.foreignInstanceIds ?? []);

  const simulator = createOpenApiSimulator({
    credentials: { accessKey: credentials.ak, secretKey: credentials.sk, usageKey: credentials.usageKey },
    includeMockOrders: deps.includeMockOrders ?? true,
    licenses: withSavedActivations(engine.store, deps.licenses ?? DEMO_LICENSES),
    // Codes issued for the mock's licence orders (engine/licences): served from the store, and their
    // activation moves the order's supervision on (seller-console.md §2.3, protocol.md §10).
    findLicense: (code) => orderLicence(engine, code),
    // Each activation is kept in one place: an order's code in its flow record, a demo code in the saved list.
    onLicenseActivated: (license) => {
      if (license.activate_time === undefined) return;
      if (engine.orderLicenceActivated(license.license, license.activate_time) === undefined)
        saveActivation(engine.store, license);
    },
    assets: deps.assets ?? DEMO_ASSETS,
    now: () => clock.now(),
    maxSkewMs: deps.maxSkewMs,
    usageToleranceMs: deps.usageToleranceMs,
    rateLimit: deps.rateLimit ?? undefined,
    findOrder(orderId) {
      const order = engine.store.getOrder(orderId);
      // The engine's OrderInfo has the order query's documented shape (string amounts, nulls, extendParams).
      return order === undefined ? undefined : (engine.orderInfo(orderId) as unknown as OrderInfo);
    },
    acceptUsage(records, { checkedAt }) {
      const index = records.findIndex((r) => foreign.has(r.instance_id));
      if (index >= 0) {
        return {
          ok: false,
          code: 'MKT.0150',
          index,
          detail: `instance ${records[index]?.instance_id} belongs to another seller`,
        };
      }
      // The engine forgets serial numbers by the same 21-day window the simulator just checked (§8.4, MKT.9004).
      return engine.acceptUsagePush(records, { checkedAt });
    },
  });

  const router = Router() as OpenApiRouter;
  Object.defineProperty(router, 'simulator', { value: simulator, enumerable: true });
  const raw = express.raw({ type: () => true, limit: deps.maxBodyBytes ?? OPEN_API_MAX_BODY_BYTES });

  router.use((req: Request, res: Response, next: NextFunction) => {
    const pathname = req.originalUrl.split('?', 1)[0] ?? '';
    const at = pathname.indexOf(`${OPEN_API_PREFIX}/`);
    if (at < 0 && !pathname.endsWith(OPEN_API_PREFIX)) {
      next();
      return;
    }
    raw(req, res, (error?: unknown) => {
      if (error !== undefined && error !== null) {
        const type = (error as { type?: unknown }).type;
        if (type === 'entity.too.large') {
          gatewayError(
            res,
            413,
            'APIGW.0201',
            'Request entity too large: the gateway accepts bodies up to 12 MB.',
          );
        } else {
          gatewayError(res, 400, 'APIGW.0201', 'Bad request: the request body could not be read.');
        }
        return;
      }
      const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      const headers: Record<string, string | string[] | undefined> = { ...req.headers };
      const reply = simulator.handle(
        { method: req.method, url: absoluteUrl(req), headers, body },
        { basePath: at > 0 ? pathname.slice(0, at) : '' },
      );
      send(res, reply);
    });
  });
  return router;
}
