/**
 * Entry point `@koogallery-kit/sdk/platform`: the platform's side of the production interfaces — build a call
 * signed as KooGallery signs it, send it, and judge the seller's reply as the platform does (protocol §7, §8) —
 * plus the redaction helpers its reports use. The mock marketplace and the conformance suite are built on it.
 */
export type {
  ProductionCall,
  Transport,
  TransportOptions,
  TransportReply,
  Verdict,
  Problem,
  ProblemCode,
} from '../platform/types';
export { PROBLEM_CATALOGUE, createProblem, type ProblemDescription } from '../platform/problems';
export {
  buildProductionCall,
  parseSellerUrl,
  PLATFORM_CONTENT_TYPE,
  type BuildProductionCallOptions,
} from '../platform/build-production-call';
export { judgeReply, PLATFORM_TIME_LIMIT_MS, type JudgeReplyOptions } from '../platform/judge-reply';
export { usageInfoProblems } from '../platform/judge-content';
export { judgeFailure, type JudgeFailureOptions } from '../platform/judge-failure';
export { checkBodySign, BODY_SIGN_HEADER } from '../platform/check-body-sign';
export {
  createAxiosTransport,
  DEFAULT_MAX_REPLY_BYTES,
  type AxiosTransportOptions,
} from '../platform/axios-transport';
export { describeNetworkError, describeTarget } from '../platform/network-errors';
export { redactCall } from '../platform/redact-call';
export { fillCallDefaults, type CallDefaultsContext } from '../platform/call-defaults';
export {
  createPlatformCaller,
  joinInstanceIds,
  DEFAULT_CALL_TIMEOUT_MS,
  MAX_QUERY_INSTANCE_IDS,
  type PlatformCaller,
  type PlatformCallerOptions,
  type PlatformCallResult,
  type CallOptions,
  type CallFields,
  type NewInstanceFields,
  type RefreshInstanceFields,
  type UpdateInstanceStatusFields,
  type ReleaseInstanceFields,
  type UpgradeInstanceFields,
  type ChangeInstanceCheckFields,
  type OrderNotifyFields,
  type FieldsOf,
  type TenantSyncFields,
  type ApplicationSyncFields,
  type AuthSyncFields,
  type SingleOrgSyncFields,
  type AllOrgSyncFields,
} from '../platform/platform-caller';
export {
  formatCallReport,
  formatVerdict,
  callReportToJson,
  type CallReportOptions,
} from '../platform/format-report';
export {
  isCredentialField,
  isSecretField,
  maskCredential,
  redactCredentials,
  redactDeep,
  redactSecret,
  redactSignature,
  redactUrlUserInfo,
} from '../util/redact';
export {
  createClientSecretEncryptor,
  encryptClientSecret,
  type ClientSecretEncryptorOptions,
  type OaepHash,
  type SellerPublicKeyInput,
} from '../signing/client-secret-cipher';
export { formatCompactTime, parseCompactTime, type CompactTimeFormat } from '../util/compact-time';
export { isObject } from '../util/is-object';
