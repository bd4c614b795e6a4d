/**
 * Typed errors for answers of the KooGallery platform APIs: one class per error family of the protocol
 * reference §6.2 (MKT.xxxx marketplace codes, APIGW.xxxx gateway codes, 9202xxxx licence codes) plus the
 * OAuth errors of the joint-operations login (§5) and replies that match no documented shape.
 */
import { ApiError } from '../errors';
import type { ApiErrorDetails, KooGalleryErrorCode, KooGalleryErrorOptions } from '../errors';

/** What kind of problem an API error is, independent of its family. */
export type ApiErrorCategory =
  'invalid_request' | 'authentication' | 'authorization' | 'not_found' | 'rate_limit' | 'server' | 'unknown';

/** Details of an {@link OpenApiError} beyond those of `ApiError`. */
export interface OpenApiErrorDetails extends ApiErrorDetails {
  /** What kind of problem this is. */
  category: ApiErrorCategory;
  /** Delay asked for by a `Retry-After` header, in ms, when the reply carried one. */
  retryAfterMs?: number;
  /** The platform's own message (`resultMsg`, `error_msg`, `error_description`), secrets redacted. */
  platformMessage?: string;
}

/** Base class of every error answer of a KooGallery platform API; `code` is the platform's code. */
export class OpenApiError extends ApiError {
  /** What kind of problem this is (`rate_limit`, `authentication`, ...). */
  readonly category: ApiErrorCategory;
  /** Delay asked for by a `Retry-After` header, in ms, or `undefined`. */
  readonly retryAfterMs: number | undefined;
  /** The platform's own message, secrets redacted, or `undefined`. */
  readonly platformMessage: string | undefined;

  /** `code` as the platform sent it (a `PlatformErrorCode`), or `BODY_NOT_JSON` / `API_ERROR`. */
  constructor(
    code: string,
    message: string,
    details: OpenApiErrorDetails,
    options: KooGalleryErrorOptions = {},
  ) {
    super(code as KooGalleryErrorCode, message, details, options);
    this.category = details.category;
    this.retryAfterMs = details.retryAfterMs;
    this.platformMessage = details.platformMessage;
  }
}

/** A marketplace Open-API error: `code` is `MKT.xxxx` (order query, usage push; §6.2). */
export class MarketplaceApiError extends OpenApiError {}

/** `MKT.0250` (HTTP 406): calls too frequent. `retryAfterMs` says how long to wait when the platform said. */
export class RateLimitError extends MarketplaceApiError {}

/** An API-Gateway error: `code` is `APIGW.xxxx` (AK/SK authentication, unknown API, throttling...). */
export class GatewayError extends OpenApiError {}

/** A licence Open-API error: `code` is `9202xxxx` or `9138xxxx` (§6.2, licence activate / query). */
export class LicenseApiError extends OpenApiError {}

/** An OAuth 2.0 error of the joint-operations login (§5): `code` is the OAuth `error`, e.g. `invalid_grant`. */
export class OAuthError extends OpenApiError {}

/**
 * A reply that matches no documented shape: not JSON, no result code, or an HTTP error status without a
 * platform code. `code` is `BODY_NOT_JSON` or `API_ERROR`.
 */
export class UnexpectedResponseError extends OpenApiError {}

/** Which family (and so which class) a documented code belongs to. */
export type ApiErrorFamily = 'marketplace' | 'gateway' | 'license' | 'oauth';

/** One documented platform error code. */
export interface DocumentedApiCode {
  /** The platform code. */
  code: string;
  /** HTTP status the platform documents for it. */
  status: number;
  /** Family, which decides the error class. */
  family: ApiErrorFamily;
  /** Kind of problem. */
  category: ApiErrorCategory;
  /** What the code means. */
  meaning: string;
  /** What to do about it. */
  hint: string;
}

const doc = (
  code: string,
  status: number,
  family: ApiErrorFamily,
  category: ApiErrorCategory,
  meaning: string,
  hint: string,
): DocumentedApiCode => Object.freeze({ code, status, family, category, meaning, hint });

/**
 * Every error code documented for the platform APIs the client calls (§5, §6.2) and the gateway codes an
 * AK/SK-signed call can meet. `92020001` is documented twice (403 and 500): the HTTP status tells them apart.
 */
