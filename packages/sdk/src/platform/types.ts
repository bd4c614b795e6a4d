import type { InterfaceName } from '../schemas';

/**
 * One HTTP call exactly as the platform would send it to a seller's production URL: already signed, body
 * already serialised. Built by `buildProductionCall`, sent by a {@link Transport}.
 */
export interface ProductionCall {
  /** `POST` for V2 basic, licence and kit interfaces; `GET` for the legacy V1 interfaces. */
  method: 'POST' | 'GET';
  /** Absolute URL, including the signature query parameters of V2 basic and V1 calls. */
  url: string;
  /** Request headers to send as they are (names in the platform's spelling). */
  headers: Record<string, string>;
  /** Exact request body bytes (UTF-8); absent for V1 GET calls. */
  body?: string;
  /** The production interface this call exercises. */
  interface: InterfaceName;
}

/** What a {@link Transport} hands back: the seller's answer, byte for byte. */
export interface TransportReply {
  /** HTTP status code. */
  status: number;
  /**
   * Response headers as name/value pairs in the order and the name case they were received in. The case
   * matters: the platform only recognises a header spelled exactly `Body-Sign`.
   */
  rawHeaders: Array<[string, string]>;
  /** Response body decoded as UTF-8 without any transformation (no BOM stripping, no JSON parsing). */
  body: string;
  /** Time from sending the request to receiving the whole body, in milliseconds. */
  elapsedMs: number;
}

/** Options a {@link Transport} receives for one call. */
export interface TransportOptions {
  /** Give up and throw a `TimeoutError` when the whole reply has not arrived after this many milliseconds. */
  timeoutMs: number;
  /** Aborts the call early; the transport then throws a `ConnectionError`. */
  signal?: AbortSignal;
}

/**
 * Sends a {@link ProductionCall} and returns the raw reply. Throws `TimeoutError` when `timeoutMs` elapses and
 * `ConnectionError` when no answer can be obtained at all (refused, reset, DNS, TLS, aborted). Any HTTP status is
 * a reply, not an error. The SDK ships an axios transport (`createAxiosTransport`); the mock marketplace plugs in
 * its own undici pool.
 */
export type Transport = (call: ProductionCall, o: TransportOptions) => Promise<TransportReply>;

/** Stable identifiers of everything the platform rejects a reply for (§11.1, §11.4 of the protocol notes). */
export type ProblemCode =
  | 'UNREACHABLE'
  | 'TIMEOUT'
  | 'REPLY_TOO_LARGE'
  | 'HTTP_STATUS'
  | 'CONTENT_TYPE'
  | 'BODY_NOT_JSON'
  | 'BODY_SIGN_MISSING'
  | 'BODY_SIGN_HEADER_CASE'
  | 'BODY_SIGN_FORMAT'
  | 'BODY_SIGN_INVALID'
  | 'RESULT_CODE'
  | 'FIELD_MISSING'
  | 'FIELD_TOO_LONG'
  | 'FIELD_INVALID'
  | 'TIME_LIMIT';

/** One reason the platform would reject the seller's reply. */
export interface Problem {
  /** Stable identifier to switch on. */
  code: ProblemCode;
  /** What exactly is wrong with this reply. */
  message: string;
  /** How to fix it on the seller's side. */
  hint?: string;
  /** The offending response field, e.g. `instanceId` or `info[0].appInfo.frontEndUrl`. */
  field?: string;
}

/** The platform's judgement of one reply. */
export interface Verdict {
  /** True when the platform would count the call as a success (no problems at all). */
  accepted: boolean;
  /** True when newInstance answered `000004`: accepted, the platform now polls queryInstance. */
  async: boolean;
  /** The `resultCode` the seller returned, when the body had one. */
  resultCode?: string;
  /** The parsed reply body, when it was JSON. */
  body?: unknown;
  /** Every problem found, in the order the platform checks them; empty when accepted. */
  problems: Problem[];
  /**
   * Deviations the platform may tolerate or the documentation only recommends against (e.g. a Body-Sign without
   * the space after the comma, §7.3 and §15): they do not reject the reply. Absent when there are none.
   */
  warnings?: Problem[];
}
