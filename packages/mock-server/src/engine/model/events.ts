/**
 * Typed engine events, for the SSE stream and live logs. Events are emitted after the change they describe has
 * been committed to the store, in the order the changes happened.
 */
import type {
  AttemptRecord,
  InstanceRecord,
  InstanceState,
  JobRecord,
  OrderRecord,
  OrderState,
  OutboxMessage,
  ProductStateRecord,
} from './types';
import type { FlowRecord } from './flow-records';

/** Payload of each event type. */
export interface EngineEventMap {
  'job.created': { job: JobRecord };
  'attempt.started': { job: JobRecord; attempt: AttemptRecord };
  'attempt.finished': { job: JobRecord; attempt: AttemptRecord };
  'job.succeeded': { job: JobRecord };
  'job.failed': { job: JobRecord };
  'job.exhausted': { job: JobRecord };
  'job.canceled': { job: JobRecord; reason: string };
  'order.changed': { order: OrderRecord; previousState: OrderState | null };
  'instance.changed': { instance: InstanceRecord; previousState: InstanceState | null };
  'clock.advanced': { from: number; to: number };
  'outbox.message': { message: OutboxMessage };
  'product.changed': { product: ProductStateRecord };
  /**
   * A business-flow record changed (supervision, auto-renewal, licence, kit login, unpaid-order deadline, buyer
   * balance). Carries the record's keys only (supervision records hold whole documents): read it from the store.
   */
  'flow.changed': { flow: Pick<FlowRecord, 'kind' | 'id' | 'orderId' | 'dueAt'> };
}

/** Name of an event. */
export type EngineEventType = keyof EngineEventMap;

/** An event of type `K`: its payload plus `type` and the business time `at`. */
export type EngineEventOf<K extends EngineEventType> = { type: K; at: number } & EngineEventMap[K];

/** Any engine event. */
export type EngineEvent = { [K in EngineEventType]: EngineEventOf<K> }[EngineEventType];

/** Subscribe to engine events. */
export interface EngineEvents {
  /** Calls `listener` for every event of `type`; returns a function that unsubscribes. */
  on<K extends EngineEventType>(type: K, listener: (event: EngineEventOf<K>) => void): () => void;
  /** Calls `listener` for every event; returns a function that unsubscribes. */
  onAny(listener: (event: EngineEvent) => void): () => void;
}

/** The emitting side, used inside the engine. */
export interface EventBus extends EngineEvents {
  emit(event: EngineEvent): void;
}

/**
 * Creates an event bus. A listener that throws does not stop other listeners or the engine; the error goes to
 * `onListenerError`.
 */
export function createEventBus(onListenerError: (error: unknown, event: EngineEvent) => void): EventBus {
  const byType = new Map<EngineEventType, Set<(event: EngineEvent) => void>>();
  const any = new Set<(event: EngineEvent) => void>();
  const call = (listener: (event: EngineEvent) => void, event: EngineEvent): void => {
    try {
      listener(event);
    } catch (error) {
      onListenerError(error, event);
    }
  };
  return {
    on(type, listener) {
      const set = byType.get(type) ?? new Set();
      byType.set(type, set);
      const l = listener as unknown as (event: EngineEvent) => void;
      set.add(l);
      return () => set.delete(l);
    },
    onAny(listener) {
      any.add(listener);
      return () => any.delete(listener);
    },
    emit(event) {
      // Listeners are copied (one may unsubscribe another while running), but only when there are any.
      const typed = byType.get(event.type);
      if (typed !== undefined && typed.size > 0) for (const l of [...typed]) call(l, event);
      if (any.size > 0) for (const l of [...any]) call(l, event);
    },
  };
}
