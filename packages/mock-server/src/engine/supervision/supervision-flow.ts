/**
 * Service supervision flows (seller-console.md §2) on the engine's clock. A NEW order of a supervised product
 * stays Processing after provisioning succeeded (§1, §2.6) while its `supervision` flow record walks the nodes
 * of its type (§2.3); buyer and seller act on it (§2.4), appeals open after idle days or rejections (§2.5), and
 * when it finishes the order becomes Completed `completionLagMinutes` later (§2.5 [P], default 3 h) with its
 * validity starting at the seller's actual opening time, else at the acceptance (§2.6 [P], §10 item 10).
 * Renewals never start a flow (§2.6). The acceptance sends V1's newInstance re-call with `acceptanceTime`
 * (./acceptance-call.ts); V2 sends no extra production call (§10 item 18 [P]).
 */
import { addPeriod } from '../time/business-time';
import type { EngineContext } from '../context';
import { ActionRejectedError, NotFoundError } from '../model/errors';
import type { FlowRecord } from '../model/flow-records';
import { getFlow, saveFlow } from '../flow-timers/flow-store';
import { assertNoIssues, issue } from '../model/input-issues';
import { moveOrder, saveInstance, saveOrder } from '../records/mutations';
import { issueOrderLicence } from '../licences/order-licences';
import { sendAcceptanceCall } from './acceptance-call';
import type { OrderRecord } from '../model/types';
import type {
  SupervisionData,
  SupervisionDocument,
  SupervisionNode,
  SupervisionStep,
  SupervisionType,
} from '../model/supervision-types';

/** A supervision record. */
export type SupervisionRecord = FlowRecord<SupervisionData>;

/** Largest delivery document accepted (decoded bytes). */
export const MAX_DOCUMENT_BYTES = 512 * 1024;
/** Most documents per 确认完成. */
export const MAX_DOCUMENTS = 5;

/** First node of each type (§2.3): types with a requirement step start there. */
const FIRST_NODE: Readonly<Record<SupervisionType, SupervisionNode>> = {
  'manual-service': 'REQ_PENDING',
  'saas-acceptance': 'REQ_PENDING',
  'licence-id': 'REQ_PENDING',
  'licence-offline': 'DELIVERING',
  'licence-code': 'DELIVERING',
  'licence-package': 'USER_ACCEPTANCE',
  hardware: 'DELIVERING',
  orchestration: 'DELIVERING',
};

/** Nodes where the seller is expected to act (the buyer may appeal when they stay idle). */
const SELLER_NODES: ReadonlySet<SupervisionNode> = new Set(['REQ_CONFIRM', 'DELIVERING', 'PROOF_UPLOAD']);
/** Nodes where the buyer is expected to act (the seller may appeal when they stay idle). */
const BUYER_NODES: ReadonlySet<SupervisionNode> = new Set(['REQ_PENDING', 'USER_ACCEPTANCE', 'CODE_CLAIM']);

/** The supervision of an order, or NotFoundError. */
export function getSupervision(ctx: EngineContext, orderId: string): SupervisionRecord {
  const r = getFlow<SupervisionData>(ctx, 'supervision', orderId);
  if (r === undefined) {
    throw new NotFoundError(
      'order',
      orderId,
      'Only paid NEW orders of supervised products have a supervision; list them with GET /__admin/supervisions.',
    );
  }
  return r;
}

/** Moves the record to `to`, recording the step; `patch` changes other fields. */
function step(
  ctx: EngineContext,
  r: SupervisionRecord,
  to: SupervisionNode,
  action: string,
  by: SupervisionStep['by'],
  note: string | null,
  patch: Partial<SupervisionData> = {},
  dueAt: number | null = r.dueAt,
): SupervisionRecord {
  const now = ctx.now();
  const data: SupervisionData = {
    ...r.data,
    ...patch,
    node: to,
    nodeSince: to === r.data.node ? r.data.nodeSince : now,
    steps: [...r.data.steps, { at: now, from: r.data.node, to, action, by, note }],
  };
  return saveFlow<SupervisionData>(ctx, { ...r, dueAt, data });
}

