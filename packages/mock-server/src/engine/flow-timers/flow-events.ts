/**
 * The business-flow steps of an order or an instance as one time-ordered list, for the console's timeline:
 * supervision steps (seller-console.md §2), auto-renewal charge attempts (§3) and the unpaid-order deadline (§1).
 */
import type { AutoRenewalData } from '../auto-renewal/auto-renewal';
import type { EngineContext } from '../context';
import type { SupervisionData } from '../model/supervision-types';
import type { UnpaidOrderData } from '../order-states/unpaid-orders';
import type { FlowKind, FlowRecord } from '../model/flow-records';

/** One step of a business flow. */
export interface FlowEvent {
  at: number;
  kind: FlowKind;
  /** Order or instance the step belongs to. */
  subject: string;
  what: string;
  detail: string;
  /** True for a step that is only scheduled (a timer). */
  scheduled: boolean;
}

/** The flow steps of `orderId` and of the instances it names, or of one instance (`instanceRef`). */
export function flowEvents(ctx: EngineContext, o: { orderId?: string; instanceRef?: string }): FlowEvent[] {
  const out: FlowEvent[] = [];
  const order = o.orderId === undefined ? undefined : ctx.store.getOrder(o.orderId);
  const refs = new Set(o.instanceRef !== undefined ? [o.instanceRef] : (order?.instanceRefs ?? []));
  const orderIds = new Set<string>(o.orderId === undefined ? [] : [o.orderId]);
  for (const ref of refs) {
    const i = ctx.store.getInstance(ref);
    if (i !== undefined) orderIds.add(i.orderId);
  }
  for (const id of orderIds) {
    const s = ctx.store.getFlow('supervision', id) as FlowRecord<SupervisionData> | undefined;
    for (const st of s?.data.steps ?? []) {
      out.push({
        at: st.at,
        kind: 'supervision',
        subject: id,
        what: `${st.to} (${st.action})`,
        detail: `by ${st.by}${st.note ? `: ${st.note}` : ''}`,
        scheduled: false,
      });
    }
    if (s?.dueAt != null) {
      out.push({
        at: s.dueAt,
        kind: 'supervision',
        subject: id,
        what: s.data.node === 'COMPLETED' ? 'order completes' : 'automatic acceptance',
        detail: 'timer',
        scheduled: true,
      });
    }
    const unpaid = ctx.store.getFlow('unpaidOrder', id) as FlowRecord<UnpaidOrderData> | undefined;
    if (unpaid !== undefined && (unpaid.dueAt !== null || unpaid.data.outcome === 'CANCELED')) {
      const order = ctx.store.getOrder(id);
      out.push({
        at: unpaid.dueAt ?? order?.canceledAt ?? 0,
        kind: 'unpaidOrder',
        subject: id,
        what: unpaid.dueAt !== null ? 'payment deadline' : 'canceled: payment deadline passed',
        detail: 'unpaidOrderTtlHours',
        scheduled: unpaid.dueAt !== null,
      });
    }
  }
  for (const ref of refs) {
    const r = ctx.store.getFlow('autoRenewal', ref) as FlowRecord<AutoRenewalData> | undefined;
    for (const a of r?.data.attempts ?? []) {
      out.push({
        at: a.at,
        kind: 'autoRenewal',
        subject: ref,
        what: `auto-renewal charge ${a.outcome === 'PAID' ? 'paid' : 'failed'}`,
        detail:
          a.outcome === 'PAID'
            ? `${a.amount} → RENEW order ${String(a.orderId)}`
            : `${a.amount}: insufficient balance${a.final ? ', last attempt' : ''}`,
        scheduled: false,
      });
    }
    if (r?.dueAt != null) {
      out.push({
        at: r.dueAt,
        kind: 'autoRenewal',
        subject: ref,
        what: 'next auto-renewal charge',
        detail: `${r.data.deductionDays} days before expiry`,
        scheduled: true,
      });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}
