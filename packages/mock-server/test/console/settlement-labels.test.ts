/**
 * The console is plain browser JavaScript and cannot import the engine's TypeScript, so the settlement pages carry
 * their own label tables (src/console/js/settlement-labels.js); this keeps each one equal to the engine's and the
 * exports' (seller-console.md §5–§8), and gives every status a pill tone.
 */
import { describe, expect, it } from 'vitest';
import {
  EXPORT_KINDS,
  EXPORT_STATES,
  EXPORT_STATE_LABELS,
} from '../../src/http/admin/exports/export-records';
import {
  BILL_ACTIONS,
  BILL_STATUSES,
  BILL_STATUS_LABELS,
  PAYMENT_INSTRUMENTS,
  PERFORMANCE_STATUS_LABELS,
  PRODUCT_TYPE_LABELS,
  REPAYMENT_STATUSES,
  TRANSACTION_TYPE_LABELS,
  UNBILLED_REASONS,
} from '../../src/engine/model/settlement-types';
import { SUPERVISION_NODE_LABELS } from '../../src/engine/model/supervision-types';

type Table = Record<string, string>;
interface Labels {
  PRODUCT_TYPE_LABELS: Table;
  TRANSACTION_TYPE_LABELS: Table;
  BILL_FLAG_LABELS: Table;
  UNBILLED_REASON_LABELS: Table;
  REPAYMENT_STATUS_LABELS: Table;
  PAYMENT_INSTRUMENT_LABELS: Table;
  SUPERVISION_STATUS_LABELS: Table;
  BILL_STATUS_LABELS: Table;
  BILL_STATUS_TONES: Table;
  BILL_ACTION_LABELS: Table;
  PERFORMANCE_STATUS_LABELS: Table;
  PERFORMANCE_STATUS_TONES: Table;
  EXPORT_STATE_LABELS: Table;
  EXPORT_STATE_TONES: Table;
  EXPORT_KIND_LABELS: Table;
  labelOf(table: Table, code: string | null): string;
  toneOf(table: Table, code: string): string;
  optionsOf(table: Table, any: string): Array<[string, string]>;
}

// A path typed `string`: the test loads the browser module at run time, without its JSDoc types.
const LABELS_MODULE: string = '../../src/console/js/settlement-labels.js';
const console_ = (await import(LABELS_MODULE)) as Labels;
const TONES = ['ok', 'busy', 'wait', 'bad', 'off'];

describe('console settlement labels', () => {
  it('name product types, transaction types, bill statuses and performance statuses as the engine does', () => {
    expect(console_.PRODUCT_TYPE_LABELS).toEqual(PRODUCT_TYPE_LABELS);
    expect(console_.TRANSACTION_TYPE_LABELS).toEqual(TRANSACTION_TYPE_LABELS);
    expect(console_.BILL_STATUS_LABELS).toEqual(BILL_STATUS_LABELS);
    expect(Object.keys(console_.BILL_STATUS_LABELS)).toEqual([...BILL_STATUSES]);
    expect(console_.PERFORMANCE_STATUS_LABELS).toEqual(PERFORMANCE_STATUS_LABELS);
  });

  it('cover every code of the engine: unbilled reasons, repayment, payment instruments, supervision, bill actions', () => {
    expect(Object.keys(console_.UNBILLED_REASON_LABELS)).toEqual([...UNBILLED_REASONS]);
    expect(Object.keys(console_.REPAYMENT_STATUS_LABELS)).toEqual([...REPAYMENT_STATUSES]);
    expect(Object.keys(console_.PAYMENT_INSTRUMENT_LABELS)).toEqual([...PAYMENT_INSTRUMENTS]);
    expect(Object.keys(console_.BILL_ACTION_LABELS)).toEqual([...BILL_ACTIONS]);
    expect(console_.SUPERVISION_STATUS_LABELS).toEqual({ ...SUPERVISION_NODE_LABELS, NA: '不涉及' });
    expect(console_.BILL_FLAG_LABELS).toEqual({ BILLED: '已出账', UNBILLED: '未出账' });
  });

  it('name export records and kinds as the exports do (导出记录)', () => {
    expect(Object.keys(console_.EXPORT_STATE_LABELS)).toEqual([...EXPORT_STATES]);
    for (const state of EXPORT_STATES) {
      expect(console_.EXPORT_STATE_LABELS[state]).toBe(EXPORT_STATE_LABELS[state].zh);
    }
    expect(Object.keys(console_.EXPORT_KIND_LABELS).sort()).toEqual([...EXPORT_KINDS].sort());
  });

  it('give every status a pill tone the stylesheet knows', () => {
    for (const [table, codes] of [
      [console_.BILL_STATUS_TONES, BILL_STATUSES],
      [console_.PERFORMANCE_STATUS_TONES, Object.keys(PERFORMANCE_STATUS_LABELS)],
      [console_.EXPORT_STATE_TONES, EXPORT_STATES],
    ] as const) {
      expect(Object.keys(table).sort()).toEqual([...codes].sort());
      for (const tone of Object.values(table)) expect(TONES).toContain(tone);
    }
    expect(console_.BILL_STATUS_TONES.PAID).toBe('ok');
    expect(console_.BILL_STATUS_TONES.COUNTERSIGN_REJECTED).toBe('bad');
    expect(console_.toneOf(console_.BILL_STATUS_TONES, 'SOMETHING_NEW')).toBe('off');
  });

  it('fall back to the code for an unknown one, and to a dash for none', () => {
    expect(console_.labelOf(console_.BILL_STATUS_LABELS, 'PAID')).toBe('已支付');
    expect(console_.labelOf(console_.BILL_STATUS_LABELS, 'SOMETHING_NEW')).toBe('SOMETHING_NEW');
    expect(console_.labelOf(console_.BILL_STATUS_LABELS, null)).toBe('—');
    expect(console_.optionsOf({ A: 'a' }, 'Any')).toEqual([
      ['', 'Any'],
      ['A', 'a'],
    ]);
  });
});
