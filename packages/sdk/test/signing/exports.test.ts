import { describe, expect, it } from 'vitest';
import * as sdk from '@koogallery-kit/sdk';
import * as signing from '../../src/signing';

const CONTRACT = [
  'canonicalJson',
  'signRequest',
  'verifyRequest',
  'createBodySign',
  'verifyBodySign',
  'parseBodySign',
  'signKitRequest',
  'verifyKitRequest',
  'signUsagePush',
  'verifyUsagePush',
  'computeAuthToken',
  'verifyAuthToken',
  'encryptCredential',
  'decryptCredential',
  'signApigRequest',
  'verifyApigRequest',
];

describe('signing exports', () => {
  it('the signing module exports exactly the contract functions', () => {
    expect(Object.keys(signing).sort()).toEqual([...CONTRACT].sort());
  });

  it('the package root re-exports every one of them', () => {
    for (const name of CONTRACT) {
      expect(typeof (sdk as Record<string, unknown>)[name], name).toBe('function');
      expect((sdk as Record<string, unknown>)[name]).toBe((signing as Record<string, unknown>)[name]);
    }
  });
});
