/**
 * @koogallery-kit/mock-server — a local KooGallery marketplace. The public surface, every name a promise:
 *
 * - `createMockMarketplace`: the whole mock in one call (engine, store, clock, delivery, HTTP);
 * - `runContract` and `formatContractReport`: the contract suite against a seller, and its report;
 * - the store factories `createMemoryStore` and `createSqliteStore`;
 * - the configuration loader `loadMockConfig`, `toMarketplaceOptions` (loaded config → marketplace options) and
 *   the configuration's JSON Schema `MOCK_CONFIG_SCHEMA`;
 * - the errors a caller catches (`ConfigProblemsError`, the engine's action errors with `EngineErrorCodes`);
 * - `DEMO_OPEN_API_CREDENTIALS`, the credentials of the built-in demo catalogue;
 * - the taken-port diagnosis (`inspectTakenPort`, `describeTakenPort`, `isPortFree`);
 * - the types of all of these, including the records the marketplace hands out.
 *
 * Everything else (engine rooms, HTTP routers, delivery, CLI helpers) is internal: import it by relative path
 * inside this repository, never from the package. See docs/architecture.md for the map.
 */
export {
  createMockMarketplace,
  type MockMarketplace,
  type MockMarketplaceOptions,
  type MockEngineSettings,
} from './mock-marketplace';
export {
  runContract,
  formatContractReport,
  type ContractOptions,
  type ContractReport,
  type ContractSummary,
  type ContractProtocol,
  type ContractProgressEvent,
  type ContractExchange,
  type CheckResult,
  type CheckStatus,
  type CheckOutcome,
} from './contract';
export {
  createMemoryStore,
  createSqliteStore,
  type MarketStore,
  type SqliteStoreOptions,
  type SqliteMarketStore,
} from './store';
export {
  loadMockConfig,
  toMarketplaceOptions,
  MOCK_CONFIG_SCHEMA,
  ConfigProblemsError,
  type MockConfig,
  type ConfigSources,
  type ConfigProblem,
  type ResolvedMockConfig,
} from './config';
export {
  ActionRejectedError,
  IllegalTransitionError,
  NotFoundError,
  EngineErrorCodes,
  type EngineErrorCode,
} from './engine/model/errors';
export { DEMO_OPEN_API_CREDENTIALS } from './http/open-api';
// The taken-port diagnosis of `koogallery-mock start`, for embedders on a fixed port (and `pnpm start`, which runs
// from the built package).
export {
  inspectTakenPort,
  describeTakenPort,
  isPortFree,
  type TakenPort,
  type PortHolder,
  type InspectTakenPortOptions,
} from './cli/port-in-use';
export type { MarketEngine, JobView, RestartOptions } from './engine/engine';
export type { MarketEngineOptions } from './engine/engine-options';
export type { EngineEvent, EngineEventType, EngineEventMap } from './engine/model/events';
export type {
  AttemptOutcome,
  DeliveryVerdict,
  RecordedRequest,
  RecordedResponse,
} from './engine/model/delivery-types';
export type {
  AttemptRecord,
  BuyerRecord,
  DeliverFn,
  InstanceRecord,
  InstanceState,
  JobRecord,
  JobState,
  OrderRecord,
  OrderState,
  RetrySchedule,
} from './engine/model/types';
export type { Clock, VirtualClock } from './engine/time/clock';
