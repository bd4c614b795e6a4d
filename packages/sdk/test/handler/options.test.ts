/** createProductionHandler option validation: every bad option is a ConfigError naming it, never echoing a key. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors';
import { createProductionHandler } from '../../src/handler';
import type { ProductionHandlerOptions } from '../../src/handler';
import { ACCESS_KEY, rsa } from './harness';

const ok = { accessKey: ACCESS_KEY, handlers: {} };

describe('createProductionHandler options', () => {
  it.each<[string, unknown, RegExp]>([
    ['no options', undefined, /options must be an object/],
    ['missing accessKey', { handlers: {} }, /accessKey must be a non-empty string/],
    ['empty kitAccessKey', { ...ok, kitAccessKey: '' }, /kitAccessKey/],
    ['handlers not an object', { accessKey: ACCESS_KEY, handlers: [] }, /handlers must be an object/],
    [
      'a typo in a handler name',
      { ...ok, handlers: { newinstance: () => undefined } },
      /handlers\.newinstance .*did you mean newInstance/,
    ],
    [
      'the V1 name in V2 mode',
      { ...ok, handlers: { upgrade: () => undefined } },
      /V2 calls it upgradeInstance/,
    ],
    [
      'a V1-only activity in V2 mode',
      { ...ok, handlers: { expireInstance: () => undefined } },
      /set version: 'v1'/,
    ],
    [
      'the V2 name in V1 mode',
      { ...ok, version: 'v1', handlers: { upgradeInstance: () => undefined } },
      /V1 calls it upgrade/,
    ],
    [
      'a handler that is not a function',
      { ...ok, handlers: { newInstance: 'yes' } },
      /handlers\.newInstance must be a function/,
    ],
    ['an unknown version', { ...ok, version: 'v3' }, /version must be/],
    ['a zero tolerance', { ...ok, toleranceMs: 0 }, /toleranceMs/],
    ['an infinite tolerance', { ...ok, toleranceMs: Infinity }, /toleranceMs/],
    ['a fractional body limit', { ...ok, maxBodyBytes: 10.5 }, /maxBodyBytes/],
    ['a clock that is not a function', { ...ok, now: 1 }, /now must be a function/],
    ['a nonce store without claim()', { ...ok, nonceStore: {} }, /nonceStore must have a claim/],
    ['a logger method that is not a function', { ...ok, logger: { warn: 'x' } }, /logger\.warn/],
    [
      'applicationSync without privateKey',
      { ...ok, handlers: { applicationSync: () => undefined } },
      /privateKey/,
    ],
    ['a privateKey that is not a key', { ...ok, privateKey: 'not a pem' }, /privateKey could not be read/],
    ['a public key as privateKey', { ...ok, privateKey: rsa.publicKey }, /RSA private key/],
    ['an unknown OAEP variant', { ...ok, clientSecretOaep: 'md5' }, /clientSecretOaep/],
    ['encryptType in V2 mode', { ...ok, encryptType: 2 }, /encryptType applies to version 'v1'/],
    ['an unknown encryptType', { ...ok, version: 'v1', encryptType: 3 }, /encryptType must be 1/],
  ])('%s', (_name, options, message) => {
    let thrown: unknown;
    try {
      createProductionHandler(options as ProductionHandlerOptions);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).code).toBe('CONFIG_INVALID');
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain(ACCESS_KEY);
  });

  it('applies the documented defaults', () => {
    const handler = createProductionHandler(ok);
    expect(handler.maxBodyBytes).toBe(1_048_576);
    expect(handler.version).toBe('v2');
    expect(
      createProductionHandler({ ...ok, version: 'v1', handlers: { upgrade: () => undefined } }).version,
    ).toBe('v1');
  });
});