export const DOCUMENTED_API_ERROR_CODES: readonly DocumentedApiCode[] = Object.freeze([
  doc(
    'MKT.0999',
    500,
    'marketplace',
    'server',
    'platform internal error',
    'Retry later; if it persists, contact KooGallery support with the request id.',
  ),
  doc(
    'MKT.0100',
    500,
    'marketplace',
    'invalid_request',
    'input parameter check failed (out of range, illegal value or format)',
    'Check the lengths and formats of the parameters; extra_info in the body names the field.',
  ),
  doc(
    'MKT.0101',
    400,
    'marketplace',
    'invalid_request',
    'invalid parameter (a mandatory one is missing or an unknown one was sent)',
    'Send every mandatory parameter and nothing else.',
  ),
  doc(
    'MKT.0102',
    400,
    'marketplace',
    'authentication',
    'invalid body signature (usage push)',
    'Check that usageKey is your KooGallery key (Seller Console > App Tools > Key Management), not the APIG secret key, and that the clock is right.',
  ),
  doc(
    'MKT.0199',
    400,
    'marketplace',
    'invalid_request',
    'request parameter error',
    'Check the request parameters against the API reference.',
  ),
  doc(
    'MKT.0150',
    401,
    'marketplace',
    'authorization',
    'illegal operation (the order or instance was not published by the seller owning this AK/SK)',
    'Check the id, and that the AK/SK belongs to the seller account that published the product.',
  ),
  doc(
    'MKT.0151',
    401,
    'marketplace',
    'authorization',
    'no authority (the credentials are not of a seller role)',
    'Use an AK/SK of the seller (ISV) account.',
  ),
  doc('MKT.0154', 401, 'marketplace', 'authentication', 'illegal token', 'Check the AK/SK pair.'),
  doc(
    'MKT.0250',
    406,
    'marketplace',
    'rate_limit',
    'access frequency over limit',
    'Slow down: wait before calling again (idempotent calls are retried automatically).',
  ),
  doc(
    'MKT.9001',
    500,
    'marketplace',
    'not_found',
    'instance not found (usage push)',
    'Push usage for the on-demand instance id, never the package instance id.',
  ),
  doc(
    'MKT.9002',
    500,
    'marketplace',
    'invalid_request',
    'invalid usage entities',
    'Check usage_value, the time fields and metering_sn of every record.',
  ),
  doc(
    'MKT.9003',
    500,
    'marketplace',
    'invalid_request',
    'too many usage records in one push',
    'Split the records with splitUsageRecords() and push each batch.',
  ),
  doc(
    'MKT.9004',
    500,
    'marketplace',
    'invalid_request',
    'begin_time more than 21 days in the past',
    'Usage older than 21 days can no longer be pushed; push usage promptly.',
  ),
  doc(
    '92020001',
    403,
    'license',
    'authorization',
    'unauthorized',
    'Use the AK/SK of the seller account that owns the licence.',
  ),
  doc(
    '92020001',
    500,
    'license',
    'server',
    'licence service internal error',
    'Retry later; if it persists, contact KooGallery support with the request id.',
  ),
  doc(
    '92020002',
    400,
    'license',
    'invalid_request',
    'invalid parameter',
    'Check license / license_list (at most 100 codes) and real_effect_time (yyyyMMddHHmmss).',
  ),
  doc(
    '92020004',
    200,
    'license',
    'invalid_request',
    'the licence code cannot be activated before the buyer has received it',
    'Activate after the buyer has received the licence code.',
  ),
  doc(
    '92020005',
    200,
    'license',
    'not_found',
    'licence code does not exist',
    'Check the licence code the buyer entered.',
  ),
  doc(
    '91380150',
    403,
    'license',
    'authorization',
    'role permission denied',
    'Use an AK/SK of the seller account with permission for the licence APIs.',
  ),
  doc(
    'APIGW.0101',
    404,
    'gateway',
    'not_found',
    'the API does not exist or is not published',
    'Check baseURL / region and the API path.',
  ),
  doc(
    'APIGW.0201',
    400,
    'gateway',
    'invalid_request',
    'request rejected by the gateway as malformed',
    'Check the request line, headers and body size (12 MB at most).',
  ),
  doc(
    'APIGW.0301',
    401,
    'gateway',
    'authentication',
    'AK/SK authentication failed',
    'Check the AK/SK pair, the clock (X-Sdk-Date within 15 minutes) and that no proxy rewrites the signed request. Five failures in a row lock the AK for 5 minutes.',
  ),
  doc(
    'APIGW.0302',
    403,
    'gateway',
    'authorization',
    'the credentials are not authorized for this API',
    'Check the permissions of the account owning the AK/SK.',
  ),
  doc(
    'APIGW.0308',
    429,
    'gateway',
    'rate_limit',
    'throttling threshold reached',
    'Slow down: wait before calling again.',
  ),
  doc(
    'invalid_request',
    400,
    'oauth',
    'invalid_request',
    'the token request is malformed',
    'Check client_id, grant_type and the parameters sent.',
  ),
  doc(
    'invalid_client',
    401,
    'oauth',
    'authentication',
    'client authentication failed',
    'Check clientId / clientSecret (decrypted from applicationSync).',
  ),
  doc(
    'invalid_grant',
    400,
    'oauth',
    'authentication',
    'invalid authorization code or refresh token',
    'Codes are single-use and short-lived: restart the login. A refresh token is valid 30 days.',
  ),
  doc(
    'unauthorized',
    401,
    'oauth',
    'authentication',
    'the access token was refused',
    'Refresh the access token or restart the login.',
  ),
]);

/** The documented entry for `code` (preferring the one with the same HTTP status), or `undefined`. */
export function findDocumentedCode(code: string, status?: number): DocumentedApiCode | undefined {
  const matches = DOCUMENTED_API_ERROR_CODES.filter((d) => d.code === code);
  return matches.find((d) => d.status === status) ?? matches[0];
}

/** Category of an undocumented code, from its HTTP status. */
export function categoryFromStatus(status: number): ApiErrorCategory {
  if (status === 401) return 'authentication';
  if (status === 403) return 'authorization';
  if (status === 404) return 'not_found';
  if (status === 406 || status === 429) return 'rate_limit';
  if (
    status === 400 ||
    status === 405 ||
    status === 409 ||
    status === 413 ||
    status === 414 ||
    status === 422
  ) {
    return 'invalid_request';
  }
  if (status >= 500) return 'server';
  return 'unknown';
}

/** The family a platform code belongs to, judged from its shape; `undefined` when it fits none. */
export function familyOfCode(code: string): Exclude<ApiErrorFamily, 'oauth'> | undefined {
  if (/^MKT\./i.test(code)) return 'marketplace';
  if (/^APIGW?\./i.test(code)) return 'gateway';
  if (/^9\d{7}$/.test(code)) return 'license';
  return undefined;
}
