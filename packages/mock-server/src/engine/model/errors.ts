/**
 * Errors the engine throws for bad actions. All extend the SDK's `KooGalleryError`, so callers (admin API, CLI)
 * can switch on a stable `code` and show the message, which always says what to do next.
 */
import { KooGalleryError } from '@koogallery-kit/sdk';

/** Stable codes of engine errors (in addition to the SDK's `ErrorCodes`). */
export const EngineErrorCodes = Object.freeze({
  /** An action is not allowed in the record's current state. */
  ILLEGAL_TRANSITION: 'ILLEGAL_TRANSITION',
  /** No order, instance, job, buyer, product, debug case or tenant with that id. */
  NOT_FOUND: 'NOT_FOUND',
  /** The product is delisted or its trading is frozen: no new purchases. */
  PRODUCT_UNAVAILABLE: 'PRODUCT_UNAVAILABLE',
  /** The action does not apply to this charging mode or instance (e.g. renewing a one-time product). */
  NOT_SUPPORTED: 'NOT_SUPPORTED',
  /** Renewal with change is only possible in the last 30 days before expiry. */
  CHANGE_WINDOW_CLOSED: 'CHANGE_WINDOW_CLOSED',
  /** The scheduler could not make progress (a schedule that never advances). */
  SCHEDULER_STALLED: 'SCHEDULER_STALLED',
  /** The engine was closed. */
  ENGINE_CLOSED: 'ENGINE_CLOSED',
  /** The store was closed (the engine's store, or a store used after `close()`). */
  STORE_CLOSED: 'STORE_CLOSED',
  /** The buyer reached the SKU's purchase limit (seller-console.md §4). */
  PURCHASE_LIMIT_REACHED: 'PURCHASE_LIMIT_REACHED',
  /** The product's credit payment switch is off for this buyer (seller-console.md §8). */
  CREDIT_PAYMENT_DISABLED: 'CREDIT_PAYMENT_DISABLED',
} as const);

/** A code of {@link EngineErrorCodes}. */
export type EngineErrorCode = (typeof EngineErrorCodes)[keyof typeof EngineErrorCodes];

/** Which state machine rejected an action. */
export type MachineName = 'order' | 'instance' | 'job' | 'bill' | 'performance sheet';

/** An action that the state machine does not allow from the current state. */
export class IllegalTransitionError extends KooGalleryError<EngineErrorCode> {
  readonly machine: MachineName;
  readonly state: string;
  readonly action: string;
  readonly entityId: string;

  constructor(
    machine: MachineName,
    entityId: string,
    state: string,
    action: string,
    allowed: readonly string[],
    /** What to do instead, when the list of allowed actions does not say it well enough. */
    hint?: string,
  ) {
    const next =
      hint ??
      (allowed.length > 0
        ? `In state ${state} the allowed actions are: ${allowed.join(', ')}.`
        : `State ${state} is final: no further action is possible.`);
    super(
      EngineErrorCodes.ILLEGAL_TRANSITION,
      `Cannot ${action} ${machine} ${entityId}: it is ${state}. ${next}`,
    );
    this.machine = machine;
    this.state = state;
    this.action = action;
    this.entityId = entityId;
  }
}

/** Kinds of records that can be looked up. */
export type RecordKind =
  | 'order'
  | 'instance'
  | 'job'
  | 'buyer'
  | 'product'
  | 'sku'
  | 'debugCase'
  | 'tenant'
  | 'bill'
  | 'performanceSheet';

/** A lookup by id found nothing. */
export class NotFoundError extends KooGalleryError<EngineErrorCode> {
  readonly kind: RecordKind;
  readonly id: string;

  constructor(kind: RecordKind, id: string, hint: string) {
    super(EngineErrorCodes.NOT_FOUND, `No ${kind} "${id}" exists. ${hint}`);
    this.kind = kind;
    this.id = id;
  }
}

/** A well-formed action the marketplace refuses (unavailable product, unsupported charging mode, closed window). */
export class ActionRejectedError extends KooGalleryError<EngineErrorCode> {
  constructor(
    code:
      | 'PRODUCT_UNAVAILABLE'
      | 'NOT_SUPPORTED'
      | 'CHANGE_WINDOW_CLOSED'
      | 'SCHEDULER_STALLED'
      | 'ENGINE_CLOSED'
      | 'STORE_CLOSED'
      | 'PURCHASE_LIMIT_REACHED'
      | 'CREDIT_PAYMENT_DISABLED',
    message: string,
  ) {
    super(code, message);
  }
}
