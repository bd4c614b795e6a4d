/**
 * Public surface of the signing module (re-exported from the package root). Pure functions on `node:crypto`.
 *
 * Error policy: functions that produce a value (`sign*`, `create*`, `compute*`, `encrypt*`, `canonicalJson`)
 * throw `ConfigError` for a missing key or bad option and `ValidationError` (code `BODY_NOT_JSON`) for a body that
 * is not a JSON object; `decryptCredential` throws `SignatureError` (code `CIPHERTEXT_INVALID`) for a value that
 * cannot be decrypted. Verifiers (`verify*`, `parseBodySign`) never throw for anything that comes from the wire:
 * they return `valid: false` with a reason, `false` or `null` (`verifyApigRequest` throws `ConfigError` only for
 * programming errors in its options).
 */
export { canonicalJson, type CanonicalJsonOptions } from './canonical-json';
export type { VerifyFailureReason, VerifyResult } from './verify-result';
export {
  signRequest,
  verifyRequest,
  type SignRequestOptions,
  type SignedRequest,
  type VerifyRequestOptions,
} from './request-signature';
export {
  signKitRequest,
  verifyKitRequest,
  type SignKitRequestOptions,
  type SignedKitRequest,
  type VerifyKitRequestOptions,
} from './kit-signature';
export { createBodySign, parseBodySign, verifyBodySign, type ParsedBodySign } from './body-sign';
export {
  signUsagePush,
  verifyUsagePush,
  type SignUsagePushOptions,
  type SignedUsagePush,
  type VerifyUsagePushOptions,
} from './usage-push-signature';
export { computeAuthToken, verifyAuthToken, type VerifyAuthTokenOptions } from './auth-token';
export {
  decryptCredential,
  encryptCredential,
  type EncryptCredentialOptions,
  type EncryptType,
} from './credential-cipher';
export { signApigRequest, type SignApigRequestOptions } from './apig-signer';
export {
  verifyApigRequest,
  type ApigFailureReason,
  type ApigVerifyResult,
  type VerifyApigRequestOptions,
} from './apig-verifier';
