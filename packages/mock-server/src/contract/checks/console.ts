/**
 * The seller console's debugging checks (§11.4), one check per aspect and interface: `<interface>.<aspect>`.
 * Each aspect looks at the problems the SDK's `judgeReply` found in the debugging calls of its interface and
 * fails only for its own problem codes, so one defect fails exactly the aspect it breaks.
 */
import { INTERFACE_NAMES, INTERFACES, type InterfaceName } from '@koogallery-kit/sdk';
import { type ProblemCode } from '@koogallery-kit/sdk/platform';
import type { CheckContext, SentCall } from '../context';
import { basicSession, kitSession } from '../debug-session';
import type { CheckOutcome, ContractCheck, ContractProtocol } from '../types';

/** What the platform does with a call it counts as failed (§11.1, §11.2): the risk behind every aspect. */
export const FAILED_CALL_RISK =
  'The platform counts the call as failed: newInstance and upgradeInstance are retried hourly for 3 hours and the ' +
  'order is then cancelled and refunded; other calls stop until someone restarts them by hand; more than 5 failed ' +
  'orders in a month delist the product, and failing debug cases block listing it at all.';

/** One aspect of a reply the console checks. */
interface Aspect {
  id: string;
  title: string;
  codes: readonly ProblemCode[];
  expected: string;
  risk: string;
  fix: string;
  /** Why this aspect cannot be judged on this call, if it cannot. */
  blockedBy?: (sent: SentCall) => string | undefined;
  /** A failure of this aspect that no problem code carries, if any (the message). */
  alsoFails?: (sent: SentCall) => string | undefined;
}

const has = (sent: SentCall, code: ProblemCode): boolean =>
  sent.verdict.problems.some((p) => p.code === code);

const needsReply = (sent: SentCall): string | undefined =>
  sent.reply === undefined ? `no reply to check (${sent.failure ?? 'no answer'})` : undefined;
const needsBodySign = (sent: SentCall): string | undefined =>
  needsReply(sent) ??
  (has(sent, 'BODY_SIGN_MISSING') ? 'the reply has no Body-Sign header to check' : undefined);
const needsJson = (sent: SentCall): string | undefined =>
  needsReply(sent) ?? (has(sent, 'BODY_NOT_JSON') ? 'the reply body is not a JSON object' : undefined);

