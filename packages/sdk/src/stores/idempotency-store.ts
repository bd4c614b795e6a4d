/**
 * Storage behind {@link createInstanceIdempotency}: maps an order key to the instanceId created for it, with the
 * state of that creation. Every method must be atomic across the processes sharing the store.
 */
export interface IdempotencyStore {
  /**
   * Claims `key` for creating an instance.
   * - key unknown → stores `candidateId` as pending and answers `{ instanceId: candidateId, state: 'new' }`;
   * - key failed, or pending for longer than `leaseMs` → re-marks it pending at `now` and answers the
   *   **stored** id with state `'new'` (the caller takes over the creation, same instanceId);
   * - otherwise → the stored id with state `'pending'` or `'completed'`.
   */
  claim(key: string, candidateId: string, o: IdempotencyClaimOptions): Promise<StoredClaim>;
  /** Marks the claim of `key` completed, if it still holds `instanceId`. */
  complete(key: string, instanceId: string, now: number): Promise<void>;
  /** Marks the claim of `key` failed (the next claim takes over with the same id), if it holds `instanceId`. */
  fail(key: string, instanceId: string, now: number): Promise<void>;
}

/** Parameters of {@link IdempotencyStore.claim}. */
export interface IdempotencyClaimOptions {
  /** Current time, ms. */
  now: number;
  /** How long a pending claim blocks others before it is considered abandoned, ms. */
  leaseMs: number;
  /** Lifetime of a new record, ms; `undefined` = kept until evicted (memory) or forever (Redis). */
  ttlMs: number | undefined;
}

/** What a store answers to a claim. */
export interface StoredClaim {
  instanceId: string;
  state: 'new' | 'pending' | 'completed';
}
