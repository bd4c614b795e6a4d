/**
 * Argument errors in the project's own words, the same for every command: `unknown option --frob for start; see
 * koogallery-mock start --help`. Node's `parseArgs` errors are translated (their text quotes the option oddly and
 * suggests `--` tricks a user never needs).
 */

/**
 * A usage error of a command: exit status 2, printed as `koogallery-mock <command>: <message>` and the line from
 * {@link helpPointer}. `pointsToHelp`: the message already ends with `see koogallery-mock <command> --help`.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly pointsToHelp = false,
  ) {
    super(message);
  }
}

/** The line pointing to `<command> --help` after an error, or nothing when the error already points there. */
export function helpPointer(command: string, error: unknown): string {
  return error instanceof UsageError && error.pointsToHelp
    ? ''
    : `Run \`koogallery-mock ${command} --help\` for usage.\n`;
}

/** `unknown option --frob for start; see koogallery-mock start --help`. */
export function unknownOption(command: string, option: string): string {
  return `unknown option ${option} for ${command}; see koogallery-mock ${command} --help`;
}

/** The sentence for an error thrown by `parseArgs` while reading the options of `command`. */
export function parseArgsSentence(command: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const option = /'(-{1,2}[^'\s]*)/.exec(message)?.[1];
  const see = `see koogallery-mock ${command} --help`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option !== undefined) return unknownOption(command, option);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option !== undefined) {
    return /argument missing/.test(message)
      ? `option ${option} of ${command} needs a value, e.g. ${option} VALUE; ${see}`
      : `option ${option} of ${command} takes no value; ${see}`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const arg = /'([^']*)'/.exec(message)?.[1];
    return `unexpected argument ${arg === undefined ? '' : `${JSON.stringify(arg)} `}for ${command}; ${see}`;
  }
  return `${message.replace(/\.$/, '')}; ${see}`;
}

/**
 * A negative duration typed where a duration is expected (`advance -5d`): the shell word starts with `-` and a
 * digit, so option parsers would read it as options. Returns the sentence refusing it, or undefined.
 */
export function negativeDuration(command: string, word: string | undefined): string | undefined {
  if (word === undefined || !/^-\d/.test(word)) return undefined;
  return `${command} takes a positive duration, got ${word}: business time only moves forward (e.g. ${command} ${word.slice(1)})`;
}
