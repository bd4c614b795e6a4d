/**
 * errors.reply-format: the replies to every request the seller had to refuse (security, robustness, repeated
 * release) must be as well-formed as a success reply — HTTP 200, JSON, a valid Body-Sign — so the platform can
 * read the resultCode. The negative checks themselves only judge the resultCode; this check judges the form once.
 */
import type { ProblemCode } from '@koogallery-kit/sdk/platform';
import type { CheckContext, SentCall } from '../context';
import type { CheckOutcome, ContractCheck } from '../types';

/** Problems of an error reply that matter: everything but the failure itself, its fields and its speed. */
const FORM_PROBLEMS: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'HTTP_STATUS',
  'CONTENT_TYPE',
  'BODY_NOT_JSON',
  'BODY_SIGN_MISSING',
  'BODY_SIGN_HEADER_CASE',
  'BODY_SIGN_FORMAT',
  'BODY_SIGN_INVALID',
]);

function formProblems(sent: SentCall): Array<{ code: string; message: string }> {
  const problems = sent.verdict.problems.filter((p) => FORM_PROBLEMS.has(p.code));
  // resultCode / resultMsg must still be readable strings within their lengths.
  const fields = sent.verdict.problems.filter(
    (p) =>
      (p.code === 'FIELD_INVALID' || p.code === 'FIELD_TOO_LONG' || p.code === 'FIELD_MISSING') &&
      (p.field === 'resultCode' || p.field === 'resultMsg'),
  );
  return [...problems, ...fields].map((p) => ({ code: p.code, message: p.message }));
}

/** The final check on error replies. */
export function errorReplyCheck(): ContractCheck<CheckContext> {
  return {
    id: 'errors.reply-format',
    group: 'errors',
    title: 'error replies (000001, 000002, 000003) are HTTP 200, JSON and signed like success replies',
    requires: { protocols: ['v2', 'v1'], interfaces: [], needs: [] },
    risk:
      'The platform only reads the resultCode of an HTTP 200, JSON, correctly signed reply: an error sent as HTTP ' +
      '4xx/5xx, as text or unsigned shows up in the failure log as a transport or signature failure instead of ' +
      'its reason, so neither you nor the platform can tell what went wrong.',
    fix:
      'Send errors exactly like successes: HTTP 200, Content-Type application/json, Body-Sign over the exact body, ' +
      'with the failure in resultCode/resultMsg.',
    final: true,
    run: async (ctx): Promise<CheckOutcome> => {
      const replies = ctx.refusals();
      if (replies.length === 0) {
        return {
          status: 'skipped',
          message: 'No error reply was recorded in this run (no refused request was sent).',
        };
      }
      const bad = replies
        .map((sent) => ({ sent, problems: formProblems(sent) }))
        .filter((x) => x.problems.length > 0);
      if (bad.length === 0) return { status: 'passed', message: `${replies.length} error replies checked.` };
      const first = bad[0]!;
      const hint = first.sent.verdict.problems.find((p) => FORM_PROBLEMS.has(p.code))?.hint;
      // One line per problem code: its first message and how many replies have it.
      const byCode = new Map<string, { message: string; count: number }>();
      for (const p of bad.flatMap((x) => x.problems)) {
        const seen = byCode.get(p.code);
        if (seen === undefined) byCode.set(p.code, { message: p.message, count: 1 });
        else seen.count++;
      }
      const lines = [...byCode].map(
        ([code, v]) => `[${code}] ${v.message}${v.count > 1 ? ` (${v.count} replies)` : ''}`,
      );
      return {
        status: 'failed',
        message: `${bad.length} of ${replies.length} error replies are malformed: ${lines.join(' ')}`,
        expected:
          'HTTP 200, Content-Type: application/json, a valid Body-Sign, resultCode and resultMsg as strings',
        ...(hint === undefined ? {} : { fix: hint }),
        exchanges: bad.slice(0, 3).map((x) => x.sent.exchange),
      };
    },
  };
}
