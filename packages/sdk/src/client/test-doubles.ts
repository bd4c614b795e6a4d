// The SDK's test doubles, exported by `@koogallery-kit/sdk/testing` and `@koogallery-kit/sdk/msw` (never by the
// root): the nine documented `MOCK*` orders and the framework-free Open API simulator behind the msw handlers, for
// any HTTP server (the mock marketplace serves it too).
export {
  MOCK_ORDERS,
  MOCK_ORDER_IDS,
  MOCK_ORDER_SCENARIOS,
  isMockOrderId,
  mockOrder,
  type MockOrderId,
} from './mock-orders';
export {
  createOpenApiSimulator,
  type OpenApiSimulator,
  type OpenApiSimulatorOptions,
  type SimulatedLicense,
  type SimulatedLicenseStatus,
  type SimulatedRequest,
  type SimulatorCredentials,
} from './simulator/open-api-simulator';
export type { SimulatedReply } from './simulator/replies';
