import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  ValidationError,
  checkUsageRecords,
  createClient,
  formatUsageTime,
  normalizeUsageValue,
  parseUsageTime,
  splitUsageRecords,
} from '@koogallery-kit/sdk';
import { AK, SK, T0, USAGE_KEY } from './helpers';

const DAY = 24 * 60 * 60 * 1000;
const record = (i: number, over: Record<string, unknown> = {}) => ({
  instance_id: 'inst-1',
  record_time: '20241231T230500Z',
  begin_time: '20241231T220000Z',
  end_time: '20241231T230000Z',
  usage_value: '1.5',
  metering_sn: `sn-${i}`,
  ...over,
});
const paths = (records: unknown) => [
  ...new Set(checkUsageRecords(records, { nowMs: T0 }).map((i) => i.path)),
];

describe('usage record checks (before any request)', () => {
  it('accepts valid records, numbers and strings alike', () => {
    expect(
      checkUsageRecords([record(0), record(1, { usage_value: 0.0001 }), record(2, { usage_value: 12 })], {
        nowMs: T0,
      }),
    ).toEqual([]);
  });

  it('requires 1 to 1000 records', () => {
    expect(paths([])).toEqual(['/usage_records']);
    const many = Array.from({ length: 1001 }, (_, i) => record(i));
    const issues = checkUsageRecords(many, { nowMs: T0 });
    expect(issues.map((i) => i.keyword)).toEqual(['maxItems']);
    expect(issues[0]?.message).toContain('splitUsageRecords');
    expect(paths(Array.from({ length: 1000 }, (_, i) => record(i)))).toEqual([]);
    expect(paths('nope')).toEqual(['/usage_records']);
  });

  it('usage_value: > 0, at most 4 decimals, plain decimal', () => {
    expect(paths([record(0, { usage_value: 0 })])).toEqual(['/usage_records/0/usage_value']);
    expect(paths([record(0, { usage_value: '0.0000' })])).toEqual(['/usage_records/0/usage_value']);
    expect(paths([record(0, { usage_value: -1 })])).toEqual(['/usage_records/0/usage_value']);
    expect(paths([record(0, { usage_value: 1.23456 })])).toEqual(['/usage_records/0/usage_value']);
    expect(paths([record(0, { usage_value: '1e3' })])).toEqual(['/usage_records/0/usage_value']);
    expect(paths([record(0, { usage_value: 1e21 })])).toEqual(['/usage_records/0/usage_value']);
    expect(paths([record(0, { usage_value: Number.NaN })])).toEqual(['/usage_records/0/usage_value']);
    expect(paths([record(0, { usage_value: '12.3456' })])).toEqual([]);
    expect(normalizeUsageValue(0.3)).toEqual({ ok: true, value: '0.3' });
    expect(normalizeUsageValue(1.23456)).toMatchObject({
      ok: false,
      message: 'must have at most 4 decimals, has 5',
    });
  });

  it("times: yyyyMMdd'T'HHmmss'Z', real calendar dates, end not before begin", () => {
    expect(paths([record(0, { record_time: '2024-12-31T23:05:00Z' })])).toEqual([
      '/usage_records/0/record_time',
    ]);
    expect(paths([record(0, { begin_time: '20240230T000000Z', end_time: '20240301T000000Z' })])).toEqual([
      '/usage_records/0/begin_time',
    ]);
    expect(paths([record(0, { end_time: '20241231T210000Z' })])).toEqual(['/usage_records/0/end_time']);
    expect(parseUsageTime('20240229T235959Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59));
    expect(parseUsageTime('20230229T000000Z')).toBeUndefined();
    expect(formatUsageTime(Date.UTC(2024, 2, 6, 1, 0, 0))).toBe('20240306T010000Z');
  });

  it('begin_time at most 21 days old on the injected clock', () => {
    const at = (ms: number) => formatUsageTime(ms);
    expect(paths([record(0, { begin_time: at(T0 - 21 * DAY), end_time: at(T0) })])).toEqual([]);
    const old = checkUsageRecords([record(0, { begin_time: at(T0 - 21 * DAY - 1000), end_time: at(T0) })], {
      nowMs: T0,
    });
    expect(old).toEqual([
      {
        path: '/usage_records/0/begin_time',
        message: expect.stringContaining('21 days') as string,
        keyword: 'maxAge',
      },
    ]);
  });

  it('metering_sn unique within the push, naming both records', () => {
    const issues = checkUsageRecords([record(0), record(1), record(2, { metering_sn: 'sn-0' })], {
      nowMs: T0,
    });
    expect(issues).toEqual([
      {
        path: '/usage_records/2/metering_sn',
        message: expect.stringContaining('record 0') as string,
        keyword: 'uniqueItems',
      },
    ]);
  });

  it('missing and over-long fields come from the schema, per record index', () => {
    const { metering_sn: _drop, ...noSn } = record(0);
    expect(paths([record(0), noSn])).toEqual(['/usage_records/1/metering_sn']);
    expect(paths([record(0, { instance_id: 'x'.repeat(65) })])).toEqual(['/usage_records/0/instance_id']);
    expect(paths([null])).toEqual(['/usage_records/0']);
  });

  it('client.usage.push refuses bad records with one ValidationError listing every problem by record index', async () => {
    const client = createClient({
      accessKey: AK,
      secretKey: SK,
      usageKey: USAGE_KEY,
      baseURL: 'http://127.0.0.1:9',
      now: () => T0,
    });
    const error = await client.usage
      .push([record(0), record(1, { usage_value: 0 }), record(2, { metering_sn: 'sn-0' })])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const e = error as ValidationError;
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.issues.map((i) => i.path)).toEqual([
      '/usage_records/1/usage_value',
      '/usage_records/2/metering_sn',
    ]);
    expect(e.message).toContain('record 1 usage_value: must be greater than 0');
    expect(e.message).toContain('record 2 metering_sn');
  });

  it('client.usage.push without usageKey is a ConfigError that says which key to use', async () => {
    const client = createClient({ accessKey: AK, secretKey: SK, baseURL: 'http://127.0.0.1:9' });
    const error = await client.usage.push([record(0)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('KooGallery key');
  });

  it('splitUsageRecords splits into ordered batches of at most 1000', () => {
    const records = Array.from({ length: 2501 }, (_, i) => record(i));
    const batches = splitUsageRecords(records);
    expect(batches.map((b) => b.length)).toEqual([1000, 1000, 501]);
    expect(batches.flat()).toEqual(records);
    expect(splitUsageRecords(records.slice(0, 5), 2).map((b) => b.map((r) => r.metering_sn))).toEqual([
      ['sn-0', 'sn-1'],
      ['sn-2', 'sn-3'],
      ['sn-4'],
    ]);
    expect(splitUsageRecords([])).toEqual([]);
    expect(() => splitUsageRecords(records, 1001)).toThrow(ConfigError);
    expect(() => splitUsageRecords(records, 0)).toThrow(ConfigError);
    expect(() => splitUsageRecords('x' as never)).toThrow(ConfigError);
  });
});
