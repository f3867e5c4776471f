import type { KeyValueStore } from './keyValueStore.ts';

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * A {@link KeyValueStore} over one IndexedDB object store. Falls back to memory when IndexedDB is
 * unavailable (private browsing in some browsers), so the app still works for the session.
 */
export function indexedDbStore(databaseName = 'clearledger', storeName = 'kv'): KeyValueStore {
  let opened: Promise<IDBDatabase> | null = null;
  const open = () => {
    opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(databaseName, 1);
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(storeName)) request.result.createObjectStore(storeName);
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return opened;
  };
  const memory = new Map<string, unknown>();
  const run = async <T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>) => {
    const db = await open();
    return promised(action(db.transaction(storeName, mode).objectStore(storeName)));
  };
  const available = typeof indexedDB !== 'undefined';
  return {
    async get<T>(key: string) {
      if (!available || memory.has(key)) return memory.get(key) as T | undefined;
      try {
        const value = (await run('readonly', (s) => s.get(key))) as T | undefined;
        if (value !== undefined) memory.set(key, value);
        return value;
      } catch {
        return memory.get(key) as T | undefined;
      }
    },
    async set(key, value) {
      memory.set(key, value);
      if (available) await run('readwrite', (s) => s.put(value, key)).catch(() => undefined);
    },
    async delete(key) {
      memory.delete(key);
      if (available) await run('readwrite', (s) => s.delete(key)).catch(() => undefined);
    },
  };
}
