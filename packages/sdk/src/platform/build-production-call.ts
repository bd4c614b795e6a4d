import { ConfigError, ValidationError } from '../errors';
import { INTERFACES, assertSchema, type InterfaceName } from '../schemas';
import { computeAuthToken, signKitRequest, signRequest } from '../signing';
import { encodeQueryValue, rememberLast } from '../signing/fast-paths';
import { formatCompactTime } from '../util/compact-time';
import type { ProductionCall } from './types';
import { redactUrlUserInfo } from '../util/redact';

/** Content type of every platform POST, spelled as in the official examples (§2.1). */
export const PLATFORM_CONTENT_TYPE = 'application/json;charset=utf8';

/** Input of {@link buildProductionCall}. */
export interface BuildProductionCallOptions {
  /** The seller's registered production URL (absolute http or https URL). */
  sellerUrl: string;
  /** The key that signs this call: the basic key, or the kit key for kit interfaces. */
  accessKey: string;
  /** Which production interface to call. */
  interface: InterfaceName;
  /**
   * The request fields. For V2 basic, licence and V1 interfaces `activity` is filled in from the interface (a
   * different `activity` is a `ValidationError`); for V1, `timeStamp` is filled in unless given.
   */
  body: Record<string, unknown>;
  /**
   * Signature time in epoch milliseconds. Default: the wall clock at the moment of the call, because the seller
   * checks it against its own clock (±60 s). Inject a fixed value only for reproducible tests.
   */
  timestamp?: number;
  /** Signature nonce (V2 basic and kit). Default: a fresh random nonce from the signing module. */
  nonce?: string;
  /**
   * Validate the body against the interface's request schema before signing. Default `true`. Turn off only
   * to send deliberately malformed requests (a conformance suite's negative cases).
   */
  validate?: boolean;
}

/**
 * Builds the signed request the platform sends to a seller for one production interface (§2, §3, §4, §9):
 *
 * - V2 basic and licence interfaces: `POST <sellerUrl>?signature&timestamp&nonce`, body in canonical JSON
 *   (ascending top-level keys, compact, no nulls) signed per §7.1, headers `Content-Type:
 *   application/json;charset=utf8` and `Accept: application/json`;
 * - kit interfaces: `POST <sellerUrl>/produceAPI/v2/<name>` with `x-sign` / `x-timestamp` / `x-nonce` (§7.2);
 * - V1 interfaces: `GET <sellerUrl>?<all fields>&timeStamp&authToken` (§7.5, `timeStamp` UTC yyyyMMddHHmmssSSS).
 *
 * Throws `ConfigError` for a bad URL, key or interface name and `ValidationError` (issues name the fields) when
 * the body does not match the interface's request schema: that is the caller's mistake, not the seller's.
 */
export function buildProductionCall(o: BuildProductionCallOptions): ProductionCall {
  const target = sellerTarget(o.sellerUrl);
  const url = target.url;
  if (typeof o.accessKey !== 'string' || o.accessKey.length === 0) {
    throw new ConfigError(
      'accessKey must be a non-empty string: pass the key bound to the production interface.',
    );
  }
  const spec = Object.prototype.hasOwnProperty.call(INTERFACES, o.interface)
    ? INTERFACES[o.interface]
    : undefined;
  if (spec === undefined) {
    throw new ConfigError(
      `Unknown production interface ${JSON.stringify(o.interface)}; use one of: ${Object.keys(INTERFACES).join(', ')}.`,
    );
  }
  if (o.body === null || typeof o.body !== 'object' || Array.isArray(o.body)) {
    throw new ConfigError(`The body of a ${o.interface} call must be a plain object of request fields.`);
  }
  if (o.timestamp !== undefined && (!Number.isFinite(o.timestamp) || o.timestamp <= 0)) {
    throw new ConfigError(`timestamp must be epoch milliseconds, got ${String(o.timestamp)}.`);
  }
  const timestamp = Math.trunc(o.timestamp ?? Date.now());
  const validate = o.validate ?? true;
  const what = `${o.interface} request`;

  if (spec.family === 'kit') {
    if (validate) assertSchema(spec.request, o.body, what);
    const signed = signKitRequest({ accessKey: o.accessKey, body: o.body, timestamp, nonce: o.nonce });
    return {
      method: 'POST',
      url: appendPath(url, kitPath(o.interface, spec.kitPath)).toString(),
      headers: { 'Content-Type': PLATFORM_CONTENT_TYPE, Accept: 'application/json', ...signed.headers },
      body: signed.body,
      interface: o.interface,
    };
  }

  const withActivity = withActivityField(o.body, spec.activity, o.interface);

  if (spec.family === 'v1') {
    const params =
      withActivity['timeStamp'] === undefined
        ? { ...withActivity, timeStamp: formatCompactTime(timestamp) }
        : withActivity;
    if (validate) assertSchema(spec.request, params, what);
    const query = toQueryStrings(params, o.interface);
    const authToken = computeAuthToken(o.accessKey, query);
    const pairs = Object.keys(query)
      .sort()
      .map((k) => [k, query[k] ?? ''] as const);
    pairs.push(['authToken', authToken]);
    return {
      method: 'GET',
      url: appendQuery(target, pairs),
      headers: { Accept: 'application/json' },
      interface: o.interface,
    };
  }

  if (validate) assertSchema(spec.request, withActivity, what);
  const signed = signRequest({ accessKey: o.accessKey, body: withActivity, timestamp, nonce: o.nonce });
  const { signature, timestamp: signedAt, nonce } = signed.query;
  return {
    method: 'POST',
    // appendQuery's result, written directly: the parameter names need no encoding.
    url:
      `${target.href}${target.joiner}signature=${encodeQueryValue(signature)}` +
      `&timestamp=${encodeQueryValue(signedAt)}&nonce=${encodeQueryValue(nonce)}`,
    headers: { 'Content-Type': PLATFORM_CONTENT_TYPE, Accept: 'application/json' },
    body: signed.body,
    interface: o.interface,
  };
}

