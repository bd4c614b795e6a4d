/**
 * Records of the business flows around an order (seller-console.md §1–§4, §9): unpaid-order deadlines, service
 * supervision, auto-renewal settings, licence codes issued for orders, kit logins and the buyers' mock balances;
 * and of settlement (§5–§8): bills, credit switches, order payments, daily consumption, performance reviews. The store keeps them in one
 * table as `{ kind, id, seq, orderId, dueAt, data }`; `dueAt` is the business time at which the flow's timer
 * fires (null: no timer), so the virtual clock drives every flow timer like it drives job retries.
 */

/** The kinds of flow record, each owned by one engine folder. */
export const FLOW_KINDS = Object.freeze([
  'unpaidOrder',
  'supervision',
  'autoRenewal',
  'licence',
  'kitLogin',
  'buyerBalance',
  // Settlement (seller-console.md §5–§8, engine/settlement/).
  'bill',
  'creditSettings',
  'orderPayment',
  'consumption',
  'performanceReview',
] as const);
export type FlowKind = (typeof FLOW_KINDS)[number];

/** One flow record; `data` is the kind's own plain-JSON payload. */
export interface FlowRecord<D = unknown> {
  kind: FlowKind;
  /** Unique within the kind (an order id, an instance ref, a licence code…). */
  id: string;
  seq: number;
  /** The order the record belongs to, when it belongs to one (indexed). */
  orderId: string | null;
  /** When the record's timer fires (business ms), or null. */
  dueAt: number | null;
  data: D;
}

/** Filter for listing flow records. */
export interface FlowFilter {
  kind?: FlowKind;
  orderId?: string;
}
