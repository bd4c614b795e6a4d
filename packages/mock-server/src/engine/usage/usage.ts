/**
 * Usage pushed by the seller through the usage-push Open API (§8.4), as the platform keeps it: every accepted
 * record is stored once per `metering_sn` (re-sent records are accepted and ignored) and counted on its
 * pay-per-use instance — the total the platform bills from. Records live in the store's key/value table, so both
 * stores keep them and `reset()` clears them.
 *
 * Ownership rules of the mock (the reference only names the codes, §6.2):
 * - `instance_id` unknown, or the instance released → `MKT.9001` (instance not found);
 * - `instance_id` names an instance that is not pay-per-use (a period, one-time or package instance: the docs say
 *   never the package id) → `MKT.0150` (illegal operation for this seller);
 * - `relate_pkg_instance` unknown → `MKT.9001`; not a package instance of the same buyer → `MKT.0150`.
 * A push is all or nothing: the first refused record refuses the whole push and nothing is stored.
 */
import type { UsageRecordWire } from '@koogallery-kit/sdk';
import type { EngineContext } from '../context';
import { saveInstance } from '../records/mutations';
import { recordConsumption } from '../settlement/consumption';
import type { InstanceRecord } from '../model/types';

/** One stored usage record. */
export interface UsageLogEntry extends UsageRecordWire {
  /** Business time the push was accepted. */
  acceptedAt: number;
}

/** Outcome of a push: the records stored (duplicates left out) or the first refused record. */
export type UsagePushOutcome =
  | { ok: true; accepted: UsageRecordWire[]; duplicates: number }
  | { ok: false; code: 'MKT.9001' | 'MKT.0150'; detail: string; index: number };

/** Most records kept per instance for display (totals count every record). */
export const USAGE_LOG_LIMIT = 200;

const snKey = (sn: string): string => `usage.sn.${sn}`;
const logKey = (ref: string): string => `usage.log.${ref}`;

/** The stored usage records of an instance, oldest first (at most {@link USAGE_LOG_LIMIT}). */
export function usageLog(ctx: EngineContext, ref: string): UsageLogEntry[] {
  const text = ctx.store.getMeta(logKey(ref));
  if (text === undefined) return [];
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? (parsed as UsageLogEntry[]) : [];
  } catch {
    return [];
  }
}

/** Why a record may not be stored, or undefined. */
function refusal(
  ctx: EngineContext,
  r: UsageRecordWire,
): { code: 'MKT.9001' | 'MKT.0150'; detail: string; instance?: undefined } | { instance: InstanceRecord } {
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
 * Checks every record, then stores the new ones in one unit of work: one log entry per new `metering_sn`, the
 * instance's usage total and count updated (an `instance.changed` event per instance).
 */
export function acceptUsage(ctx: EngineContext, records: readonly UsageRecordWire[]): UsagePushOutcome {
  return ctx.unit(() => {
    const targets: InstanceRecord[] = [];
    for (const [index, r] of records.entries()) {
      const verdict = refusal(ctx, r);
      if (verdict.instance === undefined)
        return { ok: false, code: verdict.code, detail: verdict.detail, index };
      targets.push(verdict.instance);
    }
    const now = ctx.now();
    const accepted: UsageRecordWire[] = [];
    const byRef = new Map<string, { instance: InstanceRecord; entries: UsageLogEntry[] }>();
    records.forEach((r, k) => {
      if (ctx.store.getMeta(snKey(r.metering_sn)) !== undefined) return;
      const instance = targets[k] as InstanceRecord;
      ctx.store.setMeta(snKey(r.metering_sn), instance.ref);
      const slot = byRef.get(instance.ref) ?? { instance, entries: [] };
      slot.entries.push({ ...r, acceptedAt: now });
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
      ctx.store.setMeta(
        logKey(fresh.ref),
        JSON.stringify([...usageLog(ctx, fresh.ref), ...entries].slice(-USAGE_LOG_LIMIT)),
      );
      saveInstance(ctx, { ...fresh, usage }, fresh.state);
      // Settlement bills what no package covers, on the day it was received (seller-console.md §6.1).
      const charged = entries.filter((e) => e.relate_pkg_instance === undefined);
      const quantity = charged.reduce((sum, e) => sum + Number(e.usage_value), 0);
      if (charged.length > 0) recordConsumption(ctx, fresh, quantity, charged.length);
    }
    return { ok: true, accepted, duplicates: records.length - accepted.length };
  });
}
