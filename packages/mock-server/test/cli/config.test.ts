/**
 * Configuration of `koogallery-mock start`: file + environment + flags merged with flags winning, validated by
 * ajv listing every problem at once, each naming its flag or file key, with no value (secret) echoed; and a
 * schema complete enough to document.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ConfigProblemsError,
  loadMockConfig,
  toMarketplaceOptions,
  type ConfigSources,
} from '../../src/index';
import { formatBanner } from '../../src/cli/banner';
import { MOCK_CONFIG_SCHEMA } from '../../src/config/config-schema';

const dir = mkdtempSync(join(tmpdir(), 'kgk-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

function problems(sources: ConfigSources): string[] {
  try {
    loadMockConfig({ env: {}, cwd: dir, ...sources });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigProblemsError);
    expect((error as ConfigProblemsError).code).toBe('CONFIG_INVALID');
    return (error as Error).message.split('\n').slice(1);
  }
  throw new Error('expected the configuration to be rejected');
}

describe('loadMockConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadMockConfig({ env: {}, cwd: dir });
    expect(c).toMatchObject({ port: 8787, host: '127.0.0.1', clock: 'virtual', timeout: 5000 });
    expect(c.db).toBe(join(dir, '.koogallery-mock/mock.db'));
    expect(c.sellerUrl).toBeUndefined();
  });

  it('merges file, environment and flags (flags win) and maps to marketplace options', () => {
    const path = file('merge.json', {
      sellerUrl: 'https://seller.example.com/produce',
      port: 9000,
      timeout: 20000,
      retrySchedules: { refreshInstance: { kind: 'offsets', retryAtMs: ['1h'], onExhausted: 'manual' } },
      gracePeriodDays: 7,
    });
    const c = loadMockConfig({
      file: path,
      flags: { port: '9100', db: ':memory:' },
      env: { KOOGALLERY_ACCESS_KEY: 'env-key-123456' },
      cwd: dir,
    });
    expect(c).toMatchObject({
      port: 9100,
      timeout: 20000,
      key: 'env-key-123456',
      db: ':memory:',
      configFile: path,
    });
    expect(c.engine.retrySchedules).toEqual({
      refreshInstance: { kind: 'offsets', retryAtMs: [3_600_000], onExhausted: 'manual' },
    });
    expect(toMarketplaceOptions(c)).toMatchObject({
      sellerUrl: 'https://seller.example.com/produce',
      accessKey: 'env-key-123456',
      port: 9100,
      timeoutMs: 20000,
      engine: { gracePeriodDays: 7 },
    });
    const flagKey = loadMockConfig({
      flags: { sellerUrl: 'http://127.0.0.1:1/p', key: 'flag-key-654321' },
      env: { KOOGALLERY_ACCESS_KEY: 'env-key-123456' },
      cwd: dir,
    });
    expect(flagKey.key).toBe('flag-key-654321');
  });

  it('lists every problem of the flags at once, naming each flag', () => {
    const list = problems({ flags: { port: 'abc', clock: 'fast', timeout: '0', sellerUrl: 'ftp://x' } });
    expect(list).toHaveLength(4);
    expect(list.some((l) => l.startsWith('- --port:') && l.includes('integer'))).toBe(true);
    expect(list.some((l) => l.startsWith('- --clock:') && l.includes('"virtual", "real"'))).toBe(true);
    expect(list.some((l) => l.startsWith('- --timeout:'))).toBe(true);
    expect(list.some((l) => l.startsWith('- --seller-url:') && l.includes('http'))).toBe(true);
  });

  it('lists every problem of the file at once, naming the keys, and suggests close names', () => {
    const path = file('bad.json', {
      'seller-url': 'https://x.example/p',
      port: 70000,
      retrySchedules: {
        newInstance: { kind: 'offsets', retryAtMs: ['2h', '1h'], onExhausted: 'never' },
        queryInstance: { kind: 'sometimes' },
        bogus: { kind: 'offsets', retryAtMs: [], onExhausted: 'manual' },
      },
      probing: { slotsMinutes: [1440] },
    });
    const list = problems({ file: path });
    const text = list.join('\n');
    expect(text).toContain('bad.json: seller-url: unknown key; did you mean sellerUrl?');
    expect(text).toContain('bad.json: port: must be <= 65535');
    expect(text).toContain(
      'bad.json: retrySchedules.newInstance.onExhausted: must be one of "fail-order", "manual"',
    );
    expect(text).toContain(
      'bad.json: retrySchedules.queryInstance.kind: kind must be "offsets" or "interval"',
    );
    expect(text).toContain('bad.json: retrySchedules.bogus: unknown key');
    expect(text).toContain('bad.json: probing.slotsMinutes[0]: must be <= 1439');
  });

  it('checks rules across keys after the values, with engine-level schedule checks', () => {
    const path = file('cross.json', {
      sellerUrl: 'https://x.example/p',
      timeScale: 60,
      ak: 'AK123',
      retrySchedules: { newInstance: { kind: 'offsets', retryAtMs: ['2h', '1h'], onExhausted: 'manual' } },
    });
    const text = problems({ file: path }).join('\n');
    expect(text).toContain('--key: required with sellerUrl');
    expect(text).toContain('cross.json: timeScale: only applies to the real clock');
    expect(text).toContain('--sk: required with --ak');
    expect(text).toContain(
      'retrySchedules.newInstance.retryAtMs[1]: must be a finite number greater than 7200000',
    );
  });

  it('configures V1 mode and the kit public key, checking both', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
    const pem = file('kit.pem', publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const c = loadMockConfig({
      flags: { sellerUrl: 'http://127.0.0.1:1/p', key: 'v1-key-123456', protocol: 'v1', kitPublicKey: pem },
      env: {},
      cwd: dir,
    });
    expect(c.protocol).toBe('v1');
    expect(c.engine).toMatchObject({ protocol: 'v1', v1: { accessKey: 'v1-key-123456', encryptType: 1 } });
    expect(typeof c.engine.jointOperations?.encryptClientSecret).toBe('function');
    const text = problems({
      flags: { protocol: 'v1', kitPublicKey: join(dir, 'none.pem') },
      file: file('v1.json', { encryptType: 2 }),
    }).join('\n');
    expect(text).toContain('--key: required with protocol v1');
    expect(text).toContain('--kit-public-key: file');
    expect(text).not.toContain('encryptType: only applies');
    expect(problems({ file: file('v2.json', { encryptType: 2 }) }).join('\n')).toContain(
      'v2.json: encryptType: only applies to protocol v1',
    );
  });

  it('reports unreadable files and JSON syntax errors without quoting the file', () => {
    expect(problems({ file: join(dir, 'missing.json') }).join('\n')).toContain('does not exist');
    const path = file('syntax.json', '{\n  "key": "super-secret-value-123",\n  "port": 80,,\n}');
    const text = problems({ file: path }).join('\n');
    expect(text).toContain('syntax.json: is not valid JSON near line 3');
    expect(text).not.toContain('super-secret');
    expect(problems({ file: file('array.json', [1]) }).join('\n')).toContain('must contain one JSON object');
  });

  it('never echoes a value, so a secret in the wrong place does not leak', () => {
    const text = problems({
      flags: { port: 'my-secret-key-99' },
      env: { KOOGALLERY_MOCK_ADMIN_TOKEN: 'short' },
    }).join('\n');
    expect(text).not.toContain('my-secret-key-99');
    expect(text).not.toContain('short"');
    expect(text).toContain('$KOOGALLERY_MOCK_ADMIN_TOKEN: must NOT have fewer than 8 characters');
  });

  it('redacts secrets in the banner', () => {
    const c = loadMockConfig({
      flags: {
        sellerUrl: 'http://user:pw@127.0.0.1:8080/produce?x=1',
        key: 'banner-key-abcdef',
        adminToken: 'banner-token-1234',
        ak: 'AKPUBLIC',
        sk: 'banner-sk-5678',
      },
      env: {},
      cwd: dir,
    });
    const text = formatBanner(c, {
      url: 'http://127.0.0.1:8787',
      now: Date.parse('2025-03-10T02:00:00Z'),
      recovery: { resumedClockAt: null, interruptedAttempts: [], pendingJobs: 2 },
      console: false,
      version: '0.1.0',
    });
    for (const secret of ['banner-key-abcdef', 'banner-token-1234', 'banner-sk-5678', 'pw@'])
      expect(text).not.toContain(secret);
    expect(text).toContain('http://127.0.0.1:8080/produce');
    expect(text).toContain('[REDACTED]');
    expect(text).toContain('2025-03-10 10:00:00 UTC+08:00');
    expect(text).toContain('resumed: 2 pending job(s)');
  });
});

describe('MOCK_CONFIG_SCHEMA', () => {
  it('describes every property (the docs generate their table from it)', () => {
    const walk = (
      props: Record<string, { description?: unknown; properties?: object }>,
      at: string,
    ): void => {
      for (const [name, schema] of Object.entries(props)) {
        if (name === 'retrySchedules') continue; // one shared schedule description per interface
        expect(typeof schema.description, `${at}${name}`).toBe('string');
        if (schema.properties)
          walk(schema.properties as Record<string, { description?: unknown }>, `${at}${name}.`);
      }
    };
    walk(MOCK_CONFIG_SCHEMA.properties, '');
    expect(MOCK_CONFIG_SCHEMA.properties.port.default).toBe(8787);
    expect(MOCK_CONFIG_SCHEMA.additionalProperties).toBe(false);
  });
});
