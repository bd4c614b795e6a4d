/**
 * Performance summaries (业绩汇总, seller-console.md §7). They belong to the Huawei Cloud Partner Center, not to the
 * seller console: every summary is marked with that view. The mock plays one partner (the seller) with one sheet
 * per month (§7 [P]):
 * - the current business month is 预估 (ESTIMATED), recomputed from its eligible transaction rows;
 * - the previous month is 初稿 (DRAFT) until an operator reviews it, then 终稿 (FINAL);
 * - older months are 终稿.
 * A month's figure comes from its bills once they exist (derived from the bills), before that from the eligible
 * rows attributed to it. Months without any transaction have no sheet, except the current one.
 */
import type { EngineContext } from '../context';
import { getFlow, listFlows, saveFlow } from '../flow-timers/flow-store';
import { IllegalTransitionError, NotFoundError } from '../model/errors';
import { assertNoIssues, issue } from '../model/input-issues';
import {
  PARTNER_CENTER_VIEW,
  PERFORMANCE_STATUS_LABELS,
  type BillData,
  type BillLine,
  type PerformanceSheet,
  type PerformanceStatus,
  type PerformanceSummary,
} from '../model/settlement-types';
import { fromCents, toCents } from './money';
import { isPeriod, periodOf, shiftPeriod } from './periods';
import { lineOf } from './bill-run';
import { deriveTransactions } from './transactions';

/** The `data` of a `performanceReview` record (id = the period `YYYYMM`). */
export interface PerformanceReviewData {
  reviewedAt: number;
}

/** Every sheet with its lines, newest first. */
function sheets(ctx: EngineContext): PerformanceSheet[] {
  const now = ctx.now();
  const current = periodOf(now, ctx.options.timeZoneOffsetMinutes);
  const previous = shiftPeriod(current, -1);
  const lines = new Map<string, { lines: BillLine[]; source: 'bills' | 'transactions' }>();
  for (const b of listFlows<BillData>(ctx, 'bill')) {
    const slot = lines.get(b.data.billId) ?? { lines: [], source: 'bills' as const };
    slot.lines.push(...b.data.lines);
    lines.set(b.data.billId, slot);
  }
  for (const e of deriveTransactions(ctx, now).eligible) {
    if (lines.get(e.period)?.source === 'bills') continue;
    const slot = lines.get(e.period) ?? { lines: [], source: 'transactions' as const };
    slot.lines.push(lineOf(e, e.period));
    lines.set(e.period, slot);
  }
  if (!lines.has(current)) lines.set(current, { lines: [], source: 'transactions' });
  return [...lines.entries()]
    .filter(([period]) => period <= current)
    .sort(([a], [b]) => (a < b ? 1 : -1))
    .map(([period, slot]) => {
      const review = getFlow<PerformanceReviewData>(ctx, 'performanceReview', period)?.data;
      const status: PerformanceStatus =
        period === current ? 'ESTIMATED' : period === previous && review === undefined ? 'DRAFT' : 'FINAL';
      return {
        sheetId: `PS${period}`,
        period,
        status,
        statusLabel: PERFORMANCE_STATUS_LABELS[status],
        totalAmount: fromCents(slot.lines.reduce((s, l) => s + toCents(l.amount), 0)),
        lineCount: slot.lines.length,
        source: slot.source,
        ...PARTNER_CENTER_VIEW,
        reviewedAt: review?.reviewedAt ?? null,
        lines: slot.lines,
      };
    });
}

/** The summaries (without lines), newest first. */
export function listPerformanceSummaries(ctx: EngineContext): PerformanceSummary[] {
  return sheets(ctx).map(({ lines: _lines, ...summary }) => summary);
}

/** One sheet with its lines (业绩明细), by sheet id (`PS202601`) or period (`202601`). */
export function performanceSheet(ctx: EngineContext, id: string): PerformanceSheet {
  const period = id.startsWith('PS') ? id.slice(2) : id;
  const sheet = sheets(ctx).find((s) => s.period === period);
  if (sheet === undefined) {
    throw new NotFoundError(
      'performanceSheet',
      id,
      'List the performance summaries to see their sheet ids (PSYYYYMM).',
    );
  }
  return sheet;
}

/** Operator: reviews the previous month's draft, which becomes final (§7 [P]). */
export function reviewPerformance(ctx: EngineContext, period: string): PerformanceSummary {
  return ctx.unit(() => {
    if (!isPeriod(period))
      assertNoIssues('performance review', [
        issue('/period', 'must be a month YYYYMM, e.g. 202601', 'pattern'),
      ]);
    const { lines: _lines, ...sheet } = performanceSheet(ctx, period);
    if (sheet.status !== 'DRAFT') {
      throw new IllegalTransitionError(
        'performance sheet',
        sheet.sheetId,
        `${sheet.status} (${sheet.statusLabel})`,
        'review',
        [],
        "Only the previous month's draft (初稿) can be reviewed; the current month is an estimate and older months are final.",
      );
    }
    saveFlow<PerformanceReviewData>(ctx, {
      kind: 'performanceReview',
      id: period,
      orderId: null,
      dueAt: null,
      data: { reviewedAt: ctx.now() },
    });
    return { ...sheet, status: 'FINAL', statusLabel: PERFORMANCE_STATUS_LABELS.FINAL, reviewedAt: ctx.now() };
  });
}
