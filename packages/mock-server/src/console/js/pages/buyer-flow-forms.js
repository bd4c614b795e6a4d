// @ts-check
/**
 * The buyer's side of the business flows on the buyer-actions page: service supervision (我的云商店 > 服务监管:
 * submit the requirement, claim a licence code, accept or reject the delivery, appeal) and auto-renewal (修改到期
 * 策略: on/off and the deduction day, plus the mock balance that can make the charges fail).
 */
import { field, h, select } from '../dom.js';

/**
 * @typedef {(e: SubmitEvent, action: string, title: string, body: () => Record<string, unknown>) => void} Submit
 */

/** Buyer steps per supervision node. */
const BUYER_STEPS = /** @type {Record<string, Array<[string, string]>>} */ ({
  REQ_PENDING: [['submit-requirement', 'Submit requirement (提交需求)']],
  CODE_CLAIM: [['claim-licence-code', 'Claim licence code (领取授权码)']],
  USER_ACCEPTANCE: [
    ['accept-delivery', 'Accept delivery (确认验收)'],
    ['reject-delivery', 'Reject delivery (驳回)'],
  ],
});

/**
 * The supervision form: the buyer's open supervisions and the step to play. `draft` keeps what was entered
 * across the page's live re-renders.
 * @param {Submit} submit
 * @param {any[]} supervisions
 * @param {{ step: string, text: string }} draft
 */
export function buyerSupervisionForm(submit, supervisions, draft) {
  const open = supervisions.filter((s) => s.node !== 'COMPLETED');
  const choices = open.flatMap((s) =>
    [...(BUYER_STEPS[s.node] ?? []), ['appeal', 'Appeal (发起申诉)']].map(([action, label]) => [
      `${s.orderId}|${action}`,
      `${s.orderId} · ${s.node} · ${label}`,
    ]),
  );
  const step = select(/** @type {Array<[string, string]>} */ (choices), draft.step);
  const text = h('input', { type: 'text', placeholder: 'requirement, or the reason', value: draft.text });
  step.addEventListener('change', () => (draft.step = /** @type {HTMLSelectElement} */ (step).value));
  text.addEventListener('input', () => (draft.text = /** @type {HTMLInputElement} */ (text).value));
  const f = h(
    'form',
    { id: 'buyer-supervision', class: 'card' },
    h('h2', null, 'Service supervision (buyer)'),
    choices.length === 0
      ? h('p', { class: 'muted' }, 'No supervision waits for the buyer.')
      : [
          field('buyer-supervision-step', 'Order and step', step),
          field('buyer-supervision-text', 'Requirement or reason', text),
          h('button', { type: 'submit' }, 'Send'),
        ],
  );
  f.addEventListener('submit', (e) => {
    const [orderId, action] = /** @type {HTMLSelectElement} */ (step).value.split('|');
    const value = /** @type {HTMLInputElement} */ (text).value;
    submit(/** @type {SubmitEvent} */ (e), String(action), 'Service supervision', () => ({
      orderId,
      ...(action === 'submit-requirement' ? { description: value } : {}),
      ...(action === 'reject-delivery' ? { reason: value } : {}),
      ...(action === 'appeal' ? { by: 'buyer', reason: value || 'appeal from the buyer' } : {}),
    }));
  });
  return f;
}

/**
 * What the buyer entered in the auto-renewal form, kept across the page's live re-renders.
 * @typedef {{ ref: string, enabled: boolean, days: string }} AutoRenewDraft
 */

/** A fresh draft. @returns {AutoRenewDraft} */
export const newAutoRenewDraft = () => ({ ref: '', enabled: true, days: '7' });

/**
 * Auto-renewal of a period instance and the buyers' mock balance.
 * @param {Submit} submit
 * @param {any[]} instances
 * @param {any[]} buyers
 * @param {AutoRenewDraft} draft
 */
export function autoRenewalForms(submit, instances, buyers, draft) {
  const period = instances.filter((i) => i.chargingMode === 'PERIOD' && !i.trial && i.state !== 'released');
  const ref = select(
    period.map((i) => [i.ref, `${i.ref} · ${i.productCode} · ${i.state}`]),
    draft.ref,
  );
  const enabled = h('input', { type: 'checkbox', checked: draft.enabled });
  const days = h('input', { type: 'number', min: 2, max: 7, step: 1, value: draft.days });
  ref.addEventListener('change', () => (draft.ref = /** @type {HTMLSelectElement} */ (ref).value));
  enabled.addEventListener(
    'change',
    () => (draft.enabled = /** @type {HTMLInputElement} */ (enabled).checked),
  );
  days.addEventListener('input', () => (draft.days = /** @type {HTMLInputElement} */ (days).value));
  const renew = h(
    'form',
    { id: 'auto-renew', class: 'card' },
    h('h2', null, 'Auto-renewal (自动续费)'),
    period.length === 0
      ? h('p', { class: 'muted' }, 'No yearly/monthly instance to renew automatically.')
      : [
          field('auto-renew-ref', 'Instance', ref),
          field('auto-renew-enabled', 'Renew automatically', enabled),
          field(
            'auto-renew-days',
            'Charge days before expiry',
            days,
            '2 to 7; charged at 03:00 business time',
          ),
          h('button', { type: 'submit' }, 'Save expiry policy'),
        ],
  );
  renew.addEventListener('submit', (e) =>
    submit(/** @type {SubmitEvent} */ (e), 'set-auto-renew', 'Auto-renewal', () => ({
      ref: /** @type {HTMLSelectElement} */ (ref).value,
      enabled: /** @type {HTMLInputElement} */ (enabled).checked,
      deductionDays: Number(/** @type {HTMLInputElement} */ (days).value),
    })),
  );
  const buyer = select(buyers.map((b) => [b.customerId, `${b.customerName} (${b.customerId})`]));
  const amount = h('input', { type: 'text', placeholder: 'empty: unlimited' });
  const balance = h(
    'form',
    { id: 'buyer-balance', class: 'card' },
    h('h2', null, 'Buyer balance'),
    field('buyer-balance-buyer', 'Buyer', buyer),
    field('buyer-balance-amount', 'Balance', amount, 'an auto-renewal charge above it fails'),
    h('button', { type: 'submit' }, 'Set balance'),
  );
  balance.addEventListener('submit', (e) => {
    const raw = /** @type {HTMLInputElement} */ (amount).value.trim();
    submit(/** @type {SubmitEvent} */ (e), 'set-balance', 'Buyer balance', () => ({
      buyerId: /** @type {HTMLSelectElement} */ (buyer).value,
      balance: raw === '' ? null : Number(raw),
    }));
  });
  return [renew, balance];
}
