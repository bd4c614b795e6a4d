import {
  KeyObject,
  constants,
  createHash,
  createPrivateKey,
  createPublicKey,
  privateDecrypt,
  publicEncrypt,
  timingSafeEqual,
} from 'node:crypto';
import { ConfigError } from '../errors';

/**
 * RSA-OAEP of applicationSync's `clientSecret` (protocol §4.2), both sides: the platform encrypts
 * ({@link createClientSecretEncryptor}, {@link encryptClientSecret}; the mock marketplace and the conformance suite
 * use them), the seller's handler decrypts ({@link decryptClientSecret}).
 *
 * applicationSync's `clientSecret` arrives RSA-encrypted with the public key the seller uploaded with the
 * application credential (OAEP padding, protocol §4.2), base64-encoded. The docs never name the OAEP digests, and
 * Java — the platform's language — has three common spellings that differ on the wire:
 * - `'sha1'`: OAEP with SHA-1 and MGF1-SHA-1 (Java `RSA/ECB/OAEPPadding`, `OAEPWithSHA-1AndMGF1Padding`);
 * - `'sha256'`: SHA-256 and MGF1-SHA-256 (Java with an explicit `OAEPParameterSpec`, WebCrypto, Node);
 * - `'sha256-mgf1-sha1'`: SHA-256 label hash with MGF1-SHA-1 (Java `OAEPWithSHA-256AndMGF1Padding` defaults).
 * `'auto'` (the default) tries them in that order; a wrong variant fails the OAEP integrity check, so the first
 * success is the right one.
 */
export type OaepVariant = 'auto' | 'sha1' | 'sha256' | 'sha256-mgf1-sha1';

/** A PEM/DER private key, a `KeyObject`, or a PEM with its passphrase. */
export type PrivateKeyInput = string | Buffer | KeyObject | { key: string | Buffer; passphrase: string };

const VARIANTS: Record<Exclude<OaepVariant, 'auto'>, { hash: 'sha1' | 'sha256'; mgf1: 'sha1' | 'sha256' }> = {
  sha1: { hash: 'sha1', mgf1: 'sha1' },
  sha256: { hash: 'sha256', mgf1: 'sha256' },
  'sha256-mgf1-sha1': { hash: 'sha256', mgf1: 'sha1' },
};

/** Internal: the private key as a KeyObject; a ConfigError when it is not an RSA private key. */
export function loadRsaPrivateKey(where: string, input: PrivateKeyInput): KeyObject {
  let key: KeyObject;
  try {
    key =
      typeof input === 'object' && input !== null && 'asymmetricKeyType' in input
        ? input
        : createPrivateKey(input as Parameters<typeof createPrivateKey>[0]);
  } catch (error) {
    throw new ConfigError(
      `${where}: privateKey could not be read; pass the PEM (or DER Buffer, or KeyObject) of the RSA private key whose public half was uploaded with the application credential.`,
      { cause: error },
    );
  }
  if (key.type !== 'private' || key.asymmetricKeyType !== 'rsa') {
    throw new ConfigError(
      `${where}: privateKey must be an RSA private key (got a ${key.type} ${key.asymmetricKeyType ?? 'unknown'} key).`,
    );
  }
  return key;
}

/** Internal: checks an OaepVariant option. */
export function checkOaepVariant(where: string, value: unknown): OaepVariant {
  if (value === 'auto' || (typeof value === 'string' && value in VARIANTS)) return value as OaepVariant;
  throw new ConfigError(`${where}: clientSecretOaep must be 'auto', 'sha1', 'sha256' or 'sha256-mgf1-sha1'.`);
}

