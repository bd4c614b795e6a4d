/**
 * Usage pushed by the seller through the usage-push Open API (§8.4), as the platform keeps it: every accepted
 * record is stored once per `metering_sn` (re-sent records are accepted and ignored) and counted on its
 * pay-per-use instance — the total the platform bills from. Records live in the store's key/value table, so both
 * stores keep them and `reset()` clears them; the last ones of each instance are kept for display (usage-log.ts).
 *
 * Ownership rules of the mock (the reference only names the codes, §6.2):
 * - `instance_id` unknown, or the instance released → `MKT.9001` (instance not found);
 * - `instance_id` names an instance that is not pay-per-use (a period, one-time or package instance: the docs say
 *   never the package id) → `MKT.0150` (illegal operation for this seller);
 * - `relate_pkg_instance` unknown → `MKT.9001`; not a package instance of the same buyer → `MKT.0150`.
 * A push is all or nothing: the first refused record refuses the whole push and nothing is stored.
 */
import { parseUsageTime, type UsageRecordWire } from '@koogallery-kit/sdk';
import type { EngineContext } from '../context';
import { saveInstance } from '../records/mutations';
import { recordConsumption } from '../settlement/consumption';
import type { InstanceRecord } from '../model/types';
import { appendUsageLog, readUsageLog, type UsageLogEntry, type UsageTimeReader } from './usage-log';
import { openSerialBook, type SerialBook } from './usage-serials';

/** One stored usage record. */
export type { UsageLogEntry } from './usage-log';

/** Outcome of a push: the records stored (duplicates left out) or the first refused record. */
export type UsagePushOutcome =
  | { ok: true; accepted: UsageRecordWire[]; duplicates: number }
  | { ok: false; code: 'MKT.9001' | 'MKT.0150' | 'MKT.9004'; detail: string; index: number };

/** Options of {@link acceptUsage}. */
export interface AcceptUsageOptions {
  /**
   * The instant (epoch ms) the records' 21-day age limit was checked against (`MKT.9004`, §8.4): the Open API's
   * clock. Serial numbers of records older than that window are forgotten (usage-serials.ts). Default: none (a
   * caller that did not check the age; nothing is forgotten).
   */
  checkedAt?: number;
}

/** The stored usage records of an instance, oldest first (at most `USAGE_LOG_LIMIT`, see usage-log.ts). */
export function usageLog(ctx: EngineContext, ref: string): UsageLogEntry[] {
  return readUsageLog(ctx, ref, ctx.store.getInstance(ref)?.instanceId ?? '');
}

/** Why a record may not be stored, or undefined. */
function refusal(
  ctx: EngineContext,
  r: UsageRecordWire,
  serials: SerialBook,
):
  | { code: 'MKT.9001' | 'MKT.0150' | 'MKT.9004'; detail: string; instance?: undefined }
  | { instance: InstanceRecord } {
  if (serials.tooOld(r.begin_time)) {
    return {
      code: 'MKT.9004',
      detail: `begin_time ${r.begin_time} is more than 21 days before the latest usage push checked; usage older than 21 days is refused`,
    };
  }
  const instance = ctx.store.findInstanceByInstanceId(r.instance_id);
  if (instance === undefined) {
    return {
      code: 'MKT.9001',
      detail: `instance ${r.instance_id} does not exist; push usage for the instanceId your newInstance returned`,
    };
  }
  if (instance.chargingMode !== 'ON_DEMAND') {
    return {
      code: 'MKT.0150',
      detail: `instance ${r.instance_id} is a ${instance.chargingMode} instance; usage is pushed for pay-per-use (ON_DEMAND) instances only${instance.chargingMode === 'ON_DEMAND_PKG' ? ' — name the package in relate_pkg_instance' : ''}`,
    };
  }
  if (instance.state === 'released') {
    return { code: 'MKT.9001', detail: `instance ${r.instance_id} has been released` };
  }
  if (r.relate_pkg_instance !== undefined) {
    const pkg = ctx.store.findInstanceByInstanceId(r.relate_pkg_instance);
    if (pkg === undefined) {
      return { code: 'MKT.9001', detail: `package instance ${r.relate_pkg_instance} does not exist` };
    }
    if (pkg.chargingMode !== 'ON_DEMAND_PKG' || pkg.buyerId !== instance.buyerId) {
      return {
        code: 'MKT.0150',
        detail: `relate_pkg_instance ${r.relate_pkg_instance} is not a pay-per-use package of the buyer of instance ${r.instance_id}`,
      };
    }
  }
  return { instance };
}

/**
 * Checks every record, then stores the new ones in one unit of work: one log entry per new `metering_sn` (its
 * serial number remembered while the 21-day window can still accept it, usage-serials.ts), the instance's usage
 * total and count updated (an `instance.changed` event per instance).
 */
export function acceptUsage(
  ctx: EngineContext,
  records: readonly UsageRecordWire[],
  options: AcceptUsageOptions = {},
): UsagePushOutcome {
  return ctx.unit(() => {
    // The records of a push mostly share their times: each distinct text is read once.
    const times = new Map<string, number | undefined>();
    const read: UsageTimeReader = (text) => {
      if (!times.has(text)) times.set(text, parseUsageTime(text));
      return times.get(text);
    };
    const serials = openSerialBook(ctx, options.checkedAt, read);
    const targets: InstanceRecord[] = [];
    for (const [index, r] of records.entries()) {
      const verdict = refusal(ctx, r, serials);
      if (verdict.instance === undefined)
        return { ok: false, code: verdict.code, detail: verdict.detail, index };
      targets.push(verdict.instance);
    }
    const now = ctx.now();
    const accepted: UsageRecordWire[] = [];
    const byRef = new Map<string, { instance: InstanceRecord; entries: UsageLogEntry[] }>();
    records.forEach((r, k) => {
      if (serials.has(r.metering_sn)) return;
      const instance = targets[k] as InstanceRecord;
      serials.add(r.metering_sn, r.begin_time);
      const slot = byRef.get(instance.ref) ?? { instance, entries: [] };
      // Object.assign, not `{ ...r, acceptedAt }`: a spread of a parsed object followed by a new key gives every
      // entry a hidden class of its own in V8 (several times the cost; see createInstance in lifecycle/orders.ts).
      slot.entries.push(Object.assign({}, r, { acceptedAt: now }));
      byRef.set(instance.ref, slot);
      accepted.push(r);
    });
    for (const { instance, entries } of byRef.values()) {
      const fresh = ctx.store.getInstance(instance.ref) ?? instance;
      const added = entries.reduce((sum, e) => sum + Number(e.usage_value), 0);
      const usage = {
        total: Math.round((fresh.usage.total + added) * 10_000) / 10_000,
        records: fresh.usage.records + entries.length,
        lastAt: now,
      };
      appendUsageLog(ctx, fresh.ref, entries, read);
      saveInstance(ctx, { ...fresh, usage }, fresh.state);
      // Settlement bills what no package covers, on the day it was received (seller-console.md §6.1).
      const charged = entries.filter((e) => e.relate_pkg_instance === undefined);
      const quantity = charged.reduce((sum, e) => sum + Number(e.usage_value), 0);
      if (charged.length > 0) recordConsumption(ctx, fresh, quantity, charged.length);
    }
    return { ok: true, accepted, duplicates: records.length - accepted.length };
  });
}
