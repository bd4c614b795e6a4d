/**
 * AES credential encryption (reference §7.6), used for V1 `appInfo.userName/password` and encrypted
 * `mobilePhone`/`email` values:
 *
 *     wire = iv + base64(AES-CBC-PKCS7(key, iv, UTF-8 plaintext))
 *
 * `iv` is 16 ASCII letters/digits used as the 16 IV bytes. `encryptType` 1 (default) = AES-256-CBC, 2 =
 * AES-128-CBC; the key comes from the Java SHA1PRNG derivation in `./sha1prng`.
 */
import { createCipheriv, createDecipheriv, randomInt } from 'node:crypto';
import { ConfigError, ErrorCodes, SignatureError } from '../errors';
import { describeType, requireSecret } from '../util/option-checks';
import { sha1prngBytes } from './sha1prng';

/** `encryptType` values: 1 = AES-256-CBC (default), 2 = AES-128-CBC. */
export type EncryptType = 1 | 2;

/** Options of {@link encryptCredential}. */
export interface EncryptCredentialOptions {
  /** 1 = AES-256-CBC (default), 2 = AES-128-CBC. */
  encryptType?: EncryptType;
  /** 16 ASCII letters or digits. Default: random (from `crypto.randomInt`). */
  iv?: string;
}

const KEY_HINT = 'pass the same key the platform uses for this product.';
const IV_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const IV_PATTERN = /^[A-Za-z0-9]{16}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function cipherName(encryptType: unknown): 'aes-256-cbc' | 'aes-128-cbc' {
  if (encryptType === undefined || encryptType === 1) return 'aes-256-cbc';
  if (encryptType === 2) return 'aes-128-cbc';
  throw new ConfigError('encryptType must be 1 (AES-256-CBC, the default) or 2 (AES-128-CBC).');
}

/** AES key bytes for an access key and an `encryptType` (exposed for tests and diagnostics). */
export function deriveCredentialKey(accessKey: string, encryptType: EncryptType = 1): Buffer {
  const key = requireSecret('accessKey', accessKey, KEY_HINT);
  return sha1prngBytes(key, cipherName(encryptType) === 'aes-256-cbc' ? 32 : 16);
}

function randomIv(): string {
  let iv = '';
  for (let i = 0; i < 16; i++) iv += IV_ALPHABET[randomInt(IV_ALPHABET.length)];
  return iv;
}

/**
 * Encrypts a credential for the wire.
 *
 * @throws ConfigError when `accessKey` is missing or empty, `plaintext` is not a string, `encryptType` is not 1 or
 *   2, or `iv` is not 16 ASCII letters/digits.
 * @example
 * encryptCredential('my-key', 'P@ssw0rd', { encryptType: 2 }); // '<16-char iv><base64>'
 */
export function encryptCredential(
  accessKey: string,
  plaintext: string,
  o: EncryptCredentialOptions = {},
): string {
  const key = requireSecret('accessKey', accessKey, KEY_HINT);
  if (typeof plaintext !== 'string')
    throw new ConfigError(`plaintext must be a string, got ${describeType(plaintext)}.`);
  const opts = o ?? {};
  const algorithm = cipherName(opts.encryptType);
  if (opts.iv !== undefined && !(typeof opts.iv === 'string' && IV_PATTERN.test(opts.iv))) {
    throw new ConfigError('iv must be exactly 16 ASCII letters or digits, or be omitted for a random one.');
  }
  const iv = opts.iv ?? randomIv();
  const cipher = createCipheriv(
    algorithm,
    sha1prngBytes(key, algorithm === 'aes-256-cbc' ? 32 : 16),
    Buffer.from(iv),
  );
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return iv + ct.toString('base64');
}

function invalid(message: string, cause?: unknown): SignatureError {
  return new SignatureError(ErrorCodes.CIPHERTEXT_INVALID, message, cause === undefined ? {} : { cause });
}

/**
 * Decrypts a wire value (`iv + base64`). Spaces in the Base64 part are read as `+` (the `+`-as-space repair of a
 * query value that was not percent-encoded).
 *
 * @throws ConfigError when `accessKey` is missing or empty or `encryptType` is not 1 or 2.
 * @throws SignatureError with code `CIPHERTEXT_INVALID` when the value is not a string, is too short, has a
 *   non-ASCII IV or malformed Base64, or does not decrypt (wrong key or encryptType) to UTF-8 text.
 * @example
 * decryptCredential('my-key', wireValue, 2); // 'P@ssw0rd'
 */
export function decryptCredential(accessKey: string, value: string, encryptType: EncryptType = 1): string {
  const key = requireSecret('accessKey', accessKey, KEY_HINT);
  const algorithm = cipherName(encryptType);
  if (typeof value !== 'string')
    throw invalid(`The encrypted value must be a string, got ${describeType(value)}.`);
  const iv = Buffer.from(value.slice(0, 16), 'utf8');
  const b64 = value.slice(16).replace(/ /g, '+');
  if (value.length < 16 + 24 || iv.length !== 16) {
    throw invalid(
      'The encrypted value is too short or its first 16 characters are not an ASCII IV: expected iv + base64.',
    );
  }
  if (!BASE64.test(b64)) throw invalid('The encrypted value after the 16-character IV is not valid Base64.');
  const ct = Buffer.from(b64, 'base64');
  if (ct.length % 16 !== 0) throw invalid('The ciphertext length is not a multiple of the AES block size.');
  let plain: Buffer;
  try {
    const decipher = createDecipheriv(
      algorithm,
      sha1prngBytes(key, algorithm === 'aes-256-cbc' ? 32 : 16),
      iv,
    );
    plain = Buffer.concat([decipher.update(ct), decipher.final()]);
  } catch (cause) {
    throw invalid(
      `The value does not decrypt with this key as encryptType ${encryptType}: check the key and encryptType.`,
      cause,
    );
  }
  try {
    return utf8.decode(plain);
  } catch (cause) {
    throw invalid(
      `The value decrypts to bytes that are not UTF-8 text: check the key and encryptType ${encryptType}.`,
      cause,
    );
  }
}
