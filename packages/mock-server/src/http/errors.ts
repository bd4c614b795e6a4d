/**
 * JSON errors of the mock's HTTP server. Every error answer has the shape
 * `{ "error": { "code", "message", "field"?, "issues"? } }` with a stable `code` and a message that says what to
 * do next; `field` names the offending input (first issue) so a client can point at it.
 */
import type { ErrorRequestHandler, Response } from 'express';
import { KooGalleryError, ValidationError, type ValidationIssue } from '@koogallery-kit/sdk';

/** Stable codes of errors raised by the HTTP layer itself (next to the SDK's and the engine's codes). */
export const HttpErrorCodes = Object.freeze({
  /** Admin token missing or wrong. */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** No route for this method and path. */
  ROUTE_NOT_FOUND: 'ROUTE_NOT_FOUND',
  /** No lifecycle action of that name. */
  UNKNOWN_ACTION: 'UNKNOWN_ACTION',
  /** The request body is not valid JSON. */
  BODY_NOT_JSON: 'BODY_NOT_JSON',
  /** The request body is over the size limit. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** A clock operation needs the virtual clock. */
  CLOCK_NOT_VIRTUAL: 'CLOCK_NOT_VIRTUAL',
  /** The `Host` header names a host the mock does not answer to (DNS rebinding guard; see `--allowed-host`). */
  HOST_NOT_ALLOWED: 'HOST_NOT_ALLOWED',
  /** A state-changing admin request came from another site (`Origin` / `Sec-Fetch-Site`). */
  CROSS_SITE_REQUEST: 'CROSS_SITE_REQUEST',
  /** A state-changing admin request without `Content-Type: application/json`. */
  CONTENT_TYPE_NOT_JSON: 'CONTENT_TYPE_NOT_JSON',
  /** The mock failed in a way it did not expect (a bug: please report it). */
  INTERNAL: 'INTERNAL',
} as const);

/** An error the HTTP layer raises with an explicit status. */
export class HttpError extends KooGalleryError<string> {
  readonly status: number;

  constructor(status: number, code: string, message: string) {
    super(code, message);
    this.status = status;
  }
}

/** HTTP status for each known error code. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = Object.freeze({
  INVALID_ARGUMENT: 400,
  SCHEMA_VIOLATION: 400,
  CONFIG_INVALID: 400,
  BODY_NOT_JSON: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  UNKNOWN_ACTION: 404,
  ILLEGAL_TRANSITION: 409,
  PRODUCT_UNAVAILABLE: 409,
  CHANGE_WINDOW_CLOSED: 409,
  PURCHASE_LIMIT_REACHED: 409,
  CREDIT_PAYMENT_DISABLED: 409,
  CLOCK_NOT_VIRTUAL: 409,
  PAYLOAD_TOO_LARGE: 413,
  NOT_SUPPORTED: 422,
  SCHEDULER_STALLED: 500,
  INTERNAL: 500,
  ENGINE_CLOSED: 503,
  STORE_CLOSED: 503,
});

/** JSON body of an error answer. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    /** The offending input field (`productCode`, `body.instanceId`, `ms`), when known. */
    field?: string;
    /** Every validation problem, when the error is a validation error. */
    issues?: ValidationIssue[];
  };
}

/** `/body/instanceId` → `body.instanceId`; `` → undefined. */
export function fieldOf(path: string): string | undefined {
  const field = path.replace(/^\//, '').split('/').join('.');
  return field === '' ? undefined : field;
}

/** Status and JSON body for any thrown value. Unknown errors become 500 INTERNAL without internals leaking. */
export function toErrorAnswer(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof HttpError) {
    return { status: error.status, body: { error: { code: error.code, message: error.message } } };
  }
  if (error instanceof KooGalleryError) {
    // `instanceof` leaves the code union open (`KooGalleryError<any>`); every code is a string.
    const code: string = (error as KooGalleryError<string>).code;
    const status = STATUS_BY_CODE[code] ?? 400;
    const body: ErrorBody = { error: { code, message: error.message } };
    if (error instanceof ValidationError && error.issues.length > 0) {
      body.error.issues = [...error.issues];
      const field = fieldOf(error.issues[0]?.path ?? '');
      if (field !== undefined) body.error.field = field;
    }
    return { status, body };
  }
  const parser = error as { type?: unknown; status?: unknown } | null;
  if (parser?.type === 'entity.parse.failed') {
    return {
      status: 400,
      body: {
        error: {
          code: HttpErrorCodes.BODY_NOT_JSON,
          message:
            'The request body is not valid JSON; send one JSON object with Content-Type: application/json.',
        },
      },
    };
  }
  if (parser?.type === 'entity.too.large') {
    return {
      status: 413,
      body: {
        error: {
          code: HttpErrorCodes.PAYLOAD_TOO_LARGE,
          message: 'The request body is too large; admin requests are limited to 1 MiB.',
        },
      },
    };
  }
  if (typeof parser?.status === 'number' && parser.status >= 400 && parser.status < 500) {
    return {
      status: parser.status,
      body: {
        error: {
          code: 'BAD_REQUEST',
          message: `The request could not be read (${error instanceof Error ? error.message : 'bad request'}).`,
        },
      },
    };
  }
  return {
    status: 500,
    body: {
      error: {
        code: HttpErrorCodes.INTERNAL,
        message: 'The mock failed unexpectedly; its log has the details. Please report this as a bug.',
      },
    },
  };
}

/** Sends an error answer. */
export function sendError(res: Response, error: unknown): void {
  const { status, body } = toErrorAnswer(error);
  res.status(status).json(body);
}

/**
 * Express error middleware answering with {@link toErrorAnswer}. `onInternal` receives unexpected errors (for
 * the log); expected ones (4xx) are not reported.
 */
export function errorMiddleware(onInternal: (error: unknown) => void): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const answer = toErrorAnswer(error);
    if (answer.status >= 500) onInternal(error);
    res.status(answer.status).json(answer.body);
  };
}