/** Refuses an action outside its node. */
function expectNode(r: SupervisionRecord, nodes: SupervisionNode[], action: string): void {
  if (!nodes.includes(r.data.node)) {
    throw new ActionRejectedError(
      'NOT_SUPPORTED',
      `Cannot ${action} the supervision of order ${r.id}: it is at ${r.data.node}; ${action} is possible at ${nodes.join(' or ')}.`,
    );
  }
}

/**
 * Starts supervision for a NEW order of a supervised product whose provisioning succeeded; returns false when the
 * order is not supervised (it then completes as usual).
 */
export function startSupervision(ctx: EngineContext, order: OrderRecord): boolean {
  const type = ctx.catalog.product(order.productCode).supervision;
  if (type === undefined || order.orderType !== 'NEW') return false;
  if (ctx.store.getFlow('supervision', order.orderId) !== undefined) return true;
  const now = ctx.now();
  const node = FIRST_NODE[type];
  const licenceCode = type === 'licence-code' ? issueOrderLicence(ctx, order).id : null;
  saveFlow<SupervisionData>(ctx, {
    kind: 'supervision',
    id: order.orderId,
    orderId: order.orderId,
    dueAt: null,
    data: {
      type,
      productCode: order.productCode,
      buyerId: order.buyerId,
      node,
      nodeSince: now,
      requirement: null,
      requirementRejections: 0,
      rejections: 0,
      resultDescription: null,
      actualOpeningTime: null,
      documents: [],
      completionRounds: 0,
      licenceCode,
      acceptedAt: null,
      validityStart: null,
      orderCompletesAt: null,
      appeal: null,
      steps: [{ at: now, from: null, to: node, action: 'paid and provisioned', by: 'system', note: null }],
    },
  });
  return true;
}

/** Buyer: 提交需求 (also the system/hardware id of licence-id products). */
export function submitRequirement(
  ctx: EngineContext,
  orderId: string,
  description: string,
): SupervisionRecord {
  return ctx.unit(() => {
    const r = getSupervision(ctx, orderId);
    expectNode(r, ['REQ_PENDING'], 'submit the requirement of');
    if (typeof description !== 'string' || description.trim() === '') {
      assertNoIssues('submit-requirement', [
        issue('/description', 'required: the requirement (or the licence id)'),
      ]);
    }
    return step(ctx, r, 'REQ_CONFIRM', 'submit requirement', 'buyer', description, {
      requirement: description,
    });
  });
}

/** Seller: 确认需求 / 驳回需求. */
export function reviewRequirement(
  ctx: EngineContext,
  orderId: string,
  accept: boolean,
  reason?: string,
): SupervisionRecord {
  return ctx.unit(() => {
    const r = getSupervision(ctx, orderId);
    expectNode(r, ['REQ_CONFIRM'], accept ? 'confirm the requirement of' : 'reject the requirement of');
    return accept
      ? step(ctx, r, 'DELIVERING', 'confirm requirement', 'seller', null)
      : step(ctx, r, 'REQ_PENDING', 'reject requirement', 'seller', reason ?? null, {
          requirementRejections: r.data.requirementRejections + 1,
        });
  });
}

/** Input of the seller's 确认完成. */
export interface ConfirmCompletionInput {
  /** 服务结果描述. */
  resultDescription: string;
  /** 实际开通时间: business ms or an ISO time; default none (validity then starts at the acceptance). */
  actualOpeningTime?: number | string | null;
  /** Delivery proof: `{ name, contentType?, contentBase64 }` each. */
  documents?: Array<{ name: string; contentType?: string; contentBase64: string }>;
}

