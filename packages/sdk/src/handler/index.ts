// Public surface of the handler module; re-exported from the package root.
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
export type { OaepVariant, PrivateKeyInput } from './client-secret';
export { results, isProductionResult } from './results';
export type { ProductionResult } from './results';
export { createMemoryNonceStore } from './nonce-store';
export type { MemoryNonceStoreOptions, NonceStore } from './nonce-store';
export { createRedisNonceStore } from './redis-nonce-store';
export type { RedisNonceStoreOptions } from './redis-nonce-store';
export type { RedisClientLike } from './redis-client';
export type { IdempotencyClaimOptions, IdempotencyStore, StoredClaim } from './idempotency-store';
export { createMemoryIdempotencyStore } from './memory-idempotency-store';
export type { MemoryIdempotencyStoreOptions } from './memory-idempotency-store';
export { createRedisIdempotencyStore } from './redis-idempotency-store';
export type { RedisIdempotencyStoreOptions } from './redis-idempotency-store';
export { createInstanceIdempotency } from './instance-idempotency';
export type {
  InstanceClaim,
  InstanceIdempotency,
  InstanceIdempotencyOptions,
  NewInstanceKey,
} from './instance-idempotency';
