/**
 * The buyer lifecycle actions the admin API (and `koogallery-mock trigger`) can play, as data: the body fields
 * each accepts, which are required, and the engine call. Names are kebab-case (`trial-to-formal`); camelCase
 * (`trialToFormal`) is accepted too.
 */
import type { ValidationIssue } from '@koogallery-kit/sdk';
import type { MarketEngine } from '../../engine/engine';
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
const refOf = (body: Record<string, unknown>): string => String(body[REF]);

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
    summary: 'pay an order waiting for payment',
    fields: ['orderId'],
    required: ['orderId'],
    run: (engine, body) => engine.pay(String(body.orderId)),
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
            : `required`,
          'required',
        ),
      );
    }
  }
  for (const key of [REF, 'orderId']) {
    const v = body[key];
    if (v !== undefined && v !== null && (typeof v !== 'string' || v === '')) {
      issues.push(issue(`/${key}`, 'must be a non-empty string'));
    }
  }
  return issues;
}
