/**
 * Judging the seller's answer to a request it must refuse: the resultCode decides (the wire format of error
 * replies is judged once, by errors.reply-format, from the replies recorded here).
 */
import { findResultCode } from '@koogallery-kit/sdk';
import type { CheckContext, SentCall } from './context';
import type { CheckOutcome } from './types';

/** `000001 (authentication failed …)`, or just the code. */
export function describeCode(code: string): string {
  const info = findResultCode(code);
  return info === undefined ? code : `${code} (${info.meaning})`;
}

/** True for a resultCode that reports success (000000, or 000004 = accepted asynchronously). */
export function isSuccessCode(code: string | undefined): boolean {
  return code === '000000' || code === '000004';
}

/** What to say about a refusal check. */
export interface RefusalExpectation {
  /** The resultCode the seller must answer. */
  code: string;
  /** The request, as a phrase: `a queryInstance signed with another key`. */
  request: string;
  /** What accepting the request means (the defect), e.g. `it does not verify the signature`. */
  acceptedMeans: string;
  /** Extra note when the seller answered `code` but should have answered differently (optional). */
  otherCodeNote?: (code: string) => string | undefined;
  /**
   * Refusal codes that protect the seller just as well but differ from the documented one: a warning, not a
   * failure (e.g. 000002 for a missing or stale timestamp, §6.1 "request parameters invalid").
   */
  tolerated?: readonly string[];
}

/**
 * Passes when the seller answered `expectation.code`; warns for a `tolerated` refusal code; fails otherwise, saying
 * what it answered instead. Records every reply that is not a success report for errors.reply-format.
 */
export function expectRefusal(
  ctx: CheckContext,
  sent: SentCall,
  expectation: RefusalExpectation,
): CheckOutcome {
  const expected = `resultCode ${describeCode(expectation.code)}`;
  const exchanges = [sent.exchange];
  if (sent.reply === undefined) {
    return {
      status: 'failed',
      message: `No reply to ${expectation.request}: ${sent.failure ?? 'no answer'}.`,
      expected,
      exchanges,
    };
  }
  if (!isSuccessCode(sent.resultCode)) ctx.recordRefusal(sent);
  const code = sent.resultCode;
  if (code === expectation.code) return { status: 'passed', exchanges };
  if (code === undefined) {
    return {
      status: 'failed',
      message:
        `The reply to ${expectation.request} carries no readable resultCode (HTTP ${sent.reply.status}): the ` +
        'platform cannot tell why the call failed.',
      expected,
      exchanges,
    };
  }
  if (isSuccessCode(code)) {
    return {
      status: 'failed',
      message: `The seller accepted ${expectation.request} (resultCode ${code}): ${expectation.acceptedMeans}.`,
      expected,
      exchanges,
    };
  }
  const note = expectation.otherCodeNote?.(code);
  if (expectation.tolerated?.includes(code) === true) {
    return {
      status: 'warned',
      message:
        `The seller refused ${expectation.request} with ${describeCode(code)} rather than ${expectation.code}: it is ` +
        `protected, but the platform's checklist expects ${expectation.code}.${note === undefined ? '' : ` ${note}`}`,
      expected,
      exchanges,
    };
  }
  return {
    status: 'failed',
    message:
      `The seller answered ${describeCode(code)} to ${expectation.request}; the protocol expects ` +
      `${expectation.code}.${note === undefined ? '' : ` ${note}`}`,
    expected,
    exchanges,
  };
}
