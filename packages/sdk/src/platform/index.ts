// Public surface of the platform module (the platform's side of the production interfaces); re-exported from the
// package root.
export type {
  ProductionCall,
  Transport,
  TransportOptions,
  TransportReply,
  Verdict,
  Problem,
  ProblemCode,
} from './types';
export { PROBLEM_CATALOGUE, createProblem, type ProblemDescription } from './problems';
export {
  buildProductionCall,
  parseSellerUrl,
  PLATFORM_CONTENT_TYPE,
  type BuildProductionCallOptions,
} from './build-production-call';
export { judgeReply, PLATFORM_TIME_LIMIT_MS, type JudgeReplyOptions } from './judge-reply';
export { usageInfoProblems } from './judge-content';
export { judgeFailure, type JudgeFailureOptions } from './judge-failure';
export { checkBodySign, BODY_SIGN_HEADER } from './check-body-sign';
export { createAxiosTransport, DEFAULT_MAX_REPLY_BYTES, type AxiosTransportOptions } from './axios-transport';
export { describeNetworkError, describeTarget } from './network-errors';
export { redactCall } from './redact-call';
export { fillCallDefaults, type CallDefaultsContext } from './call-defaults';
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
} from './platform-caller';
export { formatCallReport, formatVerdict, callReportToJson, type CallReportOptions } from './format-report';
