/**
 * applicationSync's `clientSecret` (protocol §4.2): the platform side encrypts with RSA-OAEP, the handler side
 * decrypts. Both live in signing/client-secret-cipher.ts; each direction is checked against node:crypto used
 * directly (`publicEncrypt` / `privateDecrypt` with the OAEP digest spelled out), not against the other half.
 */
import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors';
import {
  createClientSecretEncryptor,
  decryptClientSecret,
  encryptClientSecret,
} from '../../src/signing/client-secret-cipher';

const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
const SECRET = 'client-secret-Zx9+/=';

const nodeDecrypt = (ciphertext: string, oaepHash: 'sha1' | 'sha256'): string =>
  privateDecrypt(
    { key: pair.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash },
    Buffer.from(ciphertext, 'base64'),
  ).toString('utf8');

describe('client-secret cipher', () => {
  it('encrypts as RSA-OAEP SHA-1 by default, SHA-256 on request', () => {
    expect(nodeDecrypt(encryptClientSecret(pair.publicKey, SECRET), 'sha1')).toBe(SECRET);
    expect(nodeDecrypt(encryptClientSecret(pair.publicKey, SECRET, 'sha256'), 'sha256')).toBe(SECRET);
    const encrypt = createClientSecretEncryptor(pair.publicKey, { minModulusBits: 2048, oaepHash: 'sha256' });
    expect(nodeDecrypt(encrypt(SECRET), 'sha256')).toBe(SECRET);
  });

  it('decrypts what node:crypto encrypts, finding the digest in auto mode', () => {
    for (const oaepHash of ['sha1', 'sha256'] as const) {
      const ciphertext = publicEncrypt(
        { key: pair.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash },
        Buffer.from(SECRET, 'utf8'),
      ).toString('base64');
      expect(decryptClientSecret(pair.privateKey, ciphertext, 'auto')).toEqual({ ok: true, secret: SECRET });
      expect(decryptClientSecret(pair.privateKey, ciphertext, oaepHash)).toEqual({
        ok: true,
        secret: SECRET,
      });
    }
    expect(decryptClientSecret(pair.privateKey, 'not base64!', 'auto')).toEqual({
      ok: false,
      reason: 'NOT_BASE64',
    });
  });

  it('refuses keys the console would refuse, and empty secrets', () => {
    expect(() => createClientSecretEncryptor(pair.publicKey)).toThrow(/2048 bits.*at least 3072/);
    expect(() => createClientSecretEncryptor('not a key')).toThrow(ConfigError);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => createClientSecretEncryptor(ec.publicKey)).toThrow(/must be an RSA key/);
    const encrypt = createClientSecretEncryptor(pair.publicKey, { minModulusBits: 2048 });
    expect(() => encrypt('')).toThrow(ConfigError);
  });
});
