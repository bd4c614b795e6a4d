/** Reply bodies of the simulated Open APIs, in each family's documented format (§6.2). */
import { randomUUID } from 'node:crypto';
import { OPEN_API_CODES } from '../../schemas';

/** A simulated HTTP reply. */
export interface SimulatedReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Documented messages of the marketplace codes (order query table). */
export const MKT_MESSAGES: Readonly<Record<string, string>> = Object.freeze({
  'MKT.0000': 'Success',
  'MKT.0999': 'System internal error.',
  'MKT.0100': 'Failure of input parameter',
  'MKT.0101': 'Invalid parameter',
  'MKT.0102': 'Invalid body signature',
  'MKT.0199': 'Request parameter error',
  'MKT.0150': 'Illegal operation',
  'MKT.0151': 'No authority',
  'MKT.0154': 'Illegal token',
  'MKT.0250': 'Access frequency overlimit',
  'MKT.9001': 'Instance ID not found.',
  'MKT.9002': 'Invalid usage enties.',
  'MKT.9003': 'Usage records extends size limit.',
  'MKT.9004': 'Record beginTime extends Limit.',
});

/** HTTP status of each documented code (§6.2), from the schemas module's single table. */
export const MKT_STATUS: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(Object.values(OPEN_API_CODES).map((c) => [c.code, c.httpStatus])),
);

/** A new request id (32 hex characters, like the gateway's). */
export function newRequestId(): string {
  return randomUUID().replace(/-/g, '');
}

/** A JSON reply with the platform's content type and request id. */
export function jsonReply(
  status: number,
  body: unknown,
  requestId: string,
  extraHeaders: Record<string, string> = {},
): SimulatedReply {
  return {
    status,
    headers: { 'Content-Type': 'application/json;charset=UTF-8', 'X-Request-Id': requestId, ...extraHeaders },
    body: JSON.stringify(body),
  };
}

/** A marketplace-code reply with the code and message under the given field names. */
function marketplaceReply(
  fields: readonly [codeField: string, messageField: string],
  code: string,
  requestId: string,
  detail?: string,
  extra?: Record<string, unknown>,
): SimulatedReply {
  const msg = MKT_MESSAGES[code] ?? 'Error';
  const [codeField, messageField] = fields;
  return jsonReply(
    MKT_STATUS[code] ?? 500,
    { [codeField]: code, [messageField]: detail ? `${msg}: ${detail}` : msg, ...extra },
    requestId,
  );
}

/** An order-query style reply: `{ resultCode, resultMsg, ... }`. */
export function orderStyle(
  code: string,
  requestId: string,
  detail?: string,
  extra?: Record<string, unknown>,
): SimulatedReply {
  return marketplaceReply(['resultCode', 'resultMsg'], code, requestId, detail, extra);
}

/** A usage-push / assets style reply: `{ error_code, error_msg, ... }`. */
export function usageStyle(
  code: string,
  requestId: string,
  detail?: string,
  extra?: Record<string, unknown>,
): SimulatedReply {
  return marketplaceReply(['error_code', 'error_msg'], code, requestId, detail, extra);
}

/** A licence API reply: `{ error_code, error_msg, data? }`. */
export function licenseStyle(
  status: number,
  code: string,
  msg: string,
  requestId: string,
  data?: unknown,
): SimulatedReply {
  return jsonReply(
    status,
    data === undefined ? { error_code: code, error_msg: msg } : { error_code: code, error_msg: msg, data },
    requestId,
  );
}

/** A gateway error: `{ error_msg, error_code: APIGW.xxxx, request_id }`. */
export function gatewayStyle(status: number, code: string, msg: string, requestId: string): SimulatedReply {
  return jsonReply(status, { error_msg: msg, error_code: code, request_id: requestId }, requestId);
}
