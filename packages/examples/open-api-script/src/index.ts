// @koogallery-kit/example-open-api-script — the KooGallery Open APIs (order query, usage push) from a script.
export { DEFAULT_OPEN_API_URL, EXIT, HELP, runOpenApiScript } from './open-api-script';
export type { ScriptIo } from './open-api-script';
export { summarizeOrder } from './order-summary';
export { buildUsageRecord } from './usage-record';
export type { UsageInput } from './usage-record';
