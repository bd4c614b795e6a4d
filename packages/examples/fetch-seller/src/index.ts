// @koogallery-kit/example-fetch-seller — a KooGallery seller on the Fetch API (Hono), served on Node by a bridge.
export { createFetchSellerApp } from './fetch-seller-app';
export type { FetchSellerApp, FetchSellerOptions } from './fetch-seller-app';
export { serveFetch, DEFAULT_HEADER_CASE } from './node-bridge';
export type { FetchServer, ServeFetchOptions } from './node-bridge';
export { createMemoryTenantDirectory } from './tenant-directory';
export type { NewTenant, Tenant, TenantDirectory, TenantEvent, TenantStatus } from './tenant-directory';
export { renderTenantPage } from './tenant-page';
