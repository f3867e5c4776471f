import type { SqlDriver } from '../sql/SqlDriver.ts';

/**
 * What every store module is built on. A module is one concern of the `Store` port (credentials,
 * organisations, cases, …): a function of this context returning the `Store` methods it implements;
 * `sqlStore` composes the modules into the whole port, once for the connection and once per
 * transaction.
 */
export type StoreModuleContext = {
  /** The driver to run SQL on: the store's connection, or the transaction a `transaction()` opened. */
  db: SqlDriver;
  /** ISO-8601 UTC with milliseconds, for the `createdAt` the store assigns. */
  now: () => string;
};
