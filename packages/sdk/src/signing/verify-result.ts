/**
 * Result types shared by the inbound verifiers (`verifyRequest`, `verifyKitRequest`, `verifyUsagePush`,
 * `verifyAuthToken`). Verifiers never throw: every problem with the request becomes a `valid: false` result
 * whose `reason` a handler can map to a result code and whose `message` is safe to log (no key, secret or full
 * signature).
 */

/** Why a signed request was rejected. */
export type VerifyFailureReason =
  | 'SIGNATURE_MISSING'
  | 'SIGNATURE_MALFORMED'
  | 'SIGNATURE_MISMATCH'
  | 'TIMESTAMP_MISSING'
  | 'TIMESTAMP_INVALID'
  | 'TIMESTAMP_OUT_OF_WINDOW'
  | 'NONCE_MISSING'
  | 'BODY_NOT_JSON'
  | 'INVALID_ARGUMENT';

/**
 * Outcome of an inbound signature check.
 *
 * - `timestampMs`: the request time in epoch milliseconds (seconds-valued timestamps are scaled up).
 * - `nonce`: the nonce as received, for the caller's replay store (`''` for V1 `authToken`, which has none).
 * - `matched`: `'raw'` when the signature covers the exact bytes received, `'canonical'` when it only matched the
 *   canonical re-serialisation of the body (or, for V1 `authToken`, only after the `+`-as-space repair).
 */
export type VerifyResult =
  | { valid: true; timestampMs: number; nonce: string; matched: 'raw' | 'canonical' }
  | { valid: false; reason: VerifyFailureReason; message: string };

/** Failure branch of {@link VerifyResult}. */
export type VerifyFailure = Extract<VerifyResult, { valid: false }>;

/** Builds a failure result. */
export function fail(reason: VerifyFailureReason, message: string): VerifyFailure {
  return { valid: false, reason, message };
}
