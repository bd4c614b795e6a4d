/**
 * What checks work with: building signed calls exactly as the platform does (SDK `buildProductionCall`), sending
 * them, judging the replies (SDK `judgeReply` / `judgeFailure`), sharing work between checks (`once`) and
 * recording the replies to requests the seller must refuse (for errors.reply-format).
 */
import { INTERFACES, type InterfaceName } from '@koogallery-kit/sdk';
import {
  buildProductionCall,
  judgeFailure,
  judgeReply,
  type ProductionCall,
  type TransportReply,
  type Verdict,
} from '@koogallery-kit/sdk/platform';
import { toExchange } from './exchange';
import type { RunSettings } from './options';
import type { ConnectedMock } from './remote/connect-mock';
import type { ContractExchange } from './types';

/** One call a check made, judged as the platform judges it. */
export interface SentCall {
  /** What the call was for (shown in reports). */
  label: string;
  interface: InterfaceName;
  /** The reply, when one arrived. */
  reply?: TransportReply;
  /** Why no reply arrived. */
  failure?: string;
  /** `judgeReply` of the reply, or `judgeFailure` of the transport error. */
  verdict: Verdict;
  /** The reply body when it was a JSON object. */
  body?: Record<string, unknown>;
  /** The reply's resultCode, when it had one. */
  resultCode?: string;
  /** Printable form of the exchange. */
  exchange: ContractExchange;
}

/** Options of {@link CheckContext.build}. */
export interface BuildOptions {
  /** Signature time, epoch ms. Default: the wall clock now. */
  timestamp?: number;
  /** Signature nonce. Default: a fresh random nonce. */
  nonce?: string;
  /** Sign with this key instead of the interface family's key. */
  accessKey?: string;
  /** Validate the body against the request schema. Default true; false for deliberately malformed requests. */
  validate?: boolean;
}

/** Everything a check can use. */
export interface CheckContext {
  readonly options: RunSettings;
  /** Ids of the checks selected for this run (steps of shared sequences are played only when needed). */
  readonly selected: ReadonlySet<string>;
  /** Interfaces in scope for this run. */
  readonly interfaces: ReadonlySet<InterfaceName>;
  /** Wall clock, epoch ms. */
  now(): number;
  /** The key that signs `name` (kit key for kit interfaces). */
  keyFor(name: InterfaceName): string;
  /** A signed production call as the platform builds it. */
  build(name: InterfaceName, body: Record<string, unknown>, o?: BuildOptions): ProductionCall;
  /** Sends a (possibly altered) call and judges the reply with the key of its interface family. */
  send(call: ProductionCall, label: string): Promise<SentCall>;
  /** `build` then `send`. */
  call(
    name: InterfaceName,
    body: Record<string, unknown>,
    label: string,
    o?: BuildOptions,
  ): Promise<SentCall>;
  /** Runs `fn` once per key for the whole run and shares its promise. */
  once<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** Records the reply to a request the seller had to refuse. */
  recordRefusal(sent: SentCall): void;
  /** Replies recorded with {@link recordRefusal}, in recording order. */
  refusals(): readonly SentCall[];
  /** Literal secrets to mask in anything printed. */
  readonly secrets: readonly string[];
  /** The running mock the lifecycle is played on (`mockUrl`), or null for in-process engines. */
  readonly mock: ConnectedMock | null;
}

/** Creates the context of one run. */
export function createCheckContext(
  options: RunSettings,
  interfaces: readonly InterfaceName[],
  selected: readonly string[],
  mock: ConnectedMock | null = null,
): CheckContext {
  const secrets = [
    options.key,
    ...(options.kitKey === undefined ? [] : [options.kitKey]),
    ...(options.adminToken === undefined ? [] : [options.adminToken]),
  ];
  const shared = new Map<string, Promise<unknown>>();
  const refused: SentCall[] = [];
  const keyFor = (name: InterfaceName): string =>
    INTERFACES[name].family === 'kit' ? (options.kitKey ?? options.key) : options.key;

  const build = (name: InterfaceName, body: Record<string, unknown>, o: BuildOptions = {}): ProductionCall =>
    buildProductionCall({
      sellerUrl: options.sellerUrl,
      accessKey: o.accessKey ?? keyFor(name),
      interface: name,
      body,
      timestamp: o.timestamp ?? options.now(),
      ...(o.nonce === undefined ? {} : { nonce: o.nonce }),
      validate: o.validate ?? true,
    });

  const send = async (call: ProductionCall, label: string): Promise<SentCall> => {
    const started = performance.now();
    let reply: TransportReply;
    try {
      reply = await options.transport(call, { timeoutMs: options.callTimeoutMs });
    } catch (error) {
      const verdict = judgeFailure({
        interface: call.interface,
        error,
        elapsedMs: performance.now() - started,
      });
      const failure = verdict.problems.map((p) => p.message).join('; ');
      return {
        label,
        interface: call.interface,
        failure,
        verdict,
        exchange: toExchange(label, call, undefined, secrets, failure),
      };
    }
    const verdict = judgeReply({
      interface: call.interface,
      accessKey: keyFor(call.interface),
      reply,
      timeLimitMs: options.timeLimitMs,
      // Pay-per-use and package products must report usageInfo in queryInstance (§3.2).
      chargingMode: options.chargingMode,
    });
    const sent: SentCall = {
      label,
      interface: call.interface,
      reply,
      verdict,
      exchange: toExchange(label, call, reply, secrets),
    };
    const body = verdict.body;
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
      sent.body = body as Record<string, unknown>;
    }
    if (verdict.resultCode !== undefined) sent.resultCode = verdict.resultCode;
    return sent;
  };

  return {
    options,
    selected: new Set(selected),
    interfaces: new Set(interfaces),
    now: options.now,
    keyFor,
    build,
    send,
    call: (name, body, label, o) => send(build(name, body, o), label),
    once<T>(key: string, fn: () => Promise<T>): Promise<T> {
      let p = shared.get(key) as Promise<T> | undefined;
      if (p === undefined) {
        p = fn();
        shared.set(key, p);
      }
      return p;
    },
    recordRefusal: (sent) => {
      refused.push(sent);
    },
    refusals: () => refused,
    secrets,
    mock,
  };
}
