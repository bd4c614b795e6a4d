// The example seller's code under test.
export { createKooGalleryHandler } from './koogallery';
export type { KooGalleryIntegrationOptions, Workspace } from './koogallery';
export { serveProduction } from './server';
