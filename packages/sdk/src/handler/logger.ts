import { redactDeep } from '../util/redact';

/**
 * Console-like logger; every method optional. Each line is a message plus a flat object of fields (activity,
 * instanceId, reason, ...). Keys, secrets, signatures and raw query strings are never passed to it.
 */
export interface HandlerLogger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}

/** The default logger: errors to `console.error`, warnings to `console.warn`, debug and info dropped. */
export const defaultHandlerLogger: HandlerLogger = Object.freeze({
  warn: (message: string, fields?: Record<string, unknown>) => console.warn(message, fields ?? {}),
  error: (message: string, fields?: Record<string, unknown>) => console.error(message, fields ?? {}),
});

type Level = 'debug' | 'info' | 'warn' | 'error';

/** Internal: a logger that redacts `secrets` from everything and never throws. */
export type SafeLogger = Record<Level, (message: string, fields?: Record<string, unknown>) => void>;

export function createSafeLogger(logger: HandlerLogger, secrets: readonly string[]): SafeLogger {
  const level =
    (name: Level) =>
    (message: string, fields: Record<string, unknown> = {}): void => {
      if (typeof logger[name] !== 'function') return;
      try {
        logger[name]?.(
          redactDeep(message, secrets) as string,
          redactDeep(fields, secrets) as Record<string, unknown>,
        );
      } catch {
        // A failing logger must never change the answer sent to the platform.
      }
    };
  return { debug: level('debug'), info: level('info'), warn: level('warn'), error: level('error') };
}

/** Internal: an error reduced to loggable fields (name, code, message, stack); redaction happens in the logger. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      name: error.name,
      ...(typeof code === 'string' ? { code } : {}),
      message: error.message,
      ...(error.stack === undefined ? {} : { stack: error.stack }),
    };
  }
  return { thrown: typeof error === 'string' ? error : typeof error };
}
