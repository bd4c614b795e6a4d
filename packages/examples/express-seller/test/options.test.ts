// Every bad option is a ConfigError that says what to pass instead; the environment mapping of main.ts.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@koogallery-kit/sdk';
import { createSellerApp, sellerOptionsFromEnv } from '../src';
import type { SellerAppOptions } from '../src';

const valid: SellerAppOptions = { accessKey: 'k', dbPath: ':memory:', logger: {} };

describe('createSellerApp options', () => {
  it.each([
    ['no options', undefined, /accessKey, dbPath/],
    ['no accessKey', { ...valid, accessKey: '' }, /accessKey is required/],
    ['no dbPath', { ...valid, dbPath: ' ' }, /dbPath is required/],
    ['a productionPath without leading slash', { ...valid, productionPath: 'produce' }, /productionPath/],
    ['the root as productionPath', { ...valid, productionPath: '/' }, /productionPath/],
    ['a relative appBaseUrl', { ...valid, appBaseUrl: 'app.example.com' }, /appBaseUrl/],
    ['an overlong appBaseUrl', { ...valid, appBaseUrl: `https://a.example.com/${'x'.repeat(400)}` }, /400/],
    ['a negative provisioningDelayMs', { ...valid, provisioningDelayMs: -1 }, /provisioningDelayMs/],
    ['a non-number provisioningPollMs', { ...valid, provisioningPollMs: '5' }, /provisioningPollMs/],
    ['a string asyncProvisioning', { ...valid, asyncProvisioning: 'yes' }, /asyncProvisioning/],
    ['a non-function orderLookup', { ...valid, orderLookup: 'http://x' }, /orderLookup/],
  ])('%s → ConfigError', (_name, options, message) => {
    let thrown: unknown;
    try {
      createSellerApp(options as SellerAppOptions);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toMatch(message);
  });

  it('accepts an in-memory database and serves /healthz', async () => {
    const seller = createSellerApp(valid);
    try {
      const { url, productionUrl } = await seller.listen(0);
      expect(productionUrl).toBe(`${url}/koogallery/produce`);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      await seller.close();
    }
  });

  it('setUsersInUse refuses a bad count and an unknown instance', async () => {
    const seller = createSellerApp(valid);
    try {
      expect(() => seller.setUsersInUse('nope', 1)).toThrow(ConfigError);
      expect(() => seller.setUsersInUse('nope', -1)).toThrow(/integer/);
    } finally {
      await seller.close();
    }
  });
});

describe('sellerOptionsFromEnv', () => {
  it('needs KEY (or KOOGALLERY_ACCESS_KEY) and says how to set it', () => {
    expect(() => sellerOptionsFromEnv({})).toThrow(/Set KEY/);
    expect(sellerOptionsFromEnv({ KOOGALLERY_ACCESS_KEY: 'k2' }).options.accessKey).toBe('k2');
  });

  it('applies the documented defaults', () => {
    const { options, port, host } = sellerOptionsFromEnv({ KEY: 'k' });
    expect({ port, host }).toEqual({ port: 3000, host: '127.0.0.1' });
    expect(options).toMatchObject({
      accessKey: 'k',
      dbPath: 'seller.sqlite',
      appBaseUrl: 'http://127.0.0.1:3000',
      asyncProvisioning: false,
      provisioningDelayMs: 5000,
    });
    expect(options.orderLookup).toBeUndefined();
    expect(options.productionPath).toBeUndefined();
  });

  it('reads every variable', () => {
    const { options, port, host } = sellerOptionsFromEnv({
      KEY: 'k',
      PORT: '8080',
      HOST: '0.0.0.0',
      DB_PATH: '/var/lib/seller/state.sqlite',
      PRODUCTION_PATH: '/isv/produce',
      ASYNC_PROVISIONING: 'all',
      PROVISIONING_DELAY_MS: '250',
    });
    expect({ port, host }).toEqual({ port: 8080, host: '0.0.0.0' });
    expect(options).toMatchObject({
      dbPath: '/var/lib/seller/state.sqlite',
      productionPath: '/isv/produce',
      // Listening on every interface: the reported URLs use the loopback address.
      appBaseUrl: 'http://127.0.0.1:8080',
      asyncProvisioning: true,
      provisioningDelayMs: 250,
    });
  });

  it('ASYNC_PROVISIONING=test selects console debugging calls', () => {
    const predicate = sellerOptionsFromEnv({ KEY: 'k', ASYNC_PROVISIONING: 'test' }).options
      .asyncProvisioning as (r: { testFlag: boolean }) => boolean;
    expect(predicate({ testFlag: true })).toBe(true);
    expect(predicate({ testFlag: false })).toBe(false);
  });

  it.each([
    [{ KEY: 'k', PORT: '70000' }, /PORT/],
    [{ KEY: 'k', PORT: 'http' }, /PORT/],
    [{ KEY: 'k', PROVISIONING_DELAY_MS: '-5' }, /PROVISIONING_DELAY_MS/],
    [{ KEY: 'k', OPEN_API_URL: 'http://127.0.0.1:8787' }, /all of OPEN_API_URL, OPEN_API_AK and OPEN_API_SK/],
    [{ KEY: 'k', ASYNC_PROVISIONING: 'OFFI1' }, /only known from the order query/],
  ])('%o → ConfigError', (env, message) => {
    expect(() => sellerOptionsFromEnv(env)).toThrow(ConfigError);
    expect(() => sellerOptionsFromEnv(env)).toThrow(message);
  });
});
