/**
 * Buyer lifecycle actions: purchase (incl. trial and pay-per-use), pay, cancel, renew, trial→formal, upgrade in
 * period, renewal with change, unsubscribe (whole instance or a renewal period not yet started), violation
 * freeze/unfreeze, opening the resource page, usage. Every action validates its input (a `ValidationError`
 * listing every bad field), checks the state machines (an `IllegalTransitionError` naming the state and action)
 * and runs as one unit of work; production calls become jobs that the clock runs.
 */
import { ErrorCodes, ValidationError } from '@koogallery-kit/sdk';
import type { ValidationIssue } from '@koogallery-kit/sdk';
import {
  changeInstanceCheckBody,
  newInstanceBody,
  queryInstanceBody,
  refreshInstanceBody,
  releaseInstanceBody,
  updateInstanceStatusBody,
  upgradeInstanceBody,
} from './bodies';
import { DAY_MS, addPeriod, formatAmount } from './business-time';
import { resolveBuyer } from './buyers';
import type { CatalogProductData, CatalogSkuData, PriceKey } from './catalog';
import type { EngineContext } from './context';
import { ActionRejectedError, NotFoundError } from './errors';
import type { JobRunner } from './job-runner';
import { createJob } from './jobs';
import { moveInstance, moveOrder, saveInstance } from './mutations';
import { createInstance, createOrder, forwardLine, newOrderId, orderLineId } from './orders';
import { randomUuid } from './random';
import { productState } from './side-effects';
import { INSTANCE_TRANSITIONS, ORDER_TRANSITIONS, transition } from './state-machines';
import type { InstanceAction } from './state-machines';
import type {
  AttemptRecord,
  ExtendParam,
  InstanceRecord,
  InstanceState,
  JobRecord,
  OrderRecord,
  OrderTarget,
  PeriodType,
  RefreshScene,
} from './types';

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

const issue = (path: string, message: string, keyword = 'type'): ValidationIssue => ({
  path,
  message,
  keyword,
});

