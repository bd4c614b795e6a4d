/**
 * The mock marketplace's HTTP layer: the express app with the admin API, its mount points for the Open API,
 * OAuth and the console, JSON errors, and the listener.
 */
export {
  createMockApp,
  defaultConsoleDir,
  OPEN_API_BASE_PATH,
  ADMIN_BASE_PATH,
  CONSOLE_BASE_PATH,
  type MockApp,
  type MockAppOptions,
} from './create-app';
export { listenHttp, type HttpListener, type ListenOptions } from './listen';
export {
  HttpError,
  HttpErrorCodes,
  toErrorAnswer,
  errorMiddleware,
  sendError,
  fieldOf,
  type ErrorBody,
} from './errors';
export { createAdminRouter, type AdminRouter, type AdminRouterOptions } from './admin/router';
export { ADMIN_ACTIONS, resolveActionName, type AdminAction } from './admin/actions';
export { runAdminAction, type ActionAnswer } from './admin/action-routes';
export { clockView, type ClockView } from './admin/clock-routes';
export {
  ENGINE_EVENT_TYPES,
  createEventStreams,
  type EventStreams,
  type EventStreamOptions,
} from './admin/event-stream';
export { parseDuration, MAX_DURATION_MS } from '../config/duration';
export { requireAdminToken, tokenMatches } from './admin/auth';
export type {
  AdminConfigurationSource,
  MockConfigurationAnswer,
  MockConfigurationView,
} from './admin/config-routes';
export type { KeyProofs } from './admin/key-proof';
export type { TenantView } from './admin/kit-routes';
