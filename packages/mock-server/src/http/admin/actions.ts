/**
 * The buyer lifecycle actions and joint-operations (kit) events the admin API (and `koogallery-mock trigger`) can
 * play, as data: the body fields each accepts, which are required, and the engine call. Names are kebab-case
 * (`trial-to-formal`); camelCase (`trialToFormal`) is accepted too. Kit events answer with the tenant (its
 * `clientSecret` redacted) and the kit calls they caused; the tenant ids are listed by `GET /__admin/tenants`.
 */
import { ErrorCodes, isKooGalleryError, type ValidationIssue } from '@koogallery-kit/sdk';
import type { MarketEngine } from '../../engine/engine';
import { ActionRejectedError } from '../../engine/model/errors';
import { BILL_ACTIONS, type BillAction } from '../../engine/model/settlement-types';
import { issue } from './input';

/** One action. */
export interface AdminAction {
  /** What the action does, for help texts. */
  summary: string;
  /** Body fields the action accepts. */
  fields: readonly string[];
  /** Body fields that must be present. */
  required: readonly string[];
  /** Runs the action; the body has passed the field checks. */
  run(engine: MarketEngine, body: Record<string, unknown>): unknown;
}

const REF = 'ref';
const without = (body: Record<string, unknown>, key: string): Record<string, unknown> => {
  const { [key]: _dropped, ...rest } = body;
  return rest;
};
const optionalText = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const refOf = (body: Record<string, unknown>): string => String(body[REF]);
const TENANT = 'tenantId';
const tenantOf = (body: Record<string, unknown>): string => String(body[TENANT]);
/**
 * Runs a kit event that sends applicationSync. Without the seller's public key the engine cannot encrypt the
 * client secret: that is a 422 NOT_SUPPORTED saying how to configure the key, not a bad request.
 */
function withPublicKey<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (isKooGalleryError(error) && error.code === ErrorCodes.KEY_MISSING) {
      throw new ActionRejectedError(
        'NOT_SUPPORTED',
        `${error.message} With the CLI: koogallery-mock start --kit-public-key FILE (or kitPublicKey in the config file).`,
      );
    }
    throw error;
  }
}
/** Tenant settings of the events that create a tenant (`JointTenantInput`). */
const TENANT_FIELDS = ['tenantCode', 'name', 'domainName', 'loginUrl', 'orgs', 'users'] as const;

const PRODUCT = 'productCode';
const BILL_ACTION_SUMMARIES: Readonly<Record<BillAction, string>> = {
  confirm: 'seller: 确认账单 — confirm a bill dated before 2024-12-24 (待确认 → 待会签)',
  advance:
    'operator: move a bill to its next status (待会签 → 会签中 → 待申付 → … → 已支付; the seller issues the invoice at 待开票)',
  reject: 'operator: reject a bill (会签驳回, 申付驳回, or a refused invoice back to 待开票)',
  fail: 'operator: the payment request cannot be created (申付单创建失败)',
  resolve: 'operator: resolve a rejection or failure (back to 待会签 / 待申付)',
};

/** `confirm-bill`, `advance-bill`, … — one action per bill action (seller-console.md §6.3, §6.4). */
function billActions(): Record<string, AdminAction> {
  return Object.fromEntries(
    BILL_ACTIONS.map((action) => [
      `${action}-bill`,
      {
        summary: `${BILL_ACTION_SUMMARIES[action]}; billId YYYYMM, productType when both types have it`,
        fields: ['billId', 'productType', 'note'],
        required: ['billId'],
        run: (engine: MarketEngine, body: Record<string, unknown>) =>
          engine.moveBill(String(body.billId), action, without(body, 'billId')),
      },
    ]),
  );
}

