/**
 * A handler logger for the SDK servers that counts instead of printing: refusals (`info`) and developer errors
 * (`error`) become counters the runner reads, so a run that measured the refusal path is caught.
 */
import type { HandlerLogger } from '@koogallery-kit/sdk';
import type { Counters } from './serve';

/** Builds the counting logger. */
export function countingLogger(counters: Counters): HandlerLogger {
  const reason = (message: string, fields?: Record<string, unknown>): string =>
    typeof fields?.reason === 'string' ? `${message}: ${fields.reason}` : message;
  return {
    info: (message, fields) => counters.problem('rejected', reason(message, fields)),
    warn: (message, fields) => counters.problem('errors', reason(message, fields)),
    error: (message, fields) => counters.problem('errors', reason(message, fields)),
  };
}
