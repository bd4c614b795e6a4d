/**
 * One error hierarchy for the whole SDK. Every error has a stable string `code` (see `ErrorCodes`) that
 * programs can switch on; messages say what went wrong and what to do next, and never contain a key,
 * secret or full signature.
 */

export const ErrorCodes = Object.freeze({
  // configuration and programmer errors
  CONFIG_INVALID: 'CONFIG_INVALID',
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
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
  REPLY_TOO_LARGE: 'REPLY_TOO_LARGE',
  // stores (nonce / idempotency backends)
  STORE_ERROR: 'STORE_ERROR',
} as const);

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export interface KooGalleryErrorOptions {
  cause?: unknown;
}

/** Base class of every error the SDK throws. */
export class KooGalleryError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options: KooGalleryErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }
}

/** A bad option bag or argument: a programming error to fix before running again. */
export class ConfigError extends KooGalleryError {
  constructor(message: string, options: KooGalleryErrorOptions & { code?: string } = {}) {
    super(options.code ?? ErrorCodes.CONFIG_INVALID, message, options);
  }
}

/** A signature, timestamp, nonce, Body-Sign or ciphertext that cannot be checked or does not match. */
export class SignatureError extends KooGalleryError {}

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
    options: KooGalleryErrorOptions & { code?: string } = {},
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

  constructor(code: string, message: string, details: ApiErrorDetails, options: KooGalleryErrorOptions = {}) {
    super(code, message, options);
    this.status = details.status;
    this.requestId = details.requestId;
    this.body = details.body;
  }
}

/** The request never got an answer: DNS, refused or reset connection, TLS failure. */
export class ConnectionError extends KooGalleryError {
  constructor(message: string, options: KooGalleryErrorOptions & { code?: string } = {}) {
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
