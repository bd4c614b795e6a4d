/**
 * @koogallery-kit/mock-server — a local KooGallery marketplace. This entry exports the engine (lifecycle, jobs,
 * retry schedules, clocks, events) and its stores; the HTTP server, CLI and `createMockMarketplace` build on it.
 */
export * from './engine';
export * from './store';
