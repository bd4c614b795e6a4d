import { randomUUID } from 'node:crypto';
import { ConfigError, ErrorCodes } from '../errors';
import type { IdempotencyStore } from '../stores/idempotency-store';
import { checkFunction, checkPositiveNumber, describe } from '../util/option-checks';
import type { ProductionResult } from './results';
import { results } from './results';

/**
 * What identifies one newInstance: `orderId + orderLineId` for every charging mode except pay-per-use, where one
 * order creates one instance per product and the key is `orderId + productId` (productId from the order query).
 */
export type NewInstanceKey =
  { orderId: string; orderLineId: string } | { orderId: string; productId: string };

/** The outcome of {@link InstanceIdempotency.claim}. */
export interface InstanceClaim {
  /** Store key derived from the order key. */
  readonly key: string;
  /** The instanceId of this order: the same for every call, however the calls race. */
  readonly instanceId: string;
  /** True for exactly one caller at a time: the one that must create the instance. */
  readonly first: boolean;
  /** True once {@link InstanceIdempotency.complete} has been called for this order. */
  readonly completed: boolean;
}

/** Options of {@link createInstanceIdempotency}. */
export interface InstanceIdempotencyOptions {
  /** Where claims live: {@link createMemoryIdempotencyStore} (one process) or {@link createRedisIdempotencyStore}. */
  store: IdempotencyStore;
  /** Makes a new instanceId (1–64 characters). Default: a random UUID without dashes (32 hex characters). */
  generateInstanceId?: () => string;
  /**
   * How long a claim whose creation is still running blocks other callers (they get `000004`) before it is
   * treated as abandoned (crashed process) and taken over with the same instanceId. Default `600_000` (10 min).
   */
  leaseMs?: number;
  /**
   * Lifetime of a record. Default: none — the platform may call newInstance again whenever the buyer opens the
   * resource page, long after the purchase, and must always get the same instanceId.
   */
  ttlMs?: number;
  /** Clock in ms. Default `Date.now`. */
  now?: () => number;
}

/** Idempotent instance creation for newInstance; see {@link createInstanceIdempotency}. */
export interface InstanceIdempotency {
  /** The store key of an order key (`order:<orderId>:line:<orderLineId>` or `order:<orderId>:product:<productId>`). */
  keyFor(key: NewInstanceKey): string;
  /** Claims the order: `first` is true for exactly one caller, every caller gets the same `instanceId`. */
  claim(key: NewInstanceKey): Promise<InstanceClaim>;
  /** Records that the instance of `claim` now exists; later calls get `completed: true`. */
  complete(claim: InstanceClaim): Promise<void>;
  /** Records that creating the instance failed; the next call takes over (`first: true`, same instanceId). */
  fail(claim: InstanceClaim): Promise<void>;
  /**
   * The whole newInstance flow in one call. The first caller runs `create(instanceId)` and gets `{ instanceId }`
   * (or the error `create` threw, after the claim is marked failed); later callers get `{ instanceId }` once the
   * creation completed, or `results.processing(instanceId)` (`000004`) while it is still running elsewhere.
   */
  run(
    key: NewInstanceKey,
    create: (instanceId: string) => Promise<void> | void,
  ): Promise<{ instanceId: string } | ProductionResult>;
}

const ID_MAX = 64;

function checkPart(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ConfigError(`Idempotency key: ${name} must be a non-empty string, got ${describe(value)}.`, {
      code: ErrorCodes.INVALID_ARGUMENT,
    });
  }
  return value;
}

/**
 * Makes newInstance idempotent: a retried or re-invoked newInstance for the same order returns the first
 * instanceId and never creates a second instance, even when two calls race on different replicas (with a shared
 * store).
 *
 * ```ts
 * const instances = createInstanceIdempotency({ store: createMemoryIdempotencyStore() });
 * newInstance: (body) => instances.run(body, (instanceId) => db.createTenant(instanceId, body.orderId)),
 * ```
 */
export function createInstanceIdempotency(options: InstanceIdempotencyOptions): InstanceIdempotency {
  const where = 'createInstanceIdempotency';
  const store = options?.store;
  if (typeof store !== 'object' || store === null || typeof store.claim !== 'function') {
    throw new ConfigError(
      `${where}: store must be an IdempotencyStore (createMemoryIdempotencyStore() or createRedisIdempotencyStore()).`,
    );
  }
  const generate = checkFunction<() => string>(
    where,
    'generateInstanceId',
    options.generateInstanceId ?? (() => randomUUID().replace(/-/g, '')),
  );
  const leaseMs = checkPositiveNumber(where, 'leaseMs', options.leaseMs ?? 600_000);
  const ttlMs = options.ttlMs === undefined ? undefined : checkPositiveNumber(where, 'ttlMs', options.ttlMs);
  const now = checkFunction<() => number>(where, 'now', options.now ?? Date.now);

  const keyFor = (key: NewInstanceKey): string => {
    if (typeof key !== 'object' || key === null) {
      throw new ConfigError('Idempotency key must be { orderId, orderLineId } or { orderId, productId }.', {
        code: ErrorCodes.INVALID_ARGUMENT,
      });
    }
    const orderId = checkPart('orderId', key.orderId);
    // Pay-per-use keys name a productId; a body that carries both (e.g. the whole request) uses orderLineId.
    if ('orderLineId' in key && key.orderLineId !== undefined) {
      return `order:${orderId}:line:${checkPart('orderLineId', key.orderLineId)}`;
    }
    if ('productId' in key) return `order:${orderId}:product:${checkPart('productId', key.productId)}`;
    throw new ConfigError('Idempotency key needs orderLineId, or productId for pay-per-use orders.', {
      code: ErrorCodes.INVALID_ARGUMENT,
    });
  };

  const newId = (): string => {
    const id = generate();
    if (typeof id !== 'string' || id.length === 0 || id.length > ID_MAX) {
      throw new ConfigError(
        `${where}: generateInstanceId() must return 1–${ID_MAX} characters, got ${describe(id)}.`,
      );
    }
    return id;
  };

  const api: InstanceIdempotency = {
    keyFor,
    async claim(key) {
      const storeKey = keyFor(key);
      const stored = await store.claim(storeKey, newId(), { now: now(), leaseMs, ttlMs });
      return Object.freeze({
        key: storeKey,
        instanceId: stored.instanceId,
        first: stored.state === 'new',
        completed: stored.state === 'completed',
      });
    },
    complete: (claim) => store.complete(claim.key, claim.instanceId, now()),
    fail: (claim) => store.fail(claim.key, claim.instanceId, now()),
    async run(key, create) {
      const claim = await api.claim(key);
      if (claim.completed) return { instanceId: claim.instanceId };
      if (!claim.first) return results.processing(claim.instanceId);
      try {
        await create(claim.instanceId);
      } catch (error) {
        await api.fail(claim).catch(() => undefined);
        throw error;
      }
      await api.complete(claim);
      return { instanceId: claim.instanceId };
    },
  };
  return Object.freeze(api);
}
