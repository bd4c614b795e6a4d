/**
 * Delivery of production calls to a real seller: the undici transport (raw header names, keep-alive pools per
 * origin), the engine's delivery function built on the SDK's platform module, and the live attempt log.
 */
export {
  createUndiciTransport,
  type UndiciTransport,
  type UndiciTransportOptions,
  type TransportTlsOptions,
} from './undici-transport';
export { createDeliverer, createUnconfiguredDeliverer, type DelivererOptions } from './deliverer';
export {
  formatEngineEvent,
  formatBusinessTime,
  formatZonedTime,
  formatZoneLabel,
  type AttemptLogOptions,
} from './attempt-log';
export { describeNetworkError, describeTarget } from './network-errors';
