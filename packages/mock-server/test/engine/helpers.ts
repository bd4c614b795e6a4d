/**
 * Test helpers: a scripted fake seller that answers through the engine's `deliver` contract with SDK-shaped
 * verdicts, and a one-call engine setup on a virtual clock.
 */
import type { ProblemCode, Verdict } from '@koogallery-kit/sdk/platform';
import {
  createMemoryStore,
  type AttemptOutcome,
  type DeliverFn,
  type JobRecord,
  type MarketEngine,
  type MarketEngineOptions,
  type MarketStore,
  type VirtualClock,
} from '../../src/index';
import { createMarketEngine } from '../../src/engine/engine';
import { createVirtualClock } from '../../src/engine/time/clock';

/** Epoch ms of an ISO time. */
export const at = (iso: string): number => Date.parse(iso);

/** Default start of test clocks: 2025-03-10T02:00:00Z (10:00 in UTC+8). */
export const START = at('2025-03-10T02:00:00Z');

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** How the fake seller answers one attempt. */
export type Behaviour =
  | { kind: 'ok' }
  | { kind: 'async' }
  | { kind: 'fail'; code?: ProblemCode; resultCode?: string }
  | { kind: 'throw'; message: string }
  | { kind: 'hang' };

/** One call the fake seller received. */
export interface ReceivedCall {
  jobId: string;
  interface: string;
  attemptNo: number;
  body: Record<string, unknown>;
}

export interface FakeSeller {
  deliver: DeliverFn;
  calls: ReceivedCall[];
  /** Instance ids the seller reports in queryInstance (async ones join after `readyAfterPolls`). */
  ready: Set<string>;
  /** Promises of hanging attempts, resolved by `release()`. */
  release(): void;
}

/** A reply verdict as the SDK's judgeReply shapes it. */
export function verdictOk(body: Record<string, unknown>): Verdict {
  return { accepted: true, async: false, resultCode: String(body.resultCode), body, problems: [] };
}

/** Failed verdict with one problem. */
export function verdictFail(code: ProblemCode = 'RESULT_CODE', resultCode?: string): Verdict {
  const v: Verdict = {
    accepted: false,
    async: false,
    problems: [{ code, message: `fake seller failure ${code}${resultCode ? ` ${resultCode}` : ''}` }],
  };
  if (resultCode !== undefined) {
    v.resultCode = resultCode;
    v.body = { resultCode, resultMsg: 'failed' };
  }
  return v;
}

/** The seller-side instance id the fake seller gives an instance. */
export const sellerIdOf = (instanceRef: string): string => `inst-${instanceRef}`;

/**
 * Creates a fake seller. `behave` picks the behaviour per attempt (default: everything succeeds); async
 * newInstance instances become visible to queryInstance after `readyAfterPolls` polls.
 */
export function createFakeSeller(
  o: {
    behave?: (job: Readonly<JobRecord>, attemptNo: number) => Behaviour | undefined;
    readyAfterPolls?: number;
  } = {},
): FakeSeller {
  const calls: ReceivedCall[] = [];
  const ready = new Set<string>();
  const polls = new Map<string, number>();
  let hanging: Array<() => void> = [];
  const deliver: DeliverFn = async (job, attemptNo) => {
    calls.push({ jobId: job.id, interface: job.interface, attemptNo, body: structuredClone(job.body) });
    const b = o.behave?.(job, attemptNo) ?? { kind: 'ok' };
    const request = {
      method: 'POST',
      url: `https://seller.example/produce?signature=0123456789abcdef&timestamp=1700000000000&nonce=n${attemptNo}`,
      headers: { 'Content-Type': 'application/json;charset=utf8' },
      body: JSON.stringify(job.body),
    };
    if (b.kind === 'throw') throw new Error(b.message);
    if (b.kind === 'hang') await new Promise<void>((resolve) => hanging.push(resolve));
    let verdict: Verdict;
    if (b.kind === 'fail') verdict = verdictFail(b.code, b.resultCode);
    else if (job.interface === 'newInstance') {
      const instanceId = sellerIdOf(job.refs.instanceRef ?? job.id);
      if (b.kind === 'async') {
        verdict = {
          ...verdictOk({ resultCode: '000004', resultMsg: 'processing', instanceId }),
          async: true,
        };
      } else {
        ready.add(instanceId);
        verdict = verdictOk({ resultCode: '000000', resultMsg: 'success.', instanceId });
      }
    } else if (job.interface === 'queryInstance') {
      const ids = String(job.body.instanceId).split(',');
      for (const id of ids) {
        const n = (polls.get(id) ?? 0) + 1;
        polls.set(id, n);
        if (n >= (o.readyAfterPolls ?? 1)) ready.add(id);
      }
      verdict = verdictOk({
        resultCode: '000000',
        resultMsg: 'success.',
        info: ids
          .filter((id) => ready.has(id))
          .map((id) => ({ instanceId: id, appInfo: { frontEndUrl: `https://app.example/${id}` } })),
      });
    } else verdict = verdictOk({ resultCode: '000000', resultMsg: 'success.' });
    const body = JSON.stringify(verdict.body ?? {});
    const outcome: AttemptOutcome = {
      verdict,
      request,
      response: {
        status: 200,
        headers: [
          ['Content-Type', 'application/json'],
          ['Body-Sign', 'sign_type="HMAC-SHA256", signature="QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo="'],
        ],
        body,
      },
      elapsedMs: 3,
    };
    return outcome;
  };
  return {
    deliver,
    calls,
    ready,
    release() {
      const h = hanging;
      hanging = [];
      for (const r of h) r();
    },
  };
}

/** A test engine on a virtual clock. */
export interface TestSetup {
  engine: MarketEngine;
  clock: VirtualClock;
  store: MarketStore;
  seller: FakeSeller;
}

/** Creates an engine with a memory store (unless given), a virtual clock at START and a fake seller. */
export function setup(
  o: Partial<MarketEngineOptions> & {
    seller?: FakeSeller;
    start?: number;
    behave?: (job: Readonly<JobRecord>, attemptNo: number) => Behaviour | undefined;
  } = {},
): TestSetup {
  const { seller: givenSeller, start, behave, ...rest } = o;
  const seller = givenSeller ?? createFakeSeller({ behave });
  const clock = (rest.clock as VirtualClock | undefined) ?? createVirtualClock(start ?? START);
  const store = rest.store ?? createMemoryStore();
  const engine = createMarketEngine({
    seed: 42,
    ...rest,
    store,
    clock,
    deliver: rest.deliver ?? seller.deliver,
  });
  return { engine, clock, store, seller };
}

/** Calls received for an interface. */
export const callsOf = (seller: FakeSeller, iface: string): ReceivedCall[] =>
  seller.calls.filter((c) => c.interface === iface);
