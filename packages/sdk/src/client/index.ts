// The client module's names (Open API client, login client); the package root picks its public ones explicitly.
// The test doubles (mock orders, the Open API simulator) are in the `/testing` and `/msw` entry points.
export { createClient, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from './create-client';
export { normalizeBaseUrls } from '../util/option-checks';
export type { ClientOptions, KooGalleryClient } from './create-client';
export { REGION_BASE_URLS, OPEN_API_PATHS, isRegion } from './hosts';
export type { Region, OpenApiPathName } from './hosts';
export type { OrdersApi, OrderQueryInput } from './orders-api';
export { USAGE_PUSH_CONTENT_TYPE } from './usage-api';
export type { UsageApi, UsagePushResult } from './usage-api';
export {
  MAX_USAGE_RECORDS_PER_PUSH,
  USAGE_MAX_AGE_MS,
  checkUsageRecords,
  describeUsageIssue,
  formatUsageTime,
  normalizeUsageValue,
  parseUsageTime,
  splitUsageRecords,
} from './usage-records';
export type { CheckUsageRecordsOptions, UsageRecordInput, UsageRecordWire } from './usage-records';
export { MAX_LICENSES_PER_CALL, parseLicenseCodeInfo } from './licenses-api';
export type {
  LicensesApi,
  LicenseActivateV1Input,
  LicenseActivateV2Input,
  LicenseQueryV1Input,
  LicenseQueryV2Input,
  LicenseItem,
  LicenseResult,
} from './licenses-api';
export type {
  AssetsApi,
  DeployedAsset,
  DeployedObjectsInput,
  DeployedObjectsResult,
  ImageDeployedObject,
  SoftwarePackageDeployedObject,
} from './assets-api';
export { OPEN_API_CONTENT_TYPE } from './apig-signer';
export type { ApigCredentials } from './apig-signer';
export { RETRY_COUNT_HEADER, isSuccessBody } from './request-executor';
export type { ApiCallOptions } from './request-executor';
export {
  DEFAULT_RETRY_POLICY,
  isRateLimited,
  parseRetryAfter,
  retryDelay,
  shouldRetry,
} from './retry-policy';
export type { RetryDecisionInput, RetryDelayInput, RetryPolicyOptions } from './retry-policy';
export { CANCELLED_CODE, NetworkError, TLS_FAILURE_CODE, isNotDelivered } from './network-error';
export {
  DOCUMENTED_API_ERROR_CODES,
  GatewayError,
  LicenseApiError,
  MarketplaceApiError,
  OAuthError,
  OpenApiError,
  RateLimitError,
  UnexpectedResponseError,
  categoryFromStatus,
  familyOfCode,
  findDocumentedCode,
} from './api-errors';
export type { ApiErrorCategory, ApiErrorFamily, DocumentedApiCode, OpenApiErrorDetails } from './api-errors';
export { errorFromReply } from './error-mapping';
export type { ClientLogger, LogFields } from './logger';
export type { ClientAgent } from './http-instance';
export {
  LOGIN_PATHS,
  LOGIN_SCOPE,
  LOGIN_STATE_MISMATCH,
  UNIFIED_LOGIN_PORTAL,
  createLoginClient,
  createLoginState,
  parseLoginCallback,
  unifiedLoginUrl,
} from './login-client';
export type {
  LoginCallback,
  LoginClient,
  LoginClientOptions,
  LoginTokens,
  LoginUserInfo,
} from './login-client';
