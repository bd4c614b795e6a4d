/**
 * Auto-renewal (自动续费, seller-console.md §3) of period instances, on the engine's clock. The buyer turns it on
 * per instance and may move the deduction day to 2–7 days before expiry; the mock charges the buyer's mock
 * balance at `autoRenewChargeMinute` (03:00) business time, `deductionDays` (default 7) before expiry, and on
 * failure once a day at the same time until the last day of the retention (freeze) period — the reference's
 * proposal (§3 [P], §10 item 13). A success creates a paid RENEW order (refreshInstance to the seller, UNFREEZE
 * too when frozen: the normal renewal path) and extends the expiry; a final failure leaves the instance to the
 * normal freeze/release path (protocol.md §11.5). A manual renewal keeps auto-renewal on: the next charge follows
 * the new expiry. Renewals start no supervision flow (§2.6).
 */
import { DAY_MS, MINUTE_MS, startOfBusinessDay } from '../time/business-time';
import type { EngineContext } from '../context';
import { ActionRejectedError } from '../model/errors';
import type { FlowRecord } from '../model/flow-records';
import { getFlow, saveFlow } from '../flow-timers/flow-store';
import { assertNoIssues, issue } from '../model/input-issues';
import { resolveInstance } from '../lifecycle/lifecycle-guards';
import { currentPeriodType } from '../lifecycle/lifecycle-input-checks';
import { price } from '../lifecycle/orders';
import { renew } from '../lifecycle/renewal';
import type { InstanceRecord } from '../model/types';

/** One charge attempt, shown on the timeline. */
export interface AutoRenewalAttempt {
  at: number;
  outcome: 'PAID' | 'INSUFFICIENT_BALANCE';
  amount: number;
  /** The RENEW order of a paid attempt. */
  orderId: string | null;
  /** For a failure: whether another attempt is scheduled. */
  final: boolean;
}

/** The `data` of an `autoRenewal` record (id = the instance ref). */
export interface AutoRenewalData {
  enabled: boolean;
  /** Days before expiry of the first charge (2–7). */
  deductionDays: number;
  attempts: AutoRenewalAttempt[];
}

export type AutoRenewalRecord = FlowRecord<AutoRenewalData>;

/** The `data` of a `buyerBalance` record (id = the buyer id): null = unlimited. */
export interface BuyerBalanceData {
  balance: number | null;
}

/** Supervision types that the cn list leaves out of auto-renewal (§3, §10 item 12 [P]). */
const NOT_RENEWABLE = new Set(['hardware', 'orchestration']);

/** The buyer's mock balance (null = unlimited, the default). */
export function buyerBalance(ctx: EngineContext, buyerId: string): number | null {
  return getFlow<BuyerBalanceData>(ctx, 'buyerBalance', buyerId)?.data.balance ?? null;
}

/** Sets the buyer's mock balance; null = unlimited. */
export function setBuyerBalance(
  ctx: EngineContext,
  buyerId: string,
  balance: number | null,
): FlowRecord<BuyerBalanceData> {
  return ctx.unit(() => {
    if (ctx.store.getBuyer(buyerId) === undefined) {
      assertNoIssues('set-balance', [issue('/buyerId', `no buyer ${buyerId}; list buyers to see their ids`)]);
    }
    if (balance !== null && (typeof balance !== 'number' || !Number.isFinite(balance) || balance < 0)) {
      assertNoIssues('set-balance', [issue('/balance', 'must be a number ≥ 0, or null for unlimited')]);
    }
    return saveFlow<BuyerBalanceData>(ctx, {
      kind: 'buyerBalance',
      id: buyerId,
      orderId: null,
      dueAt: null,
      data: { balance },
    });
  });
}

/** The charge time for an expiry: `deductionDays` before it, at the configured minute of that business day. */
function chargeAt(ctx: EngineContext, expireAt: number, deductionDays: number): number {
  const tz = ctx.options.timeZoneOffsetMinutes;
  return (
    startOfBusinessDay(expireAt - deductionDays * DAY_MS, tz) +
    ctx.options.businessFlows.autoRenewChargeMinute * MINUTE_MS
  );
}

/** The next charge slot strictly after `now`. */
function nextSlot(ctx: EngineContext, now: number): number {
  const minute = ctx.options.businessFlows.autoRenewChargeMinute * MINUTE_MS;
  const today = startOfBusinessDay(now, ctx.options.timeZoneOffsetMinutes) + minute;
  return today > now ? today : today + DAY_MS;
}

