/**
 * Public types of the conformance suite (`koogallery-mock contract`, `runContract`): the options, the checks as
 * data, their results and the report.
 */
import type { KeyObject } from 'node:crypto';
import type { ChargingMode, InterfaceName } from '@koogallery-kit/sdk';
import type { Transport } from '@koogallery-kit/sdk/platform';

/** Protocol generation of the seller's basic interfaces. */
export type ContractProtocol = 'v1' | 'v2';

/** Options of `runContract`. */
export interface ContractOptions {
  /** The seller's registered production URL (absolute http or https URL). */
  sellerUrl: string;
  /** The key bound to the basic interfaces (Seller Center > App tools > Key management). */
  key: string;
  /**
   * The key bound to the joint-operations (kit) interfaces. When given, the kit interfaces are checked too (pass the
   * basic key again if both are the same). Default: kit interfaces are not checked.
   */
  kitKey?: string;
  /**
   * The RSA public key (PEM text or a `KeyObject`) uploaded with the application credential. applicationSync
   * carries a `clientSecret` encrypted with it; without it the applicationSync checks are skipped.
   */
  kitPublicKey?: string | KeyObject;
  /** Generation of the basic interfaces: `'v2'` (default, POST + JSON) or `'v1'` (legacy GET + authToken). */
  protocol?: ContractProtocol;
  /**
   * Time limit of one reply in milliseconds: a slower reply fails the `<interface>.time-limit` check. Default 5000
   * (the stricter of the documented limits, protocol notes §15 item 8; the console itself waits 20 s). A call is
   * abandoned at twice this (at least one second more), so a late reply is still received and measured.
   */
  timeoutMs?: number;
  /**
   * Run only these checks. Each entry is a check id (`newInstance.body-sign-valid`), a group (`security`), an id
   * prefix, or an interface name (`queryInstance`: every check that exercises it). Default: every check that applies.
   */
  only?: readonly string[] | string;
  /**
   * Leave these out. An interface name removes the interface from the run (for optional interfaces the product
   * does not implement, e.g. `upgradeInstance,changeInstanceCheck`) and every check that needs it; any other entry
   * (id, group, id prefix) removes the matching checks.
   */
  skip?: readonly string[] | string;
  /**
   * Charging mode of the product: decides which interfaces must work (the §1 matrix). Default `PERIOD`, which also
   * covers the optional upgradeInstance and changeInstanceCheck (skip them if the product does not use them).
   */
  chargingMode?: ChargingMode;
  /**
   * URL of a running `koogallery-mock` (e.g. `http://127.0.0.1:8787`) whose admin API drives the lifecycle checks,
   * so your seller can query those orders from that mock's Open API while the suite runs. The mock must deliver to
   * the same `sellerUrl` with the same `key` (and `kitKey`, when given) and `protocol`, on the virtual clock: this
   * is checked first (`GET /__admin/config`, keys proven without being sent) and a mismatch throws `ConfigError`.
   * Its replies are judged as that mock judges them, wire format included. The mock is not reset; the suite only
   * adds orders and moves its clock forward. Default: an in-process mock per scenario (virtual clock, in-memory
   * store).
   */
  mockUrl?: string;
  /** Admin token of the mock at `mockUrl`, when it was started with one (`--admin-token`). */
  adminToken?: string;
  /**
   * How long (wall time) to keep polling queryInstance after newInstance answered 000004 before
   * lifecycle.async-polling fails. Each poll moves the mock's virtual clock one minute (the platform polls for up
   * to 3 hours). Default 15 000.
   */
  asyncWaitMs?: number;
  /** Called as checks finish and as each group completes (for progress output). */
  onProgress?: (event: ContractProgressEvent) => void;
  /** How calls are sent. Default: the mock's undici transport (closed when the run ends). */
  transport?: Transport;
  /**
   * Turn warnings (deviations the platform may tolerate, or that the documentation only recommends) into failures.
   * Default false: warnings are reported and counted but do not make the run fail.
   */
  strict?: boolean;
  /** Checks running at the same time. Default 4. */
  concurrency?: number;
  /**
   * Wall clock in epoch ms for request timestamps. Default `Date.now`. The seller compares timestamps with its own
   * clock (±60 s), so inject a different clock only for tests.
   */
  now?: () => number;
}

/**
 * Outcome of one check. `warned`: a deviation the platform may tolerate, or one the documentation only recommends
 * (never changes the exit status unless `strict`); `skipped`: it could not be evaluated (the message says why) or
 * did not apply.
 */
export type CheckStatus = 'passed' | 'warned' | 'failed' | 'skipped';

/** One HTTP exchange of a check, safe to print: signatures shortened, keys never shown. */
export interface ContractExchange {
  /** What this call was for, e.g. `queryInstance with a signature made with another key`. */
  label: string;
  /** The request as sent. */
  request: {
    interface: string;
    method: string;
    url: string;
    headers: Record<string, string>;
    body: string | null;
  };
  /** The reply as received; null when none arrived (see `error`). */
  reply: {
    status: number;
    elapsedMs: number;
    headers: Array<[string, string]>;
    body: string;
  } | null;
  /** Why no reply arrived (connection refused, time-out, …). */
  error?: string;
}

