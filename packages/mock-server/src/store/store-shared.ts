/** What the memory and SQLite stores share: the closed-store error and the dump of every record. */
import { ActionRejectedError, EngineErrorCodes } from '../engine/model/errors';
import type { MarketStore, StoreDump } from './types';

/** Throws `STORE_CLOSED` once the store is closed. */
export function assertOpen(closed: boolean): void {
  if (closed) {
    throw new ActionRejectedError(
      EngineErrorCodes.STORE_CLOSED,
      'The store is closed; open a new one to continue.',
    );
  }
}

/** Every record of `store` through its list methods, with the settings `meta` (ordered by key). */
export function dumpRecords(store: MarketStore, meta: Record<string, string>): StoreDump {
  return {
    meta,
    buyers: store.listBuyers(),
    orders: store.listOrders(),
    instances: store.listInstances(),
    jobs: store.listJobs(),
    attempts: store.listAttempts(),
    outbox: store.listOutbox(),
    products: store.listProductStates(),
    debugCases: store.listDebugCases(),
    flows: store.listFlows(),
  };
}
