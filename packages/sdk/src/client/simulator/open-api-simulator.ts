/**
 * A framework-free simulation of the KooGallery Open APIs the client calls — order query, usage push (new),
 * licence activate / query (v1, v2), assets — behind an API gateway that checks AK/SK signatures like the
 * real one. The msw handlers (`@koogallery-kit/sdk/msw`) wrap it; it can also sit behind any HTTP server.
 */
import { ConfigError } from '../../errors';
import type { OrderInfo } from '../../schemas';
import { verifyApigRequest, verifyUsagePush } from '../../signing';
import type { DeployedAsset } from '../assets-api';
import { OPEN_API_PATHS } from '../hosts';
import { MOCK_ORDERS } from '../mock-orders';
import {
  MAX_USAGE_RECORDS_PER_PUSH,
  checkUsageRecords,
  describeUsageIssue,
  toWireRecord,
} from '../usage-records';
import type { UsageRecordInput, UsageRecordWire } from '../usage-records';
import { gatewayStyle, jsonReply, licenseStyle, newRequestId, orderStyle, usageStyle } from './replies';
import type { SimulatedReply } from './replies';

/** Licence states of the simulated licence service. */
export type SimulatedLicenseStatus = 'ALIVE' | 'EXPIRED' | 'RELEASED';

/** A licence code known to the simulated licence service. */
export interface SimulatedLicense {
  /** The licence code. */
  license: string;
  /** State before any call; activation makes it `ALIVE`. Default: not yet activated. */
  status?: SimulatedLicenseStatus;
  /** Whether the buyer has received the code; `false` makes activation answer `92020004`. Default true. */
  received?: boolean;
  product_id?: string;
  order_id?: string;
  amount?: number;
  /** Expiry, UTC `yyyyMMddHHmmss`. */
  expire_time?: string;
  /** Activation time, UTC `yyyyMMddHHmmss` (set by activation; give it with `status: 'ALIVE'` to restore one). */
  activate_time?: string;
}

/** Credentials the simulated gateway accepts. */
export interface SimulatorCredentials {
  /** APIG AK. */
  accessKey: string;
  /** APIG SK. */
  secretKey: string;
  /** KooGallery key that signs usage pushes; without it every usage push answers `MKT.0102`. */
  usageKey?: string;
}

/** Options of {@link createOpenApiSimulator}. */
export interface OpenApiSimulatorOptions {
  /** The credentials the gateway accepts. */
  credentials: SimulatorCredentials;
  /** Custom orders, served in addition to (and in place of same-id) debugging orders. */
  orders?: readonly OrderInfo[];
  /** Serve the nine `MOCK*` debugging orders. Default true. */
  includeMockOrders?: boolean;
  /** Licence codes of the licence service. Default none. */
  licenses?: readonly SimulatedLicense[];
  /** On-demand instance ids that accept usage; others answer `MKT.9001`. Default: every id is accepted. */
  usageInstances?: readonly string[];
  /** Assets served by the deployed-object API. Default none. */
  assets?: readonly DeployedAsset[];
  /** Clock in epoch ms (signature windows, 21-day limit, activation time). Default `Date.now`. */
  now?: () => number;
  /** Allowed `X-Sdk-Date` skew in ms. Default 15 minutes. */
  maxSkewMs?: number;
  /** Allowed distance of the usage push `ts` in ms. Default 60 000. */
  usageToleranceMs?: number;
  /** At most this many calls per `windowMs` per AK; further calls answer `MKT.0250` (406). Default: unlimited. */
  rateLimit?: { maxRequests: number; windowMs: number };
  /**
   * Called with every licence code an activation moved to `ALIVE` (with its `activate_time`), e.g. to keep it
   * across restarts and pass it back in `licenses`.
   */
  onLicenseActivated?: (license: Readonly<SimulatedLicense>) => void;
  /**
   * Licence codes kept elsewhere (e.g. the codes a mock marketplace issued for its orders), looked up on every
   * request for a code that is not in `licenses`. Their activation is reported through `onLicenseActivated`.
   */
  findLicense?: (code: string) => SimulatedLicense | undefined;
  /** Called with every accepted usage push (after de-duplication on metering_sn). */
  onUsagePush?: (records: readonly UsageRecordWire[]) => void;
  /**
   * Looks up orders not among `orders` or the debugging orders (e.g. the orders of a mock marketplace's
   * lifecycle), called on every query after authentication. `undefined` = no such order (`MKT.0150`).
   */
  findOrder?: (orderId: string) => OrderInfo | undefined;
  /**
   * Takes over instance checks, de-duplication and storage of a validated usage push (signature, record count and
   * record rules already checked): return the records it accepted (duplicates left out), or the code and detail
   * of the first record it refuses (`MKT.9001` instance not found, `MKT.0150` instance not this seller's,
   * `MKT.9004` too old for a window that was once further on) — then nothing of the push is stored.
   * `check.checkedAt` is the instant (epoch ms) the 21-day `begin_time` limit (`MKT.9004`) was checked against, for
   * a de-duplication that forgets serial numbers the limit already refuses. Replaces `usageInstances`, the
   * built-in de-duplication and the built-in store (`usageRecords` stays empty). Default: built in.
   */
  acceptUsage?: (
    records: readonly UsageRecordWire[],
    check: { checkedAt: number },
  ) =>
    | { ok: true; accepted: readonly UsageRecordWire[] }
    | { ok: false; code: 'MKT.9001' | 'MKT.0150' | 'MKT.9004'; detail: string; index: number };
}

