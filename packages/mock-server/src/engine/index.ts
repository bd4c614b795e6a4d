/**
 * The mock marketplace's pure engine: catalog, buyers, orders, instances and jobs as state machines, the retry
 * schedules, the business clocks and the event stream. No HTTP, files or processes: those are injected.
 */
export * from './model/types';
export * from './model/errors';
export * from './model/state-machines';
export * from './model/catalog';
export { DEMO_CATALOG } from './model/demo-catalog';
export * from './model/random';
export * from './time/business-time';
export * from './time/clock';
export * from './time/real-clock';
export * from './model/events';
export * from './jobs/retry-schedules';
export * from './model/delivery-types';
export * from './jobs/bodies';
export * from './lifecycle/order-info';
export type { BuyerInput } from './lifecycle/buyers';
export type {
  LifecycleActions,
  PurchaseInput,
  RenewInput,
  TrialToFormalInput,
  UpgradeInput,
  RenewWithChangeInput,
  RenewWithChangeResult,
  ResourcePageResult,
} from './lifecycle/lifecycle';
export type {
  JointOperationsOptions,
  MarketEngineOptions,
  ProbingOptions,
  V1ModeOptions,
} from './engine-options';
export { DEFAULT_TENANT_DOMAIN } from './engine-options';
export type * from './joint/joint-types';
export { AUTH_SYNC_PAGE_SIZE, type JointOperationsActions } from './joint/joint-operations';
export { USAGE_LOG_LIMIT, type UsageLogEntry, type UsagePushOutcome } from './usage/usage';
export { V1_CHARGING_MODES } from './v1/v1-calls';
export { reportsInstance } from './jobs/job-runner';
export { redactRequest, redactResponse } from './jobs/recording';
export { nextSlotAfter } from './jobs/probing';
export { instanceDeadline } from './records/mutations';
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
