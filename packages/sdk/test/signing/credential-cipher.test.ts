import { describe, expect, it } from 'vitest';
import { ConfigError, ErrorCodes, SignatureError } from '../../src/errors';
import { decryptCredential, encryptCredential } from '../../src/signing';
import cipher from '../fixtures/vectors/credential-cipher.json';

const KEY = 'cipher-key';

function ciphertextInvalid(fn: () => unknown): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SignatureError);
  expect((error as SignatureError).code).toBe(ErrorCodes.CIPHERTEXT_INVALID);
  expect((error as Error).message).not.toContain(KEY);
}

describe('encryptCredential / decryptCredential', () => {
  it('round-trips text of any length (empty, unicode, several blocks) with both encrypt types', () => {
    for (const type of [1, 2] as const) {
      for (const text of ['', 'a', 'P@ssw0rd', '密码-пароль-🔑', 'x'.repeat(100)]) {
        const wire = encryptCredential(KEY, text, { encryptType: type });
        expect(decryptCredential(KEY, wire, type)).toBe(text);
      }
    }
  });

  it('uses a random 16-character [A-Za-z0-9] IV by default', () => {
    const ivs = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const wire = encryptCredential(KEY, 'secret');
      expect(wire.slice(0, 16)).toMatch(/^[A-Za-z0-9]{16}$/);
      ivs.add(wire.slice(0, 16));
    }
    expect(ivs.size).toBe(20);
  });

  it('encrypt types 1 and 2 give different ciphertexts for the same IV', () => {
    const iv = 'abcdefghijklmnop';
    expect(encryptCredential(KEY, 'same', { iv, encryptType: 1 })).not.toBe(
      encryptCredential(KEY, 'same', { iv, encryptType: 2 }),
    );
  });

  it('reads spaces in the Base64 part as + (query values that were not percent-encoded)', () => {
    const v = cipher.vectors.find((x) => x.wire.slice(16).includes('+'))!;
    expect(decryptCredential(cipher.accessKey, v.wire.replace(/\+/g, ' '), v.encryptType as 1 | 2)).toBe(
      v.plaintext,
    );
  });

  it('throws ConfigError for bad arguments', () => {
    expect(() => encryptCredential('', 'x')).toThrow(ConfigError);
    expect(() => encryptCredential(KEY, 5 as never)).toThrow(ConfigError);
    expect(() => encryptCredential(KEY, 'x', { encryptType: 3 as never })).toThrow(ConfigError);
    expect(() => encryptCredential(KEY, 'x', { iv: 'short' })).toThrow(ConfigError);
    expect(() => encryptCredential(KEY, 'x', { iv: '0123456789abcde!' })).toThrow(ConfigError);
    expect(() => encryptCredential(KEY, 'x', { iv: 'ééééééééééééééé1' })).toThrow(ConfigError);
    expect(() => decryptCredential('', 'x')).toThrow(ConfigError);
    expect(() => decryptCredential(KEY, 'x', 0 as never)).toThrow(ConfigError);
  });

  it('throws SignatureError CIPHERTEXT_INVALID for values that cannot be decrypted', () => {
    const good = encryptCredential(KEY, 'hello', { iv: '0123456789abcdef', encryptType: 2 });
    ciphertextInvalid(() => decryptCredential(KEY, 5 as never, 2));
    ciphertextInvalid(() => decryptCredential(KEY, '', 2));
    ciphertextInvalid(() => decryptCredential(KEY, good.slice(0, 30), 2));
    ciphertextInvalid(() => decryptCredential(KEY, `${good.slice(0, 16)}!!!!${good.slice(20)}`, 2));
    ciphertextInvalid(() => decryptCredential(KEY, `${good}==`, 2));
    ciphertextInvalid(() => decryptCredential(KEY, `é${good.slice(1)}`, 2));
    ciphertextInvalid(() =>
      decryptCredential(KEY, `${good.slice(0, 16)}${Buffer.alloc(20).toString('base64')}`, 2),
    );
  });

  it('throws CIPHERTEXT_INVALID for a wrong key or encrypt type (documented vectors)', () => {
    for (const v of cipher.vectors) {
      const type = v.encryptType as 1 | 2;
      ciphertextInvalid(() => decryptCredential(KEY, v.wire, type));
      ciphertextInvalid(() => decryptCredential(cipher.accessKey, v.wire, type === 1 ? 2 : 1));
    }
  });
});
