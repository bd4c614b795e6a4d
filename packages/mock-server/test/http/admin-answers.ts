/**
 * Types of the admin API's JSON answers, for the HTTP tests: the server's own types where it has them, a small
 * interface where a route builds its answer inline. Read an answer with `request<T>(…)` from ./helpers.
 */
import type { JobView } from '../../src/engine/engine';
import type {
  AttemptRecord,
  InstanceRecord,
  OrderRecord,
  OutboxMessage,
  ProductStateRecord,
} from '../../src/engine/model/types';
import type { AdvanceReport } from '../../src/engine/time/clock';
import type { ActionAnswer } from '../../src/http/admin/action-routes';
import type { ClockView } from '../../src/http/admin/clock-routes';
import type { UsageChartEntry } from '../../src/http/admin/console-routes';
import type { Page } from '../../src/http/admin/input';
import type { TenantView } from '../../src/http/admin/kit-routes';
import type { OrderSearchRow } from '../../src/http/admin/order-search';
import type { ErrorBody } from '../../src/http/errors';

export type {
  ActionAnswer,
  AttemptRecord,
  ClockView,
  ErrorBody,
  InstanceRecord,
  JobView,
  OrderRecord,
  Page,
  OrderSearchRow,
  ProductStateRecord,
  TenantView,
};

/** `POST /actions/<order action>`: the order it placed or changed, and the calls that followed. */
export interface OrderActionAnswer extends ActionAnswer {
  result: OrderRecord;
}

/** `POST /clock/advance`, `/clock/advance-to` and `/clock/advance-to-next-job` (`ran` only on the last). */
export interface AdvanceAnswer extends Partial<AdvanceReport> {
  ran?: boolean;
  clock: ClockView;
}

/** `GET /state`. */
export interface StateAnswer {
  mock: Record<string, unknown>;
  clock: ClockView;
  store: string;
  counts: {
    orders: Record<string, number>;
    instances: Record<string, number>;
    jobs: Record<string, number>;
    attempts: Record<string, number>;
    buyers: number;
    outbox: number;
  };
  products: ProductStateRecord[];
  recovery: {
    resumedClockAt: number | null;
    interruptedAttempts: Array<{ jobId: string; no: number }>;
    pendingJobs: number;
  };
  eventStreams: number;
}

/** `GET /products`: a catalogue product with its listing state. */
export interface ProductAnswer {
  code: string;
  status: ProductStateRecord;
}

/** `GET /actions`. */
export interface ActionDescription {
  name: string;
  summary: string;
}

/** `GET /outbox`. */
export type OutboxPage = Page<OutboxMessage>;

/** `POST /actions/<kit event>`: the tenant (client secret redacted) and the kit calls that followed. */
export interface TenantActionAnswer extends ActionAnswer {
  result: TenantView;
}

/** `POST /actions/check-kit-idempotency`. */
export interface KitIdempotencyAnswer extends ActionAnswer {
  result: { tenantId: string; passed: boolean; steps: unknown[] };
}

/** `GET /instances/<ref>/usage`: the instance's usage log, a page of chart entries. */
export interface UsageAnswer extends Page<UsageChartEntry> {
  ref: string;
  instanceId: InstanceRecord['instanceId'];
  usage: InstanceRecord['usage'];
}