/** When the first (or next) charge of an instance runs. */
function firstCharge(ctx: EngineContext, i: InstanceRecord, deductionDays: number): number | null {
  if (i.expireAt === null || i.state === 'released') return null;
  const at = chargeAt(ctx, i.expireAt, deductionDays);
  return at > ctx.now() ? at : nextSlot(ctx, ctx.now());
}

/** Input of `setAutoRenew`. */
export interface AutoRenewInput {
  enabled: boolean;
  /** Days before expiry of the first charge, 2–7; default `businessFlows.autoRenewDeductionDays`. */
  deductionDays?: number;
}

/** Buyer: turns auto-renewal of a period instance on or off (修改到期策略). */
export function setAutoRenew(ctx: EngineContext, ref: string, input: AutoRenewInput): AutoRenewalRecord {
  return ctx.unit(() => {
    const i = resolveInstance(ctx, ref);
    const issues = [];
    if (input === null || typeof input !== 'object' || typeof input.enabled !== 'boolean')
      issues.push(issue('/enabled', 'required: true or false'));
    const days =
      input?.deductionDays ??
      getFlow<AutoRenewalData>(ctx, 'autoRenewal', i.ref)?.data.deductionDays ??
      ctx.options.businessFlows.autoRenewDeductionDays;
    if (!Number.isInteger(days) || days < 2 || days > 7)
      issues.push(issue('/deductionDays', 'must be an integer from 2 to 7 (days before expiry)'));
    assertNoIssues('set-auto-renew', issues);
    const type = ctx.catalog.product(i.productCode).supervision;
    if (
      i.chargingMode !== 'PERIOD' ||
      i.trial ||
      (type !== undefined && NOT_RENEWABLE.has(type)) ||
      i.state === 'released'
    ) {
      throw new ActionRejectedError(
        'NOT_SUPPORTED',
        `Instance ${i.ref} cannot renew automatically: only yearly/monthly SaaS, manual-service and licence instances that are not trials or released can (seller-console §3).`,
      );
    }
    const existing = getFlow<AutoRenewalData>(ctx, 'autoRenewal', i.ref);
    return saveFlow<AutoRenewalData>(ctx, {
      kind: 'autoRenewal',
      id: i.ref,
      orderId: i.orderId,
      dueAt: input.enabled ? firstCharge(ctx, i, days) : null,
      data: { enabled: input.enabled, deductionDays: days, attempts: existing?.data.attempts ?? [] },
    });
  });
}

/** Timer: one charge attempt (see module doc). */
export function fireAutoRenewal(ctx: EngineContext, record: FlowRecord): void {
  const r = record as AutoRenewalRecord;
  const now = ctx.now();
  const i = ctx.store.getInstance(r.id);
  if (i === undefined || i.state === 'released' || i.expireAt === null || !r.data.enabled) {
    saveFlow<AutoRenewalData>(ctx, { ...r, dueAt: null });
    return;
  }
  // A manual renewal moved the expiry: charge before the new one instead.
  const due = chargeAt(ctx, i.expireAt, r.data.deductionDays);
  if (due > now) {
    saveFlow<AutoRenewalData>(ctx, { ...r, dueAt: due });
    return;
  }
  const periodType = currentPeriodType(i);
  const amount = price(ctx, i.productCode, i.skuCode, periodType, 1, i.linearValue);
  const balance = buyerBalance(ctx, i.buyerId);
  if (balance !== null && balance < amount) {
    const graceDays = ctx.store.getBuyer(i.buyerId)?.gracePeriodDays ?? ctx.options.gracePeriodDays;
    const retentionEnd = i.expireAt + graceDays * DAY_MS;
    const next = nextSlot(ctx, now);
    const final = next > retentionEnd;
    const attempt: AutoRenewalAttempt = {
      at: now,
      outcome: 'INSUFFICIENT_BALANCE',
      amount,
      orderId: null,
      final,
    };
    saveFlow<AutoRenewalData>(ctx, {
      ...r,
      dueAt: final ? null : next,
      data: { ...r.data, attempts: [...r.data.attempts, attempt] },
    });
    return;
  }
  if (balance !== null) setBuyerBalance(ctx, i.buyerId, balance - amount);
  const order = renew(ctx, i.ref, { periodType, periodNumber: 1, autoPay: true });
  const renewed = ctx.store.getInstance(i.ref) as InstanceRecord;
  const attempt: AutoRenewalAttempt = {
    at: now,
    outcome: 'PAID',
    amount,
    orderId: order.orderId,
    final: false,
  };
  saveFlow<AutoRenewalData>(ctx, {
    ...r,
    dueAt: renewed.expireAt === null ? null : chargeAt(ctx, renewed.expireAt, r.data.deductionDays),
    data: { ...r.data, attempts: [...r.data.attempts, attempt] },
  });
}
