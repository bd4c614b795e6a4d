/**
 * Retry schedules as data, one per production interface, with the defaults of the protocol notes §11.1 (see §15
 * item 9 for the pages that disagree). Each job copies its schedule when it is created, so changing the
 * configuration never moves a job that is already scheduled.
 */
import { ConfigError } from '@koogallery-kit/sdk';
import { HOUR_MS, MINUTE_MS } from '../time/business-time';
import type { ExhaustionPolicy, ProductionInterface, RetrySchedule } from '../model/types';

/** Hourly for three hours: attempts at +0, +1 h, +2 h, +3 h. */
const HOURLY_FOR_3H = [HOUR_MS, 2 * HOUR_MS, 3 * HOUR_MS];

/** A single attempt with no automatic retry. */
export function onceSchedule(onExhausted: ExhaustionPolicy = 'manual'): RetrySchedule {
  return { kind: 'offsets', retryAtMs: [], onExhausted };
}

/** Ready-made schedules for overriding the defaults. */
export const RETRY_PRESETS = Object.freeze({
  /** One attempt, then a manual restart is needed (refreshInstance per the newer cn pages). */
  once: onceSchedule(),
  /** refreshInstance per the intl page ("retried for 1 hour"): one retry an hour after the first attempt. */
  refreshWithinOneHour: {
    kind: 'offsets',
    retryAtMs: [HOUR_MS],
    onExhausted: 'manual',
  } satisfies RetrySchedule,
  /** newInstance / upgradeInstance: hourly for 3 hours, then the order fails and is auto-unsubscribed. */
  hourlyFor3hThenFailOrder: {
    kind: 'offsets',
    retryAtMs: HOURLY_FOR_3H,
    onExhausted: 'fail-order',
  } satisfies RetrySchedule,
});

/**
 * Default schedule per interface (§11.1):
 * - newInstance, upgradeInstance: hourly for 3 hours, then the order fails, is canceled and auto-unsubscribed.
 * - refreshInstance: called once (newer cn pages); use `RETRY_PRESETS.refreshWithinOneHour` for the intl reading.
 * - updateInstanceStatus: a 2-hour window, read as hourly retries (+1 h, +2 h); then manual restart. Source: the cn
 *   page on production-interface messages (卖家中心 > 生产接口消息, seller-console.md §3) says a failing V2
 *   updateInstanceStatus is repeated for 2 hours, refining the V1 expireInstance figure of 1 hour (protocol.md §11.1).
 * - releaseInstance: a 1-hour window, read as one retry an hour later; then manual restart.
 * - queryInstance: the polling that follows a newInstance `000004` — every minute for up to 3 hours (the same
 *   window as newInstance; the docs give no interval), then the order fails like a failed newInstance. The
 *   synchronous resource-page query never retries.
 * - changeInstanceCheck: synchronous check before a renewal with change; never retried.
 * - orderNotify: like newInstance (hourly for 3 hours) but without failing the order.
 * - kit interfaces: no automatic retry (the buyer or enterprise admin re-triggers).
 * - V1 interfaces (`v1NewInstance`, …): as their V2 counterparts; `v1ExpireInstance` as updateInstanceStatus.
 */
export const DEFAULT_RETRY_SCHEDULES: Readonly<Record<ProductionInterface, RetrySchedule>> = Object.freeze({
  newInstance: { kind: 'offsets', retryAtMs: HOURLY_FOR_3H, onExhausted: 'fail-order' },
  upgradeInstance: { kind: 'offsets', retryAtMs: HOURLY_FOR_3H, onExhausted: 'fail-order' },
  refreshInstance: onceSchedule(),
  updateInstanceStatus: { kind: 'offsets', retryAtMs: [HOUR_MS, 2 * HOUR_MS], onExhausted: 'manual' },
  releaseInstance: { kind: 'offsets', retryAtMs: [HOUR_MS], onExhausted: 'manual' },
  queryInstance: { kind: 'interval', everyMs: MINUTE_MS, forMs: 3 * HOUR_MS, onExhausted: 'fail-order' },
  changeInstanceCheck: onceSchedule(),
  orderNotify: { kind: 'offsets', retryAtMs: HOURLY_FOR_3H, onExhausted: 'manual' },
  tenantSync: onceSchedule(),
  applicationSync: onceSchedule(),
  authSync: onceSchedule(),
  singleOrgSync: onceSchedule(),
  allOrgSync: onceSchedule(),
  // V1 (engine option `protocol: 'v1'`): the same rules as the V2 counterparts (the V1 pages are where §11.1
  // comes from); expireInstance and instanceStatus follow updateInstanceStatus.
  v1NewInstance: { kind: 'offsets', retryAtMs: HOURLY_FOR_3H, onExhausted: 'fail-order' },
  v1Upgrade: { kind: 'offsets', retryAtMs: HOURLY_FOR_3H, onExhausted: 'fail-order' },
  v1RefreshInstance: onceSchedule(),
  v1ExpireInstance: { kind: 'offsets', retryAtMs: [HOUR_MS], onExhausted: 'manual' },
  v1InstanceStatus: { kind: 'offsets', retryAtMs: [HOUR_MS], onExhausted: 'manual' },
  v1ReleaseInstance: { kind: 'offsets', retryAtMs: [HOUR_MS], onExhausted: 'manual' },
  v1QueryInstance: { kind: 'interval', everyMs: MINUTE_MS, forMs: 3 * HOUR_MS, onExhausted: 'fail-order' },
});

