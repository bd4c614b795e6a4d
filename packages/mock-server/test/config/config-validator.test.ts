/**
 * The prebuilt configuration validator (src/config/generated, from scripts/generate-config-validator.ts) judges
 * exactly like ajv compiling MOCK_CONFIG_SCHEMA at run time with the loader's options did: same verdicts, same
 * error objects (instancePath, keyword, params, message; schemaPath up to the shared retry schedule), hence the
 * same configuration messages — over hand-picked and seeded random configurations.
 */
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { CONFIG_AJV_OPTIONS } from '../../scripts/generate-config-validator';
import { MOCK_CONFIG_SCHEMA } from '../../src/config/config-schema';
import prebuilt, { type ConfigSchemaError } from '../../src/config/generated/config-validator';
import { describeSchemaErrors, validateMockConfig } from '../../src/config/load-config';
import { createSeededRandom } from '../../src/engine/model/random';

/** The validator as the loader compiled it before it was prebuilt. */
const runtime = new Ajv({ ...CONFIG_AJV_OPTIONS }).compile(MOCK_CONFIG_SCHEMA);

const schedule = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  kind: 'offsets',
  retryAtMs: [0, '30s', '1h30m'],
  onExhausted: 'fail-order',
  ...over,
});

/** Hand-picked configurations: valid ones and one or more of every kind of problem. */
const CASES: unknown[] = [
  {},
  { port: 0, db: ':memory:' },
  { port: 8787, host: '0.0.0.0', clock: 'real', timeScale: 60, timeout: 20000, seed: 'abc' },
  { sellerUrl: 'https://seller.example.com/produce', key: 'k', kitKey: 'kk', protocol: 'v1', encryptType: 2 },
  { port: 'abc', clock: 'fast', timeout: 0, sellerUrl: 'ftp://x' },
  { port: 70000, host: '', db: '', timeScale: 0, startAt: '', timeLimit: 0, adminToken: 'short' },
  { 'seller-url': 'https://x.example/p', Port: 1, sellerurl: 'x', unknownThing: true },
  { seed: 1.5, testFlag: '2', gracePeriodDays: 400, concurrency: 0, timeZoneOffsetMinutes: 900 },
  { sellerEmail: 'not-an-address', failedOrdersDelistThreshold: -1, renewalChangeWindowDays: 0 },
  { probing: { enabled: 'yes', slotsMinutes: [], freezeAfterDays: 0, delistAfterDays: 0, extra: 1 } },
  { probing: { slotsMinutes: [540, 540, 1440, -1, 1.5] } },
  { retrySchedules: { newInstance: schedule() } },
  { retrySchedules: { newInstance: schedule({ retryAtMs: ['2h', 'soon', -5, 1.5, null] }) } },
  { retrySchedules: { newInstance: schedule({ onExhausted: 'never', extra: 1 }) } },
  { retrySchedules: { newInstance: schedule({ 'retry-at-ms': [] }) } },
  { retrySchedules: { queryInstance: { kind: 'sometimes' } } },
  { retrySchedules: { queryInstance: {} } },
  { retrySchedules: { queryInstance: { kind: 5 } } },
  { retrySchedules: { queryInstance: 'often' } },
  {
    retrySchedules: {
      orderNotify: { kind: 'interval', everyMs: '1h', forMs: 86_400_000, onExhausted: 'manual' },
    },
  },
  {
    retrySchedules: { orderNotify: { kind: 'interval', everyMs: 'x', retryAtMs: [], onExhausted: 'manual' } },
  },
  { retrySchedules: { bogus: schedule(), tenantSync: schedule({ kind: 'interval' }) } },
  { retrySchedules: { newinstance: schedule() } },
  { retrySchedules: { v1Upgrade: schedule({ retryAtMs: Array.from({ length: 1001 }, () => 1) }) } },
  { catalog: {} },
  { catalog: { products: [] } },
  { catalog: { products: [1, { code: 'x' }] } },
  // minLength counts code points (ajv's ucs2length, inlined into the prebuilt validator): 4 emoji are 4, not 8.
  { adminToken: '\u{1F600}\u{1F600}\u{1F600}\u{1F600}' },
  { adminToken: '\u{1F600}'.repeat(8), key: '\u{1F600}' },
  { $schema: 5 },
  null,
  [],
  'text',
  42,
];

const VALUES: unknown[] = [
  0,
  -1,
  1,
  7,
  1.5,
  65535,
  65536,
  1_000_001,
  '',
  'x',
  'abcdefgh',
  '1h',
  '90m',
  '2d',
  ' 30s ',
  '1.5h',
  'soon',
  'virtual',
  'real',
  'v1',
  'v2',
  '0',
  '1',
  'https://s.example/p',
  'a@b',
  'manual',
  'fail-order',
  'offsets',
  'interval',
  true,
  null,
  [],
  [540, 900],
  [1, '1h'],
  {},
];
const TOP_KEYS = [...Object.keys(MOCK_CONFIG_SCHEMA.properties), 'seller-url', 'bogus'];
const SCHEDULE_KEYS = ['kind', 'retryAtMs', 'everyMs', 'forMs', 'onExhausted', 'retry-at-ms'];
const INTERFACES = [...Object.keys(MOCK_CONFIG_SCHEMA.properties.retrySchedules.properties), 'bogus'];

