/**
 * One error hierarchy for the whole SDK. Every error has a stable string `code` (see `ErrorCodes`) that
 * programs can switch on; messages say what went wrong and what to do next, and never contain a key,
 * secret or full signature.
 */

export const ErrorCodes = Object.freeze({
  // configuration and programmer errors
  CONFIG_INVALID: 'CONFIG_INVALID',
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** A key the operation needs is not configured (e.g. the seller's public key that encrypts `clientSecret`). */
  KEY_MISSING: 'KEY_MISSING',
  // signatures
  SIGNATURE_MISSING: 'SIGNATURE_MISSING',
  SIGNATURE_MALFORMED: 'SIGNATURE_MALFORMED',
  SIGNATURE_MISMATCH: 'SIGNATURE_MISMATCH',
  TIMESTAMP_MISSING: 'TIMESTAMP_MISSING',
  TIMESTAMP_INVALID: 'TIMESTAMP_INVALID',
  TIMESTAMP_OUT_OF_WINDOW: 'TIMESTAMP_OUT_OF_WINDOW',
  NONCE_MISSING: 'NONCE_MISSING',
  NONCE_REPLAYED: 'NONCE_REPLAYED',
  BODY_SIGN_MALFORMED: 'BODY_SIGN_MALFORMED',
  CIPHERTEXT_INVALID: 'CIPHERTEXT_INVALID',
  // payloads
  BODY_NOT_JSON: 'BODY_NOT_JSON',
  SCHEMA_VIOLATION: 'SCHEMA_VIOLATION',
  // remote APIs
  API_ERROR: 'API_ERROR',
  CONNECTION_ERROR: 'CONNECTION_ERROR',
  TIMEOUT: 'TIMEOUT',
  TLS_CERTIFICATE_REFUSED: 'TLS_CERTIFICATE_REFUSED',
  REQUEST_CANCELLED: 'REQUEST_CANCELLED',
  // joint-operations login (the callback's state differs from the stored one)
  LOGIN_STATE_MISMATCH: 'LOGIN_STATE_MISMATCH',
  REPLY_TOO_LARGE: 'REPLY_TOO_LARGE',
  // stores (nonce / idempotency backends)
  STORE_ERROR: 'STORE_ERROR',
} as const);

/** A code of the SDK's own: one of {@link ErrorCodes}. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/**
 * A code the platform answered with, carried by `ApiError` and its subclasses as received: `MKT.xxxx`,
 * `APIGW.xxxx`, a numeric licence code (`92020001`), or an OAuth 2.0 `error` (`invalid_grant`, lower case).
 */
export type PlatformErrorCode = `MKT.${string}` | `APIGW.${string}` | `${number}` | Lowercase<string>;

/** The `code` of any {@link KooGalleryError}: the SDK's own ({@link ErrorCodes}) or, on `ApiError`, the platform's. */
export type KooGalleryErrorCode = ErrorCode | PlatformErrorCode;

export interface KooGalleryErrorOptions {
  cause?: unknown;
}

/**
 * The brand every SDK error carries, under a registry symbol (`Symbol.for`): the same key in the ESM and the
 * CommonJS build, so {@link isKooGalleryError} recognises an error from either (`instanceof` cannot: each build
 * has its own class).
 */
const BRAND = Symbol.for('koogallery-kit.error');

/**
 * Base class of every error the SDK throws. `C` is the union of codes it may carry: the SDK's own errors use the
 * default ({@link KooGalleryErrorCode}); a package built on the SDK (the mock marketplace) extends it with a code
 * union of its own (`class EngineError extends KooGalleryError<EngineErrorCode>`).
 */
export class KooGalleryError<C extends string = KooGalleryErrorCode> extends Error {
  readonly code: C;

  constructor(code: C, message: string, options: KooGalleryErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * True for an error thrown by this SDK, whichever build (ESM or CommonJS) or copy of the package threw it: a brand
 * check, where `instanceof KooGalleryError` is false for an error from the other build. Narrows to
 * {@link KooGalleryError}, so `error.code` can be switched on.
 *
 * @example
 * catch (error) { if (isKooGalleryError(error) && error.code === ErrorCodes.TIMEOUT) retryLater(); }
 */
export function isKooGalleryError(value: unknown): value is KooGalleryError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** A bad option bag or argument: a programming error to fix before running again. */
export class ConfigError extends KooGalleryError {
  constructor(message: string, options: KooGalleryErrorOptions & { code?: ErrorCode } = {}) {
    super(options.code ?? ErrorCodes.CONFIG_INVALID, message, options);
  }
}

/** A signature, timestamp, nonce, Body-Sign or ciphertext that cannot be checked or does not match. */
export class SignatureError extends KooGalleryError {
  constructor(code: ErrorCode, message: string, options: KooGalleryErrorOptions = {}) {
    super(code, message, options);
  }
}

export interface ValidationIssue {
  /** JSON Pointer-like path of the offending field, e.g. `/info/0/appInfo/frontEndUrl`; `` for the root. */
  path: string;
  /** Human-readable reason, e.g. `must be at most 512 characters`. */
  message: string;
  /** The JSON Schema keyword that failed (`required`, `maxLength`, `enum`, `type`, ...). */
  keyword: string;
}

/** A payload that is not JSON or does not match its schema. `issues` lists every problem found. */
export class ValidationError extends KooGalleryError {
  readonly issues: readonly ValidationIssue[];

  constructor(
    message: string,
    issues: readonly ValidationIssue[] = [],
    options: KooGalleryErrorOptions & { code?: ErrorCode } = {},
  ) {
    super(options.code ?? ErrorCodes.SCHEMA_VIOLATION, message, options);
    this.issues = issues;
  }
}

export interface ApiErrorDetails {
  /** HTTP status of the reply. */
  status: number;
  /** Platform request id (`X-Request-Id` or `request_id`), when the reply carried one. */
  requestId?: string;
  /** Reply body with secrets redacted. */
  body?: unknown;
}

/** The platform answered with an error (MKT.xxxx, APIGW.xxxx, 9202xxxx, ...). `code` is the platform's code. */
export class ApiError extends KooGalleryError {
  readonly status: number;
  readonly requestId: string | undefined;
  readonly body: unknown;

  constructor(
    code: KooGalleryErrorCode,
    message: string,
    details: ApiErrorDetails,
    options: KooGalleryErrorOptions = {},
  ) {
    super(code, message, options);
    this.status = details.status;
    this.requestId = details.requestId;
    this.body = details.body;
  }
}

/** The request never got an answer: DNS, refused or reset connection, TLS failure. */
export class ConnectionError extends KooGalleryError {
  constructor(message: string, options: KooGalleryErrorOptions & { code?: ErrorCode } = {}) {
    super(options.code ?? ErrorCodes.CONNECTION_ERROR, message, options);
  }
}

/**
 * The seller answered, but its reply body is larger than the transport accepts: reading stopped at the limit.
 * Not a network failure: the status line arrived (`status`) and `bytesRead` bytes of the body were read.
 */
export class ReplyTooLargeError extends ConnectionError {
  /** HTTP status of the reply. */
  readonly status: number;
  /** Body bytes read before the transport stopped reading (just over `limitBytes`). */
  readonly bytesRead: number;
  /** The largest body the transport accepts. */
  readonly limitBytes: number;

  constructor(
    message: string,
    details: { status: number; bytesRead: number; limitBytes: number },
    options: KooGalleryErrorOptions = {},
  ) {
    super(message, { ...options, code: ErrorCodes.REPLY_TOO_LARGE });
    this.status = details.status;
    this.bytesRead = details.bytesRead;
    this.limitBytes = details.limitBytes;
  }
}

/** No answer within the configured time limit. */
export class TimeoutError extends ConnectionError {
  constructor(message: string, options: KooGalleryErrorOptions = {}) {
    super(message, { ...options, code: ErrorCodes.TIMEOUT });
  }
}
