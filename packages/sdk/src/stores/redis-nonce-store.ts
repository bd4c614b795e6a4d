import type { NonceStore } from './nonce-store';
import type { RedisClientLike } from './redis-client';
import { replyText, toRedisCommand } from './redis-client';

/** Options of {@link createRedisNonceStore}. */
export interface RedisNonceStoreOptions {
  /** A connected ioredis or node-redis client. Its lifecycle stays yours (the store never quits it). */
  client: RedisClientLike;
  /** Prefix of every key. Default `'kgk:nonce:'`. */
  keyPrefix?: string;
}

/**
 * Nonce store shared by every replica behind a load balancer: one `SET <prefix><nonce> 1 NX PX <ttl>` per
 * request, atomic in Redis, expiring on its own. Redis errors reject (the handler then answers `000005`).
 */
export function createRedisNonceStore(options: RedisNonceStoreOptions): NonceStore {
  const command = toRedisCommand('createRedisNonceStore', options?.client);
  const prefix = options.keyPrefix ?? 'kgk:nonce:';
  return {
    async claim(nonce, ttlMs) {
      const ttl = Math.max(1, Math.ceil(ttlMs));
      const reply = await command('SET', prefix + nonce, '1', 'PX', ttl, 'NX');
      return replyText(reply) === 'OK';
    },
  };
}
