import { ErrorCodes, KooGalleryError } from '../errors';
import type { IdempotencyStore, StoredClaim } from './idempotency-store';
import type { RedisClientLike } from './redis-client';
import { replyText, toRedisCommand } from './redis-client';

/** Options of {@link createRedisIdempotencyStore}. */
export interface RedisIdempotencyStoreOptions {
  /** A connected ioredis or node-redis client. Its lifecycle stays yours. */
  client: RedisClientLike;
  /** Prefix of every key. Default `'kgk:instance:'`. */
  keyPrefix?: string;
}

// Record format: "<P|D|F>:<since ms>:<instanceId>" (pending, done, failed). Each transition is one Lua script,
// so two replicas racing on the same order always see one instanceId. Needs Redis >= 6 (KEEPTTL).
const CLAIM = `
local v = redis.call('GET', KEYS[1])
if v then
  local st, since, id = string.match(v, '^(%u):(%d+):(.*)$')
  if not st then return redis.error_reply('koogallery-kit: unreadable idempotency record at ' .. KEYS[1]) end
  if st == 'D' then return {id, 'completed'} end
  if st == 'P' and tonumber(ARGV[3]) - tonumber(since) < tonumber(ARGV[4]) then return {id, 'pending'} end
  redis.call('SET', KEYS[1], 'P:' .. ARGV[3] .. ':' .. id, 'KEEPTTL')
  return {id, 'new'}
end
if ARGV[2] == '0' then
  redis.call('SET', KEYS[1], 'P:' .. ARGV[3] .. ':' .. ARGV[1])
else
  redis.call('SET', KEYS[1], 'P:' .. ARGV[3] .. ':' .. ARGV[1], 'PX', ARGV[2])
end
return {ARGV[1], 'new'}
`;

// ARGV[1] instanceId, ARGV[2] new state letter, ARGV[3] now, ARGV[4] required current state letter or '*'.
const TRANSITION = `
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local st, since, id = string.match(v, '^(%u):(%d+):(.*)$')
if id ~= ARGV[1] then return 0 end
if ARGV[4] ~= '*' and st ~= ARGV[4] then return 0 end
redis.call('SET', KEYS[1], ARGV[2] .. ':' .. ARGV[3] .. ':' .. id, 'KEEPTTL')
return 1
`;

/**
 * {@link IdempotencyStore} in Redis, shared by every replica: each claim is one atomic Lua script, so two racing
 * retries of the same newInstance get the same instanceId. Requires Redis 6 or later.
 */
export function createRedisIdempotencyStore(options: RedisIdempotencyStoreOptions): IdempotencyStore {
  const command = toRedisCommand('createRedisIdempotencyStore', options?.client);
  const prefix = options.keyPrefix ?? 'kgk:instance:';
  const ms = (n: number): string => String(Math.max(0, Math.floor(n)));
  return {
    async claim(key, candidateId, o) {
      const ttl = o.ttlMs === undefined ? '0' : ms(Math.max(1, o.ttlMs));
      const reply = await command('EVAL', CLAIM, 1, prefix + key, candidateId, ttl, ms(o.now), ms(o.leaseMs));
      if (!Array.isArray(reply) || reply.length !== 2) {
        throw new KooGalleryError(
          ErrorCodes.STORE_ERROR,
          `Unexpected Redis reply to an idempotency claim for ${key}.`,
        );
      }
      const instanceId = replyText(reply[0]);
      const state = replyText(reply[1]);
      if (instanceId === null || (state !== 'new' && state !== 'pending' && state !== 'completed')) {
        throw new KooGalleryError(
          ErrorCodes.STORE_ERROR,
          `Unexpected Redis reply to an idempotency claim for ${key}.`,
        );
      }
      return { instanceId, state } satisfies StoredClaim;
    },
    async complete(key, instanceId, now) {
      await command('EVAL', TRANSITION, 1, prefix + key, instanceId, 'D', ms(now), '*');
    },
    async fail(key, instanceId, now) {
      await command('EVAL', TRANSITION, 1, prefix + key, instanceId, 'F', ms(now), 'P');
    },
  };
}
