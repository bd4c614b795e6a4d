/**
 * Messages between the month case (`cases/marketplace-month.ts`) and its worker (`servers/month-worker.mjs`), which
 * runs on bare node for the same reason as the virtual-clock worker (see `virtual-clock-protocol.ts`).
 */

/** What the case passes to the worker. */
export interface MonthConfig {
  sellerUrl: string;
  accessKey: string;
  /** Period instances (5 000 in the issue), split into the groups of {@link MonthResult.groups}. */
  periodInstances: number;
  /** Pay-per-use instances pushing usage every hour (1 000 in the issue). */
  payPerUse: number;
  /** Days of business time to play (30). */
  days: number;
}

/** What the worker reports. */
export interface MonthResult {
  /** Wall ms of the whole month (purchases, every clock hour, usage pushes, buyer actions). */
  wallMs: number;
  /** Wall ms from the start to the end of the bill run (the month, then the first week of April to the bill day). */
  wallWithBillMs: number;
  /** Wall ms of the last minute before the bill day, when the clock generates March's bill. */
  billRunMs: number;
  /** March's bill: lines by transaction type, total, status (null when none was generated). */
  bill: { lineCount: number; settlementTotal: string; status: string; lines: Record<string, number> } | null;
  /** Wall ms of the setup (buyers, purchases, first attempts). */
  setupMs: number;
  /** Wall ms spent in usage pushes (part of `wallMs`). */
  usageMs: number;
  /** Production-interface attempts recorded by the end of the bill run, by interface. */
  attemptsByInterface: Record<string, number>;
  /** All attempts. */
  attempts: number;
  /** Jobs by final state. */
  jobStates: Record<string, number>;
  /** Orders by type and state, e.g. `NEW/COMPLETED`. */
  orders: Record<string, number>;
  /** Instances by state. */
  instances: Record<string, number>;
  /** Period instances per scenario group. */
  groups: Record<string, number>;
  /** Usage records accepted (pushed once each; duplicates none). */
  usageRecords: number;
  /** Auto-renewal charges paid. */
  autoRenewalsPaid: number;
  /** Supervisions by node at the end. */
  supervisions: Record<string, number>;
  /** Things that did not end the intended way (empty on a good run). */
  problems: string[];
  /** Peak RSS of the worker, MB. */
  peakRssMb: number;
  /** RSS after the mock started, MB. */
  rssStartMb: number;
  /** CPU ms of the worker over the month. */
  cpuMs: number;
}

/** Worker → case message. */
export type MonthMessage = { type: 'result'; result: MonthResult } | { type: 'fatal'; message: string };
