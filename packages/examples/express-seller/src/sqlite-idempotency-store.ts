// An IdempotencyStore (the SDK's interface behind createInstanceIdempotency) kept in the seller's SQLite file, so
// a newInstance retried after a restart — or racing on another process sharing the file — gets the same
// instanceId.
import type { IdempotencyClaimOptions, IdempotencyStore, StoredClaim } from '@koogallery-kit/sdk';
import type { SellerDatabase } from './database';

interface ClaimRow {
  instance_id: string;
  state: 'pending' | 'completed' | 'failed';
  updated_at: number;
  expires_at: number | null;
}

/**
 * Creates the store over the `instance_claims` table. Each claim runs in an IMMEDIATE transaction: SQLite's write
 * lock makes it atomic across every process using the file, not only within this one.
 */
export function createSqliteIdempotencyStore(db: SellerDatabase): IdempotencyStore {
  const select = db.prepare<[string], ClaimRow>(
    'SELECT instance_id, state, updated_at, expires_at FROM instance_claims WHERE claim_key = ?',
  );
  const upsert = db.prepare<[string, string, number, number | null]>(
    `INSERT INTO instance_claims (claim_key, instance_id, state, updated_at, expires_at) VALUES (?, ?, 'pending', ?, ?)
     ON CONFLICT (claim_key) DO UPDATE SET instance_id = excluded.instance_id, state = 'pending',
       updated_at = excluded.updated_at, expires_at = excluded.expires_at`,
  );
  const takeOver = db.prepare<[number, string]>(
    "UPDATE instance_claims SET state = 'pending', updated_at = ? WHERE claim_key = ?",
  );
  const markCompleted = db.prepare<[number, string, string]>(
    "UPDATE instance_claims SET state = 'completed', updated_at = ? WHERE claim_key = ? AND instance_id = ?",
  );
  // Only a creation still running can fail; a completed instance stays completed.
  const markFailed = db.prepare<[number, string, string]>(
    "UPDATE instance_claims SET state = 'failed', updated_at = ? WHERE claim_key = ? AND instance_id = ? AND state = 'pending'",
  );

  const claim = db.transaction(
    (key: string, candidateId: string, o: IdempotencyClaimOptions): StoredClaim => {
      const row = select.get(key);
      if (row === undefined || (row.expires_at !== null && row.expires_at <= o.now)) {
        upsert.run(key, candidateId, o.now, o.ttlMs === undefined ? null : o.now + o.ttlMs);
        return { instanceId: candidateId, state: 'new' };
      }
      // A failed creation, or one abandoned for longer than the lease (crashed process), is taken over with the
      // same instanceId.
      if (row.state === 'failed' || (row.state === 'pending' && o.now - row.updated_at >= o.leaseMs)) {
        takeOver.run(o.now, key);
        return { instanceId: row.instance_id, state: 'new' };
      }
      return { instanceId: row.instance_id, state: row.state === 'completed' ? 'completed' : 'pending' };
    },
  );

  return {
    claim: async (key, candidateId, o) => claim.immediate(key, candidateId, o),
    complete: async (key, instanceId, now) => {
      markCompleted.run(now, key, instanceId);
    },
    fail: async (key, instanceId, now) => {
      markFailed.run(now, key, instanceId);
    },
  };
}