/** Every problem with a schedule, as messages prefixed with `path`. */
export function checkSchedule(path: string, s: RetrySchedule): string[] {
  const problems: string[] = [];
  if (s === null || typeof s !== 'object') return [`${path}: must be a schedule object`];
  if (s.onExhausted !== 'fail-order' && s.onExhausted !== 'manual') {
    problems.push(`${path}.onExhausted: must be "fail-order" or "manual"`);
  }
  if (s.kind === 'offsets') {
    if (!Array.isArray(s.retryAtMs))
      return [...problems, `${path}.retryAtMs: must be an array of milliseconds`];
    s.retryAtMs.forEach((v, i) => {
      const prev = i === 0 ? 0 : (s.retryAtMs[i - 1] as number);
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= prev) {
        problems.push(`${path}.retryAtMs[${i}]: must be a finite number greater than ${prev}`);
      }
    });
  } else if (s.kind === 'interval') {
    if (typeof s.everyMs !== 'number' || !Number.isFinite(s.everyMs) || s.everyMs <= 0) {
      problems.push(`${path}.everyMs: must be a finite number > 0`);
    }
    if (typeof s.forMs !== 'number' || !Number.isFinite(s.forMs) || s.forMs < 0) {
      problems.push(`${path}.forMs: must be a finite number ≥ 0`);
    }
  } else {
    problems.push(`${path}.kind: must be "offsets" or "interval"`);
  }
  return problems;
}

/**
 * The defaults with `overrides` applied. Throws `ConfigError` listing every invalid schedule or unknown
 * interface.
 */
export function resolveRetrySchedules(
  overrides: Partial<Record<ProductionInterface, RetrySchedule>> = {},
): Readonly<Record<ProductionInterface, RetrySchedule>> {
  const problems: string[] = [];
  for (const [name, schedule] of Object.entries(overrides)) {
    if (!(name in DEFAULT_RETRY_SCHEDULES)) {
      problems.push(
        `retrySchedules.${name}: unknown interface (known: ${Object.keys(DEFAULT_RETRY_SCHEDULES).join(', ')})`,
      );
    } else if (schedule !== undefined) problems.push(...checkSchedule(`retrySchedules.${name}`, schedule));
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid retry schedules; fix these and try again:\n- ${problems.join('\n- ')}`);
  }
  // Deeply frozen: jobs take their schedule from here without a copy, and the memory store shares frozen
  // values between records instead of copying them (one schedule object for every job of an interface).
  const resolved = { ...structuredClone(DEFAULT_RETRY_SCHEDULES), ...structuredClone(overrides) };
  for (const schedule of Object.values(resolved)) {
    if (schedule.kind === 'offsets') Object.freeze(schedule.retryAtMs);
    Object.freeze(schedule);
  }
  return Object.freeze(resolved);
}

/**
 * When the next attempt of a round is due after `roundAttempts` attempts, or null when the schedule is used up.
 */
export function nextAttemptTime(
  schedule: RetrySchedule,
  roundStartedAt: number,
  roundAttempts: number,
): number | null {
  if (schedule.kind === 'offsets') {
    const offset = schedule.retryAtMs[roundAttempts - 1];
    return offset === undefined ? null : roundStartedAt + offset;
  }
  const offset = roundAttempts * schedule.everyMs;
  return offset <= schedule.forMs ? roundStartedAt + offset : null;
}

/** True when the schedule retries automatically at least once. */
export function retriesAutomatically(schedule: RetrySchedule): boolean {
  return schedule.kind === 'offsets' ? schedule.retryAtMs.length > 0 : schedule.everyMs <= schedule.forMs;
}
