/**
 * The lifecycle checks judge behaviour (the seller created, renewed, froze… and reports it), not the wire
 * format of each reply, which the console checks judge for every interface. This wraps the mock's deliverer
 * (`createDeliverer`: SDK `buildProductionCall` + transport + `judgeReply`) and drops the wire-format problems
 * from each verdict, so a missing Body-Sign fails the Body-Sign checks once instead of every lifecycle step too.
 */
import type { ProblemCode, Transport, Verdict } from '@koogallery-kit/sdk/platform';
import { createDeliverer } from '../../delivery/deliverer';
import type { DeliverFn } from '../../engine/model/types';

/** Problem codes about the form of a reply rather than what it says; judged by the console checks. */
export const WIRE_PROBLEMS: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'HTTP_STATUS',
  'CONTENT_TYPE',
  'BODY_SIGN_MISSING',
  'BODY_SIGN_HEADER_CASE',
  'BODY_SIGN_FORMAT',
  'BODY_SIGN_INVALID',
  'TIME_LIMIT',
]);

/** The verdict without wire-format problems (accepted / async recomputed). */
export function behaviourVerdict(verdict: Verdict, interfaceName: string): Verdict {
  const problems = verdict.problems.filter((p) => !WIRE_PROBLEMS.has(p.code));
  if (problems.length === verdict.problems.length) return verdict;
  const ok = problems.length === 0;
  const isAsync = interfaceName === 'newInstance' && verdict.resultCode === '000004';
  return { ...verdict, problems, accepted: ok, async: isAsync && ok };
}

/** Options of {@link createBehaviourDeliverer}. */
export interface BehaviourDelivererOptions {
  sellerUrl: string;
  accessKey: string;
  kitAccessKey?: string;
  transport: Transport;
  timeoutMs: number;
  timeLimitMs: number;
  now: () => number;
}

/** The mock's deliverer with {@link behaviourVerdict} applied to every outcome. */
export function createBehaviourDeliverer(o: BehaviourDelivererOptions): DeliverFn {
  const deliver = createDeliverer({
    sellerUrl: o.sellerUrl,
    accessKey: o.accessKey,
    ...(o.kitAccessKey === undefined ? {} : { kitAccessKey: o.kitAccessKey }),
    transport: o.transport,
    timeoutMs: o.timeoutMs,
    timeLimitMs: o.timeLimitMs,
    now: o.now,
  });
  return async (job, attemptNo) => {
    const outcome = await deliver(job, attemptNo);
    return { ...outcome, verdict: behaviourVerdict(outcome.verdict, job.interface) };
  };
}