/** Checks and decodes the documents of 确认完成. */
function takeDocuments(
  ctx: EngineContext,
  r: SupervisionRecord,
  input: ConfirmCompletionInput,
): SupervisionDocument[] {
  const issues = [];
  const docs = input.documents ?? [];
  if (!Array.isArray(docs))
    issues.push(issue('/documents', 'must be an array of { name, contentType?, contentBase64 }'));
  else if (docs.length > MAX_DOCUMENTS)
    issues.push(issue('/documents', `at most ${MAX_DOCUMENTS} documents per 确认完成`));
  const out: SupervisionDocument[] = [];
  const round = r.data.completionRounds + 1;
  (Array.isArray(docs) ? docs : []).forEach((d, k) => {
    const at = `/documents/${k}`;
    if (d === null || typeof d !== 'object')
      return void issues.push(issue(at, 'must be { name, contentType?, contentBase64 }'));
    if (typeof d.name !== 'string' || d.name.trim() === '' || d.name.length > 255 || /[/\\]/.test(d.name)) {
      issues.push(issue(`${at}/name`, 'required: a file name of 1-255 characters without slashes'));
    }
    const b64 = d.contentBase64;
    if (typeof b64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) {
      return void issues.push(issue(`${at}/contentBase64`, 'required: the file content in base64'));
    }
    const size = (b64.length / 4) * 3 - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);
    if (size > MAX_DOCUMENT_BYTES)
      issues.push(issue(`${at}/contentBase64`, `larger than ${MAX_DOCUMENT_BYTES} bytes`));
    const contentType =
      typeof d.contentType === 'string' && d.contentType !== '' ? d.contentType : 'application/octet-stream';
    out.push({
      id: `DOC${round}-${r.data.documents.length + out.length + 1}`,
      name: String(d.name),
      contentType,
      size,
      contentBase64: b64,
      uploadedAt: ctx.now(),
      round,
    });
  });
  assertNoIssues('confirm-completion', issues);
  return out;
}

/** An actual opening time as business ms, or null. */
function openingTime(value: ConfirmCompletionInput['actualOpeningTime']): number | null {
  if (value === undefined || value === null || value === '') return null;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) {
    assertNoIssues('confirm-completion', [
      issue('/actualOpeningTime', 'must be epoch milliseconds or an ISO time'),
    ]);
  }
  return ms;
}

/**
 * Seller: 确认完成 (开通交付 for licences; 商家上传交付证明 for licence 2.0): result description, actual opening
 * time and documents. Moves to the buyer's acceptance; licence 2.0 goes to the code claim first, or — at
 * PROOF_UPLOAD — is accepted automatically (§2.3, non-赋能云); hardware arms its automatic acceptance.
 */
export function confirmCompletion(
  ctx: EngineContext,
  orderId: string,
  input: ConfirmCompletionInput,
): SupervisionRecord {
  return ctx.unit(() => {
    const r = getSupervision(ctx, orderId);
    expectNode(r, ['DELIVERING', 'PROOF_UPLOAD'], 'confirm completion of');
    if (
      input === null ||
      typeof input !== 'object' ||
      typeof input.resultDescription !== 'string' ||
      input.resultDescription.trim() === ''
    ) {
      assertNoIssues('confirm-completion', [
        issue('/resultDescription', 'required: the service result description (服务结果描述)'),
      ]);
    }
    const opening = openingTime(input.actualOpeningTime);
    const documents = takeDocuments(ctx, r, input);
    const patch: Partial<SupervisionData> = {
      resultDescription: input.resultDescription,
      actualOpeningTime: opening ?? r.data.actualOpeningTime,
      documents: [...r.data.documents, ...documents],
      completionRounds: r.data.completionRounds + 1,
    };
    const note = `${documents.length} document(s)`;
    if (r.data.type === 'licence-code') {
      if (r.data.node === 'DELIVERING')
        return step(ctx, r, 'CODE_CLAIM', 'deliver licence code', 'seller', note, patch);
      const proved = step(ctx, r, 'PROOF_UPLOAD', 'upload delivery proof', 'seller', note, patch);
      return accept(ctx, proved, 'automatic acceptance (licence 2.0)', 'system');
    }
    const due =
      r.data.type === 'hardware' ? ctx.now() + ctx.options.businessFlows.hardwareAutoAcceptMs : null;
    return step(ctx, r, 'USER_ACCEPTANCE', 'confirm completion', 'seller', note, patch, due);
  });
}

