/**
 * The boundary between the pure engine and whatever sends production calls over the network. The engine never
 * does HTTP: it hands a job to an injected {@link DeliverFn} and records what comes back. Verdicts are the SDK
 * platform module's `Verdict` (from `judgeReply` / `judgeFailure`), re-exported here under delivery names.
 */
import type { Problem, ProblemCode, Verdict } from '@koogallery-kit/sdk/platform';

/** Stable identifiers of everything the platform rejects a reply for (the SDK's `ProblemCode`). */
export type DeliveryProblemCode = ProblemCode;

/** One reason the platform rejects a reply (the SDK's `Problem`). */
export type DeliveryProblem = Problem;

/** The platform's judgement of one reply (the SDK's `Verdict`). */
export type DeliveryVerdict = Verdict;

/** The request as it went over the wire. The engine redacts secrets again before storing it. */
export interface RecordedRequest {
  /** HTTP method. */
  method: string;
  /** Absolute URL including the query string. */
  url: string;
  /** Request headers as sent. */
  headers: Record<string, string>;
  /** Exact request body, when there was one. */
  body?: string;
}

/** The reply as it came back. */
export interface RecordedResponse {
  /** HTTP status code. */
  status: number;
  /** Header name/value pairs in received order and case. */
  headers: Array<[string, string]>;
  /** Body text exactly as received. */
  body: string;
}

/** What one delivery attempt produced: the verdict plus the exchange that led to it. */
export interface AttemptOutcome {
  /** The platform's judgement (from the SDK's `judgeReply` or `judgeFailure`). */
  verdict: DeliveryVerdict;
  /** The request that was sent. */
  request: RecordedRequest;
  /** The reply, when one arrived (absent on connection failures and time-outs). */
  response?: RecordedResponse;
  /** Wall-clock duration of the exchange, in milliseconds. */
  elapsedMs: number;
}