/** Aspects in the order the platform checks them. */
export const CONSOLE_ASPECTS: readonly Aspect[] = Object.freeze([
  {
    id: 'reachable',
    title: 'is reachable and answers over HTTP',
    codes: ['UNREACHABLE'],
    expected: 'an HTTP answer from the production URL',
    risk: `Nothing reaches your service. ${FAILED_CALL_RISK}`,
    fix: 'Check the production URL, that the server runs and is reachable over HTTPS with a certificate from a recognised CA.',
    blockedBy: (sent) => (has(sent, 'TIMEOUT') ? 'the call timed out (see the time-limit check)' : undefined),
  },
  {
    id: 'http-status',
    title: 'answers HTTP 200',
    codes: ['HTTP_STATUS'],
    expected: 'HTTP 200, also for business failures (reported in resultCode)',
    risk: `The platform does not read the body of a non-200 answer. ${FAILED_CALL_RISK}`,
    fix: 'Always answer HTTP 200 and report the outcome in resultCode.',
    blockedBy: needsReply,
  },
  {
    id: 'content-type',
    title: 'declares Content-Type: application/json',
    codes: ['CONTENT_TYPE'],
    expected: 'Content-Type: application/json (optionally ;charset=UTF-8)',
    risk: `The console rejects replies of any other type. ${FAILED_CALL_RISK}`,
    fix: 'Send the header `Content-Type: application/json;charset=UTF-8`.',
    blockedBy: needsReply,
  },
  {
    id: 'json-body',
    title: 'sends a JSON object body',
    codes: ['BODY_NOT_JSON'],
    expected: 'a UTF-8 JSON object such as {"resultCode":"000000","resultMsg":"success."}',
    risk: `The platform cannot read the result. ${FAILED_CALL_RISK}`,
    fix: 'Reply with a JSON object carrying at least resultCode and resultMsg.',
    blockedBy: needsReply,
  },
  {
    id: 'body-sign-present',
    title: 'signs the reply with a Body-Sign header',
    codes: ['BODY_SIGN_MISSING'],
    expected: 'a header Body-Sign: sign_type="HMAC-SHA256", signature="<base64>"',
    risk: `An unsigned reply is rejected ("响应头缺少Body-Sign"). ${FAILED_CALL_RISK}`,
    fix: 'Add Body-Sign to every reply: base64(HMAC-SHA256(key, exact body bytes)), errors included.',
    blockedBy: needsReply,
  },
  {
    id: 'body-sign-name',
    title: 'spells the header exactly `Body-Sign`',
    codes: ['BODY_SIGN_HEADER_CASE'],
    expected: 'the header name `Body-Sign` with this exact case',
    risk: `The platform matches the name case-sensitively and treats the reply as unsigned. ${FAILED_CALL_RISK}`,
    fix: 'Write the header as `Body-Sign`; serve HTTP/1.1 and check that no proxy or framework lower-cases it.',
    // No signature header at all is body-sign-present's failure: there is no name to judge.
    blockedBy: needsBodySign,
  },
  {
    id: 'body-sign-format',
    title: 'renders Body-Sign in the documented format',
    codes: ['BODY_SIGN_FORMAT'],
    expected: 'sign_type="HMAC-SHA256", signature="<base64>" (both values in double quotes)',
    risk: `A Body-Sign the checker cannot parse counts as missing ("Body-Sign格式错误"). ${FAILED_CALL_RISK}`,
    fix: 'Render exactly `sign_type="HMAC-SHA256", signature="<base64>"`.',
    // Spacing alone is a warning (judgeReply's `warnings`): §7.3 only recommends it, §15 item 7.
    blockedBy: needsBodySign,
  },
  {
    id: 'body-sign-valid',
    title: 'computes Body-Sign over the exact body bytes with the right key',
    codes: ['BODY_SIGN_INVALID'],
    expected: 'base64(HMAC-SHA256(key bound to the interface, the exact bytes of the body sent))',
    risk: `The platform cannot tell your reply from a forged one and rejects it. ${FAILED_CALL_RISK}`,
    fix: 'Sign the exact bytes you send with the key bound to this interface (kit interfaces may have their own key).',
    blockedBy: needsBodySign,
  },
  {
    id: 'result-code',
    title: 'answers resultCode 000000 to a valid call',
    codes: ['RESULT_CODE'],
    expected: 'resultCode 000000 (newInstance may answer 000004 and finish asynchronously)',
    risk: `A valid call reported as failed. ${FAILED_CALL_RISK}`,
    fix: 'Process the call and answer 000000; use the error codes only for requests that really are wrong.',
    blockedBy: needsJson,
    alsoFails: (sent) =>
      sent.resultCode === undefined
        ? `The reply (HTTP ${sent.reply?.status ?? '?'}) carries no resultCode, so the platform cannot read the outcome.`
        : undefined,
  },
  {
    id: 'required-fields',
    title: 'returns every mandatory response field',
    codes: ['FIELD_MISSING'],
    expected: "resultCode, resultMsg and the interface's mandatory fields (newInstance: instanceId)",
    risk: `A reply without its mandatory fields is a failed call (newInstance without instanceId leaves the buyer without a resource). ${FAILED_CALL_RISK}`,
    fix: 'Add the missing fields; see the interface reference for the mandatory ones.',
    blockedBy: (sent) =>
      needsJson(sent) ??
      (has(sent, 'RESULT_CODE')
        ? `the reply reported a failure (resultCode ${sent.resultCode ?? '?'}); its fields are checked once it succeeds`
        : undefined),
  },
  {
    id: 'field-lengths',
    title: 'keeps fields within their documented lengths',
    codes: ['FIELD_TOO_LONG'],
    expected: 'resultCode ≤ 6, resultMsg ≤ 255, instanceId ≤ 64, frontEndUrl ≤ 512, memo ≤ 1024 characters',
    risk: `Over-long fields are rejected by the platform. ${FAILED_CALL_RISK}`,
    fix: 'Shorten the values to the documented maximum lengths.',
    blockedBy: needsJson,
  },
  {
    id: 'field-values',
    title: 'sends fields with the documented types and formats',
    codes: ['FIELD_INVALID'],
    expected: 'string values in the documented formats (six-digit resultCode, URLs, timestamps)',
    risk: `Fields of the wrong type or format are rejected. ${FAILED_CALL_RISK}`,
    fix: 'Send every value with its documented type; basic-interface values are strings.',
    blockedBy: needsJson,
  },
  {
    id: 'time-limit',
    title: 'answers within the time limit',
    codes: ['TIME_LIMIT', 'TIMEOUT'],
    expected: 'a complete reply within the time limit of the run',
    risk: `The platform gives up waiting (20 s on the console, 5 s on some regional pages) and counts the call as failed. ${FAILED_CALL_RISK}`,
    fix: 'Answer first and do slow work afterwards; newInstance may answer 000004 and finish asynchronously.',
    blockedBy: (sent) =>
      has(sent, 'UNREACHABLE') ? `no reply (${sent.failure ?? 'unreachable'})` : undefined,
  },
]);