/** A request as the simulator needs it. */
export interface SimulatedRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  /** Headers; names in any case. */
  headers: Record<string, string | string[] | undefined>;
  /** Body exactly as received. */
  body: string;
}

/** The simulated Open APIs. */
export interface OpenApiSimulator {
  /**
   * Answer one request. `basePath` is the path prefix of the base URL the request was sent to (default none):
   * the API paths are matched exactly below it. Never throws for anything that comes from the request.
   */
  handle(request: SimulatedRequest, o?: { basePath?: string }): SimulatedReply;
  /** Every usage record accepted so far, once per `metering_sn`, in arrival order. */
  readonly usageRecords: readonly UsageRecordWire[];
  /** Current state of a licence code, or `undefined` when unknown. */
  license(code: string): (Readonly<SimulatedLicense> & { activate_time?: string }) | undefined;
  /** Add or replace an order. */
  putOrder(order: OrderInfo): void;
}

function time14(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.slice(0, 19).replace(/[-T:]/g, '');
}

function lowerHeaders(headers: SimulatedRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? (v[0] ?? '') : v;
  }
  return out;
}

const asObject = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Create a simulator.
 *
 * @throws ConfigError when `credentials` is missing an AK or SK.
 */
export function createOpenApiSimulator(options: OpenApiSimulatorOptions): OpenApiSimulator {
  const creds = options?.credentials;
  if (
    !creds ||
    typeof creds.accessKey !== 'string' ||
    creds.accessKey === '' ||
    typeof creds.secretKey !== 'string' ||
    creds.secretKey === ''
  ) {
    throw new ConfigError(
      'The Open API simulator needs credentials: { accessKey, secretKey, usageKey? } (the values your client uses).',
    );
  }
  const now = options.now ?? Date.now;
  const orders = new Map<string, OrderInfo>();
  if (options.includeMockOrders !== false)
    for (const o of Object.values(MOCK_ORDERS)) orders.set(o.orderId, o);
  for (const o of options.orders ?? []) orders.set(o.orderId, o);
  const licenses = new Map<string, SimulatedLicense>();
  for (const l of options.licenses ?? []) licenses.set(l.license, { ...l });
  /** A code of `licenses` (mutable entry), else a copy of what `findLicense` knows. */
  const findLicense = (code: string): SimulatedLicense | undefined => {
    const own = licenses.get(code);
    if (own !== undefined) return own;
    const found = options.findLicense?.(code);
    return found === undefined ? undefined : { ...found };
  };
  const usageInstances = options.usageInstances ? new Set(options.usageInstances) : undefined;
  const usageBySn = new Map<string, UsageRecordWire>();
  const usageRecords: UsageRecordWire[] = [];
  const windowHits: number[] = [];

  const rateLimited = (): boolean => {
    const limit = options.rateLimit;
    if (!limit) return false;
    const t = now();
    while (windowHits.length > 0 && (windowHits[0] ?? 0) <= t - limit.windowMs) windowHits.shift();
    if (windowHits.length >= limit.maxRequests) return true;
    windowHits.push(t);
    return false;
  };

  const apigAuth = (
    req: SimulatedRequest,
    headers: Record<string, string>,
    rid: string,
  ): SimulatedReply | undefined => {
    const result = verifyApigRequest({
      lookupSecret: (ak) => (ak === creds.accessKey ? creds.secretKey : undefined),
      method: req.method,
      url: req.url,
      headers: headers.host ? headers : { ...headers, host: new URL(req.url).host },
      body: req.body,
      now,
      maxSkewMs: options.maxSkewMs,
    });
    if (result.valid) return undefined;
    const prefix = 'Incorrect IAM authentication information: ';
    switch (result.reason) {
      case 'UNKNOWN_ACCESS_KEY':
        return gatewayStyle(
          401,
          'APIGW.0301',
          `${prefix}Get secretKey failed,ak:******,err:ak not exist`,
          rid,
        );
      case 'CLOCK_SKEW':
        return gatewayStyle(
          401,
          'APIGW.0301',
          `${prefix}verify aksk signature fail, X-Sdk-Date is more than 15 minutes away from the server time`,
          rid,
        );
      case 'SIGNATURE_MISMATCH':
        return gatewayStyle(
          401,
          'APIGW.0301',
          `${prefix}verify aksk signature fail, canonicalRequest: ${(result.canonicalRequest ?? '').replace(/\n/g, '|')}`,
          rid,
        );
      default:
        return gatewayStyle(401, 'APIGW.0301', `${prefix}${result.message}`, rid);
    }
  };

  const orderQuery = (url: URL, rid: string): SimulatedReply => {
    const params = [...url.searchParams.keys()];
    const unknown = params.filter((p) => p !== 'orderId' && p !== 'orderLineId');
    if (unknown.length > 0) return orderStyle('MKT.0101', rid, `unknown parameter ${unknown.join(', ')}`);
    const orderId = url.searchParams.get('orderId');
    const orderLineId = url.searchParams.get('orderLineId');
    if (!orderId) return orderStyle('MKT.0101', rid, 'orderId is mandatory');
    if (orderId.length > 64)
      return orderStyle('MKT.0100', rid, 'orderId is longer than 64 characters', {
        extra_info: { field: 'orderId' },
      });
    if (orderLineId !== null && (orderLineId === '' || orderLineId.length > 64)) {
      return orderStyle('MKT.0100', rid, 'orderLineId must be 1 to 64 characters', {
        extra_info: { field: 'orderLineId' },
      });
    }
    // The platform cannot tell "no such order" from "order of another seller": both are an illegal operation
    // for this AK/SK (MKT.0150), which is what is answered here.
    const order = orders.get(orderId) ?? options.findOrder?.(orderId);
    if (!order)
      return orderStyle(
        'MKT.0150',
        rid,
        `order ${orderId} does not exist or was not placed for a product of this seller`,
      );
    let info = structuredClone<OrderInfo>(order);
    if (orderLineId !== null) {
      const lines = info.orderLine.filter((l) => l.orderLineId === orderLineId);
      if (lines.length === 0)
        return orderStyle('MKT.0150', rid, `order line ${orderLineId} does not belong to order ${orderId}`);
      info = { ...info, orderLine: lines };
    }
    return jsonReply(200, { resultCode: 'MKT.0000', resultMsg: 'Success', orderInfo: info }, rid);
  };

  const usagePush = (req: SimulatedRequest, headers: Record<string, string>, rid: string): SimulatedReply => {
    if (!creds.usageKey) return usageStyle('MKT.0102', rid, 'the simulator has no usageKey configured');
    const verified = verifyUsagePush({
      key: creds.usageKey,
      rawBody: req.body,
      headers,
      now,
      toleranceMs: options.usageToleranceMs,
    });
    if (!verified.valid) return usageStyle('MKT.0102', rid, verified.message);
    const body = asObject(parseJson(req.body));
    const records = body?.usage_records;
    if (!Array.isArray(records))
      return usageStyle('MKT.0101', rid, 'usage_records is mandatory and must be a list');
    if (records.length > MAX_USAGE_RECORDS_PER_PUSH) {
      return usageStyle('MKT.9003', rid, `${records.length} records, at most ${MAX_USAGE_RECORDS_PER_PUSH}`);
    }
    const checkedAt = now();
    const issues = checkUsageRecords(records, { nowMs: checkedAt });
    const tooOld = issues.find((i) => i.keyword === 'maxAge');
    if (tooOld)
      return usageStyle('MKT.9004', rid, describeUsageIssue(tooOld), { extra_info: { path: tooOld.path } });
    if (issues.length > 0) {
      return usageStyle('MKT.9002', rid, issues.slice(0, 5).map(describeUsageIssue).join('; '), {
        extra_info: issues.map((i) => ({ path: i.path, message: i.message })),
      });
    }
    const wire = (records as UsageRecordInput[]).map(toWireRecord);
    if (options.acceptUsage) {
      const verdict = options.acceptUsage(wire, { checkedAt });
      if (!verdict.ok) {
        return usageStyle(verdict.code, rid, `record ${verdict.index}: ${verdict.detail}`, {
          extra_info: { index: verdict.index, instance_id: wire[verdict.index]?.instance_id },
        });
      }
      options.onUsagePush?.(verdict.accepted);
      return usageStyle('MKT.0000', rid);
    }
    if (usageInstances) {
      const index = wire.findIndex((r) => !usageInstances.has(r.instance_id));
      if (index >= 0)
        return usageStyle('MKT.9001', rid, `record ${index}: instance ${wire[index]?.instance_id} not found`);
    }
    const accepted: UsageRecordWire[] = [];
    for (const r of wire) {
      if (usageBySn.has(r.metering_sn)) continue; // de-duplicated: a re-sent record is accepted once
      usageBySn.set(r.metering_sn, r);
      usageRecords.push(r);
      accepted.push(r);
    }
    options.onUsagePush?.(accepted);
    return usageStyle('MKT.0000', rid);
  };

  const licenseCall = (path: string, req: SimulatedRequest, rid: string): SimulatedReply => {
    const body = asObject(parseJson(req.body));
    if (!body) return licenseStyle(400, '92020002', 'invalid param: the body must be a JSON object', rid);
    const v2 = path.includes('/global/v2/');
    const activate = path.endsWith('/license/activate');
    let codes: string[];
    if (v2) {
      const list = body.license_list;
      if (
        !Array.isArray(list) ||
        list.length === 0 ||
        list.length > 100 ||
        list.some((c) => typeof c !== 'string' || c === '' || c.length > 64)
      ) {
        return licenseStyle(
          400,
          '92020002',
          'invalid param: license_list must hold 1 to 100 licence codes',
          rid,
        );
      }
      codes = list as string[];
    } else {
      if (typeof body.license !== 'string' || body.license === '' || body.license.length > 64) {
        return licenseStyle(
          400,
          '92020002',
          'invalid param: license is mandatory (at most 64 characters)',
          rid,
        );
      }
      codes = [body.license];
    }
    const ret = body.real_effect_time;
    if (activate && ret !== undefined && (typeof ret !== 'string' || !/^\d{14}$/.test(ret))) {
      return licenseStyle(400, '92020002', 'invalid param: real_effect_time must be yyyyMMddHHmmss', rid);
    }
    const entries: SimulatedLicense[] = [];
    for (const code of codes) {
      const entry = findLicense(code);
      if (!entry) return licenseStyle(200, '92020005', `license code ${code} does not exist`, rid);
      if (activate && entry.received === false) {
        return licenseStyle(
          200,
          '92020004',
          `license code ${code} cannot be activated before the user has received it`,
          rid,
        );
      }
      if (activate && entry.status === 'RELEASED')
        return licenseStyle(400, '92020002', `license code ${code} has been released`, rid);
      entries.push(entry);
    }
    if (activate) {
      for (const entry of entries) {
        if (entry.status !== 'ALIVE') {
          entry.status = 'ALIVE';
          entry.activate_time = typeof ret === 'string' ? ret : time14(now());
          options.onLicenseActivated?.({ ...entry });
        }
      }
      const info = (e: SimulatedLicense) =>
        JSON.stringify({
          status: e.status,
          expire_time: e.expire_time,
          product_id: e.product_id,
          order_id: e.order_id,
          amount: e.amount,
        });
      // v2 answers one entry per code (the reference did not capture the batch shape; this simulator's reading).
      const data = v2
        ? entries.map((e) => ({ license: e.license, license_code_info: info(e) }))
        : { license_code_info: info(entries[0] as SimulatedLicense) };
      return licenseStyle(200, '92020000', 'success', rid, data);
    }
    const state = (e: SimulatedLicense & { activate_time?: string }) => ({
      license_code: e.license,
      ...(e.status ? { status: e.status } : {}),
      activate_time: e.activate_time ?? null,
      expire_time: e.expire_time ?? null,
      product_id: e.product_id,
      order_id: e.order_id,
    });
    return licenseStyle(
      200,
      '92020000',
      'success',
      rid,
      v2 ? entries.map(state) : state(entries[0] as SimulatedLicense),
    );
  };

  const deployedObjects = (url: URL, rid: string): SimulatedReply => {
    const assetId = url.searchParams.get('asset_id');
    const type = url.searchParams.get('deployed_type');
    if (!assetId || !type) return usageStyle('MKT.0101', rid, 'asset_id and deployed_type are mandatory');
    const region = url.searchParams.get('region');
    const version = url.searchParams.get('asset_version');
    const data = (options.assets ?? []).filter(
      (a) =>
        a.asset_id === assetId &&
        a.deployed_type === type &&
        (region === null || a.region === region) &&
        (version === null || a.version === version),
    );
    return jsonReply(200, { error_code: 'MKT.0000', error_msg: 'success', data }, rid);
  };

  const routes: Array<{
    path: string;
    method: 'GET' | 'POST';
    kind: 'order' | 'usage' | 'license' | 'assets';
  }> = [
    { path: OPEN_API_PATHS.orderQuery, method: 'GET', kind: 'order' },
    { path: OPEN_API_PATHS.usagePush, method: 'POST', kind: 'usage' },
    { path: OPEN_API_PATHS.licenseActivateV1, method: 'POST', kind: 'license' },
    { path: OPEN_API_PATHS.licenseActivateV2, method: 'POST', kind: 'license' },
    { path: OPEN_API_PATHS.licenseQueryV1, method: 'POST', kind: 'license' },
    { path: OPEN_API_PATHS.licenseQueryV2, method: 'POST', kind: 'license' },
    { path: OPEN_API_PATHS.deployedObjects, method: 'GET', kind: 'assets' },
  ];

  const handle = (req: SimulatedRequest, o: { basePath?: string } = {}): SimulatedReply => {
    const rid = newRequestId();
    try {
      return route(req, rid, (o.basePath ?? '').replace(/\/+$/, ''));
    } catch (error) {
      // Only a programming error of the simulator gets here; answer like the platform's internal error.
      const detail = error instanceof Error ? error.message : 'unexpected failure';
      return orderStyle('MKT.0999', rid, detail);
    }
  };

  const route = (req: SimulatedRequest, rid: string, basePath: string): SimulatedReply => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return gatewayStyle(400, 'APIGW.0201', 'Bad request: the request URL is not valid', rid);
    }
    const pathname = url.pathname.replace(/\/+$/, '');
    const match = routes.find(
      (r) => pathname === basePath + r.path && r.method === String(req.method).toUpperCase(),
    );
    if (!match)
      return gatewayStyle(
        404,
        'APIGW.0101',
        'The API does not exist or has not been published in the environment',
        rid,
      );
    const headers = lowerHeaders(req.headers);
    if (match.kind !== 'usage') {
      const denied = apigAuth(req, headers, rid);
      if (denied) return denied;
    }
    if (rateLimited())
      return match.kind === 'order' ? orderStyle('MKT.0250', rid) : usageStyle('MKT.0250', rid);
    switch (match.kind) {
      case 'order':
        return orderQuery(url, rid);
      case 'usage':
        return usagePush(req, headers, rid);
      case 'license':
        return licenseCall(match.path, req, rid);
      case 'assets':
        return deployedObjects(url, rid);
    }
  };

  return {
    handle,
    get usageRecords() {
      return [...usageRecords];
    },
    license(code) {
      const entry = findLicense(code);
      return entry ? { ...entry } : undefined;
    },
    putOrder(order) {
      orders.set(order.orderId, order);
    },
  };
}
