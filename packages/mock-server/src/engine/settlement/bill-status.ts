/**
 * The status flow of a bill (seller-console.md §6.4, with the readings of §10 items 4 and 5 [P]). The seller
 * confirms a pre-cut-off bill (确认账单, §6.3) and issues the invoice of a joint-operations bill (开票清单, §6.5);
 * every other move is the platform's operators', which the mock plays (admin API, CLI, console). Every change is
 * recorded on the bill's timeline with its business time and actor.
 *
 * | From | Action | To |
 * | --- | --- | --- |
 * | 待确认 PENDING_CONFIRMATION | confirm (seller) | 待会签 PENDING_COUNTERSIGN |
 * | 待会签 PENDING_COUNTERSIGN | advance | 会签中 COUNTERSIGNING |
 * | 会签中 COUNTERSIGNING | advance / reject | 待申付 PENDING_PAYMENT_REQUEST / 会签驳回 COUNTERSIGN_REJECTED |
 * | 会签驳回 COUNTERSIGN_REJECTED | resolve | 待会签 (§10 item 5: operator-resolved, back to 待会签) |
 * | 待申付 PENDING_PAYMENT_REQUEST | advance / fail | general: 申付处理中; joint operations: 待开票 / 申付单创建失败 |
 * | 申付单创建失败 PAYMENT_REQUEST_FAILED | resolve | 待申付 |
 * | 待开票 PENDING_INVOICE | advance (seller issues the invoice) | 发票待审核 INVOICE_REVIEW |
 * | 发票待审核 INVOICE_REVIEW | advance / reject | 申付处理中 / 待开票 (invoice refused: issue it again) |
 * | 申付处理中 PAYMENT_REQUEST_PROCESSING | advance / reject | 支付中 PAYING / 申付驳回 PAYMENT_REQUEST_REJECTED |
 * | 申付驳回 PAYMENT_REQUEST_REJECTED | resolve | 待申付 (§10 item 5) |
 * | 支付中 PAYING | advance | 已支付 PAID |
 */
import type { EngineContext } from '../context';
import { getFlow, listFlows, saveFlow } from '../flow-timers/flow-store';
import { IllegalTransitionError, NotFoundError } from '../model/errors';
import { assertNoIssues, issue } from '../model/input-issues';
import {
  BILL_ACTIONS,
  BILL_STATUS_LABELS,
  PRODUCT_TYPE_LABELS,
  PRODUCT_TYPES,
  type BillAction,
  type BillActor,
  type BillData,
  type BillStatus,
  type BillView,
  type ProductType,
} from '../model/settlement-types';
import { billKey } from './bill-run';

type Move = { to: BillStatus; actor: BillActor };

/** The transitions of the table above, by status and action; `advance` from 待申付 depends on the product type. */
const TRANSITIONS: Readonly<
  Record<BillStatus, Partial<Record<BillAction, Move | ((t: ProductType) => Move)>>>
> = {
  PENDING_CONFIRMATION: { confirm: { to: 'PENDING_COUNTERSIGN', actor: 'seller' } },
  PENDING_COUNTERSIGN: { advance: { to: 'COUNTERSIGNING', actor: 'operator' } },
  COUNTERSIGNING: {
    advance: { to: 'PENDING_PAYMENT_REQUEST', actor: 'operator' },
    reject: { to: 'COUNTERSIGN_REJECTED', actor: 'operator' },
  },
  COUNTERSIGN_REJECTED: { resolve: { to: 'PENDING_COUNTERSIGN', actor: 'operator' } },
  PENDING_PAYMENT_REQUEST: {
    advance: (t) => ({
      to: t === 'joint-operations' ? 'PENDING_INVOICE' : 'PAYMENT_REQUEST_PROCESSING',
      actor: 'operator',
    }),
    fail: { to: 'PAYMENT_REQUEST_FAILED', actor: 'operator' },
  },
  PAYMENT_REQUEST_FAILED: { resolve: { to: 'PENDING_PAYMENT_REQUEST', actor: 'operator' } },
  PENDING_INVOICE: { advance: { to: 'INVOICE_REVIEW', actor: 'seller' } },
  INVOICE_REVIEW: {
    advance: { to: 'PAYMENT_REQUEST_PROCESSING', actor: 'operator' },
    reject: { to: 'PENDING_INVOICE', actor: 'operator' },
  },
  PAYMENT_REQUEST_PROCESSING: {
    advance: { to: 'PAYING', actor: 'operator' },
    reject: { to: 'PAYMENT_REQUEST_REJECTED', actor: 'operator' },
  },
  PAYMENT_REQUEST_REJECTED: { resolve: { to: 'PENDING_PAYMENT_REQUEST', actor: 'operator' } },
  PAYING: { advance: { to: 'PAID', actor: 'operator' } },
  PAID: {},
};