function randomConfig(next: () => number): Record<string, unknown> {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const config: Record<string, unknown> = {};
  for (let i = Math.floor(next() * 5); i > 0; i--) config[pick(TOP_KEYS)] = pick(VALUES);
  if (next() < 0.5) {
    const schedules: Record<string, unknown> = {};
    for (let i = 1 + Math.floor(next() * 3); i > 0; i--) {
      const s: Record<string, unknown> = {};
      for (let j = Math.floor(next() * 5); j > 0; j--) s[pick(SCHEDULE_KEYS)] = pick(VALUES);
      if (next() < 0.7) s.kind = pick(['offsets', 'interval', 'other']);
      schedules[pick(INTERFACES)] = s;
    }
    config.retrySchedules = schedules;
  }
  if (next() < 0.3) {
    config.probing = { [pick(['enabled', 'slotsMinutes', 'freezeAfterDays', 'x'])]: pick(VALUES) };
  }
  return config;
}

/** Error objects without the schema path (compared separately). */
const withoutSchemaPath = (errors: readonly ConfigSchemaError[] | null | undefined): unknown[] =>
  (errors ?? []).map(({ instancePath, keyword, params, message }) => ({
    instancePath,
    keyword,
    params,
    message,
  }));

function expectSameJudgement(value: unknown, label: string): void {
  const ok = prebuilt(value);
  expect(ok, label).toBe(runtime(value));
  expect(withoutSchemaPath(prebuilt.errors), label).toEqual(withoutSchemaPath(runtime.errors));
  // Inside the shared retry schedule the prebuilt schema path is relative to it; it is the tail of the full one.
  (prebuilt.errors ?? []).forEach((e, i) => {
    const full = runtime.errors?.[i]?.schemaPath ?? '';
    expect(full === e.schemaPath || full.endsWith(e.schemaPath.slice(1)), `${label} ${full}`).toBe(true);
  });
  expect(validateMockConfig(value), label).toEqual(ok ? [] : describeSchemaErrors(runtime.errors ?? []));
}

describe('the prebuilt configuration validator', () => {
  it('judges every hand-picked configuration exactly like ajv compiling the schema at run time', () => {
    CASES.forEach((value, i) => expectSameJudgement(value, `case ${i}: ${JSON.stringify(value)}`));
  });

  it('judges seeded random configurations exactly like ajv compiling the schema at run time', () => {
    // Seeded, so the random cases are the same on every run.
    const seeded = createSeededRandom(20_251_122);
    const next = (): number => seeded.next();
    let invalid = 0;
    for (let i = 0; i < 400; i++) {
      const value = randomConfig(next);
      expectSameJudgement(value, `random ${i}: ${JSON.stringify(value)}`);
      if (!runtime(value)) invalid++;
    }
    // The generator exercises both verdicts.
    expect(invalid).toBeGreaterThan(100);
    expect(invalid).toBeLessThan(400);
  });

  it('names the keys of the right retry schedule kind for an unknown key inside a schedule', () => {
    expect(validateMockConfig({ retrySchedules: { newInstance: schedule({ 'retry-at-ms': [] }) } })).toEqual([
      { path: 'retrySchedules.newInstance.retry-at-ms', message: 'unknown key; did you mean retryAtMs?' },
    ]);
    expect(
      validateMockConfig({
        retrySchedules: {
          orderNotify: { kind: 'interval', everyMs: 1, forMs: 2, onExhausted: 'manual', retryAtMs: [] },
        },
      }),
    ).toEqual([
      {
        path: 'retrySchedules.orderNotify.retryAtMs',
        message: 'unknown key; known keys: kind, everyMs, forMs, onExhausted',
      },
    ]);
    expect(validateMockConfig({ probing: { slots: [1] } })).toEqual([
      {
        path: 'probing.slots',
        message: 'unknown key; known keys: enabled, slotsMinutes, freezeAfterDays, delistAfterDays',
      },
    ]);
  });

  it('folds the alternatives of a duration into one message and counts code points', () => {
    expect(
      validateMockConfig({ retrySchedules: { newInstance: schedule({ retryAtMs: ['1h', 'soon'] }) } }),
    ).toEqual([
      {
        path: 'retrySchedules.newInstance.retryAtMs[1]',
        message: 'must be milliseconds (a whole number) or a duration such as 30s, 90m, 1h30m, 2d',
      },
    ]);
    expect(validateMockConfig({ adminToken: '\u{1F600}'.repeat(4) })).toEqual([
      { path: 'adminToken', message: 'must NOT have fewer than 8 characters' },
    ]);
    expect(validateMockConfig({ adminToken: '\u{1F600}'.repeat(8) })).toEqual([]);
  });
});