/** Licence 2.0 buyer: 用户领取授权码. */
export function claimLicenceCode(ctx: EngineContext, orderId: string): SupervisionRecord {
  return ctx.unit(() => {
    const r = getSupervision(ctx, orderId);
    expectNode(r, ['CODE_CLAIM'], 'claim the licence code of');
    return step(ctx, r, 'CODE_ACTIVATION', 'claim licence code', 'buyer', r.data.licenceCode);
  });
}

/**
 * Licence 2.0: the activation Open API activated the order's code (§2.3: the node passes automatically; actual
 * opening time = activation time). Called by the licence module.
 */
export function licenceActivated(ctx: EngineContext, orderId: string, activatedAt: number): void {
  const r = ctx.store.getFlow('supervision', orderId) as SupervisionRecord | undefined;
  if (r === undefined || r.data.node !== 'CODE_ACTIVATION') return;
  step(ctx, r, 'PROOF_UPLOAD', 'licence code activated', 'system', r.data.licenceCode, {
    actualOpeningTime: activatedAt,
  });
}

/** Acceptance: COMPLETED now, the order Completed after the lag, the validity moved to its start (§2.6). */
function accept(
  ctx: EngineContext,
  r: SupervisionRecord,
  action: string,
  by: SupervisionStep['by'],
): SupervisionRecord {
  const now = ctx.now();
  const validityStart = r.data.actualOpeningTime ?? now;
  const completesAt = now + ctx.options.businessFlows.completionLagMs;
  const done = step(
    ctx,
    r,
    'COMPLETED',
    action,
    by,
    null,
    { acceptedAt: now, validityStart, orderCompletesAt: completesAt },
    completesAt,
  );
  startValidity(ctx, r.id, validityStart);
  sendAcceptanceCall(ctx, r.id, now);
  if (completesAt <= now) completeOrder(ctx, done);
  return done;
}

/** Moves a period order's validity to start at `start` (§2.6). */
function startValidity(ctx: EngineContext, orderId: string, start: number): void {
  const order = ctx.store.getOrder(orderId);
  const line = order?.lines[0];
  if (order === undefined || line === undefined || line.periodType === null) return;
  const end = addPeriod(start, line.periodType, line.periodNumber ?? 1, ctx.options.timeZoneOffsetMinutes);
  saveOrder(ctx, { ...order, lines: [{ ...line, expireAt: end }, ...order.lines.slice(1)] }, order.state);
  for (const ref of order.instanceRefs) {
    const i = ctx.store.getInstance(ref);
    if (i === undefined || i.state === 'released' || i.expireAt === null) continue;
    const periods = i.periods.map((p) => (p.orderId === orderId ? { ...p, startAt: start, endAt: end } : p));
    saveInstance(ctx, { ...i, expireAt: end, periods }, i.state);
  }
}

/** Completes the order of a finished supervision (timer or zero lag). */
function completeOrder(ctx: EngineContext, r: SupervisionRecord): void {
  const order = ctx.store.getOrder(r.id);
  if (order !== undefined && order.state === 'PROCESSING') moveOrder(ctx, order, 'complete');
  saveFlow<SupervisionData>(ctx, { ...r, dueAt: null });
}

/** Buyer: 确认验收 or 驳回. */
export function reviewDelivery(
  ctx: EngineContext,
  orderId: string,
  accepted: boolean,
  reason?: string,
): SupervisionRecord {
  return ctx.unit(() => {
    const r = getSupervision(ctx, orderId);
    expectNode(r, ['USER_ACCEPTANCE'], accepted ? 'accept the delivery of' : 'reject the delivery of');
    if (accepted) return accept(ctx, r, 'accept delivery', 'buyer');
    return step(
      ctx,
      r,
      'DELIVERING',
      'reject delivery',
      'buyer',
      reason ?? null,
      { rejections: r.data.rejections + 1 },
      null,
    );
  });
}

