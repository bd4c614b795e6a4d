// Entry point @koogallery-kit/sdk/testing — build correctly signed production calls for sellers' own tests.
import { ConfigError } from '../errors';
import type { HandlerRequest, KitName, V1Activity, V2ActivityName } from '../handler';
import { computeAuthToken, encryptCredential, signKitRequest, signRequest } from '../signing';

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

const KIT: readonly string[] = ['tenantSync', 'applicationSync', 'authSync', 'singleOrgSync', 'allOrgSync'];

function v1Time(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}${p(d.getUTCMilliseconds(), 3)}`;
}

function withQuery(base: string, query: Record<string, string>): string {
  const url = new URL(base);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return url.toString();
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
 * @throws ConfigError for a missing key, an unknown activity, or a body whose `activity` contradicts the argument.
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
  const base = options.url ?? 'https://seller.example.com/produce';
  const sign = { timestamp: options.timestamp, nonce: options.nonce };

  if (KIT.includes(activity)) {
    const signed = signKitRequest({ accessKey: options.kitAccessKey ?? options.accessKey, body, ...sign });
    const url = `${base.replace(/\/+$/, '')}/produceAPI/v2/${activity}`;
    const headers = {
      'Content-Type': 'application/json;charset=utf8',
      Accept: 'application/json',
      ...signed.headers,
    };
    return finish('POST', url, headers, signed.body);
  }

  if (body.activity !== undefined && body.activity !== activity) {
    throw new ConfigError(
      `createSignedRequest: body.activity ${JSON.stringify(body.activity)} contradicts the activity argument ${activity}.`,
    );
  }
  if (options.version === 'v1') {
    const params: Record<string, string> = { activity };
    for (const [k, v] of Object.entries(body)) {
      if (v === undefined || v === null || k === 'authToken') continue;
      params[k] = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
    for (const field of ['mobilePhone', 'email']) {
      const plain = params[field];
      if (plain !== undefined && plain !== '') {
        params[field] = encryptCredential(options.accessKey, plain, {
          encryptType: options.encryptType ?? 1,
        });
      }
    }
    params.timeStamp ??= v1Time(options.timestamp ?? Date.now());
    params.authToken = computeAuthToken(options.accessKey, params);
    return finish('GET', withQuery(base, params), { Accept: 'application/json' }, undefined);
  }

  const signed = signRequest({ accessKey: options.accessKey, body: { ...body, activity }, ...sign });
  const headers = { 'Content-Type': 'application/json;charset=utf8', Accept: 'application/json' };
  return finish('POST', withQuery(base, signed.query), headers, signed.body);
}

function finish(
  method: 'POST' | 'GET',
  url: string,
  headers: Record<string, string>,
  body: string | undefined,
): SignedTestRequest {
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
