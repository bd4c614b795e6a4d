// The handler's stores: seen nonces (replay protection, protocol §7.2) and newInstance idempotency claims, each in
// memory (one process) or in Redis (several instances).
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
