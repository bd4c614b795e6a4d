/**
 * The pay-per-use consumption ledger settlement reads (seller-console.md §5, §6.1: pay-per-use is attributed to
 * its consumption time). Usage recorded by the buyer action or pushed through the Open API is added to one
 * `consumption` record per instance and business day, so a month of hourly pushes stays one row per day. The
 * consumption time is the business time the platform received the usage (the seller's own `begin_time` /
 * `end_time` are the seller's claims). Usage pushed against a package (`relate_pkg_instance`) is covered by the
 * package, whose order is billed instead, and is not recorded here.
 */
import type { EngineContext } from '../context';
import { getFlow, listFlows, saveFlow } from '../flow-timers/flow-store';
import type { FlowRecord } from '../model/flow-records';
import type { InstanceRecord } from '../model/types';
import { dayKey } from '../time/business-time';

/** The `data` of a `consumption` record (id `<instanceRef>:<yyyy-MM-dd>`). */
export interface ConsumptionData {
  ref: string;
  /** Business day `yyyy-MM-dd`. */
  day: string;
  /** Quantity consumed that day (4 decimals). */
  quantity: number;
  records: number;
  /** Business time of the last usage of the day. */
  lastAt: number;
}

/** Adds `quantity` consumed now by `instance` (in `records` usage records) to its record of the day. */
export function recordConsumption(
  ctx: EngineContext,
  instance: InstanceRecord,
  quantity: number,
  records = 1,
): void {
  const now = ctx.now();
  const day = dayKey(now, ctx.options.timeZoneOffsetMinutes);
  const id = `${instance.ref}:${day}`;
  const existing = getFlow<ConsumptionData>(ctx, 'consumption', id);
  const data: ConsumptionData = {
    ref: instance.ref,
    day,
    quantity: Math.round(((existing?.data.quantity ?? 0) + quantity) * 10_000) / 10_000,
    records: (existing?.data.records ?? 0) + records,
    lastAt: now,
  };
  saveFlow<ConsumptionData>(ctx, { kind: 'consumption', id, orderId: instance.orderId, dueAt: null, data });
}

/** Every consumption record, oldest first. */
export function listConsumption(ctx: EngineContext): Array<FlowRecord<ConsumptionData>> {
  return listFlows<ConsumptionData>(ctx, 'consumption');
}
