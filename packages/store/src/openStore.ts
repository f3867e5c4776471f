import type { Store } from '@clearledger/core';
import { type CreateStoreParameters, createStore } from './createStore.ts';

/**
 * Creates a store and applies pending migrations, so it is ready to use; on failure the store is
 * closed again and the error (`CL_STORE_UNAVAILABLE`, `CL_STORE_MIGRATION_FAILED`) is thrown.
 *
 * @param parameters - `{ kind: 'sqlite', file }` or `{ kind: 'postgres', url }`.
 * @returns the migrated store.
 * @example
 * const store = await openStore({ kind: 'postgres', url: databaseUrl });
 */
export async function openStore(parameters: CreateStoreParameters): Promise<Store> {
  const store = createStore(parameters);
  try {
    await store.migrate();
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
  return store;
}
