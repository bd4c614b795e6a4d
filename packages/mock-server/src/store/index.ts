/** Stores of the mock marketplace: the interface, an in-memory store and the SQLite store. */
export type * from './types';
export { createMemoryStore } from './memory-store';
export { createSqliteStore, type SqliteStoreOptions, type SqliteMarketStore } from './sqlite-store';
export { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations';
