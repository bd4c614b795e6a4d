/**
 * Reading, writing and firing business-flow records (see ./flow-records.ts). Each flow folder registers a
 * handler for its kind; the engine runs the handlers of every record whose `dueAt` has passed, one unit of work
 * per record, in (dueAt, seq) order, on the injected clock.
 */
import type { EngineContext } from '../context';
import type { FlowKind, FlowRecord } from '../model/flow-records';

/** Fires one due record; must move `dueAt` forward or clear it (else the engine clears it). */
export type FlowTimerHandler = (ctx: EngineContext, record: FlowRecord, now: number) => void;

/** The flow record of `kind` with `id`, typed by the caller. */
export function getFlow<D>(ctx: EngineContext, kind: FlowKind, id: string): FlowRecord<D> | undefined {
  return ctx.store.getFlow(kind, id) as FlowRecord<D> | undefined;
}

/** Every flow record of `kind` (optionally of one order), by seq. */
export function listFlows<D>(ctx: EngineContext, kind: FlowKind, orderId?: string): Array<FlowRecord<D>> {
  return ctx.store.listFlows({ kind, ...(orderId === undefined ? {} : { orderId }) }) as Array<FlowRecord<D>>;
}

/** Writes a flow record (a new one gets the next `flow` sequence number) and emits `flow.changed`. */
export function saveFlow<D>(
  ctx: EngineContext,
  record: Omit<FlowRecord<D>, 'seq'> & { seq?: number },
): FlowRecord<D> {
  const seq = record.seq ?? ctx.store.getFlow(record.kind, record.id)?.seq ?? ctx.store.nextSequence('flow');
  const saved = { ...record, seq } as FlowRecord<D>;
  ctx.store.putFlow(saved);
  const { kind, id, orderId, dueAt } = saved;
  ctx.emit({ type: 'flow.changed', at: ctx.now(), flow: { kind, id, orderId, dueAt } });
  return saved;
}

/** Runs the handler of every record due by `now`; returns how many fired. */
export function processFlowTimers(
  ctx: EngineContext,
  now: number,
  handlers: Partial<Record<FlowKind, FlowTimerHandler>>,
): number {
  let fired = 0;
  for (const due of ctx.store.flowsDueBy(now)) {
    ctx.unit(() => {
      const fresh = ctx.store.getFlow(due.kind, due.id);
      if (fresh === undefined || fresh.dueAt === null || fresh.dueAt > now) return;
      handlers[fresh.kind]?.(ctx, fresh, now);
      const after = ctx.store.getFlow(fresh.kind, fresh.id);
      // A handler that left its timer in the past would fire forever: the timer is spent.
      if (after !== undefined && after.dueAt !== null && after.dueAt <= now) {
        ctx.store.putFlow({ ...after, dueAt: null });
      }
    });
    fired++;
  }
  return fired;
}