/** Judges one aspect over the debugging calls of an interface. */
function judgeAspect(
  aspect: Aspect,
  calls: readonly SentCall[],
  notCalled: string | undefined,
): CheckOutcome {
  if (notCalled !== undefined) return { status: 'skipped', message: notCalled };
  if (calls.length === 0) return { status: 'skipped', message: 'the interface was not called in this run' };
  const blocked = calls.map((c) => aspect.blockedBy?.(c));
  const judged = calls.filter((_c, i) => blocked[i] === undefined);
  if (judged.length === 0) {
    return {
      status: 'skipped',
      message: `Cannot check: ${blocked[0] ?? 'no reply'}.`,
      exchanges: [calls[0]!.exchange],
    };
  }
  const own = (c: SentCall): Array<{ message: string; hint?: string }> => {
    const extra = aspect.alsoFails?.(c);
    const found = c.verdict.problems.filter((p) => aspect.codes.includes(p.code));
    return found.length > 0 || extra === undefined ? found : [{ message: extra }];
  };
  const failing = judged.filter((c) => own(c).length > 0);
  if (failing.length === 0) {
    const warned = judged.filter((c) =>
      (c.verdict.warnings ?? []).some((p) => aspect.codes.includes(p.code)),
    );
    const warning = warned[0]?.verdict.warnings?.find((p) => aspect.codes.includes(p.code));
    if (warning === undefined) return { status: 'passed' };
    return {
      status: 'warned',
      message: `${warning.message} (${warned.length} of ${judged.length} replies)`,
      expected: aspect.expected,
      fix: warning.hint ?? aspect.fix,
      exchanges: [(warned[0] as SentCall).exchange],
    };
  }
  const problems = failing.flatMap((c) => own(c).map((p) => ({ call: c, problem: p })));
  const prefix = failing.length > 1 || calls.length > 1;
  const message = [
    ...new Set(problems.map(({ call, problem }) => (prefix ? `${call.label}: ` : '') + problem.message)),
  ].join(' ');
  const hint = problems.find(({ problem }) => problem.hint !== undefined)?.problem.hint;
  return {
    status: 'failed',
    message,
    expected: aspect.expected,
    fix: hint ?? aspect.fix,
    exchanges: failing.map((c) => c.exchange),
  };
}

/** Family of an interface → protocols and kit flag of its checks. */
function applicability(name: InterfaceName): { protocols: ContractProtocol[]; kit: boolean } | undefined {
  const family = INTERFACES[name].family;
  if (family === 'basic') return name === 'orderNotify' ? undefined : { protocols: ['v2'], kit: false };
  if (family === 'v1') return { protocols: ['v1'], kit: false };
  if (family === 'kit') return { protocols: ['v1', 'v2'], kit: true };
  return undefined; // licence interfaces: optional License 2.0 products, not part of the SaaS matrix
}

/** The console checks of every interface (the runner keeps those in scope). */
export function consoleChecks(): ContractCheck<CheckContext>[] {
  const checks: ContractCheck<CheckContext>[] = [];
  for (const name of INTERFACE_NAMES) {
    const where = applicability(name);
    if (where === undefined) continue;
    const family = INTERFACES[name].family;
    const creator: InterfaceName | undefined =
      family === 'basic' ? 'newInstance' : family === 'v1' ? 'v1NewInstance' : undefined;
    const needs = creator === undefined || creator === name ? [name] : [creator, name];
    for (const aspect of CONSOLE_ASPECTS) {
      checks.push({
        id: `${name}.${aspect.id}`,
        group: name,
        title: `${name} ${aspect.title}`,
        requires: {
          protocols: where.protocols,
          interfaces: [name],
          needs,
          ...(where.kit ? { kit: true } : {}),
        },
        risk: aspect.risk,
        fix: aspect.fix,
        run: async (ctx) => {
          const session = family === 'kit' ? await kitSession(ctx) : await basicSession(ctx);
          return judgeAspect(aspect, session.calls.get(name) ?? [], session.notCalled.get(name));
        },
      });
    }
  }
  return checks;
}
