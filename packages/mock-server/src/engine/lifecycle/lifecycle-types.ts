/** Inputs, results and the action set of the buyer lifecycle (see ./lifecycle.ts). */
import type { AttemptRecord, ExtendParam, InstanceRecord, JobRecord, OrderRecord } from '../model/types';

/** A purchase. */
export interface PurchaseInput {
  /** Catalog code of the product (`crm`). */
  productCode: string;
  /** SKU to buy; default the product's first SKU. Ignored for pay-per-use products when `items` is given. */
  skuCode?: string;
  /** Pay-per-use items, one instance each; default every SKU of the product. ON_DEMAND only. */
  items?: Array<{ skuCode: string; linearValue?: number }>;
  /** Period unit for PERIOD / ON_DEMAND_PKG; default `month` when priced, else `year`. */
  periodType?: 'year' | 'month';
  /** Number of periods; default 1. */
  periodNumber?: number;
  /** Quantity (users, seats) for SKUs with a linear attribute; default the SKU's default. */
  linearValue?: number;
  /** Free trial (PERIOD products with `trialDays`): orderType TRIAL, periodType `day`. Default false. */
  trial?: boolean;
  /** Buyer placing the order; default the demo buyer. */
  buyerId?: string;
  /** Pay at once (otherwise the order waits in PENDING_PAYMENT for `pay`). Default false. */
  autoPay?: boolean;
  /** Buyer-entered custom parameters of the order line; default the product's. */
  extendParams?: ExtendParam[];
}

/** Renewal of a period instance. */
export interface RenewInput {
  /** Default the instance's current period type; changing it changes the productId (§3.3). */
  periodType?: 'year' | 'month';
  /** Default 1. */
  periodNumber?: number;
  /** Default false. */
  autoPay?: boolean;
}

/** Conversion of a trial into a formal subscription. */
export interface TrialToFormalInput extends RenewInput {
  /** Default the trial's SKU. */
  skuCode?: string;
  /** Default the trial's quantity. */
  linearValue?: number;
}

/** Upgrade (or change) of the configuration within the current period. */
export interface UpgradeInput {
  /** Default the current SKU. */
  skuCode?: string;
  /** Default the current quantity. */
  linearValue?: number;
  /** Default false. */
  autoPay?: boolean;
}

/** Renewal with a changed configuration. */
export interface RenewWithChangeInput extends UpgradeInput {
  periodType?: 'year' | 'month';
  periodNumber?: number;
}

/** Result of `renewWithChange`: the seller's changeInstanceCheck verdict, then the order when allowed. */
export interface RenewWithChangeResult {
  /** True when the seller allowed the change (changeInstanceCheck answered 000000). */
  accepted: boolean;
  /** The changeInstanceCheck job (synchronous, one attempt). */
  check: JobRecord;
  /** The CHANGE order, when accepted. */
  order: OrderRecord | null;
}

/** Result of opening the resource page (synchronous queryInstance). */
export interface ResourcePageResult {
  /** True when the call was accepted. */
  accepted: boolean;
  /** True when the reply listed the instance. */
  reported: boolean;
  job: JobRecord;
  attempt: AttemptRecord | null;
  /** The instance's `appInfo` from the reply, when present. */
  appInfo: Record<string, unknown> | null;
  /** The instance's `usageInfo` from the reply, when present. */
  usageInfo: unknown[] | null;
}

/** Lifecycle actions (see module doc). `ref` is the mock's instance ref or the seller's instanceId. */
export interface LifecycleActions {
  purchase(input: PurchaseInput): OrderRecord;
  pay(orderId: string): OrderRecord;
  cancelOrder(orderId: string): OrderRecord;
  renew(ref: string, input?: RenewInput): OrderRecord;
  trialToFormal(ref: string, input?: TrialToFormalInput): OrderRecord;
  upgrade(ref: string, input: UpgradeInput): OrderRecord;
  renewWithChange(ref: string, input: RenewWithChangeInput): Promise<RenewWithChangeResult>;
  unsubscribe(ref: string): OrderRecord;
  unsubscribeRenewal(ref: string): OrderRecord;
  violationFreeze(ref: string): InstanceRecord;
  violationUnfreeze(ref: string): InstanceRecord;
  openResourcePage(ref: string): Promise<ResourcePageResult>;
  recordUsage(ref: string, value: number): InstanceRecord;
}
