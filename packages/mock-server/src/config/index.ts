/** Configuration of `koogallery-mock start`: JSON Schema, loader (file + environment + flags). */
export {
  MOCK_CONFIG_SCHEMA,
  CONFIGURABLE_INTERFACES,
  SECRET_CONFIG_KEYS,
  type MockConfig,
  type ConfigRetrySchedule,
} from './config-schema';
export {
  loadMockConfig,
  validateMockConfig,
  toMarketplaceOptions,
  describeProblem,
  ConfigProblemsError,
  CONFIG_ENV,
  START_DEFAULTS,
  FLAG_OF,
  type ConfigProblem,
  type ConfigSources,
  type ResolvedMockConfig,
} from './load-config';
