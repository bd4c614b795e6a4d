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
const logLinesKey = (ref: string): string => `usage.logLines.${ref}`;

/*
 * The log is JSON lines, one record per line, so a push appends its records without reading the log back; it is
 * cut back to the last USAGE_LOG_LIMIT records once it holds a quarter more, and its line count is kept beside it.
 * (Parsing and rewriting a JSON array on every push was 98 % of the usage pushes of the marketplace-month bench
 * case.) A log written as a JSON array by an earlier version is read as it is and converted on its next push.
 */

/** The entries of a stored log text (JSON lines, or a JSON array of an earlier version); unreadable lines skipped. */
function parseLog(text: string): UsageLogEntry[] {
  if (text.startsWith('[')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      return Array.isArray(parsed) ? (parsed as UsageLogEntry[]) : [];
    } catch {
      return [];
    }
  }
  const out: UsageLogEntry[] = [];
  for (const line of text.split('\n')) {
    try {
      if (line !== '') out.push(JSON.parse(line) as UsageLogEntry);
    } catch {
      // a damaged line: the others still show
    }
  }
  return out;
}

/** The stored usage records of an instance, oldest first (at most {@link USAGE_LOG_LIMIT}). */
export function usageLog(ctx: EngineContext, ref: string): UsageLogEntry[] {
  const text = ctx.store.getMeta(logKey(ref));
  return text === undefined ? [] : parseLog(text).slice(-USAGE_LOG_LIMIT);
}

/** Appends `entries` to the log of instance `ref`. */
function appendLog(ctx: EngineContext, ref: string, entries: readonly UsageLogEntry[]): void {
  const before = ctx.store.getMeta(logKey(ref));
  const lines = entries.map((e) => JSON.stringify(e));
  const counted = Number(ctx.store.getMeta(logLinesKey(ref)) ?? NaN);
  let text: string;
  let count: number;
  if (before === undefined || before === '') {
    text = lines.join('\n');
    count = lines.length;
  } else if (!Number.isInteger(counted)) {
    // No count: a log of an earlier version (a JSON array). With a count the log is ours, and is not read here
    // (even `startsWith` would flatten the appended text on every push).
    const all = [...parseLog(before).map((e) => JSON.stringify(e)), ...lines];
    text = all.join('\n');
    count = all.length;
  } else {
    text = `${before}\n${lines.join('\n')}`;
    count = counted + lines.length;
  }
  if (count > USAGE_LOG_LIMIT + USAGE_LOG_LIMIT / 4) {
    text = text.split('\n').slice(-USAGE_LOG_LIMIT).join('\n');
    count = USAGE_LOG_LIMIT;
  }
  ctx.store.setMeta(logKey(ref), text);
  ctx.store.setMeta(logLinesKey(ref), String(count));
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
      appendLog(ctx, fresh.ref, entries);
      saveInstance(ctx, { ...fresh, usage }, fresh.state);
      // Settlement bills what no package covers, on the day it was received (seller-console.md §6.1).
      const charged = entries.filter((e) => e.relate_pkg_instance === undefined);
      const quantity = charged.reduce((sum, e) => sum + Number(e.usage_value), 0);
      if (charged.length > 0) recordConsumption(ctx, fresh, quantity, charged.length);
    }
    return { ok: true, accepted, duplicates: records.length - accepted.length };
  });
}
