/**
 * The memory store's compact attempts (store/compact-attempts.ts): a packed attempt unpacks to exactly what a JSON
 * round trip of the record gives (fields, values, key order of problems and headers, optional fields), deeply
 * frozen; repeated strings are stored once in the table, and the packed text is smaller than the record's JSON.
 */
import { describe, expect, it } from 'vitest';
import { FREQUENT, compactAttempt, createStringTable, expandAttempt } from '../../src/store/compact-attempts';
import type { AttemptRecord } from '../../src/engine/model/types';

const answered = (no: number): AttemptRecord => ({
  jobId: 'J000007',
  no,
  state: 'FAILED',
  manual: false,
  scheduledAt: 1_772_413_200_000,
  startedAt: 1_772_413_200_000,
  finishedAt: 1_772_413_200_050,
  body: { activity: 'newInstance', orderId: 'CS1', businessId: `b-${no}` },
  request: {
    method: 'POST',
    url: `http://127.0.0.1:8080/produce?signature=914678%E2%80%A6&timestamp=17965${no}&nonce=c3ed${no}`,
    headers: { 'Content-Type': 'application/json;charset=utf8', Accept: 'application/json' },
    body: `{"activity":"newInstance","businessId":"b-${no}"}`,
  },
  response: {
    status: 200,
    headers: [
      ['Content-Type', 'application/json;charset=UTF-8'],
      ['Body-Sign', `sign_type="HMAC-SHA256", signature="+lJe${no}…"`],
      ['Date', 'Sun, 06 Dec 2026 14:59:46 GMT'],
    ],
    body: '{"resultCode":"000106","resultMsg":"sold out"}',
  },
  elapsedMs: 33.06,
  accepted: false,
  async: false,
  resultCode: '000106',
  problems: [
    {
      code: 'RESULT_CODE',
      message: 'The seller answered 000106 — sold out.',
      hint: 'Return 000000.',
      field: 'resultCode',
    },
    { code: 'FIELD_MISSING', field: 'instanceId', message: 'No instanceId.' },
  ],
});

const roundTrip = (a: AttemptRecord): AttemptRecord => JSON.parse(JSON.stringify(a)) as AttemptRecord;

describe('compact attempts', () => {
  it('unpack gives the JSON round trip of the record, key order included, deeply frozen', () => {
    const table = createStringTable();
    const a = answered(1);
    const back = expandAttempt(a, compactAttempt(a, table), table);
    expect(JSON.stringify(back)).toBe(JSON.stringify(roundTrip(a)));
    expect(Object.isFrozen(back)).toBe(true);
    expect(Object.isFrozen(back.problems[1])).toBe(true);
    expect(Object.isFrozen(back.response?.headers[0])).toBe(true);
    expect(() => {
      back.body.orderId = 'changed';
    }).toThrow(TypeError);
  });

  it('keeps absent parts absent: no request, no reply, a request without a body, no problems', () => {
    const table = createStringTable();
    const bare: AttemptRecord = {
      ...answered(2),
      request: null,
      response: null,
      problems: [],
      elapsedMs: null,
    };
    expect(JSON.stringify(expandAttempt(bare, compactAttempt(bare, table), table))).toBe(
      JSON.stringify(bare),
    );
    const noBody = answered(3);
    const { body: _dropped, ...request } = noBody.request!;
    const withoutBody: AttemptRecord = {
      ...noBody,
      request: { ...request, url: 'http://seller.example/produce' },
    };
    const back = expandAttempt(withoutBody, compactAttempt(withoutBody, table), table);
    expect(back.request).toEqual({ ...request, url: 'http://seller.example/produce' });
    expect(Object.hasOwn(back.request!, 'body')).toBe(false);
  });

  it('stores repeated strings once: later attempts pack smaller than their JSON', () => {
    const table = createStringTable();
    compactAttempt(answered(1), table);
    const second = answered(2);
    const packed = compactAttempt(second, table);
    expect(packed.length).toBeLessThan(JSON.stringify(second).length / 2);
    expect(packed).not.toContain('The seller answered');
    // volatile values stay inline and come back as they were
    expect(packed).toContain('+lJe2…');
    expect(expandAttempt(second, packed, table).response?.headers[1]).toEqual([
      'Body-Sign',
      'sign_type="HMAC-SHA256", signature="+lJe2…"',
    ]);
  });

  it('keeps a request body that is the canonical JSON of the body as a mark, and any other inline', () => {
    const table = createStringTable();
    const body = { activity: 'newInstance', orderId: 'CS1', businessId: 'b-é/1', note: null };
    const canonical = '{"activity":"newInstance","businessId":"b-é/1","orderId":"CS1"}';
    const sent: AttemptRecord = {
      ...answered(4),
      body,
      request: { ...answered(4).request!, body: canonical },
    };
    const packed = compactAttempt(sent, table);
    expect(packed).not.toContain('\\"businessId\\"');
    expect(JSON.stringify(expandAttempt(sent, packed, table))).toBe(JSON.stringify(roundTrip(sent)));
    // the same fields in another order are not the canonical text: kept as they were
    const reordered = '{"orderId":"CS1","activity":"newInstance","businessId":"b-é/1"}';
    const other: AttemptRecord = { ...sent, request: { ...sent.request!, body: reordered } };
    const back = expandAttempt(other, compactAttempt(other, table), table);
    expect(back.request?.body).toBe(reordered);
    expect(JSON.stringify(back)).toBe(JSON.stringify(roundTrip(other)));
  });
});

