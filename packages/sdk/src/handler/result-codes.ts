/**
 * Internal helpers over the result-code table of the schemas module (`RESULT_CODES`, protocol §6.1).
 */

/**
 * True for the interface-specific business codes a handler may answer with `results.error`: `0001xx`
 * (newInstance: 000100–000107 documented) and `0009xx` (online licence: 000900–000903 documented).
 */
export function isBusinessResultCode(code: unknown): code is string {
  return typeof code === 'string' && /^000[19]\d\d$/.test(code);
}

/**
 * `resultMsg` is S255 (UTF-16 code units, as the platform's Java counts): longer messages are cut with an
 * ellipsis rather than producing an invalid reply.
 */
export const RESULT_MSG_MAX = 255;

/** `message` cut to {@link RESULT_MSG_MAX} UTF-16 code units, never splitting a surrogate pair. */
export function clampResultMsg(message: string): string {
  if (message.length <= RESULT_MSG_MAX) return message;
  let cut = RESULT_MSG_MAX - 1;
  const last = message.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${message.slice(0, cut)}…`;
}
