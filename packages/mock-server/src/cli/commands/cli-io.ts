/** What every command writes to, and the exit codes they end with (docs/exit-codes.md). */

/** What the commands write to. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Environment (keys, tokens, URL). Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Working directory for relative paths. Default `process.cwd()`. */
  cwd?: string;
}

/**
 * Exit codes of every command (docs/exit-codes.md). `start` ends with OK on Ctrl-C: that is how it is stopped.
 * INTERRUPTED is Node's own status for a process ended by SIGINT (128 + 2), what `trigger`, `call` and
 * `contract` end with when Ctrl-C stops them.
 */
export const EXIT = Object.freeze({ OK: 0, FAILURE: 1, USAGE: 2, INTERRUPTED: 130 });
