import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';
import type { Store } from './store.js';

/** A {@link Store} in IndexedDB (database `parley`, object store `sdk`), shared by every tab of the origin. */
export class IdbStore implements Store {
  readonly kind = 'indexeddb' as const;
  readonly #store: UseStore;

  private constructor(store: UseStore) {
    this.#store = store;
  }

  /**
   * Opens the store and proves it works with a write and a read; resolves to `undefined` where IndexedDB is
   * missing or refuses (some private modes), so the caller can fall back to memory.
   */
  static async open(dbName = 'parley', storeName = 'sdk'): Promise<IdbStore | undefined> {
    // Where IndexedDB is missing, the first use throws: the probe sees to that case too.
    try {
      const store = new IdbStore(createStore(dbName, storeName));
      await store.set('probe', 1);
      if ((await store.get<number>('probe')) !== 1) return undefined;
      return store;
    } catch {
      return undefined;
    }
  }

  // idb-keyval's get, set, del and update, written here on the store: theirs take a default store as a default
  // argument, which bundles a second database's name and opener into the core (ADR 0005, room for protocol 3).
  get<T>(key: string): Promise<T | undefined> {
    return this.#store('readonly', (objects) => promisifyRequest(objects.get(key)));
  }

  set(key: string, value: unknown): Promise<void> {
    return this.#write((objects) => objects.put(value, key));
  }

  delete(key: string): Promise<void> {
    return this.#write((objects) => objects.delete(key));
  }

  entries<T>(prefix: string): Promise<Array<[string, T]>> {
    const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`);
    return this.#store('readonly', async (objects) => {
      const [keys, values] = await Promise.all([
        promisifyRequest(objects.getAllKeys(range)),
        promisifyRequest(objects.getAll(range)),
      ]);
      return keys.map((key, index) => [String(key), values[index] as T] as [string, T]);
    });
  }

  update<T>(key: string, fn: (old: T | undefined) => T): Promise<void> {
    // The put happens in the get's success callback, so the read and the write share one transaction.
    return this.#store(
      'readwrite',
      (objects) =>
        new Promise<void>((resolve, reject) => {
          const request = objects.get(key);
          request.onsuccess = () => {
            try {
              objects.put(fn(request.result as T | undefined), key);
              resolve(promisifyRequest(objects.transaction) as Promise<void>);
            } catch (error) {
              reject(error);
            }
          };
          request.onerror = () => reject(request.error);
        }),
    );
  }

  /** Runs a write and resolves once its transaction has committed. */
  #write(write: (objects: IDBObjectStore) => void): Promise<void> {
    return this.#store('readwrite', (objects) => {
      write(objects);
      return promisifyRequest(objects.transaction) as Promise<void>;
    });
  }
}