/** Every action, by kebab-case name. */
export const ADMIN_ACTIONS: Readonly<Record<string, AdminAction>> = Object.freeze({
  purchase: {
    summary: 'place an order (trial with trial:true, pay at once with autoPay:true)',
    fields: [
      'productCode',
      'skuCode',
      'items',
      'periodType',
      'periodNumber',
      'linearValue',
      'trial',
      'buyerId',
      'autoPay',
      'extendParams',
    ],
    required: ['productCode'],
    run: (engine, body) => engine.purchase(body as never),
  },
  pay: {
    summary:
      'pay an order waiting for payment; paymentInstrument CASH (default), CREDIT_COUPON or CREDIT_LIMIT (seller-console §8)',
    fields: ['orderId', 'paymentInstrument'],
    required: ['orderId'],
    run: (engine, body) =>
      body.paymentInstrument === undefined
        ? engine.pay(String(body.orderId))
        : engine.payWith(String(body.orderId), body.paymentInstrument as never),
  },
  'cancel-order': {
    summary: 'cancel an unpaid order',
    fields: ['orderId'],
    required: ['orderId'],
    run: (engine, body) => engine.cancelOrder(String(body.orderId)),
  },
  renew: {
    summary: 'renew a yearly/monthly instance (also during the freeze period)',
    fields: [REF, 'periodType', 'periodNumber', 'autoPay'],
    required: [REF],
    run: (engine, body) => engine.renew(refOf(body), without(body, REF) as never),
  },
  'trial-to-formal': {
    summary: 'convert a trial into a formal subscription',
    fields: [REF, 'periodType', 'periodNumber', 'autoPay', 'skuCode', 'linearValue'],
    required: [REF],
    run: (engine, body) => engine.trialToFormal(refOf(body), without(body, REF) as never),
  },
  upgrade: {
    summary: 'change SKU or quantity within the current period (upgradeInstance)',
    fields: [REF, 'skuCode', 'linearValue', 'autoPay'],
    required: [REF],
    run: (engine, body) => engine.upgrade(refOf(body), without(body, REF) as never),
  },
  'renew-with-change': {
    summary: 'renew with a changed configuration (changeInstanceCheck, then refreshInstance RENEWAL_CHANGE)',
    fields: [REF, 'skuCode', 'linearValue', 'autoPay', 'periodType', 'periodNumber'],
    required: [REF],
    run: (engine, body) => engine.renewWithChange(refOf(body), without(body, REF) as never),
  },
  unsubscribe: {
    summary: 'unsubscribe an instance (releaseInstance with the unsubscribe order)',
    fields: [REF],
    required: [REF],
    run: (engine, body) => engine.unsubscribe(refOf(body)),
  },
  'unsubscribe-renewal': {
    summary: 'unsubscribe a renewal period that has not started (refreshInstance UNSUBSCRIBE_RENEWAL_PERIOD)',
    fields: [REF],
    required: [REF],
    run: (engine, body) => engine.unsubscribeRenewal(refOf(body)),
  },
  // Service supervision (seller-console.md §2.4): buyer and seller steps of a supervised order.
  'submit-requirement': {
    summary: 'buyer: submit the requirement of a supervised order (提交需求; licence-id products: the id)',
    fields: ['orderId', 'description'],
    required: ['orderId', 'description'],
    run: (engine, body) => engine.submitRequirement(String(body.orderId), body.description as string),
  },
  'confirm-requirement': {
    summary: "seller: confirm the buyer's requirement (确认需求)",
    fields: ['orderId'],
    required: ['orderId'],
    run: (engine, body) => engine.reviewRequirement(String(body.orderId), true),
  },
  'reject-requirement': {
    summary: 'seller: send the requirement back to the buyer (驳回需求)',
    fields: ['orderId', 'reason'],
    required: ['orderId'],
    run: (engine, body) => engine.reviewRequirement(String(body.orderId), false, optionalText(body.reason)),
  },
  'confirm-completion': {
    summary:
      'seller: 确认完成 — resultDescription, actualOpeningTime, documents [{ name, contentType, contentBase64 }]',
    fields: ['orderId', 'resultDescription', 'actualOpeningTime', 'documents'],
    required: ['orderId', 'resultDescription'],
    run: (engine, body) => engine.confirmCompletion(String(body.orderId), without(body, 'orderId') as never),
  },
  'accept-delivery': {
    summary: 'buyer: accept the delivery of a supervised order (确认验收)',
    fields: ['orderId'],
    required: ['orderId'],
    run: (engine, body) => engine.reviewDelivery(String(body.orderId), true),
  },
  'reject-delivery': {
    summary: 'buyer: reject the delivery (驳回); it goes back to the seller',
    fields: ['orderId', 'reason'],
    required: ['orderId'],
    run: (engine, body) => engine.reviewDelivery(String(body.orderId), false, optionalText(body.reason)),
  },
  'claim-licence-code': {
    summary: 'buyer: claim the licence code of a licence 2.0 order (用户领取授权码)',
    fields: ['orderId'],
    required: ['orderId'],
    run: (engine, body) => engine.claimLicenceCode(String(body.orderId)),
  },
  appeal: {
    summary: 'buyer or seller (by): appeal a supervision after 5 idle days or 3 rejections (发起申诉)',
    fields: ['orderId', 'by', 'reason'],
    required: ['orderId', 'by', 'reason'],
    run: (engine, body) => engine.appeal(String(body.orderId), body.by as never, String(body.reason)),
  },
  'resolve-appeal': {
    summary: 'operator: close an appeal — outcome "complete" (service completed) or "resume"',
    fields: ['orderId', 'outcome'],
    required: ['orderId', 'outcome'],
    run: (engine, body) => engine.resolveAppeal(String(body.orderId), body.outcome as never),
  },
  // Auto-renewal (seller-console.md §3): the buyer's expiry policy and a mock balance that can make charges fail.
  'set-auto-renew': {
    summary:
      'buyer: auto-renewal of a period instance on/off (enabled), charged deductionDays (2-7) before expiry',
    fields: [REF, 'enabled', 'deductionDays'],
    required: [REF, 'enabled'],
    run: (engine, body) => engine.setAutoRenew(refOf(body), without(body, REF) as never),
  },
  'set-balance': {
    summary: "set a buyer's mock balance (null: unlimited); an auto-renewal charge above it fails",
    fields: ['buyerId', 'balance'],
    required: ['buyerId', 'balance'],
    run: (engine, body) => engine.setBuyerBalance(String(body.buyerId), body.balance as number | null),
  },
  'violation-freeze': {
    summary: 'freeze an instance for a violation (updateInstanceStatus FREEZE)',
    fields: [REF],
    required: [REF],
    run: (engine, body) => engine.violationFreeze(refOf(body)),
  },
  'violation-unfreeze': {
    summary: 'lift a violation freeze (updateInstanceStatus UNFREEZE)',
    fields: [REF],
    required: [REF],
    run: (engine, body) => engine.violationUnfreeze(refOf(body)),
  },
  'open-resource-page': {
    summary: 'the buyer opens the resource page (synchronous queryInstance)',
    fields: [REF],
    required: [REF],
    run: (engine, body) => engine.openResourcePage(refOf(body)),
  },
  'record-usage': {
    summary: 'record pay-per-use usage of an instance',
    fields: [REF, 'value'],
    required: [REF, 'value'],
    run: (engine, body) => engine.recordUsage(refOf(body), body.value as number),
  },
  'create-buyer': {
    summary: 'create a buyer (all fields optional)',
    fields: [
      'customerId',
      'customerName',
      'customerRealName',
      'customerType',
      'mobilePhone',
      'email',
      'userId',
      'userName',
      'gracePeriodDays',
    ],
    required: [],
    run: (engine, body) => engine.createBuyer(body as never),
  },
  call: {
    summary: 'make any production call directly ({ interface, body, schedule?, testFlag? })',
    fields: ['interface', 'body', 'schedule', 'testFlag'],
    required: ['interface', 'body'],
    run: (engine, body) => engine.call(body as never),
  },
  'create-app-credential': {
    summary: 'kit: the seller creates an application credential (tenantSync, applicationSync, allOrgSync)',
    fields: [...TENANT_FIELDS],
    required: [],
    run: (engine, body) => withPublicKey(() => engine.createAppCredential(body as never).tenant),
  },
  'bind-tenant': {
    summary:
      "kit: a buyer binds an instance's app to its enterprise (tenantSync, applicationSync, allOrgSync)",
    fields: [REF, ...TENANT_FIELDS],
    required: [REF],
    run: (engine, body) =>
      withPublicKey(() => engine.bindTenant(refOf(body), without(body, REF) as never).tenant),
  },
  'update-tenant': {
    summary: "kit: the tenant's name or domain changes (tenantSync flag 2)",
    fields: [TENANT, 'name', 'domainName'],
    required: [TENANT],
    run: (engine, body) => engine.updateTenant(tenantOf(body), without(body, TENANT) as never).tenant,
  },
  'unbind-tenant': {
    summary: 'kit: the binding ends (applicationSync and tenantSync flag 0)',
    fields: [TENANT],
    required: [TENANT],
    run: (engine, body) => withPublicKey(() => engine.unbindTenant(tenantOf(body)).tenant),
  },
  'authorize-users': {
    summary: 'kit: users are authorised (flag 1), modified (2), deleted (0) or lose access (3): authSync',
    fields: [TENANT, 'users', 'flag'],
    required: [TENANT, 'users'],
    run: (engine, body) =>
      engine.authorizeUsers(
        tenantOf(body),
        body.users as never,
        body.flag === undefined ? {} : { flag: body.flag as never },
      ).tenant,
  },
  'change-department': {
    summary: 'kit: a department is added (flag 1), modified (2) or deleted (0) (singleOrgSync)',
    fields: [TENANT, 'orgCode', 'orgName', 'parentCode', 'flag'],
    required: [TENANT, 'orgCode'],
    run: (engine, body) => engine.changeDepartment(tenantOf(body), without(body, TENANT) as never).tenant,
  },
  'check-kit-idempotency': {
    summary: 'kit: send a repeated add and delete (authSync, singleOrgSync); every repeat must succeed',
    fields: [TENANT],
    required: [TENANT],
    run: (engine, body) => engine.checkKitIdempotency(tenantOf(body)),
  },
  // Settlement (seller-console.md §6–§8): the buyer repays credit, the seller sets its credit switches and
  // confirms bills, the platform's operators (played by the mock) move bills and review performance sheets.
  repay: {
    summary: 'buyer: repay the credit of one order (orderId) or of every credit order of a buyer (buyerId)',
    fields: ['orderId', 'buyerId'],
    required: [],
    run: (engine, body) => engine.repayCredit(body as never),
  },
  'set-credit-settings': {
    summary:
      'seller: credit payment switches of a joint-operations product (creditCoupon, creditLimit, creditLimitWhitelist)',
    fields: [PRODUCT, 'creditCoupon', 'creditLimit', 'creditLimitWhitelist'],
    required: [PRODUCT],
    run: (engine, body) => engine.setCreditSettings(String(body[PRODUCT]), without(body, PRODUCT)),
  },
  ...billActions(),
  'run-bills': {
    summary: 'generate the bills whose bill day has passed now (the clock does it by itself)',
    fields: [],
    required: [],
    run: (engine) => engine.runBills(),
  },
  'review-performance': {
    summary: "operator: review the previous month's performance sheet (初稿 → 终稿), period YYYYMM",
    fields: ['period'],
    required: ['period'],
    run: (engine, body) => engine.reviewPerformance(String(body.period)),
  },
  'probe-now': {
    summary: 'replay every saved debug case now (one lifecycle-probing round)',
    fields: [],
    required: [],
    run: (engine) => engine.probeNow(),
  },
});