/** Parses and checks a seller production URL; throws `ConfigError` saying what is wrong with it. */
export function parseSellerUrl(sellerUrl: unknown): URL {
  if (typeof sellerUrl !== 'string' || sellerUrl.trim() === '') {
    throw new ConfigError(
      'sellerUrl must be the absolute production URL, e.g. https://seller.example.com/produce.',
    );
  }
  let url: URL;
  try {
    url = new URL(sellerUrl);
  } catch {
    throw new ConfigError(
      `sellerUrl ${JSON.stringify(redactUrlUserInfo(sellerUrl))} is not an absolute URL; use e.g. https://seller.example.com/produce.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`sellerUrl must use https (or http for local tests), got ${url.protocol}.`);
  }
  if (url.hash !== '') throw new ConfigError('sellerUrl must not contain a #fragment.');
  return url;
}

/** A parsed seller URL with what appending a query needs: its text and the character that joins the query. */
interface SellerTarget {
  url: URL;
  href: string;
  joiner: '' | '?' | '&';
}

/** {@link parseSellerUrl} with what appending a query needs (remembered for the most recent `sellerUrl`). */
const sellerTarget = rememberLast((sellerUrl: unknown): SellerTarget => {
  const url = parseSellerUrl(sellerUrl);
  const href = url.toString();
  return { url, href, joiner: url.search === '' ? (href.endsWith('?') ? '' : '?') : '&' };
});

/**
 * A copy of the body with `activity` set to the interface's own; a conflicting value is the caller's mistake.
 */
function withActivityField(
  body: Record<string, unknown>,
  activity: string,
  name: InterfaceName,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body };
  const given = out['activity'];
  if (given !== undefined && given !== null && given !== activity) {
    throw new ValidationError(
      `${name} request: activity must be ${JSON.stringify(activity)}, got ${JSON.stringify(given)}; leave it out ` +
        'and it is filled in.',
      [
        {
          path: '/activity',
          message: `must be equal to constant ${JSON.stringify(activity)}`,
          keyword: 'const',
        },
      ],
    );
  }
  out['activity'] = activity;
  return out;
}

/** V1 carries everything in the query string: scalars only, as their decimal/string text; nulls are left out. */
function toQueryStrings(params: Record<string, unknown>, name: InterfaceName): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') out[k] = String(v);
    else {
      throw new ValidationError(
        `${name} request: ${k} must be a scalar; V1 calls carry every field in the query.`,
        [{ path: `/${k}`, message: 'must be a string or a number', keyword: 'type' }],
      );
    }
  }
  return out;
}

/** Kit sub-path under the production URL: `/produceAPI/v2/<name>` unless the catalogue says otherwise. */
function kitPath(name: InterfaceName, fromCatalogue: string | undefined): string {
  if (fromCatalogue === undefined || fromCatalogue === '') return `/produceAPI/v2/${name}`;
  return fromCatalogue.startsWith('/') ? fromCatalogue : `/produceAPI/v2/${fromCatalogue}`;
}

function appendPath(url: URL, path: string): URL {
  const out = new URL(url.toString());
  out.pathname = `${out.pathname.replace(/\/+$/, '')}${path}`;
  return out;
}

/**
 * Appends query parameters to the URL as given (an existing query is kept). Values are percent-encoded with
 * encodeURIComponent, so `+` travels as `%2B` and a space as `%20`: no decoder can confuse the two (§7.5).
 */
function appendQuery(target: SellerTarget, pairs: ReadonlyArray<readonly [string, string]>): string {
  let encoded = '';
  for (const [k, v] of pairs) {
    encoded += `${encoded === '' ? '' : '&'}${encodeQueryValue(k)}=${encodeQueryValue(v)}`;
  }
  return `${target.href}${target.joiner}${encoded}`;
}
