/**
 * Lifecycle probing (§11.3): for products on sale, the platform replays the seller's saved debug cases against
 * the production URL twice a day (09:00 and 15:00 business time by default) and e-mails on failure. A business
 * day counts as failed when any probe of that day failed; after `freezeAfterDays` consecutive failed days the
 * product's trading is frozen and it is hidden; after `delistAfterDays` it is delisted.
 */
import { DAY_MS, MINUTE_MS, dayKey, shiftDayKey, startOfBusinessDay } from '../time/business-time';
import type { EngineContext } from '../context';
import { createJob } from './jobs';
import { onceSchedule } from './retry-schedules';
import { delistProduct, productState, saveProductState, sendMail } from '../records/side-effects';
import type { JobRecord, ProductStateRecord } from '../model/types';

/** Meta key of the last probe slot that ran. */
export const PROBE_LAST_SLOT_KEY = 'probe.lastSlotAt';

/** Failed days kept per product (enough for any threshold up to a month). */
const KEEP_FAILED_DAYS = 62;

/** The first probe slot strictly after `t`. */
export function nextSlotAfter(t: number, slotsMinutes: readonly number[], offsetMinutes: number): number {
  const dayStart = startOfBusinessDay(t, offsetMinutes);
  for (let d = 0; d <= 1; d++) {
    for (const m of slotsMinutes) {
      const at = dayStart + d * DAY_MS + m * MINUTE_MS;
      if (at > t) return at;
    }
  }
  return dayStart + 2 * DAY_MS + (slotsMinutes[0] ?? 0) * MINUTE_MS;
}

/** The probing scheduler. */
export interface Prober {
  /** Next slot due, or undefined when probing is off or no debug case is saved. */
  nextDueAt(): number | undefined;
  /** Creates the probe jobs of every slot due at or before `now`. */
  runDue(now: number): void;
  /** Creates the probe jobs for one slot right now (manual trigger); returns them. */
  probeNow(): JobRecord[];
  /** Call after debug cases were added or removed. */
  casesChanged(): void;
  /** Records a failed probe (called when a probe job gives up). */
  probeFailed(job: JobRecord): void;
}

/** Creates the prober. */
export function createProber(ctx: EngineContext): Prober {
  const o = ctx.options.probing;
  const tz = ctx.options.timeZoneOffsetMinutes;
  let caseCount = ctx.store.listDebugCases().length;
  let lastSlot = Number(ctx.store.getMeta(PROBE_LAST_SLOT_KEY) ?? Number.NaN);
  if (!Number.isFinite(lastSlot)) {
    lastSlot = ctx.now();
    ctx.unit(() => ctx.store.setMeta(PROBE_LAST_SLOT_KEY, String(lastSlot)));
  }

  const createProbes = (slotAt: number): JobRecord[] =>
    ctx.store.listDebugCases().map((c) =>
      createJob(ctx, {
        interface: c.interface,
        purpose: 'probe',
        body: c.body,
        refs: { productCode: c.productCode, debugCaseId: c.id, probeDay: dayKey(slotAt, tz) },
        schedule: onceSchedule(),
        testFlag: '1',
      }),
    );

  const consecutiveFailedDays = (p: ProductStateRecord, day: string): number => {
    const failed = new Set(p.probeFailedDays);
    let n = 0;
    while (failed.has(shiftDayKey(day, -n))) n++;
    return n;
  };

  return {
    nextDueAt() {
      if (!o.enabled || caseCount === 0) return undefined;
      return nextSlotAfter(lastSlot, o.slotsMinutes, tz);
    },
    runDue(now) {
      for (;;) {
        if (!o.enabled || caseCount === 0) return;
        const slot = nextSlotAfter(lastSlot, o.slotsMinutes, tz);
        if (slot > now) return;
        ctx.unit(() => {
          createProbes(slot);
          ctx.store.setMeta(PROBE_LAST_SLOT_KEY, String(slot));
        });
        lastSlot = slot;
      }
    },
    probeNow() {
      return ctx.unit(() => createProbes(ctx.now()));
    },
    casesChanged() {
      const before = caseCount;
      caseCount = ctx.store.listDebugCases().length;
      if (before === 0 && caseCount > 0 && lastSlot < ctx.now()) {
        // Probing starts from the moment the first case is saved; earlier slots are not replayed.
        lastSlot = ctx.now();
        ctx.unit(() => ctx.store.setMeta(PROBE_LAST_SLOT_KEY, String(lastSlot)));
      }
    },
    probeFailed(job) {
      const code = job.refs.productCode;
      const day = job.refs.probeDay ?? dayKey(ctx.now(), tz);
      if (code === null) return;
      const p = productState(ctx, code);
      const days = p.probeFailedDays.includes(day) ? p.probeFailedDays : [...p.probeFailedDays, day].sort();
      const next: ProductStateRecord = { ...p, probeFailedDays: days.slice(-KEEP_FAILED_DAYS) };
      sendMail(
        ctx,
        'PROBE_FAILED',
        `Lifecycle probing of ${code} failed (${job.interface}, ${day})`,
        `The saved debug case ${job.refs.debugCaseId ?? ''} (${job.interface}) failed when replayed against the production URL: ${job.lastProblems.map((x) => `${x.code}: ${x.message}`).join('; ')}. ${o.freezeAfterDays} consecutive days of failure freeze the product's trading.`,
        { jobId: job.id, productCode: code },
      );
      const streak = consecutiveFailedDays(next, day);
      if (streak >= o.freezeAfterDays && !next.tradingFrozen) {
        next.tradingFrozen = true;
        next.tradingFrozenAt = ctx.now();
        sendMail(
          ctx,
          'PRODUCT_TRADING_FROZEN',
          `Trading of ${code} frozen after ${streak} days of failed lifecycle probing`,
          `Lifecycle probing failed on ${streak} consecutive days, so the product's trading is frozen and it is hidden. Fix the production interface; continued failure delists the product.`,
          { jobId: job.id, productCode: code },
        );
      }
      if (streak >= o.delistAfterDays && !next.delisted) {
        delistProduct(
          ctx,
          next,
          'PROBE_FAILURES',
          `Product ${code} delisted after ${streak} days of failed lifecycle probing`,
          `Lifecycle probing kept failing for ${streak} consecutive days, so the product was delisted. Fix the production interface, then relist the product.`,
          { jobId: job.id, productCode: code },
        );
      }
      saveProductState(ctx, next);
    },
  };
}
