/** Connection-level failures of the client, with what is known about delivery. */
import { ConnectionError, ErrorCodes, type ErrorCode } from '../errors';

/** `code` of the error thrown when the caller's `AbortSignal` cancels a call. */
export const CANCELLED_CODE = ErrorCodes.REQUEST_CANCELLED;

/** `code` of a refused TLS certificate: never retried, since it would fail the same way. */
export const TLS_FAILURE_CODE = ErrorCodes.TLS_CERTIFICATE_REFUSED;

/**
 * A connection-level failure (DNS, refused, reset, TLS). `requestSent: false` means the request certainly
 * never reached the server (DNS failure, connection refused, host unreachable, certificate refused).
 */
export class NetworkError extends ConnectionError {
  /** False when the request certainly never reached the server. */
  readonly requestSent: boolean;
  /** The system error code (`ECONNREFUSED`, `ENOTFOUND`, `CERT_HAS_EXPIRED`...), when known. */
  readonly errno: string | undefined;

  constructor(
    message: string,
    details: { requestSent: boolean; errno?: string; code?: ErrorCode },
    options: { cause?: unknown } = {},
  ) {
    super(message, { ...options, code: details.code ?? ErrorCodes.CONNECTION_ERROR });
    this.requestSent = details.requestSent;
    this.errno = details.errno;
  }
}

/** True when the request certainly never reached the server, so sending it again is always safe. */
export function isNotDelivered(error: unknown): boolean {
  return error instanceof NetworkError && !error.requestSent;
}
