// Entry point @koogallery-kit/sdk/testing — build correctly signed production calls for sellers' own tests, and the
// test doubles of the Open APIs (mock orders, the simulator) without msw.
import { ConfigError } from '../errors';
import type { HandlerRequest, KitName, V1Activity, V2ActivityName } from '../handler';
import {
  PLATFORM_CONTENT_TYPE,
  buildProductionCall,
  parseSellerUrl,
} from '../platform/build-production-call';
import type { ProductionCall } from '../platform/types';
import { INTERFACES, findInterfaceByActivity, type InterfaceName } from '../schemas';
import { computeAuthToken, encryptCredential, signRequest } from '../signing';
import { formatCompactTime } from '../util/compact-time';

export * from '../client/test-doubles';
/** Options of {@link createSignedRequest}. */
export interface SignedRequestOptions {
  /** The key the handler under test is configured with (`accessKey`). */
  accessKey: string;
  /** The kit key, when the handler has a separate `kitAccessKey`. Default: `accessKey`. */
  kitAccessKey?: string;
  /** The production URL the handler is mounted at. Default `'https://seller.example.com/produce'`. */
  url?: string;
  /** Protocol generation of basic calls: `'v2'` (default, POST) or `'v1'` (GET with authToken). Kit calls are V2. */
  version?: 'v1' | 'v2';
  /** Request time, epoch ms. Default: the current time. */
  timestamp?: number;
  /** V2/kit nonce. Default: 64 random hex characters. */
  nonce?: string;
  /** V1 only: AES variant used to encrypt `mobilePhone`/`email` like the platform does. Default `1`. */
  encryptType?: 1 | 2;
}

/** A signed production call, ready for `fetch`, for `handler.handle`, or for any HTTP client. */
export interface SignedTestRequest {
  /** A Fetch `Request` (for `createFetchHandler` or `fetch`). */
  request: Request;
  /** Absolute URL with the signature query (V2) or all parameters (V1). */
  url: string;
  /** `POST` (V2, kit) or `GET` (V1). */
  method: 'POST' | 'GET';
  /** Headers to send (V2: content type; kit: also `x-sign`, `x-timestamp`, `x-nonce`). */
  headers: Record<string, string>;
  /** The exact body to send (canonical JSON), or undefined for V1 GET calls. */
  body: string | undefined;
  /** The same call as input for `handler.handle()` (path + query, headers, raw body). */
  input: HandlerRequest;
}

/**
 * Builds a production call signed exactly as KooGallery signs it (like Stripe's `generateTestHeaderString`), so a
 * seller's tests can drive their handler end to end:
 * - V2 activities (`newInstance`, …): POST `url?signature&timestamp&nonce`, canonical JSON body; `activity` is
 *   added to `body` when missing;
 * - kit interfaces (`tenantSync`, …): POST `url/produceAPI/v2/<name>` with `x-sign`/`x-timestamp`/`x-nonce`;
 * - `version: 'v1'`: GET `url?activity&…&timeStamp&authToken`, values as strings, `mobilePhone`/`email`
 *   encrypted like the platform does.
 *
 * An activity outside the catalogue is signed as it is (to test how the handler refuses it).
 *
 * @throws ConfigError for a missing key, or a body whose `activity` contradicts the argument.
 * @example
 * const { request } = createSignedRequest('newInstance', { orderId: 'CS1', orderLineId: 'CS1-000001', businessId: 'b-1' }, { accessKey });
 * const response = await createFetchHandler(handler)(request);
 */
export function createSignedRequest(
  activity: V2ActivityName | KitName | V1Activity,
  body: Record<string, unknown>,
  options: SignedRequestOptions,
): SignedTestRequest {
  if (typeof options !== 'object' || options === null)
    throw new ConfigError('createSignedRequest: options with accessKey are required.');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ConfigError('createSignedRequest: body must be an object of request fields.');
  }
  const sellerUrl = options.url ?? 'https://seller.example.com/produce';
  const sign = { sellerUrl, validate: false, timestamp: options.timestamp, nonce: options.nonce };

  const kit = Object.hasOwn(INTERFACES, activity) ? INTERFACES[activity as InterfaceName] : undefined;
  if (kit?.family === 'kit') {
    const accessKey = options.kitAccessKey ?? options.accessKey;
    return finish(buildProductionCall({ ...sign, accessKey, interface: kit.name, body }));
  }
  if (body.activity !== undefined && body.activity !== activity) {
    throw new ConfigError(
      `createSignedRequest: body.activity ${JSON.stringify(body.activity)} contradicts the activity argument ${activity}.`,
    );
  }
  const v1 = options.version === 'v1';
  const fields = v1 ? v1Fields(body, options) : body;
  const spec = findInterfaceByActivity(activity, v1 ? 'v1' : 'v2');
  if (spec === undefined) return finish(unknownActivityCall(activity, fields, sellerUrl, options));
  return finish(
    buildProductionCall({ ...sign, accessKey: options.accessKey, interface: spec.name, body: fields }),
  );
}

/**
 * A call with an activity outside the catalogue, to test how a handler refuses it (`000002`). The platform never
 * sends one, so `buildProductionCall` refuses to build it; it is signed the same way (§7.1 for V2, §7.5 for V1).
 */
function unknownActivityCall(
  activity: string,
  fields: Record<string, unknown>,
  sellerUrl: string,
  options: SignedRequestOptions,
): SignedCall {
  const url = parseSellerUrl(sellerUrl);
  const timestamp = options.timestamp ?? Date.now();
  if (options.version === 'v1') {
    const params: Record<string, string> = { ...(fields as Record<string, string>), activity };
    params.timeStamp ??= formatCompactTime(timestamp);
    params.authToken = computeAuthToken(options.accessKey, params);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return { method: 'GET', url: url.toString(), headers: { Accept: 'application/json' } };
  }
  const signed = signRequest({
    accessKey: options.accessKey,
    body: { ...fields, activity },
    timestamp,
    nonce: options.nonce,
  });
  for (const [k, v] of Object.entries(signed.query)) url.searchParams.set(k, v);
  return {
    method: 'POST',
    url: url.toString(),
    headers: { 'Content-Type': PLATFORM_CONTENT_TYPE, Accept: 'application/json' },
    body: signed.body,
  };
}

/**
 * The V1 query fields as the platform sends them (protocol §9): strings only, `mobilePhone` and `email` encrypted
 * with the key (§9.3); `authToken` is computed by `buildProductionCall`.
 */
function v1Fields(body: Record<string, unknown>, options: SignedRequestOptions): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    if (v === undefined || v === null || k === 'authToken') continue;
    params[k] =
      typeof v === 'string'
        ? v
        : typeof v === 'number' || typeof v === 'boolean'
          ? String(v)
          : JSON.stringify(v);
  }
  for (const field of ['mobilePhone', 'email']) {
    const plain = params[field];
    if (plain !== undefined && plain !== '') {
      params[field] = encryptCredential(options.accessKey, plain, { encryptType: options.encryptType ?? 1 });
    }
  }
  return params;
}

/** What {@link finish} needs of a call. */
type SignedCall = Omit<ProductionCall, 'interface'>;

function finish(call: SignedCall): SignedTestRequest {
  const { method, url, headers, body } = call;
  const parsed = new URL(url);
  return {
    request: new Request(url, { method, headers, ...(body === undefined ? {} : { body }) }),
    url,
    method,
    headers,
    body,
    input: { method, url: `${parsed.pathname}${parsed.search}`, headers, rawBody: body ?? null },
  };
}
