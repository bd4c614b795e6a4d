/**
 * A supply of distinct, pre-signed V2 production calls for load tests.
 *
 * The SDK handler refuses a nonce it has seen within the window (replay protection), so a load test that repeated
 * one signed request would measure the refusal path. autocannon's `requests` array does not help on its own: every
 * connection walks the array from index 0, so connections send the same entries. Instead a single request template
 * carries a `setupRequest` hook that takes the next unused entry from this pool (one counter shared by all
 * connections), so every request on the wire has its own nonce. Entries are signed ahead of the load — before the
 * warm-up and topped up between warm-up and measurement — so the load generator does no HMAC work while measuring;
 * if the pool still runs dry, entries are signed on demand and counted (`signedOnDemand`) so the report can say so.
 */
import type { SignedRequest } from '@koogallery-kit/sdk';

/** Options of {@link createSignedPool}. */
export interface SignedPoolOptions {
  /** The platform-side signer (the SDK's `signRequest`). */
  sign: (o: { accessKey: string; body: string }) => SignedRequest;
  accessKey: string;
  /** The JSON body every call carries (signed in canonical form). */
  body: string;
  /** Mount path, e.g. `/produce`. */
  path: string;
}

/** The pool. */
export interface SignedPool {
  /** The canonical body all entries were signed over. */
  readonly body: string;
  /** Next unused request path with its `signature`, `timestamp` and `nonce` query. */
  next(): string;
  /** Signs entries until at least `count` unused ones are ready. */
  topUp(count: number): void;
  /** Unused entries ready. */
  available(): number;
  /** Entries signed on demand because the pool was empty, since the last {@link resetCounters}. */
  signedOnDemand(): number;
  /** Zeroes {@link signedOnDemand}. */
  resetCounters(): void;
}

/** Creates an empty pool; call {@link SignedPool.topUp} before the load starts. */
export function createSignedPool(o: SignedPoolOptions): SignedPool {
  let queue: string[] = [];
  let head = 0;
  let onDemand = 0;
  const body = o.sign({ accessKey: o.accessKey, body: o.body }).body;

  const signOne = (): string => {
    const { query } = o.sign({ accessKey: o.accessKey, body });
    return `${o.path}?signature=${query.signature}&timestamp=${query.timestamp}&nonce=${encodeURIComponent(query.nonce)}`;
  };

  return {
    body,
    next() {
      if (head < queue.length) {
        const path = queue[head] as string;
        queue[head++] = '';
        return path;
      }
      onDemand++;
      return signOne();
    },
    topUp(count) {
      if (head > 0) {
        queue = queue.slice(head);
        head = 0;
      }
      while (queue.length < count) queue.push(signOne());
    },
    available: () => queue.length - head,
    signedOnDemand: () => onDemand,
    resetCounters() {
      onDemand = 0;
    },
  };
}