/** What a check's `run` returns. */
export type CheckOutcome =
  | { status: 'passed'; message?: string; exchanges?: ContractExchange[] }
  | {
      status: 'failed';
      /** What went wrong, naming the defect. */
      message: string;
      /** What the platform expects instead. */
      expected: string;
      /** How to fix it; default the check's `fix`. */
      fix?: string;
      exchanges?: ContractExchange[];
    }
  | {
      status: 'warned';
      /** The tolerated deviation, naming it. */
      message: string;
      /** What the documentation recommends instead. */
      expected: string;
      /** How to follow the recommendation; default the check's `fix`. */
      fix?: string;
      exchanges?: ContractExchange[];
    }
  | { status: 'skipped'; message: string; exchanges?: ContractExchange[] };

/** Which runs a check belongs to. */
export interface CheckRequirements {
  /** Protocol generations the check applies to. */
  protocols: readonly ContractProtocol[];
  /** Interfaces the check exercises: `--only <interface>` selects it; at least one must be in scope. */
  interfaces: readonly InterfaceName[];
  /** Interfaces that must all be in scope for the check to run (it calls them to prepare). */
  needs: readonly InterfaceName[];
  /** Charging modes it applies to. Default: every mode. */
  chargingModes?: readonly ChargingMode[];
  /** Only when a kit key is given. */
  kit?: boolean;
}

/** A conformance check: data plus a `run` function. */
export interface ContractCheck<Ctx = unknown> {
  /** Stable id, e.g. `security.stale-timestamp`. Never renamed: CI configurations refer to it. */
  id: string;
  /** Group shown in progress output: an interface name, or `security`, `robustness`, `idempotency`, `lifecycle`, `errors`. */
  group: string;
  /** What it verifies, in one line. */
  title: string;
  /** When it applies. */
  requires: CheckRequirements;
  /** What goes wrong in production when a seller fails it. */
  risk: string;
  /** How to fix a failure, in general (results may carry a more specific fix). */
  fix: string;
  /** Runs after every other selected check, reading what they recorded (errors.reply-format). */
  final?: boolean;
  /** Sends requests the seller must refuse; their replies feed the final errors.reply-format check. */
  refusals?: boolean;
  /** Performs the check. Never throws for anything the seller does. */
  run(ctx: Ctx): Promise<CheckOutcome>;
}

/** The result of one check in the report. */
export interface CheckResult {
  id: string;
  group: string;
  title: string;
  status: CheckStatus;
  /** Failed or warned: what went wrong; skipped: why; passed: an optional note. */
  message?: string;
  /** Failed or warned: what was expected. */
  expected?: string;
  /** Failed or warned: how to fix it. */
  fix?: string;
  /** Failed or warned: the risk of leaving it unfixed. */
  risk?: string;
  /** The root cause (see {@link ContractRootCause}) this failure is explained by, if any. */
  rootCause?: string;
  /** Wall time spent, in milliseconds. */
  durationMs: number;
  /** The requests sent and replies received (for failures: the ones that show the defect). */
  exchanges: ContractExchange[];
}

/** Counts of a report. */
export interface ContractSummary {
  total: number;
  passed: number;
  /** Checks that found a tolerated deviation (counted as failed with `strict`). */
  warned: number;
  failed: number;
  skipped: number;
}

/**
 * One cause shared by several failures, shown first with its fix (e.g. a wrong key: every signed call answered
 * 000001). The checks it explains carry its `id` in {@link CheckResult.rootCause}.
 */
export interface ContractRootCause {
  /** Stable id, e.g. `wrong-key`, `reply-format`. */
  id: string;
  /** One line naming the cause. */
  headline: string;
  /** What to do. */
  fix: string;
  /** Ids of the failed checks it explains. */
  checks: string[];
}

/** The structured result of a run. */
export interface ContractReport {
  /** True when no check failed (with `strict`: and none warned). */
  ok: boolean;
  /** True when the run was strict (warnings count as failures). */
  strict: boolean;
  /** The seller URL checked (origin and path only). */
  sellerUrl: string;
  protocol: ContractProtocol;
  chargingMode: ChargingMode;
  /** True when the kit interfaces were checked. */
  kit: boolean;
  /** The interfaces exercised. */
  interfaces: InterfaceName[];
  /** ISO time the run started. */
  startedAt: string;
  /** Wall time of the run, in milliseconds. */
  durationMs: number;
  summary: ContractSummary;
  /** Causes shared by several failures, most checks first (empty when the failures are unrelated). */
  rootCauses: ContractRootCause[];
  /** Every check result, in catalogue order. */
  results: CheckResult[];
}

/** Progress events of a run. */
export type ContractProgressEvent =
  { type: 'check'; result: CheckResult } | { type: 'group'; group: string; results: CheckResult[] };
