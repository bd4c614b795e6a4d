/**
 * Service supervision (服务监管, seller-console.md §2) as data: which products are supervised, the nodes of each
 * flow and the record kept per supervised order. The English node codes are the reference's proposal (§2.7 [P],
 * §10 item 17).
 */

/**
 * How a supervised product is delivered (seller-console.md §2.1, §2.3); set as `supervision` on a catalog
 * product. Products without it (images, APIs, SaaS opened instantly…) are not supervised.
 */
export const SUPERVISION_TYPES = Object.freeze([
  /** Manual service (人工服务). */
  'manual-service',
  /** SaaS opened "after user acceptance" (用户确认验收后开通). */
  'saas-acceptance',
  /** Licence delivered offline (1.0). */
  'licence-offline',
  /** Licence by system id / hardware id (1.0 online): the buyer submits the id as the requirement. */
  'licence-id',
  /** Licence 2.0 by authorisation code (授权码): closed automatically by the activation Open API. */
  'licence-code',
  /** Licence deployed from a software package: the buyer confirms completion. */
  'licence-package',
  /** Hardware: automatic acceptance some days after shipment. */
  'hardware',
  /** Application orchestration (应用编排). */
  'orchestration',
] as const);
export type SupervisionType = (typeof SUPERVISION_TYPES)[number];

/** Node codes (§2.7 [P]); `HUAWEI_REVIEW` (华为云复核) is not simulated, see docs/business-flows.md. */
export type SupervisionNode =
  | 'REQ_PENDING'
  | 'REQ_CONFIRM'
  | 'DELIVERING'
  | 'USER_ACCEPTANCE'
  | 'CODE_CLAIM'
  | 'CODE_ACTIVATION'
  | 'PROOF_UPLOAD'
  | 'APPEAL'
  | 'COMPLETED';

/** Chinese node names of the consoles, for display. */
export const SUPERVISION_NODE_LABELS: Readonly<Record<SupervisionNode, string>> = Object.freeze({
  REQ_PENDING: '待提交需求 (waiting for the requirement)',
  REQ_CONFIRM: '待商家确认需求 (seller confirms the requirement)',
  DELIVERING: '商家实施服务 (seller delivers)',
  USER_ACCEPTANCE: '用户确认验收 (buyer acceptance)',
  CODE_CLAIM: '用户领取授权码 (buyer claims the code)',
  CODE_ACTIVATION: '授权码激活 (code activation)',
  PROOF_UPLOAD: '商家上传交付证明 (seller uploads delivery proof)',
  APPEAL: '申诉中 (appeal, frozen)',
  COMPLETED: '服务完成 (service completed)',
});

/** A delivery document uploaded with 确认完成, stored with the record (base64). */
export interface SupervisionDocument {
  id: string;
  name: string;
  contentType: string;
  size: number;
  contentBase64: string;
  uploadedAt: number;
  /** Which 确认完成 round uploaded it (1, 2…). */
  round: number;
}

/** One step of the flow, for the detail page and the timeline. */
export interface SupervisionStep {
  at: number;
  from: SupervisionNode | null;
  to: SupervisionNode;
  action: string;
  by: 'buyer' | 'seller' | 'system' | 'operator';
  note: string | null;
}

/** The `data` of a `supervision` flow record (id = the order id). */
export interface SupervisionData {
  type: SupervisionType;
  productCode: string;
  buyerId: string;
  node: SupervisionNode;
  /** When the current node was entered (idle time for appeals). */
  nodeSince: number;
  requirement: string | null;
  requirementRejections: number;
  /** Buyer rejections of the delivery (驳回). */
  rejections: number;
  resultDescription: string | null;
  /** Actual opening time the seller entered (实际开通时间), business ms. */
  actualOpeningTime: number | null;
  documents: SupervisionDocument[];
  completionRounds: number;
  /** Licence 2.0: the code issued for the order. */
  licenceCode: string | null;
  acceptedAt: number | null;
  /** Start of the validity (§2.6): actual opening time if given, else the acceptance time. */
  validityStart: number | null;
  /** When the order becomes Completed (acceptance + `completionLagMinutes`). */
  orderCompletesAt: number | null;
  appeal: { by: 'buyer' | 'seller'; reason: string; from: SupervisionNode; at: number } | null;
  steps: SupervisionStep[];
}
