import type { Store } from '@clearledger/core';
import type { Migration } from './migrations.ts';
import { postgresDriver } from './sql/postgresDriver.ts';
import { sqliteDriver } from './sql/sqliteDriver.ts';
import { sqlStore } from './sqlStore.ts';

/** Settings shared by both adapters. */
export type StoreCommonParameters = {
  /** Clock for the `createdAt` the store assigns (credentials, outbox rows): ISO-8601 UTC with ms. */
  now?: () => string;
  /** Migrations `migrate()` applies; default: all. */
  migrations?: readonly Migration[];
};

/** The embedded SQLite store: one file, one connection. */
export type SqliteStoreParameters = StoreCommonParameters & {
  kind: 'sqlite';
  /** Database file (created if missing, its directory must exist) or `:memory:`. */
  file: string;
  /** How long a write waits for another process's lock. Default 5000 ms. */
  busyTimeoutMs?: number;
};

/** The PostgreSQL store: a connection pool. */
export type PostgresStoreParameters = StoreCommonParameters & {
  kind: 'postgres';
  /** `postgres://user:password@host:port/database`; the password never appears in errors. */
  url: string;
  /** Schema to use (`search_path`), created by `migrate()`; lower-case identifier. */
  schema?: string;
  /** Maximum pooled connections. Default 10. */
  poolSize?: number;
  /** How long to wait for a connection before `CL_STORE_UNAVAILABLE`. Default 10000 ms. */
  connectTimeoutMs?: number;
};

/** Parameters of {@link createStore}. */
export type CreateStoreParameters = SqliteStoreParameters | PostgresStoreParameters;

/**
 * Builds the store adapter for a configuration, without migrating. SQLite opens its file now
 * (`CL_STORE_UNAVAILABLE` if it cannot); PostgreSQL connects lazily on the first query.
 *
 * @param parameters - `{ kind: 'sqlite', file }` or `{ kind: 'postgres', url }`.
 * @returns a {@link Store}; call `migrate()` before use (or use `openStore`), `close()` when done.
 * @example
 * const store = createStore({ kind: 'sqlite', file: 'data/clearledger.db' });
 * await store.migrate();
 */
export function createStore(parameters: CreateStoreParameters): Store {
  const options = {
    ...(parameters.now === undefined ? {} : { now: parameters.now }),
    ...(parameters.migrations === undefined ? {} : { migrations: parameters.migrations }),
  };
  if (parameters.kind === 'sqlite') {
    const driver = sqliteDriver({
      file: parameters.file,
      ...(parameters.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: parameters.busyTimeoutMs }),
    });
    return sqlStore(driver, options);
  }
  const driver = postgresDriver({
    url: parameters.url,
    ...(parameters.schema === undefined ? {} : { schema: parameters.schema }),
    ...(parameters.poolSize === undefined ? {} : { poolSize: parameters.poolSize }),
    ...(parameters.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: parameters.connectTimeoutMs }),
  });
  return sqlStore(driver, options);
}
