import type { Problem, ProblemCode } from './types';

/** What a problem code means and the default advice for fixing it. */
export interface ProblemDescription {
  /** One-line summary of the failure the platform reports. */
  summary: string;
  /** Default fix; individual problems may carry a more specific hint. */
  hint: string;
}

/**
 * Catalogue of every {@link ProblemCode}: what the platform rejects and how a seller fixes it. Stable: tools may
 * show these texts next to the verdict.
 */
export const PROBLEM_CATALOGUE: Readonly<Record<ProblemCode, ProblemDescription>> = Object.freeze({
  UNREACHABLE: {
    summary: 'The production URL could not be reached.',
    hint:
      'Check that the production URL is right, that the server is running and reachable from the internet over ' +
      'HTTPS (domain name, certificate from a recognised CA, TLS 1.2+), and that no firewall drops the call.',
  },
  TIMEOUT: {
    summary: 'No complete answer arrived in time.',
    hint:
      'Answer quickly: do slow work (provisioning, e-mails) after replying, and for newInstance reply 000004 ' +
      'and finish asynchronously. Stay well under 5 seconds.',
  },
  REPLY_TOO_LARGE: {
    summary: 'The reply body is larger than the platform reads.',
    hint:
      'Keep replies small: return only the documented fields (a few hundred bytes). A huge body is usually an ' +
      'error page, a debug dump or a streamed file sent by mistake.',
  },
  HTTP_STATUS: {
    summary: 'The HTTP status is not 200.',
    hint:
      'Always answer HTTP 200, also for business failures: report them in resultCode (000001 bad signature, ' +
      '000002 bad parameters, 000003 unknown instance, 000005 internal error).',
  },
  CONTENT_TYPE: {
    summary: 'The reply is not declared as JSON.',
    hint: 'Send the header `Content-Type: application/json` (optionally with `;charset=UTF-8`).',
  },
  BODY_NOT_JSON: {
    summary: 'The reply body is not a JSON object.',
    hint: 'Reply with a UTF-8 JSON object such as {"resultCode":"000000","resultMsg":"success."}.',
  },
  BODY_SIGN_MISSING: {
    summary: 'The reply has no Body-Sign header.',
    hint:
      'Add `Body-Sign: sign_type="HMAC-SHA256", signature="<base64 HMAC-SHA256 of the exact body bytes, keyed ' +
      'with your access key>"` to every reply, errors included.',
  },
  BODY_SIGN_HEADER_CASE: {
    summary: 'The Body-Sign header name is not spelled exactly `Body-Sign`.',
    hint:
      'The platform matches the header name case-sensitively: send `Body-Sign`. Some frameworks and proxies ' +
      'lower-case header names (HTTP/2, some gateways); write the header with its exact case and serve HTTP/1.1.',
  },
  BODY_SIGN_FORMAT: {
    summary: 'The Body-Sign value is not in the documented format.',
    hint: 'Render the value exactly as `sign_type="HMAC-SHA256", signature="<base64>"`: both values quoted.',
  },
  BODY_SIGN_INVALID: {
    summary: 'The Body-Sign signature does not match the reply body.',
    hint:
      'Compute base64(HMAC-SHA256(accessKey, body)) over the exact bytes you send, with the key bound to this ' +
      'production interface.',
  },
  RESULT_CODE: {
    summary: 'The resultCode reports a failure.',
    hint: 'Return 000000 when the operation succeeded (newInstance may return 000004 to finish asynchronously).',
  },
  FIELD_MISSING: {
    summary: 'A mandatory response field is missing.',
    hint: 'Add the field to the reply; the interface reference lists every mandatory field.',
  },
  FIELD_TOO_LONG: {
    summary: 'A response field is longer than the platform accepts.',
    hint: 'Shorten the value to the documented maximum length.',
  },
  FIELD_INVALID: {
    summary: 'A response field has the wrong type or format.',
    hint: 'Send the documented type and format (all basic-interface values are strings).',
  },
  TIME_LIMIT: {
    summary: 'The reply arrived, but later than the platform waits.',
    hint: 'Answer faster: do slow work after replying, and for newInstance reply 000004 and finish asynchronously.',
  },
});

/** Builds a {@link Problem}, taking the catalogue's hint unless a more specific one is given. */
export function createProblem(
  code: ProblemCode,
  message: string,
  extra: { hint?: string; field?: string } = {},
): Problem {
  const problem: Problem = { code, message, hint: extra.hint ?? PROBLEM_CATALOGUE[code].hint };
  if (extra.field !== undefined) problem.field = extra.field;
  return problem;
}
