/**
 * Options of the business flows around an order (seller-console.md §1–§4, §9). Defaults marked [P] are the
 * reference's proposals where the platform publishes nothing (seller-console.md §10); the others are published
 * values, configurable all the same.
 */
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../time/business-time';

/** Engine option `businessFlows`. */
export interface BusinessFlowOptions {
  /** [P] Unpaid orders are canceled automatically this many hours after creation (§1, §10 item 1). Default 168 (7 days). */
  unpaidOrderTtlHours?: number;
  /** [P] Lag between the buyer's acceptance (or an automatic closure) and the order's Completed state, in minutes (§2.5, §10 item 11). Default 180 (3 h; 0 in fast tests). */
  completionLagMinutes?: number;
  /** A node idle for more than this many days opens the appeal (§2.5). Default 5. */
  appealIdleDays?: number;
  /** The appeal opens after this many rejections (§2.5: "rejected 3 times"). Default 3. */
  appealAfterRejections?: number;
  /** Hardware: automatic acceptance this many days after shipment (§2.5). Default 10. */
  hardwareAutoAcceptDays?: number;
  /** [P] First auto-renewal charge this many days before expiry; the buyer may choose 2–7 (§3). Default 7. */
  autoRenewDeductionDays?: number;
  /** [P] Minute of the business day at which auto-renewal charges run (§3: 03:00 Beijing time). Default 180. */
  autoRenewChargeMinute?: number;
  /** [P] Kit "active users" count logins within this many days (§9). Default 30. */
  kitActiveWindowDays?: number;
}

/** The options in milliseconds, every default applied. */
export interface ResolvedBusinessFlowOptions {
  unpaidOrderTtlMs: number;
  completionLagMs: number;
  appealIdleMs: number;
  appealAfterRejections: number;
  hardwareAutoAcceptMs: number;
  autoRenewDeductionDays: number;
  autoRenewChargeMinute: number;
  kitActiveWindowMs: number;
}

/** Defaults of {@link BusinessFlowOptions}. */
export const BUSINESS_FLOW_DEFAULTS: Readonly<Required<BusinessFlowOptions>> = Object.freeze({
  unpaidOrderTtlHours: 168,
  completionLagMinutes: 180,
  appealIdleDays: 5,
  appealAfterRejections: 3,
  hardwareAutoAcceptDays: 10,
  autoRenewDeductionDays: 7,
  autoRenewChargeMinute: 180,
  kitActiveWindowDays: 30,
});

const RANGES: Record<keyof BusinessFlowOptions, [number, number]> = {
  unpaidOrderTtlHours: [1, 24 * 366],
  completionLagMinutes: [0, 7 * 24 * 60],
  appealIdleDays: [1, 366],
  appealAfterRejections: [1, 100],
  hardwareAutoAcceptDays: [1, 366],
  autoRenewDeductionDays: [2, 7],
  autoRenewChargeMinute: [0, 1439],
  kitActiveWindowDays: [1, 366],
};

/** Applies defaults; pushes one message per invalid option to `problems`. */
export function resolveBusinessFlowOptions(
  o: BusinessFlowOptions | undefined,
  problems: string[],
): ResolvedBusinessFlowOptions {
  if (o !== undefined && (o === null || typeof o !== 'object'))
    problems.push('businessFlows: must be an object');
  const v = { ...BUSINESS_FLOW_DEFAULTS, ...(o ?? {}) };
  for (const [key, [min, max]] of Object.entries(RANGES)) {
    const value = (v as Record<string, unknown>)[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problems.push(`businessFlows.${key}: must be an integer from ${min} to ${max}`);
    }
  }
  for (const key of Object.keys(o ?? {})) {
    if (!(key in RANGES))
      problems.push(`businessFlows.${key}: unknown option (known: ${Object.keys(RANGES).join(', ')})`);
  }
  return {
    unpaidOrderTtlMs: v.unpaidOrderTtlHours * HOUR_MS,
    completionLagMs: v.completionLagMinutes * MINUTE_MS,
    appealIdleMs: v.appealIdleDays * DAY_MS,
    appealAfterRejections: v.appealAfterRejections,
    hardwareAutoAcceptMs: v.hardwareAutoAcceptDays * DAY_MS,
    autoRenewDeductionDays: v.autoRenewDeductionDays,
    autoRenewChargeMinute: v.autoRenewChargeMinute,
    kitActiveWindowMs: v.kitActiveWindowDays * DAY_MS,
  };
}
