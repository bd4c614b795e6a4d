/** Optional logging of the client: one line per attempt, retry and host fallback. Never headers or bodies. */

/** Structured fields of a log line. They never contain keys, secrets, tokens or signatures. */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

/** Sink for the client's log lines; any method may be omitted. `console` fits. */
export interface ClientLogger {
  debug?(message: string, fields?: LogFields): void;
  info?(message: string, fields?: LogFields): void;
  warn?(message: string, fields?: LogFields): void;
}

/** Calls `logger[level]` when present; a throwing logger never breaks a call. */
export function log(
  logger: ClientLogger | undefined,
  level: keyof ClientLogger,
  message: string,
  fields?: LogFields,
): void {
  if (typeof logger?.[level] !== 'function') return;
  try {
    logger[level]?.(message, fields);
  } catch {
    // logging must never change the outcome of a call
  }
}
