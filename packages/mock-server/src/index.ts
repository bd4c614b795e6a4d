/**
 * @koogallery-kit/mock-server — a local KooGallery marketplace. This entry exports the engine (lifecycle, jobs,
 * retry schedules, clocks, events) and its stores, the delivery layer (undici transport, deliverer, live log),
 * the HTTP layer (admin API, mount points), the configuration loader and `createMockMarketplace`.
 */
export * from './engine';
export * from './store';
export * from './delivery';
export * from './http';
export * from './config';
export {
  createMockMarketplace,
  type MockMarketplace,
  type MockMarketplaceOptions,
  type MockEngineSettings,
} from './mock-marketplace';
export * from './http/open-api';
export * from './http/oauth';
export * from './contract';
export {
  inspectTakenPort,
  describeTakenPort,
  isPortFree,
  type TakenPort,
  type PortHolder,
  type InspectTakenPortOptions,
} from './cli/port-in-use';
