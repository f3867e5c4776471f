/** A small asynchronous key/value store: IndexedDB in the browser, a Map in tests. */
export type KeyValueStore = {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
};

/** A synchronous string store with the Web Storage shape (localStorage, sessionStorage, a Map in tests). */
export type StringStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** An in-memory {@link KeyValueStore}; values are copied in and out like IndexedDB's structured clone. */
export function memoryKeyValueStore(): KeyValueStore {
  const map = new Map<string, unknown>();
  return {
    get: async <T>(key: string) => (map.has(key) ? (structuredClone(map.get(key)) as T) : undefined),
    set: async (key, value) => {
      map.set(key, structuredClone(value));
    },
    delete: async (key) => {
      map.delete(key);
    },
  };
}

/** An in-memory {@link StringStorage}. */
export function memoryStringStorage(): StringStorage {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => {
      map.set(key, String(value));
    },
    removeItem: (key) => {
      map.delete(key);
    },
  };
}
