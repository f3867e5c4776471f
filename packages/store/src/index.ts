export type {
  CreateStoreParameters,
  PostgresStoreParameters,
  SqliteStoreParameters,
  StoreCommonParameters,
} from './createStore.ts';
export { createStore } from './createStore.ts';
export type { Dialect, Migration } from './migrations.ts';
export { migrations } from './migrations.ts';
export { openStore } from './openStore.ts';
export { defaultAuditLimit, defaultCredentialLimit, maxAuditLimit, maxCredentialLimit } from './sqlStore.ts';
