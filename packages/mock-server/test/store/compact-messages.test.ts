/**
 * The memory store's compact outbox messages (store/compact-messages.ts): a packed message unpacks to exactly what
 * a JSON round trip of the message gives (fields, values, key order), deeply frozen; frequent lines are kept once
 * in the string table, lines with ids stay inline, and anything outside the layout is kept as its JSON.
 */
import { describe, expect, it } from 'vitest';
import { FREQUENT, createStringTable } from '../../src/store/compact-attempts';
import { compactMessage, expandMessage } from '../../src/store/compact-messages';
import type { OutboxMessage } from '../../src/engine/model/types';

const PROBLEM =
  '- RESULT_CODE: The seller answered resultCode 000106 (product resources sold out) with resultMsg "sold out"; the platform counts anything but 000000 or 000004 as a failed call.';

/** A CALL_FAILED mail as the job runner writes it (engine/jobs/job-runner.ts), for job `n`. */
const failureMail = (n: number): OutboxMessage => ({
  id: `M${String(n).padStart(6, '0')}`,
  seq: n,
  at: 1_772_413_200_000,
  to: 'seller@example.com',
  kind: 'CALL_FAILED',
  subject: `Production interface newInstance failed (job J${n}, attempt 1)`,
  text: `The call newInstance for CS${n} failed:\n${PROBLEM}\nThe platform will call again at 2026-03-02T02:00:00.000Z (business time).`,
  refs: { jobId: `J${n}`, orderId: `CS${n}`, productCode: 'crm' },
});

const roundTrip = (m: unknown): string => JSON.stringify(JSON.parse(JSON.stringify(m)));

describe('compact outbox messages', () => {
  it('unpack gives the JSON round trip of the message, key order included, deeply frozen', () => {
    const table = createStringTable();
    for (let n = 1; n <= FREQUENT + 2; n++) {
      const m = failureMail(n);
      const back = expandMessage(compactMessage(m, table), table);
      expect(JSON.stringify(back)).toBe(roundTrip(m));
      expect(Object.isFrozen(back)).toBe(true);
      expect(Object.isFrozen(back.refs)).toBe(true);
    }
  });

  it('keeps a line once it is frequent, and lines with ids inline', () => {
    const table = createStringTable();
    for (let n = 1; n < FREQUENT; n++) expect(compactMessage(failureMail(n), table)).toContain('sold out');
    const packed = compactMessage(failureMail(FREQUENT), table);
    expect(packed).not.toContain('sold out');
    expect(packed).not.toContain('will call again');
    expect(packed).not.toContain('seller@example.com');
    expect(packed).toContain(`The call newInstance for CS${FREQUENT} failed:`);
    expect(packed.length).toBeLessThan(JSON.stringify(failureMail(FREQUENT)).length / 2);
    // an id that repeats a few times (a job's mails) is not numbered
    const again = {
      ...failureMail(FREQUENT + 1),
      subject: 'Production interface newInstance failed (job J7)',
    };
    for (let i = 0; i < 5; i++) expect(compactMessage(again, table)).toContain('(job J7)');
  });

  it('keeps texts without line breaks, empty texts and null refs as they were', () => {
    const table = createStringTable();
    const m: OutboxMessage = {
      ...failureMail(1),
      kind: 'PRODUCT_DELISTED',
      text: '',
      subject: 'One line — no break',
      refs: { jobId: null, orderId: null, productCode: null },
    };
    expect(JSON.stringify(expandMessage(compactMessage(m, table), table))).toBe(roundTrip(m));
    const oneLine = { ...m, text: 'trailing break\n' };
    expect(expandMessage(compactMessage(oneLine, table), table).text).toBe('trailing break\n');
  });

  it('keeps a message outside the layout (other key order, extra or undefined fields) as its JSON', () => {
    const table = createStringTable();
    const { id, ...rest } = failureMail(2);
    const reordered: OutboxMessage = { ...rest, id };
    const extra = { ...failureMail(3), extra: { a: 1 } } as OutboxMessage;
    const undefinedRef = { ...failureMail(4), refs: { jobId: undefined, orderId: null, productCode: 'crm' } };
    const nonFinite = { ...failureMail(5), at: Number.NaN };
    for (const m of [reordered, extra, undefinedRef, nonFinite] as OutboxMessage[]) {
      const back = expandMessage(compactMessage(m, table), table);
      expect(JSON.stringify(back)).toBe(roundTrip(m));
      expect(Object.isFrozen(back)).toBe(true);
    }
  });
});