describe('compact attempts: the repeated reply of a failing seller', () => {
  it('numbers the reply body and a repeated Body-Sign and Date once frequent, and gives them back', () => {
    const table = createStringTable();
    for (let no = 1; no < FREQUENT; no++) {
      const a = { ...answered(no), response: { ...answered(1).response! } };
      expect(compactAttempt(a, table)).toContain('sold out');
    }
    const last = { ...answered(FREQUENT), response: { ...answered(1).response! } };
    const packed = compactAttempt(last, table);
    expect(packed).not.toContain('sold out');
    expect(packed).not.toContain('+lJe1…');
    expect(packed).not.toContain('14:59:46 GMT');
    expect(JSON.stringify(expandAttempt(last, packed, table))).toBe(JSON.stringify(roundTrip(last)));
  });
});

describe('compact attempts: the body', () => {
  it('keeps the keys of the body once, in their order, and leaves out what JSON leaves out', () => {
    const table = createStringTable();
    const body = { z: 'last-first', a: { nested: [1, null, 'x'] }, dropped: undefined, n: 0, t: true };
    const a: AttemptRecord = { ...answered(5), body };
    const packed = compactAttempt(a, table);
    expect(packed).not.toContain('"z"');
    const back = expandAttempt(a, packed, table);
    expect(Object.keys(back.body)).toEqual(['z', 'a', 'n', 't']);
    expect(JSON.stringify(back)).toBe(JSON.stringify(roundTrip(a)));
    const empty: AttemptRecord = { ...answered(6), body: {} };
    expect(expandAttempt(empty, compactAttempt(empty, table), table).body).toEqual({});
  });
});

describe('string table: frequent strings', () => {
  it('numbers a string once it was offered FREQUENT times, and one already in the table at once', () => {
    const table = createStringTable();
    for (let i = 1; i < FREQUENT; i++) expect(table.frequentId('fixed sentence')).toBeUndefined();
    const n = table.frequentId('fixed sentence');
    expect(n).toBeTypeOf('number');
    expect(table.text(n!)).toBe('fixed sentence');
    expect(table.frequentId('fixed sentence')).toBe(n);
    expect(table.frequentId('x')).toBeUndefined();
    expect(table.frequentId(table.text(table.id('y')))).toBe(table.id('y'));
  });

  it('forgets the counts of strings that stay rare, so ids never fill the table', () => {
    const table = createStringTable();
    for (let i = 0; i < 5000; i++) for (let k = 0; k < 3; k++) table.frequentId(`id-${i}`);
    // 5 000 ids offered 3 times each: none numbered; a new string is still counted from one
    expect(table.frequentId('id-1')).toBeUndefined();
    expect(() => table.text(0)).toThrow(RangeError);
  });
});