/** Throws a `ValidationError` (INVALID_ARGUMENT) when `issues` is not empty. */
function assertNoIssues(what: string, issues: ValidationIssue[]): void {
  if (issues.length === 0) return;
  throw new ValidationError(
    `Invalid ${what}: ${issues.map((i) => `${i.path.slice(1) || '(input)'}: ${i.message}`).join('; ')}.`,
    issues,
    { code: ErrorCodes.INVALID_ARGUMENT },
  );
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Creates the lifecycle actions. */
export function createLifecycle(ctx: EngineContext, runner: JobRunner): LifecycleActions {
  const tz = (): number => ctx.options.timeZoneOffsetMinutes;

  const resolveInstance = (ref: string): InstanceRecord => {
    if (typeof ref !== 'string' || ref.length === 0) {
      assertNoIssues('instance reference', [
        issue('/ref', 'must be an instance ref (I000001) or instanceId'),
      ]);
    }
    const found = ctx.store.getInstance(ref) ?? ctx.store.findInstanceByInstanceId(ref);
    if (found === undefined) {
      throw new NotFoundError(
        'instance',
        ref,
        'Use the mock ref (I000001) or the seller instanceId of an instance.',
      );
    }
    return found;
  };

  const getOrder = (orderId: string): OrderRecord => {
    const o = typeof orderId === 'string' ? ctx.store.getOrder(orderId) : undefined;
    if (o === undefined) throw new NotFoundError('order', String(orderId), 'List orders to see their ids.');
    return o;
  };

  const requirePeriod = (i: InstanceRecord, action: string): void => {
    if (i.chargingMode !== 'PERIOD') {
      throw new ActionRejectedError(
        'NOT_SUPPORTED',
        `Cannot ${action} instance ${i.ref}: it is a ${i.chargingMode} instance; only PERIOD (yearly/monthly) instances support this.`,
      );
    }
  };

  /** Refuses actions that V1 (`protocol: 'v1'`) has no call for. */
  const requireV2 = (action: string, instead: string): void => {
    if (ctx.options.protocol === 'v1') {
      throw new ActionRejectedError(
        'NOT_SUPPORTED',
        `Cannot ${action}: the mock runs in V1 mode (protocol "v1"), and V1 has no call for it. ${instead}`,
      );
    }
  };

  const requireNotTrial = (i: InstanceRecord, action: string): void => {
    if (i.trial) {
      throw new ActionRejectedError(
        'NOT_SUPPORTED',
        `Cannot ${action} trial instance ${i.ref}; convert it with trialToFormal first.`,
      );
    }
  };

  const checkPeriodNumber = (issues: ValidationIssue[], n: unknown, path = '/periodNumber'): void => {
    if (n !== undefined && (!Number.isInteger(n) || (n as number) < 1 || (n as number) > 120)) {
      issues.push(issue(path, 'must be an integer from 1 to 120', 'maximum'));
    }
  };

  const checkPeriodType = (
    issues: ValidationIssue[],
    p: CatalogProductData,
    s: CatalogSkuData,
    periodType: unknown,
  ): void => {
    if (periodType === undefined) return;
    if (periodType !== 'year' && periodType !== 'month') {
      issues.push(issue('/periodType', 'must be "year" or "month"', 'enum'));
    } else if (s.prices[periodType] === undefined) {
      issues.push(issue('/periodType', `SKU ${s.skuCode} of ${p.code} is not sold by ${periodType}`, 'enum'));
    }
  };

  const checkLinear = (
    issues: ValidationIssue[],
    s: CatalogSkuData,
    v: unknown,
    path = '/linearValue',
  ): void => {
    if (v === undefined) return;
    if (s.linear === undefined) {
      issues.push(issue(path, `SKU ${s.skuCode} has no quantity attribute; omit linearValue`, 'not'));
    } else if (!Number.isInteger(v) || (v as number) < s.linear.min || (v as number) > s.linear.max) {
      issues.push(
        issue(path, `must be an integer from ${s.linear.min} to ${s.linear.max} (${s.linear.name})`),
      );
    }
  };

  const findSku = (issues: ValidationIssue[], p: CatalogProductData, skuCode: unknown, path = '/skuCode') => {
    if (skuCode === undefined) return p.skus[0] as CatalogSkuData;
    const s = p.skus.find((x) => x.skuCode === skuCode);
    if (s === undefined) {
      issues.push(
        issue(
          path,
          `unknown SKU of ${p.code}; known: ${p.skus.map((x) => `${x.skuCode} (${x.name})`).join(', ')}`,
          'enum',
        ),
      );
    }
    return s;
  };

  const defaultPeriodType = (s: CatalogSkuData): 'year' | 'month' =>
    s.prices.month !== undefined ? 'month' : 'year';
  const linearOf = (s: CatalogSkuData, v: number | undefined): number | null =>
    s.linear === undefined ? null : (v ?? s.linear.default);
  const amount = (code: string, skuCode: string, key: PriceKey, n: number, linear: number | null): number =>
    ctx.catalog.price(code, skuCode, key) * n * (linear ?? 1);

  const checkExtendParams = (issues: ValidationIssue[], v: unknown): void => {
    if (v === undefined) return;
    if (!Array.isArray(v)) {
      issues.push(issue('/extendParams', 'must be an array of { name, value } strings'));
      return;
    }
    v.forEach((p, k) => {
      if (!isObject(p) || typeof p.name !== 'string' || p.name.length === 0 || typeof p.value !== 'string') {
        issues.push(issue(`/extendParams/${k}`, 'must be { name: non-empty string, value: string }'));
      }
    });
  };

  /** Throws `IllegalTransitionError` unless `action` is allowed in the instance's state. */
  const requireAction = (i: InstanceRecord, action: InstanceAction): void => {
    transition('instance', INSTANCE_TRANSITIONS, i.ref, i.state, action);
  };

  // ---------------------------------------------------------------- purchase

  const purchase = (input: PurchaseInput): OrderRecord => {
    if (!isObject(input))
      assertNoIssues('purchase', [issue('', 'must be an object with at least productCode')]);
    const issues: ValidationIssue[] = [];
    if (typeof input.productCode !== 'string') {
      assertNoIssues('purchase', [issue('/productCode', 'required: the catalog code of the product')]);
    }
    const p = ctx.catalog.product(input.productCode);
    const trial = input.trial ?? false;
    if (typeof trial !== 'boolean') issues.push(issue('/trial', 'must be a boolean'));
    if (input.autoPay !== undefined && typeof input.autoPay !== 'boolean')
      issues.push(issue('/autoPay', 'must be a boolean'));
    checkPeriodNumber(issues, input.periodNumber);
    checkExtendParams(issues, input.extendParams);
    const mode = p.chargingMode;
    if (trial && (mode !== 'PERIOD' || p.trialDays === undefined)) {
      throw new ActionRejectedError(
        'NOT_SUPPORTED',
        `Product ${p.code} offers no trial; buy it without trial.`,
      );
    }
    type Item = { sku: CatalogSkuData; linear: number | null };
    const items: Item[] = [];
    if (mode === 'ON_DEMAND') {
      if (input.items !== undefined && (!Array.isArray(input.items) || input.items.length === 0)) {
        issues.push(issue('/items', 'must be a non-empty array of { skuCode, linearValue? }'));
      } else if (input.items !== undefined) {
        const seen = new Set<string>();
        input.items.forEach((it, k) => {
          const s = isObject(it) ? findSku(issues, p, it.skuCode, `/items/${k}/skuCode`) : undefined;
          if (!isObject(it)) issues.push(issue(`/items/${k}`, 'must be { skuCode, linearValue? }'));
          if (s === undefined) return;
          if (seen.has(s.skuCode)) issues.push(issue(`/items/${k}/skuCode`, 'listed twice', 'uniqueItems'));
          seen.add(s.skuCode);
          checkLinear(issues, s, it.linearValue, `/items/${k}/linearValue`);
          items.push({ sku: s, linear: linearOf(s, it.linearValue) });
        });
      } else {
        for (const s of p.skus) items.push({ sku: s, linear: linearOf(s, undefined) });
      }
      if (input.periodType !== undefined)
        issues.push(issue('/periodType', 'pay-per-use orders have no period', 'not'));
    } else {
      if (input.items !== undefined)
        issues.push(issue('/items', `only ON_DEMAND products take items`, 'not'));
      const s = findSku(issues, p, input.skuCode);
      if (s !== undefined) {
        checkLinear(issues, s, input.linearValue);
        if (mode === 'ONE_TIME' && input.periodType !== undefined) {
          issues.push(issue('/periodType', 'one-time purchases have no period', 'not'));
        } else if (!trial) checkPeriodType(issues, p, s, input.periodType);
        items.push({ sku: s, linear: linearOf(s, input.linearValue) });
      }
    }
    assertNoIssues('purchase', issues);
    const state = productState(ctx, p.code);
    if (state.delisted || state.tradingFrozen) {
      throw new ActionRejectedError(
        'PRODUCT_UNAVAILABLE',
        `Product ${p.code} is ${state.delisted ? 'delisted' : 'frozen for trading'} and cannot be bought. Fix the failing interface, then relist the product.`,
      );
    }
    const order = ctx.unit(() => {
      const buyer = resolveBuyer(ctx, input.buyerId);
      const orderId = newOrderId(ctx);
      const first = items[0] as Item;
      let periodType: PeriodType | null = null;
      let periodNumber: number | null = null;
      let key: PriceKey;
      if (trial) {
        periodType = 'day';
        periodNumber = p.trialDays as number;
        key = 'day';
      } else if (mode === 'PERIOD' || mode === 'ON_DEMAND_PKG') {
        periodType = input.periodType ?? defaultPeriodType(first.sku);
        periodNumber = input.periodNumber ?? 1;
        key = periodType;
      } else key = mode === 'ONE_TIME' ? 'once' : 'usage';
      const total =
        trial || mode === 'ON_DEMAND'
          ? 0
          : amount(p.code, first.sku.skuCode, key, periodNumber ?? 1, first.linear);
      return createOrder(ctx, {
        orderId,
        orderType: trial ? 'TRIAL' : 'NEW',
        state: 'PENDING_PAYMENT',
        productCode: p.code,
        buyerId: buyer.customerId,
        lines: [
          forwardLine({
            orderId,
            chargingMode: mode,
            periodType,
            periodNumber,
            expireAt: periodType === null ? null : addPeriod(ctx.now(), periodType, periodNumber ?? 1, tz()),
            products: items.map((it) => ({
              productId: ctx.catalog.productId(p.code, it.sku.skuCode, key),
              skuCode: it.sku.skuCode,
              linearValue: it.linear,
              productName: ctx.catalog.productName(p.code, it.sku.skuCode),
            })),
            extendParams: input.extendParams ?? p.extendParams ?? [],
            amount: total,
          }),
        ],
      });
    });
    return input.autoPay === true ? pay(order.orderId) : order;
  };

  // ---------------------------------------------------------------- pay

  const payNew = (order: OrderRecord): OrderRecord => {
    const line = order.lines[0];
    if (line === undefined) return moveOrder(ctx, order, 'pay');
    const now = ctx.now();
    const expireAt =
      line.periodType !== null && (line.chargingMode === 'PERIOD' || line.chargingMode === 'ON_DEMAND_PKG')
        ? addPeriod(now, line.periodType, line.periodNumber ?? 1, tz())
        : null;
    transition('order', ORDER_TRANSITIONS, order.orderId, order.state, 'pay');
    const refs: string[] = [];
    for (const item of line.productInfo) {
      const instance = createInstance(ctx, {
        productCode: order.productCode,
        productId: item.productId,
        skuCode: item.skuCode,
        linearValue: item.linearValue,
        chargingMode: line.chargingMode,
        periodType: line.periodType,
        periodNumber: line.periodNumber,
        trial: order.orderType === 'TRIAL',
        buyerId: order.buyerId,
        orderId: order.orderId,
        orderLineId: line.orderLineId,
        expireAt,
        periods:
          expireAt === null
            ? []
            : [{ orderId: order.orderId, orderLineId: line.orderLineId, startAt: now, endAt: expireAt }],
      });
      refs.push(instance.ref);
    }
    const paid = moveOrder(ctx, order, 'pay', { lines: [{ ...line, expireAt }], instanceRefs: refs });
    for (const ref of refs) {
      createJob(ctx, {
        interface: 'newInstance',
        purpose: 'provision',
        body: newInstanceBody(order.orderId, line.orderLineId, randomUuid(ctx.random)),
        refs: {
          orderId: order.orderId,
          orderLineId: line.orderLineId,
          instanceRef: ref,
          productCode: order.productCode,
        },
      });
    }
    return paid;
  };

  /** Creates the refreshInstance job (and the UNFREEZE that follows it when the renewal ends a freeze). */
  const refreshJobs = (
    order: OrderRecord,
    instance: InstanceRecord,
    scene: RefreshScene,
    purpose: 'renew' | 'trialToFormal' | 'renewalChange',
    expireAt: number,
    productId: string | null,
    unfreeze: boolean,
  ): void => {
    const line = order.lines[0];
    if (line === undefined || instance.instanceId === null) return;
    const refs = {
      orderId: order.orderId,
      orderLineId: line.orderLineId,
      instanceRef: instance.ref,
      productCode: instance.productCode,
    };
    const refresh = createJob(ctx, {
      interface: 'refreshInstance',
      purpose,
      body: refreshInstanceBody({
        scene,
        orderId: order.orderId,
        orderLineId: line.orderLineId,
        instanceId: instance.instanceId,
        expireAt,
        productId,
      }),
      refs,
    });
    // V1 has no unfreeze call for period instances: its refreshInstance restores the instance (v1-calls.ts).
    if (unfreeze && ctx.options.protocol !== 'v1') {
      createJob(ctx, {
        interface: 'updateInstanceStatus',
        purpose: 'unfreeze',
        body: updateInstanceStatusBody(instance.instanceId, 'UNFREEZE'),
        refs,
        waitingFor: refresh.id,
      });
    }
  };

  /** Extends (or converts) an instance's validity; returns the new expiry and whether a freeze ended. */
  const extend = (
    order: OrderRecord,
    instance: InstanceRecord,
    action: 'renew' | 'trialToFormal',
    target: OrderTarget,
    from: number,
  ): { expireAt: number; unfroze: boolean; updated: InstanceRecord } => {
    const line = order.lines[0];
    const expireAt = addPeriod(from, target.periodType ?? 'month', target.periodNumber ?? 1, tz());
    const reasons = instance.freezeReasons.filter((r) => r !== 'EXPIRED');
    const to: InstanceState = instance.state === 'frozen' && reasons.length > 0 ? 'frozen' : 'active';
    const unfroze = instance.state === 'frozen' && to === 'active';
    const patch: Partial<InstanceRecord> = {
      expireAt,
      graceEndsAt: null,
      freezeReasons: reasons,
      periodType: target.periodType,
      periodNumber: target.periodNumber,
      productId: target.productId,
      periods: [
        ...instance.periods,
        { orderId: order.orderId, orderLineId: line?.orderLineId ?? '', startAt: from, endAt: expireAt },
      ],
    };
    if (action === 'trialToFormal') {
      patch.trial = false;
      patch.skuCode = target.skuCode;
      patch.linearValue = target.linearValue;
    }
    const updated = moveInstance(ctx, instance, action, patch, to);
    return { expireAt, unfroze, updated };
  };

  const instanceOf = (order: OrderRecord): InstanceRecord => {
    const ref = order.instanceRefs[0];
    const i = ref === undefined ? undefined : ctx.store.getInstance(ref);
    if (i === undefined)
      throw new NotFoundError('instance', ref ?? '(none)', `Order ${order.orderId} names no instance.`);
    return i;
  };

  const payRenewal = (order: OrderRecord, scene: 'RENEWAL' | 'RENEWAL_CHANGE'): OrderRecord => {
    const target = order.target as OrderTarget;
    const instance = instanceOf(order);
    requireAction(instance, 'renew');
    transition('order', ORDER_TRANSITIONS, order.orderId, order.state, 'pay');
    const previousProductId = instance.productId;
    const { expireAt, unfroze } = extend(
      order,
      instance,
      'renew',
      // A renewal with change takes the new configuration when the seller acknowledges it (outcomes.ts).
      { ...target, skuCode: instance.skuCode, linearValue: instance.linearValue },
      instance.expireAt ?? ctx.now(),
    );
    const paid = moveOrder(ctx, order, 'pay', { lines: order.lines.map((l) => ({ ...l, expireAt })) });
    refreshJobs(
      paid,
      instance,
      scene,
      scene === 'RENEWAL' ? 'renew' : 'renewalChange',
      expireAt,
      target.productId !== previousProductId ? target.productId : null,
      unfroze,
    );
    return paid;
  };

  const payTrialToFormal = (order: OrderRecord): OrderRecord => {
    const target = order.target as OrderTarget;
    const instance = instanceOf(order);
    requireAction(instance, 'trialToFormal');
    if (!instance.trial) {
      throw new ActionRejectedError('NOT_SUPPORTED', `Instance ${instance.ref} is no longer a trial.`);
    }
    transition('order', ORDER_TRANSITIONS, order.orderId, order.state, 'pay');
    const { expireAt, unfroze } = extend(order, instance, 'trialToFormal', target, ctx.now());
    const paid = moveOrder(ctx, order, 'pay', { lines: order.lines.map((l) => ({ ...l, expireAt })) });
    refreshJobs(paid, instance, 'TRIAL_TO_FORMAL', 'trialToFormal', expireAt, target.productId, unfroze);
    return paid;
  };

  const payUpgrade = (order: OrderRecord): OrderRecord => {
    const instance = instanceOf(order);
    requireAction(instance, 'upgrade');
    const paid = moveOrder(ctx, order, 'pay');
    const line = paid.lines[0];
    if (line !== undefined && instance.instanceId !== null) {
      createJob(ctx, {
        interface: 'upgradeInstance',
        purpose: 'upgrade',
        body: upgradeInstanceBody(instance.instanceId, paid.orderId, line.orderLineId),
        refs: {
          orderId: paid.orderId,
          orderLineId: line.orderLineId,
          instanceRef: instance.ref,
          productCode: instance.productCode,
        },
      });
    }
    return paid;
  };

  const pay = (orderId: string): OrderRecord =>
    ctx.unit(() => {
      const order = getOrder(orderId);
      switch (order.orderType) {
        case 'NEW':
        case 'TRIAL':
          return payNew(order);
        case 'RENEW':
          return payRenewal(order, 'RENEWAL');
        case 'TRIAL_TO_FORMAL':
          return payTrialToFormal(order);
        case 'CHANGE':
          return order.target?.scene === 'RENEWAL_CHANGE'
            ? payRenewal(order, 'RENEWAL_CHANGE')
            : payUpgrade(order);
        default:
          return moveOrder(ctx, order, 'pay');
      }
    });

  const cancelOrder = (orderId: string): OrderRecord =>
    ctx.unit(() => moveOrder(ctx, getOrder(orderId), 'cancel', { cancelReason: 'UNPAID' }));

  // ---------------------------------------------------------------- follow-up orders

  /** Creates a forward follow-up order (RENEW, TRIAL_TO_FORMAL, CHANGE) for one instance. */
  const followUpOrder = (
    instance: InstanceRecord,
    orderType: 'RENEW' | 'TRIAL_TO_FORMAL' | 'CHANGE',
    target: OrderTarget,
    total: number,
    expireAt: number | null,
    autoPay: boolean | undefined,
  ): OrderRecord => {
    const order = ctx.unit(() => {
      const orderId = newOrderId(ctx);
      return createOrder(ctx, {
        orderId,
        orderType,
        state: 'PENDING_PAYMENT',
        productCode: instance.productCode,
        buyerId: instance.buyerId,
        instanceRefs: [instance.ref],
        target,
        lines: [
          forwardLine({
            orderId,
            chargingMode: instance.chargingMode,
            periodType: target.periodType,
            periodNumber: target.periodNumber,
            expireAt,
            products: [
              {
                productId: target.productId,
                skuCode: target.skuCode,
                linearValue: target.linearValue,
                productName: ctx.catalog.productName(instance.productCode, target.skuCode),
              },
            ],
            extendParams: [],
            amount: total,
          }),
        ],
      });
    });
    return autoPay === true ? pay(order.orderId) : order;
  };

  const checkAutoPay = (issues: ValidationIssue[], v: unknown): void => {
    if (v !== undefined && typeof v !== 'boolean') issues.push(issue('/autoPay', 'must be a boolean'));
  };

  const renew = (ref: string, input: RenewInput = {}): OrderRecord => {
    const instance = resolveInstance(ref);
    requirePeriod(instance, 'renew');
    requireNotTrial(instance, 'renew');
    requireAction(instance, 'renew');
    const p = ctx.catalog.product(instance.productCode);
    const s = ctx.catalog.sku(p.code, instance.skuCode);
    const issues: ValidationIssue[] = [];
    if (!isObject(input)) assertNoIssues('renewal', [issue('', 'must be an object')]);
    checkPeriodType(issues, p, s, input.periodType);
    checkPeriodNumber(issues, input.periodNumber);
    checkAutoPay(issues, input.autoPay);
    assertNoIssues('renewal', issues);
    const periodType = input.periodType ?? (instance.periodType === 'year' ? 'year' : 'month');
    const periodNumber = input.periodNumber ?? 1;
    const target: OrderTarget = {
      skuCode: instance.skuCode,
      linearValue: instance.linearValue,
      productId: ctx.catalog.productId(p.code, s.skuCode, periodType),
      periodType,
      periodNumber,
      scene: 'RENEWAL',
    };
    const total = amount(p.code, s.skuCode, periodType, periodNumber, instance.linearValue);
    const estimate = addPeriod(instance.expireAt ?? ctx.now(), periodType, periodNumber, tz());
    return followUpOrder(instance, 'RENEW', target, total, estimate, input.autoPay);
  };

  const trialToFormal = (ref: string, input: TrialToFormalInput = {}): OrderRecord => {
    const instance = resolveInstance(ref);
    if (!instance.trial) {
      throw new ActionRejectedError(
        'NOT_SUPPORTED',
        `Instance ${instance.ref} is not a trial; renew it instead.`,
      );
    }
    requireAction(instance, 'trialToFormal');
    const p = ctx.catalog.product(instance.productCode);
    const issues: ValidationIssue[] = [];
    if (!isObject(input)) assertNoIssues('trial conversion', [issue('', 'must be an object')]);
    const s = findSku(issues, p, input.skuCode ?? instance.skuCode);
    if (s !== undefined) {
      checkPeriodType(issues, p, s, input.periodType);
      checkLinear(issues, s, input.linearValue);
    }
    checkPeriodNumber(issues, input.periodNumber);
    checkAutoPay(issues, input.autoPay);
    assertNoIssues('trial conversion', issues);
    const sku = s as CatalogSkuData;
    const periodType = input.periodType ?? defaultPeriodType(sku);
    const periodNumber = input.periodNumber ?? 1;
    const linear =
      input.linearValue !== undefined
        ? input.linearValue
        : sku.skuCode === instance.skuCode
          ? instance.linearValue
          : linearOf(sku, undefined);
    const target: OrderTarget = {
      skuCode: sku.skuCode,
      linearValue: linear,
      productId: ctx.catalog.productId(p.code, sku.skuCode, periodType),
      periodType,
      periodNumber,
      scene: 'TRIAL_TO_FORMAL',
    };
    const total = amount(p.code, sku.skuCode, periodType, periodNumber, linear);
    const estimate = addPeriod(ctx.now(), periodType, periodNumber, tz());
    return followUpOrder(instance, 'TRIAL_TO_FORMAL', target, total, estimate, input.autoPay);
  };

  /** Target configuration of an upgrade or renewal change; throws when nothing changes. */
  const changeTarget = (
    instance: InstanceRecord,
    input: UpgradeInput & { periodType?: 'year' | 'month'; periodNumber?: number },
    what: string,
    withPeriod: boolean,
  ): { target: OrderTarget; sku: CatalogSkuData } => {
    const p = ctx.catalog.product(instance.productCode);
    const issues: ValidationIssue[] = [];
    if (!isObject(input)) assertNoIssues(what, [issue('', 'must be an object')]);
    const s = findSku(issues, p, input.skuCode ?? instance.skuCode);
    if (s !== undefined) {
      checkLinear(issues, s, input.linearValue);
      if (withPeriod) checkPeriodType(issues, p, s, input.periodType);
    }
    if (withPeriod) checkPeriodNumber(issues, input.periodNumber);
    else if (input.periodType !== undefined || input.periodNumber !== undefined) {
      issues.push(
        issue('/periodType', 'an upgrade keeps the current period; use renewWithChange to change it', 'not'),
      );
    }
    checkAutoPay(issues, input.autoPay);
    assertNoIssues(what, issues);
    const sku = s as CatalogSkuData;
    const linear =
      input.linearValue !== undefined
        ? input.linearValue
        : sku.skuCode === instance.skuCode
          ? instance.linearValue
          : linearOf(sku, undefined);
    if (sku.skuCode === instance.skuCode && linear === instance.linearValue) {
      assertNoIssues(what, [
        issue(
          '/skuCode',
          'the target equals the current configuration; change skuCode or linearValue',
          'not',
        ),
      ]);
    }
    const periodType = withPeriod
      ? (input.periodType ?? (instance.periodType === 'year' ? 'year' : 'month'))
      : (instance.periodType as 'year' | 'month');
    return {
      sku,
      target: {
        skuCode: sku.skuCode,
        linearValue: linear,
        productId: ctx.catalog.productId(p.code, sku.skuCode, periodType),
        periodType,
        periodNumber: withPeriod ? (input.periodNumber ?? 1) : instance.periodNumber,
        scene: withPeriod ? 'RENEWAL_CHANGE' : null,
      },
    };
  };

  const upgrade = (ref: string, input: UpgradeInput): OrderRecord => {
    const instance = resolveInstance(ref);
    requirePeriod(instance, 'upgrade');
    requireNotTrial(instance, 'upgrade');
    requireAction(instance, 'upgrade');
    const { target } = changeTarget(instance, input ?? {}, 'upgrade', false);
    // Price difference per period, pro rata for the rest of the current period.
    const key = (instance.periodType ?? 'month') as PriceKey;
    const current = instance.periods[instance.periods.length - 1];
    const now = ctx.now();
    const fraction =
      current === undefined || current.endAt <= current.startAt
        ? 1
        : Math.max(0, Math.min(1, (current.endAt - now) / (current.endAt - current.startAt)));
    const diff =
      amount(instance.productCode, target.skuCode, key, 1, target.linearValue) -
      amount(instance.productCode, instance.skuCode, key, 1, instance.linearValue);
    return followUpOrder(
      instance,
      'CHANGE',
      target,
      Math.max(0, diff * fraction),
      instance.expireAt,
      input?.autoPay,
    );
  };

  const renewWithChange = async (
    ref: string,
    input: RenewWithChangeInput,
  ): Promise<RenewWithChangeResult> => {
    requireV2('renew with change', 'Use upgrade (V1 upgrade) or a plain renewal.');
    const instance = resolveInstance(ref);
    requirePeriod(instance, 'renew with change');
    requireNotTrial(instance, 'renew with change');
    requireAction(instance, 'renewalChange');
    const windowMs = ctx.options.renewalChangeWindowDays * DAY_MS;
    const now = ctx.now();
    if (instance.expireAt === null || instance.expireAt - now > windowMs) {
      throw new ActionRejectedError(
        'CHANGE_WINDOW_CLOSED',
        `Renewal with change is only possible in the last ${ctx.options.renewalChangeWindowDays} days before expiry; instance ${instance.ref} expires ${instance.expireAt === null ? 'never' : new Date(instance.expireAt).toISOString()}. Use upgrade for an in-period change.`,
      );
    }
    const { target, sku } = changeTarget(instance, input ?? {}, 'renewal with change', true);
    if (instance.instanceId === null)
      throw new ActionRejectedError('NOT_SUPPORTED', `Instance ${ref} has no instanceId.`);
    const check = ctx.unit(() =>
      createJob(ctx, {
        interface: 'changeInstanceCheck',
        purpose: 'changeCheck',
        synchronous: true,
        body: changeInstanceCheckBody(instance.instanceId as string, target),
        refs: { instanceRef: instance.ref, productCode: instance.productCode },
      }),
    );
    const done = await runner.runNow(check.id, false);
    if (done.state !== 'SUCCEEDED') return { accepted: false, check: done, order: null };
    const fresh = resolveInstance(instance.ref);
    requireAction(fresh, 'renewalChange');
    const total = amount(
      fresh.productCode,
      sku.skuCode,
      target.periodType as PriceKey,
      target.periodNumber ?? 1,
      target.linearValue,
    );
    const estimate = addPeriod(
      fresh.expireAt ?? now,
      target.periodType ?? 'month',
      target.periodNumber ?? 1,
      tz(),
    );
    const order = followUpOrder(fresh, 'CHANGE', target, total, estimate, input?.autoPay);
    return { accepted: true, check: done, order };
  };

  // ---------------------------------------------------------------- unsubscribe

  /** Paid amount of one period, from its order line. */
  const paidFor = (orderId: string, lineId: string): number => {
    const line = ctx.store.getOrder(orderId)?.lines.find((l) => l.orderLineId === lineId);
    const v = Number(line?.currencyAfterDiscount ?? 0);
    return Number.isFinite(v) ? v : 0;
  };

  const reverseOrder = (instance: InstanceRecord, relatedOrderId: string, refund: number): OrderRecord => {
    const orderId = newOrderId(ctx);
    return createOrder(ctx, {
      orderId,
      orderType: 'UNSUBSCRIBE',
      state: 'PROCESSING',
      productCode: instance.productCode,
      buyerId: instance.buyerId,
      instanceRefs: [instance.ref],
      relatedOrderId,
      lines: [
        {
          orderLineId: orderLineId(orderId),
          chargingMode: instance.chargingMode,
          periodType: instance.periodType,
          periodNumber: instance.periodNumber,
          expireAt: null,
          productInfo: [
            {
              productId: instance.productId,
              skuCode: instance.skuCode,
              linearValue: instance.linearValue,
              productName: ctx.catalog.productName(instance.productCode, instance.skuCode),
            },
          ],
          extendParams: [],
          currency: '',
          currencyAfterDiscount: formatAmount(-refund),
        },
      ],
    });
  };

  const unsubscribe = (ref: string): OrderRecord =>
    ctx.unit(() => {
      const instance = resolveInstance(ref);
      requireAction(instance, 'unsubscribe');
      const now = ctx.now();
      const refund = instance.periods.reduce((sum, p) => {
        const paid = paidFor(p.orderId, p.orderLineId);
        if (p.endAt <= now) return sum;
        if (p.startAt >= now) return sum + paid;
        return sum + (paid * (p.endAt - now)) / (p.endAt - p.startAt);
      }, 0);
      const order = reverseOrder(instance, instance.orderId, refund);
      const released = moveInstance(ctx, instance, 'unsubscribe', { releaseReason: 'UNSUBSCRIBED' });
      const line = order.lines[0];
      createJob(ctx, {
        interface: 'releaseInstance',
        purpose: 'unsubscribe',
        body: releaseInstanceBody(released.instanceId as string, {
          orderId: order.orderId,
          orderLineId: line?.orderLineId ?? '',
        }),
        refs: {
          orderId: order.orderId,
          orderLineId: line?.orderLineId ?? null,
          instanceRef: released.ref,
          productCode: released.productCode,
        },
      });
      return order;
    });

  const unsubscribeRenewal = (ref: string): OrderRecord =>
    ctx.unit(() => {
      const instance = resolveInstance(ref);
      requirePeriod(instance, 'unsubscribe a renewal period of');
      requireAction(instance, 'unsubscribeRenewal');
      const now = ctx.now();
      const last = instance.periods[instance.periods.length - 1];
      if (last === undefined || instance.periods.length < 2 || last.startAt <= now) {
        throw new ActionRejectedError(
          'NOT_SUPPORTED',
          `Instance ${instance.ref} has no renewal period that has not started yet; use unsubscribe to end the subscription.`,
        );
      }
      const order = reverseOrder(instance, last.orderId, paidFor(last.orderId, last.orderLineId));
      // The instance goes back to the configuration of the period before the unsubscribed one; its productId
      // changes back when that period had another period type (§3.3).
      const previous = instance.periods[instance.periods.length - 2];
      const previousLine =
        previous === undefined
          ? undefined
          : ctx.store.getOrder(previous.orderId)?.lines.find((l) => l.orderLineId === previous.orderLineId);
      const productId = previousLine?.productInfo[0]?.productId ?? instance.productId;
      const updated = moveInstance(
        ctx,
        instance,
        'unsubscribeRenewal',
        {
          expireAt: last.startAt,
          periods: instance.periods.slice(0, -1),
          productId,
          periodType: previousLine?.periodType ?? instance.periodType,
          periodNumber: previousLine?.periodNumber ?? instance.periodNumber,
        },
        instance.state,
      );
      const line = order.lines[0];
      createJob(ctx, {
        interface: 'refreshInstance',
        purpose: 'unsubscribeRenewal',
        body: refreshInstanceBody({
          scene: 'UNSUBSCRIBE_RENEWAL_PERIOD',
          orderId: order.orderId,
          orderLineId: line?.orderLineId ?? '',
          instanceId: updated.instanceId as string,
          expireAt: last.startAt,
          productId: productId !== instance.productId ? productId : null,
        }),
        refs: {
          orderId: order.orderId,
          orderLineId: line?.orderLineId ?? null,
          instanceRef: updated.ref,
          productCode: updated.productCode,
        },
      });
      return order;
    });

  // ---------------------------------------------------------------- freeze / unfreeze for violations

  const violationFreeze = (ref: string): InstanceRecord =>
    ctx.unit(() => {
      requireV2('freeze an instance for a violation', 'V1 only freezes expired instances (expireInstance).');
      const instance = resolveInstance(ref);
      requirePeriod(instance, 'freeze');
      if (instance.freezeReasons.includes('VIOLATION')) {
        throw new ActionRejectedError(
          'NOT_SUPPORTED',
          `Instance ${instance.ref} is already frozen for a violation.`,
        );
      }
      const wasActive = instance.state === 'active';
      const frozen = moveInstance(ctx, instance, 'violationFreeze', {
        freezeReasons: [...instance.freezeReasons, 'VIOLATION'],
      });
      if (wasActive && frozen.instanceId !== null) {
        createJob(ctx, {
          interface: 'updateInstanceStatus',
          purpose: 'freeze',
          body: updateInstanceStatusBody(frozen.instanceId, 'FREEZE'),
          refs: { instanceRef: frozen.ref, productCode: frozen.productCode },
        });
      }
      return frozen;
    });

  const violationUnfreeze = (ref: string): InstanceRecord =>
    ctx.unit(() => {
      requireV2('unfreeze an instance after a violation', 'V1 restores instances with refreshInstance only.');
      const instance = resolveInstance(ref);
      if (!instance.freezeReasons.includes('VIOLATION')) {
        requireAction(instance, 'violationUnfreeze');
        throw new ActionRejectedError(
          'NOT_SUPPORTED',
          `Instance ${instance.ref} is not frozen for a violation.`,
        );
      }
      const reasons = instance.freezeReasons.filter((r) => r !== 'VIOLATION');
      const to: InstanceState = reasons.length > 0 ? 'frozen' : 'active';
      const updated = moveInstance(ctx, instance, 'violationUnfreeze', { freezeReasons: reasons }, to);
      if (to === 'active' && updated.instanceId !== null) {
        createJob(ctx, {
          interface: 'updateInstanceStatus',
          purpose: 'unfreeze',
          body: updateInstanceStatusBody(updated.instanceId, 'UNFREEZE'),
          refs: { instanceRef: updated.ref, productCode: updated.productCode },
        });
      }
      return updated;
    });

  // ---------------------------------------------------------------- resource page, usage

  const openResourcePage = async (ref: string): Promise<ResourcePageResult> => {
    const instance = resolveInstance(ref);
    if (instance.instanceId === null || instance.state === 'released') {
      throw new ActionRejectedError(
        'NOT_SUPPORTED',
        `Instance ${instance.ref} is ${instance.state}${instance.instanceId === null ? ' and has no instanceId yet' : ''}; there is no resource page to open.`,
      );
    }
    const job = ctx.unit(() =>
      createJob(ctx, {
        interface: 'queryInstance',
        purpose: 'resourcePage',
        synchronous: true,
        body: queryInstanceBody([instance.instanceId as string]),
        refs: { instanceRef: instance.ref, productCode: instance.productCode },
      }),
    );
    const done = await runner.runNow(job.id, false);
    const attempt = ctx.store.getAttempt(done.id, done.attemptCount) ?? null;
    let entry: Record<string, unknown> | undefined;
    try {
      const body = JSON.parse(attempt?.response?.body ?? 'null') as { info?: unknown };
      if (Array.isArray(body?.info)) {
        entry = body.info.find((x) => isObject(x) && x.instanceId === instance.instanceId) as
          Record<string, unknown> | undefined;
      }
    } catch {
      entry = undefined;
    }
    return {
      accepted: done.state === 'SUCCEEDED',
      reported: entry !== undefined,
      job: done,
      attempt,
      appInfo: isObject(entry?.appInfo) ? entry.appInfo : null,
      usageInfo: Array.isArray(entry?.usageInfo) ? (entry.usageInfo as unknown[]) : null,
    };
  };

  const recordUsage = (ref: string, value: number): InstanceRecord =>
    ctx.unit(() => {
      const instance = resolveInstance(ref);
      if (instance.chargingMode !== 'ON_DEMAND' && instance.chargingMode !== 'ON_DEMAND_PKG') {
        throw new ActionRejectedError(
          'NOT_SUPPORTED',
          `Instance ${instance.ref} is not pay-per-use; it has no usage.`,
        );
      }
      if (instance.state === 'released' || instance.state === 'provisioning') {
        throw new ActionRejectedError(
          'NOT_SUPPORTED',
          `Instance ${instance.ref} is ${instance.state}; usage cannot be recorded.`,
        );
      }
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
        assertNoIssues('usage', [issue('/value', 'must be a finite number > 0', 'exclusiveMinimum')]);
      }
      const usage = {
        total: Math.round((instance.usage.total + value) * 10_000) / 10_000,
        records: instance.usage.records + 1,
        lastAt: ctx.now(),
      };
      return saveInstance(ctx, { ...instance, usage }, instance.state);
    });

  return {
    purchase,
    pay,
    cancelOrder,
    renew,
    trialToFormal,
    upgrade,
    renewWithChange,
    unsubscribe,
    unsubscribeRenewal,
    violationFreeze,
    violationUnfreeze,
    openResourcePage,
    recordUsage,
  };
}