function mgf1(seed: Buffer, length: number, hash: 'sha1' | 'sha256'): Buffer {
  const blocks: Buffer[] = [];
  let produced = 0;
  for (let counter = 0; produced < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    const block = createHash(hash).update(seed).update(c).digest();
    blocks.push(block);
    produced += block.length;
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** EME-OAEP decoding (RFC 8017 §7.1.2 step 3) with an empty label; null when the encoding is not valid. */
function oaepDecode(em: Buffer, hash: 'sha1' | 'sha256', mgf: 'sha1' | 'sha256'): Buffer | null {
  const hLen = hash === 'sha1' ? 20 : 32;
  const k = em.length;
  if (k < 2 * hLen + 2 || em[0] !== 0) return null;
  const maskedSeed = em.subarray(1, 1 + hLen);
  const maskedDb = em.subarray(1 + hLen);
  const seedMask = mgf1(maskedDb, hLen, mgf);
  const seed = Buffer.from(maskedSeed.map((b, i) => b ^ (seedMask[i] ?? 0)));
  const dbMask = mgf1(seed, k - hLen - 1, mgf);
  const db = Buffer.from(maskedDb.map((b, i) => b ^ (dbMask[i] ?? 0)));
  const lHash = createHash(hash).update(Buffer.alloc(0)).digest();
  if (!timingSafeEqual(db.subarray(0, hLen), lHash)) return null;
  let i = hLen;
  while (i < db.length && db[i] === 0) i++;
  if (i >= db.length || db[i] !== 1) return null;
  return db.subarray(i + 1);
}

/** Outcome of {@link decryptClientSecret}. */
export type ClientSecretResult =
  { ok: true; secret: string } | { ok: false; reason: 'NOT_BASE64' | 'WRONG_LENGTH' | 'DECRYPT_FAILED' };

/** Internal: decrypts a base64 RSA-OAEP `clientSecret` (standard or URL-safe alphabet, whitespace ignored). */
export function decryptClientSecret(key: KeyObject, value: string, variant: OaepVariant): ClientSecretResult {
  const compact = value.replace(/\s+/g, '');
  if (compact.length === 0 || !/^[A-Za-z0-9+/\-_]+={0,2}$/.test(compact))
    return { ok: false, reason: 'NOT_BASE64' };
  const ciphertext = Buffer.from(compact.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  const modulusBytes = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  if (ciphertext.length !== modulusBytes) return { ok: false, reason: 'WRONG_LENGTH' };
  let em: Buffer;
  try {
    em = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, ciphertext);
  } catch {
    return { ok: false, reason: 'DECRYPT_FAILED' };
  }
  const order = variant === 'auto' ? (['sha1', 'sha256', 'sha256-mgf1-sha1'] as const) : ([variant] as const);
  for (const name of order) {
    const { hash, mgf1: mgf } = VARIANTS[name];
    const message = oaepDecode(em, hash, mgf);
    if (message !== null) return { ok: true, secret: message.toString('utf8') };
  }
  return { ok: false, reason: 'DECRYPT_FAILED' };
}

/** OAEP digest of the platform side (also used for MGF1): `sha1` (Java's default, the default here) or `sha256`. */
export type OaepHash = 'sha1' | 'sha256';

/**
 * Encrypts a `clientSecret` as the platform does: RSA-OAEP with `oaepHash` (default SHA-1 with MGF1-SHA-1, Java's
 * `RSA/ECB/OAEPPadding`, the reading the handler tries first), Base64. No key-size check: see
 * {@link createClientSecretEncryptor} for the checked form.
 */
export function encryptClientSecret(
  publicKey: SellerPublicKeyInput,
  clientSecret: string,
  oaepHash: OaepHash = 'sha1',
): string {
  return publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash },
    Buffer.from(clientSecret, 'utf8'),
  ).toString('base64');
}

/** Options of {@link createClientSecretEncryptor}. */
export interface ClientSecretEncryptorOptions {
  /** OAEP digest (also used for MGF1). Default `sha1`. */
  oaepHash?: OaepHash;
  /**
   * Smallest accepted key size in bits. Default 3072, what the seller console requires for uploaded keys (§4.2);
   * lower it only for throw-away test keys.
   */
  minModulusBits?: number;
}

/** The seller's public key: PEM / DER text or buffer, a KeyObject, or a private key (its public half is used). */
export type SellerPublicKeyInput = string | Buffer | KeyObject;

/**
 * Checks the seller's public key once and returns `(clientSecret) => base64 ciphertext` (the mock engine's
 * `jointOperations.encryptClientSecret`).
 *
 * @throws ConfigError when the key cannot be read, is not RSA, or is smaller than `minModulusBits`, and (from the
 *   returned function) for an empty secret.
 * @example
 * createMockMarketplace({ engine: { jointOperations: { encryptClientSecret: createClientSecretEncryptor(publicKeyPem) } } })
 */
export function createClientSecretEncryptor(
  publicKey: SellerPublicKeyInput,
  options: ClientSecretEncryptorOptions = {},
): (clientSecret: string) => string {
  const hash = options.oaepHash ?? 'sha1';
  if (hash !== 'sha1' && hash !== 'sha256')
    throw new ConfigError("oaepHash must be 'sha1' (default) or 'sha256'.");
  const minBits = options.minModulusBits ?? 3072;
  if (!Number.isInteger(minBits) || minBits < 1024) {
    throw new ConfigError('minModulusBits must be an integer of at least 1024 (default 3072).');
  }
  let key: KeyObject;
  try {
    key =
      publicKey instanceof KeyObject && publicKey.type === 'public' ? publicKey : createPublicKey(publicKey);
  } catch (error) {
    throw new ConfigError(
      "The seller's public key could not be read: pass the PEM (SPKI or PKCS#1) of the RSA key uploaded with the application credential.",
      { cause: error },
    );
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new ConfigError(
      `The seller's public key must be an RSA key (got ${key.asymmetricKeyType ?? 'an unknown type'}).`,
    );
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < minBits) {
    throw new ConfigError(
      `The seller's public key has ${bits} bits; the console requires at least ${minBits}. Generate a ${minBits}-bit RSA key pair.`,
    );
  }
  return (clientSecret: string): string => {
    if (typeof clientSecret !== 'string' || clientSecret.length === 0) {
      throw new ConfigError('The client secret to encrypt must be a non-empty string.');
    }
    return encryptClientSecret(key, clientSecret, hash);
  };
}
