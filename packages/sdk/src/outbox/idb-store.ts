import { createStore, del, get, promisifyRequest, set, update, type UseStore } from 'idb-keyval';
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

  get<T>(key: string): Promise<T | undefined> {
    return get<T>(key, this.#store);
  }

  set(key: string, value: unknown): Promise<void> {
    return set(key, value, this.#store);
  }

  delete(key: string): Promise<void> {
    return del(key, this.#store);
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
    return update<T>(key, fn, this.#store);
  }
}
