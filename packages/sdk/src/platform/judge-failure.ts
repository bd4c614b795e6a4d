import type { InterfaceName } from '../schemas';
import { ConnectionError, ErrorCodes, KooGalleryError, ReplyTooLargeError, TimeoutError } from '../errors';
import { createProblem } from './problems';
import { scrubText } from './redact-call';
import type { Verdict } from './types';

/** Input of {@link judgeFailure}. */
export interface JudgeFailureOptions {
  /** The interface that was being called. */
  interface: InterfaceName;
  /** Whatever the transport threw. */
  error: unknown;
  /** Milliseconds spent before the failure. */
  elapsedMs: number;
}

/**
 * Turns a transport failure into the verdict the platform would reach: a `TimeoutError` (or any error with code
 * `TIMEOUT`) becomes TIMEOUT, everything else (connection refused or reset, DNS, TLS, aborted, unknown errors)
 * becomes UNREACHABLE, except a `ReplyTooLargeError`: the seller did answer, so it becomes REPLY_TOO_LARGE with the
 * HTTP status and the bytes read. Never throws; signatures found in error messages are cut short.
 */
export function judgeFailure(o: JudgeFailureOptions): Verdict {
  const elapsed = Math.max(0, Math.round(o.elapsedMs));
  const reason = scrubText(errorMessage(o.error));
  if (o.error instanceof ReplyTooLargeError) {
    const e = o.error;
    const problem = createProblem(
      'REPLY_TOO_LARGE',
      `${o.interface}: the seller answered HTTP ${e.status}, but the body is larger than ${e.limitBytes} bytes; ` +
        `reading stopped after ${e.bytesRead} bytes (${elapsed} ms).`,
    );
    return { accepted: false, async: false, problems: [problem] };
  }
  const isTimeout =
    o.error instanceof TimeoutError ||
    (o.error instanceof KooGalleryError && o.error.code === ErrorCodes.TIMEOUT);
  const problem = isTimeout
    ? createProblem('TIMEOUT', `${o.interface}: no complete answer after ${elapsed} ms (${reason}).`)
    : createProblem(
        'UNREACHABLE',
        o.error instanceof ConnectionError
          ? `${o.interface}: the seller could not be reached after ${elapsed} ms (${reason}).`
          : `${o.interface}: the call failed before any answer arrived, after ${elapsed} ms (${reason}).`,
      );
  return { accepted: false, async: false, problems: [problem] };
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string' && error.length > 0) return error;
  return 'unknown error';
}