/** `trialToFormal` / `trial_to_formal` / `Trial-To-Formal` → `trial-to-formal`; undefined when unknown. */
export function resolveActionName(name: string): string | undefined {
  const kebab = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
  return Object.prototype.hasOwnProperty.call(ADMIN_ACTIONS, kebab) ? kebab : undefined;
}

/** Field checks shared by every action: unknown fields, missing required ones, `ref`/`orderId` types. */
export function checkActionBody(action: AdminAction, body: Record<string, unknown>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const key of Object.keys(body)) {
    if (!action.fields.includes(key)) {
      issues.push(
        issue(
          `/${key}`,
          action.fields.length === 0
            ? 'unknown field: this action takes no fields'
            : `unknown field; allowed: ${action.fields.join(', ')}`,
          'additionalProperties',
        ),
      );
    }
  }
  for (const key of action.required) {
    if (body[key] === undefined || body[key] === null) {
      issues.push(
        issue(
          `/${key}`,
          key === REF
            ? 'required: the instance (mock ref such as I000001, or the seller instanceId)'
            : key === TENANT
              ? 'required: the tenant (see GET /__admin/tenants)'
              : `required`,
          'required',
        ),
      );
    }
  }
  for (const key of [REF, 'orderId', TENANT, 'buyerId', 'billId', PRODUCT]) {
    const v = body[key];
    if (v !== undefined && v !== null && (typeof v !== 'string' || v === '')) {
      issues.push(issue(`/${key}`, 'must be a non-empty string'));
    }
  }
  return issues;
}
