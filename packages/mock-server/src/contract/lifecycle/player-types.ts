/**
 * What the lifecycle scenarios need from a mock marketplace, whichever plays it: an in-process engine of the
 * run's own (player.ts) or a running `koogallery-mock` driven through its admin API (remote-player.ts, for
 * `--mock-url`). Every method is asynchronous so both can implement it.
 */
import type { ChargingMode } from '@koogallery-kit/sdk';
import type { JobView } from '../../engine/engine';
import type {
  PurchaseInput,
  RenewInput,
  TrialToFormalInput,
  UpgradeInput,
} from '../../engine/lifecycle/lifecycle';
import type { InstanceRecord } from '../../engine/model/types';
import type { CheckOutcome, ContractExchange } from '../types';

/** A step of a scenario: a buyer action on an instance (or a purchase), or a move of the business clock. */
export type PlayerAction =
  | { kind: 'purchase'; input: PurchaseInput }
  | { kind: 'upgrade'; ref: string; input: UpgradeInput }
  | { kind: 'renew'; ref: string; input: RenewInput }
  | { kind: 'trial-to-formal'; ref: string; input: TrialToFormalInput }
  | { kind: 'unsubscribe'; ref: string }
  /** Moves the business clock to `time` (never backwards), running what falls due; jobs of `ref` are reported. */
  | { kind: 'advance-to'; ref: string; time: number };

/** What one step produced. */
export interface StepReport {
  /** Jobs the step created for the scenario's instance or order (queryInstance polling excluded), oldest first. */
  jobs: JobView[];
  /** Printable exchanges of every attempt of those jobs. */
  exchanges: ContractExchange[];
  /** A problem description when a job did not succeed, else undefined. */
  failure?: { message: string; fix?: string };
}

/** A failed step outcome. */
export type Failed = Extract<CheckOutcome, { status: 'failed' }>;

/** The product a scenario buys. */
export interface ScenarioProduct {
  code: string;
  skus: string[];
  /** Whether the product offers a trial. */
  trial: boolean;
}

/** A mock marketplace the scenarios play on. */
export interface Player {
  /** A product of `mode` on sale (with a trial when `trial` is set); undefined when the catalog has none. */
  product(mode: ChargingMode, o?: { trial?: boolean }): Promise<ScenarioProduct | undefined>;
  /** Performs `action`, delivers everything that falls due, and reports the jobs it created. */
  act(action: PlayerAction): Promise<StepReport>;
  /** The instance as the mock knows it now. */
  instance(ref: string): Promise<InstanceRecord>;
  /** Business time now. */
  now(): Promise<number>;
  /** The buyer opens the resource page: a synchronous queryInstance. Fails unless the instance is reported. */
  checkReported(ref: string, after: string): Promise<{ ok: true; exchanges: ContractExchange[] } | Failed>;
  /** Polls (one step of the clock, a short wall pause) until the poll job of `ref` finishes or `budgetMs` passes. */
  waitForPolling(ref: string, budgetMs: number): Promise<CheckOutcome>;
  /** Releases what the player opened (never resets a running mock). */
  close(): Promise<void>;
}
