import type { VerifyResult } from '../signing';
import { verifyAuthToken, verifyKitRequest, verifyRequest } from '../signing';
import type { NormalisedRequest } from './request';
import { first } from './request';
import type { Route } from './route';

/** Internal: outcome of the signature and freshness steps. */
export type AuthOutcome =
  | { ok: true; replayKey: string }
  /** `internal`: the verifier reported a bad argument — a bug on this side, answered 000005. */
  | { ok: false; reason: string; message: string; internal: boolean };

export interface AuthConfig {
  accessKey: string;
  kitAccessKey: string;
  version: 'v1' | 'v2';
  now: () => number;
  toleranceMs: number;
  /** V1 timeStamp window; null = none. */
  v1ToleranceMs: number | null;
}

/** The outcome of a verification; a valid one is replayed under `replayPrefix` + its nonce. */
function outcome(result: VerifyResult, replayPrefix: string): AuthOutcome {
  if (result.valid) return { ok: true, replayKey: `${replayPrefix}${result.nonce}` };
  return {
    ok: false,
    reason: result.reason,
    message: result.message,
    internal: result.reason === 'INVALID_ARGUMENT',
  };
}

/**
 * Signature, then timestamp window (both directions), per family: V2 basic = query `signature/timestamp/nonce`
 * (§7.1), kit = headers `x-sign/x-timestamp/x-nonce` with the kit key (§7.2), V1 = `authToken/timeStamp` (§7.5).
 * Replay keys are namespaced per family so a nonce of one family never blocks another.
 */
export function authenticate(route: Route, req: NormalisedRequest, cfg: AuthConfig): AuthOutcome {
  if (route.kind === 'kit') {
    const result = verifyKitRequest({
      accessKey: cfg.kitAccessKey,
      rawBody: req.body,
      headers: req.headers,
      now: cfg.now,
      toleranceMs: cfg.toleranceMs,
    });
    return outcome(result, 'kit:');
  }
  if (cfg.version === 'v2') {
    const result = verifyRequest({
      accessKey: cfg.accessKey,
      rawBody: req.body,
      query: req.query,
      now: cfg.now,
      toleranceMs: cfg.toleranceMs,
    });
    return outcome(result, 'v2:');
  }
  const result = verifyAuthToken({ accessKey: cfg.accessKey, query: req.query });
  if (!result.valid) return outcome(result, '');
  // V1 documents no freshness window (§7.5). Without one a captured call could be replayed forever, so the
  // option timeStampToleranceMs (default: toleranceMs; null = none) bounds timeStamp (UTC), and the authToken —
  // unique per signed parameter set — serves as the replay nonce.
  const skew = result.timestampMs - cfg.now();
  if (cfg.v1ToleranceMs !== null && Math.abs(skew) > cfg.v1ToleranceMs) {
    return {
      ok: false,
      reason: 'TIMESTAMP_OUT_OF_WINDOW',
      message:
        `The timeStamp is ${Math.abs(skew)} ms ${skew > 0 ? 'ahead of' : 'behind'} this server's clock (allowed ` +
        `±${cfg.v1ToleranceMs} ms by the handler option timeStampToleranceMs; the V1 guide documents no window): ` +
        'check the server clock (NTP), or widen or disable (null) the window.',
      internal: false,
    };
  }
  return { ok: true, replayKey: `v1:${(first(req.query.authToken) ?? '').replace(/ /g, '+')}` };
}