/** Why `by` may appeal now, or null (§2.5). */
export function appealGround(
  ctx: EngineContext,
  r: SupervisionRecord,
  by: 'buyer' | 'seller',
): string | null {
  const o = ctx.options.businessFlows;
  const idle = ctx.now() - r.data.nodeSince;
  const otherSide = by === 'seller' ? BUYER_NODES : SELLER_NODES;
  if (otherSide.has(r.data.node) && idle > o.appealIdleMs)
    return `${r.data.node} idle for more than ${o.appealIdleMs / 86_400_000} days`;
  if (r.data.rejections >= o.appealAfterRejections)
    return `the buyer rejected the delivery ${r.data.rejections} times`;
  if (by === 'buyer' && r.data.requirementRejections >= o.appealAfterRejections) {
    return `the seller rejected the requirement ${r.data.requirementRejections} times`;
  }
  return null;
}

/** Buyer or seller: 发起申诉; the flow is frozen until an operator resolves it. */
export function appeal(
  ctx: EngineContext,
  orderId: string,
  by: 'buyer' | 'seller',
  reason: string,
): SupervisionRecord {
  return ctx.unit(() => {
    const r = getSupervision(ctx, orderId);
    if (by !== 'buyer' && by !== 'seller')
      assertNoIssues('appeal', [issue('/by', 'must be "buyer" or "seller"')]);
    if (r.data.node === 'APPEAL' || r.data.node === 'COMPLETED') {
      throw new ActionRejectedError(
        'NOT_SUPPORTED',
        `The supervision of order ${orderId} is ${r.data.node}; there is nothing to appeal.`,
      );
    }
    const ground = appealGround(ctx, r, by);
    if (ground === null) {
      const o = ctx.options.businessFlows;
      throw new ActionRejectedError(
        'NOT_SUPPORTED',
        `The ${by} cannot appeal yet: an appeal opens when the other side's node is idle for more than ${o.appealIdleMs / 86_400_000} days or after ${o.appealAfterRejections} rejections (seller-console §2.5).`,
      );
    }
    return step(
      ctx,
      r,
      'APPEAL',
      `appeal by the ${by}`,
      by,
      `${reason} (${ground})`,
      {
        appeal: { by, reason, from: r.data.node, at: ctx.now() },
      },
      null,
    );
  });
}

/** Operator: closes an appeal by completing the service, or returns the flow to where it was. */
export function resolveAppeal(
  ctx: EngineContext,
  orderId: string,
  outcome: 'complete' | 'resume',
): SupervisionRecord {
  return ctx.unit(() => {
    const r = getSupervision(ctx, orderId);
    expectNode(r, ['APPEAL'], 'resolve the appeal of');
    if (outcome === 'complete') return accept(ctx, r, 'appeal closed: service completed', 'operator');
    if (outcome !== 'resume')
      assertNoIssues('resolve-appeal', [issue('/outcome', 'must be "complete" or "resume"')]);
    return step(
      ctx,
      r,
      r.data.appeal?.from ?? 'DELIVERING',
      'appeal closed: flow resumed',
      'operator',
      null,
      { appeal: null },
    );
  });
}

/** Timer of a supervision record: hardware automatic acceptance, or the order's completion after the lag. */
export function fireSupervisionTimer(ctx: EngineContext, record: FlowRecord): void {
  const r = record as SupervisionRecord;
  if (r.data.node === 'USER_ACCEPTANCE' && r.data.type === 'hardware')
    accept(ctx, r, 'automatic acceptance (hardware)', 'system');
  else if (r.data.node === 'COMPLETED') completeOrder(ctx, r);
}
