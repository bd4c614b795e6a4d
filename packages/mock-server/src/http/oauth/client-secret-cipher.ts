/**
 * The platform side of applicationSync's `clientSecret` (§4.2): RSA-OAEP encryption with the public key the
 * seller uploaded with its application credential, base64 on the wire. The engine is pure, so it receives this
 * cipher through `jointOperations.encryptClientSecret`.
 *
 * The docs name OAEP but not its digests. The default is SHA-1 with MGF1-SHA-1 — Java's `RSA/ECB/OAEPPadding`,
 * the platform's language default — which the SDK's handler tries first in its `'auto'` mode; `sha256` (SHA-256
 * with MGF1-SHA-256) is available to exercise a seller's other reading.
 */
import { constants, createPublicKey, publicEncrypt, type KeyObject } from 'node:crypto';
import { ConfigError } from '@koogallery-kit/sdk';

/** Options of {@link createClientSecretEncryptor}. */
export interface ClientSecretEncryptorOptions {
  /** OAEP digest (also used for MGF1). Default `sha1`. */
  oaepHash?: 'sha1' | 'sha256';
  /**
   * Smallest accepted key size in bits. Default 3072, what the seller console requires for uploaded keys (§4.2);
   * lower it only for throw-away test keys.
   */
  minModulusBits?: number;
}

/** The seller's public key: PEM / DER text or buffer, a KeyObject, or a private key (its public half is used). */
export type SellerPublicKeyInput = string | Buffer | KeyObject;

/**
 * Creates the `encryptClientSecret` function of the engine's joint-operations options.
 *
 * @throws ConfigError when the key cannot be read, is not RSA, or is smaller than `minModulusBits`.
 * @example
 * createMarketEngine({ …, jointOperations: { encryptClientSecret: createClientSecretEncryptor(publicKeyPem) } })
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
    key = createPublicKey(publicKey as Parameters<typeof createPublicKey>[0]);
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
    return publicEncrypt(
      { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash },
      Buffer.from(clientSecret, 'utf8'),
    ).toString('base64');
  };
}
