// The handler module's names (the package root picks its public ones explicitly; the stores are in ../stores).
export { createProductionHandler } from './create-production-handler';
export type {
  CommonHandlerOptions,
  HandlerContext,
  HandlerReply,
  InterfaceHandler,
  KitHandlers,
  KitName,
  ProductionHandler,
  ProductionHandlerOptions,
  RequestBody,
  V1Activity,
  V1HandlerOptions,
  V1Handlers,
  V2ActivityName,
  V2HandlerOptions,
  V2Handlers,
} from './types';
export type { HandlerRequest } from './request';
export type { HandlerResponse } from './respond';
export type { HandlerLogger } from './logger';
export type { OaepVariant, PrivateKeyInput } from '../signing/client-secret-cipher';
export { results, isProductionResult } from './results';
export type { ProductionResult } from './results';
export { createInstanceIdempotency } from './instance-idempotency';
export type {
  InstanceClaim,
  InstanceIdempotency,
  InstanceIdempotencyOptions,
  NewInstanceKey,
} from './instance-idempotency';
