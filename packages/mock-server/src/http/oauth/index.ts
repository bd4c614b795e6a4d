/**
 * The mock's joint-operations login (§5): an OAuth 2.0 authorization-code server over the engine's tenants, and
 * (from the SDK, `@koogallery-kit/sdk/platform`) the RSA-OAEP cipher of applicationSync's client secret.
 */
export { createOAuthRouter, DEFAULT_CODE_TTL_MS, OAUTH_PATHS, type OAuthRouterDeps } from './oauth-router';
export { ACCESS_TOKEN_TTL_S, REFRESH_TOKEN_TTL_S, LOGIN_SCOPE, type LoginTokenClaims } from './tokens';
export {
  createClientSecretEncryptor,
  type ClientSecretEncryptorOptions,
  type SellerPublicKeyInput,
} from '@koogallery-kit/sdk/platform';
