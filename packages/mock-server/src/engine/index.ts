/**
 * The mock marketplace's pure engine: catalog, buyers, orders, instances and jobs as state machines, the retry
 * schedules, the business clocks and the event stream. No HTTP, files or processes: those are injected.
 */
export * from './types';
export * from './errors';
export * from './state-machines';
export * from './catalog';
export { DEMO_CATALOG } from './demo-catalog';
export * from './random';
export * from './business-time';
export * from './clock';
export * from './real-clock';
export * from './events';
export * from './retry-schedules';
export * from './delivery-types';
export * from './bodies';
export * from './order-info';
export type { BuyerInput } from './buyers';
export type {
  LifecycleActions,
  PurchaseInput,
  RenewInput,
  TrialToFormalInput,
  UpgradeInput,
  RenewWithChangeInput,
  RenewWithChangeResult,
  ResourcePageResult,
} from './lifecycle';
export type {
  JointOperationsOptions,
  MarketEngineOptions,
  ProbingOptions,
  V1ModeOptions,
} from './engine-options';
export { DEFAULT_TENANT_DOMAIN } from './engine-options';
export type * from './joint-types';
export { AUTH_SYNC_PAGE_SIZE, type JointOperationsActions } from './joint-operations';
export { USAGE_LOG_LIMIT, type UsageLogEntry, type UsagePushOutcome } from './usage';
export { V1_CHARGING_MODES } from './v1-calls';
export { reportsInstance } from './job-runner';
export { redactRequest, redactResponse } from './recording';
export { nextSlotAfter } from './probing';
export { instanceDeadline } from './mutations';
export {
  createMarketEngine,
  CLOCK_TIME_KEY,
  type MarketEngine,
  type JobView,
  type RecoveryReport,
  type DirectCallInput,
  type DebugCaseInput,
  type RestartOptions,
} from './engine';