/** Actions allowed on a bill in `status`. */
export function allowedBillActions(status: BillStatus): BillAction[] {
  return BILL_ACTIONS.filter((a) => TRANSITIONS[status][a] !== undefined);
}

/** A bill as the admin API shows it. */
export function billView(data: BillData): BillView {
  return {
    ...data,
    statusLabel: BILL_STATUS_LABELS[data.status],
    productTypeLabel: PRODUCT_TYPE_LABELS[data.productType],
    lineCount: data.lines.length,
    allowedActions: allowedBillActions(data.status),
  };
}

/** Filter of `listBills`. */
export interface BillFilter {
  productType?: ProductType;
  status?: BillStatus;
  billId?: string;
}

/** Bills, newest period first, general before joint operations. */
export function listBills(ctx: EngineContext, filter: BillFilter = {}): BillView[] {
  return listFlows<BillData>(ctx, 'bill')
    .map((r) => r.data)
    .filter(
      (b) =>
        (filter.productType === undefined || b.productType === filter.productType) &&
        (filter.status === undefined || b.status === filter.status) &&
        (filter.billId === undefined || b.billId === filter.billId),
    )
    .sort((a, b) =>
      a.billId === b.billId
        ? PRODUCT_TYPES.indexOf(a.productType) - PRODUCT_TYPES.indexOf(b.productType)
        : a.billId < b.billId
          ? 1
          : -1,
    )
    .map(billView);
}

/** The bill `billId` (`YYYYMM`); `productType` may be left out when only one product type has that bill. */
export function getBill(ctx: EngineContext, billId: string, productType?: ProductType): BillView {
  if (productType !== undefined && !PRODUCT_TYPES.includes(productType)) {
    assertNoIssues('bill', [issue('/productType', `must be one of ${PRODUCT_TYPES.join(', ')}`, 'enum')]);
  }
  const found = listBills(ctx, { billId, ...(productType === undefined ? {} : { productType }) });
  if (found.length === 0) {
    throw new NotFoundError(
      'bill',
      productType === undefined ? billId : `${productType} ${billId}`,
      'Bills are named by their month (YYYYMM) and generated on the bill day of the next month; list bills to see them.',
    );
  }
  if (found.length > 1) {
    assertNoIssues('bill', [
      issue(
        '/productType',
        `bill ${billId} exists for ${found.map((b) => b.productType).join(' and ')}; name the product type`,
        'required',
      ),
    ]);
  }
  return found[0] as BillView;
}

/** Options of `moveBill`. */
export interface MoveBillOptions {
  productType?: ProductType;
  /** Shown on the timeline (a rejection's reason, an invoice number…). */
  note?: string;
}

/** Moves a bill by `action` (table above) and records it on the timeline. */
export function moveBill(
  ctx: EngineContext,
  billId: string,
  action: BillAction,
  o: MoveBillOptions = {},
): BillView {
  return ctx.unit(() => {
    if (!BILL_ACTIONS.includes(action)) {
      assertNoIssues('bill action', [issue('/action', `must be one of ${BILL_ACTIONS.join(', ')}`, 'enum')]);
    }
    if (o.note !== undefined && (typeof o.note !== 'string' || o.note.length > 500)) {
      assertNoIssues('bill action', [issue('/note', 'must be a string of at most 500 characters')]);
    }
    const bill = getBill(ctx, billId, o.productType);
    const rule = TRANSITIONS[bill.status][action];
    if (rule === undefined) {
      throw new IllegalTransitionError(
        'bill',
        `${bill.productType} ${bill.billId}`,
        `${bill.status} (${bill.statusLabel})`,
        action,
        allowedBillActions(bill.status),
      );
    }
    const move = typeof rule === 'function' ? rule(bill.productType) : rule;
    const id = billKey(bill.productType, bill.billId);
    const record = getFlow<BillData>(ctx, 'bill', id);
    if (record === undefined) throw new NotFoundError('bill', id, 'List bills to see them.');
    const saved = saveFlow<BillData>(ctx, {
      ...record,
      data: {
        ...record.data,
        status: move.to,
        timeline: [
          ...record.data.timeline,
          { at: ctx.now(), from: bill.status, to: move.to, action, actor: move.actor, note: o.note ?? null },
        ],
      },
    });
    return billView(saved.data);
  });
}
