// One usage record for the usage push (new), protocol reference §8.4.
import { randomUUID } from 'node:crypto';
import { formatUsageTime } from '@koogallery-kit/sdk';
import type { UsageRecordInput } from '@koogallery-kit/sdk';

/** What {@link buildUsageRecord} needs. */
export interface UsageInput {
  /** The pay-per-use instance (never the package instance). */
  instanceId: string;
  /** Usage in the interval, > 0 with at most 4 decimals, e.g. `'12.5'`. */
  value: string;
  /** Length of the metered interval ending now, minutes. Default 60. */
  minutes?: number;
  /**
   * Serial number of the record, the platform's de-duplication key: re-sending a record with the same number is
   * accepted and ignored. Default: a random UUID without dashes.
   */
  meteringSn?: string;
  /** Package instance the usage draws from (stop-when-used-up packages). */
  relatePkgInstance?: string;
}

/** The record for the interval `[now - minutes, now]`, times in `yyyyMMdd'T'HHmmss'Z'` (UTC). */
export function buildUsageRecord(input: UsageInput, now: number): UsageRecordInput {
  const minutes = input.minutes ?? 60;
  return {
    instance_id: input.instanceId,
    record_time: formatUsageTime(now),
    begin_time: formatUsageTime(now - minutes * 60_000),
    end_time: formatUsageTime(now),
    usage_value: input.value,
    metering_sn: input.meteringSn ?? randomUUID().replace(/-/g, ''),
    ...(input.relatePkgInstance === undefined ? {} : { relate_pkg_instance: input.relatePkgInstance }),
  };
}
