/**
 * The mock's emulation of the KooGallery Open APIs (§8): order query, usage push (new), licences and assets
 * behind an APIG-style gateway, with demo credentials for a mock started without `--ak/--sk`.
 */
export {
  createOpenApiRouter,
  OPEN_API_PREFIX,
  OPEN_API_MAX_BODY_BYTES,
  type OpenApiRateLimit,
  type OpenApiRouter,
  type OpenApiRouterDeps,
} from './open-api-router';
export { DEMO_ASSETS, DEMO_LICENSES, DEMO_OPEN_API_CREDENTIALS, type OpenApiCredentials } from './demo-data';
