import type { Store } from './store.js';

/**
 * A {@link Store} in IndexedDB (database `parley`, object store `sdk`), shared by every tab of the origin. Each
 * operation is one transaction and settles once it has committed.
 */
export class IdbStore implements Store {
  readonly kind = 'indexeddb' as const;
  readonly #dbName: string;
  readonly #storeName: string;
  #db: Promise<IDBDatabase> | undefined;

  private constructor(dbName: string, storeName: string) {
    this.#dbName = dbName;
    this.#storeName = storeName;
  }

  /**
   * Opens the store and proves it works with a write and a read; resolves to `undefined` where IndexedDB is
   * missing or refuses (some private modes), so the caller can fall back to memory.
   */
  static async open(dbName = 'parley', storeName = 'sdk'): Promise<IdbStore | undefined> {
    if (typeof indexedDB === 'undefined') return undefined;
    try {
      const store = new IdbStore(dbName, storeName);
      await store.set('probe', 1);
      return (await store.get<number>('probe')) === 1 ? store : undefined;
    } catch {
      return undefined;
    }
  }

  get<T>(key: string): Promise<T | undefined> {
    return this.#run('readonly', (objects) => objects.get(key));
  }

  set(key: string, value: unknown): Promise<void> {
    return this.#run('readwrite', (objects) => void objects.put(value, key));
  }

  delete(key: string): Promise<void> {
    return this.#run('readwrite', (objects) => void objects.delete(key));
  }

  async entries<T>(prefix: string): Promise<Array<[string, T]>> {
    const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`);
    let keys: IDBRequest<IDBValidKey[]> | undefined;
    const values = await this.#run('readonly', (objects) => {
      keys = objects.getAllKeys(range);
      return objects.getAll(range);
    });
    return (keys?.result ?? []).map((key, index) => [String(key), values[index] as T]);
  }

  update<T>(key: string, fn: (old: T | undefined) => T): Promise<void> {
    return this.#run('readwrite', (objects) => {
      const request = objects.get(key);
      // Read and write in one transaction, so that two tabs never interleave.
      request.onsuccess = () => objects.put(fn(request.result as T | undefined), key);
    });
  }

  /** Runs `fn` in a transaction; resolves with the result of the request it returns once the transaction commits. */
  #run<T>(mode: IDBTransactionMode, fn: (objects: IDBObjectStore) => IDBRequest<T> | void): Promise<T> {
    this.#db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(this.#dbName);
      request.onupgradeneeded = () => request.result.createObjectStore(this.#storeName);
      request.onsuccess = () => {
        // The browser may close the database (storage cleared, say): open it again next time.
        request.result.onclose = () => (this.#db = undefined);
        resolve(request.result);
      };
      request.onerror = () => {
        this.#db = undefined;
        reject(request.error);
      };
    });
    return this.#db.then(
      (db) =>
        new Promise<T>((resolve, reject) => {
          const transaction = db.transaction(this.#storeName, mode);
          const request = fn(transaction.objectStore(this.#storeName));
          transaction.oncomplete = () => resolve(request?.result as T);
          transaction.onerror = transaction.onabort = () => reject(transaction.error);
        }),
    );
  }
}
