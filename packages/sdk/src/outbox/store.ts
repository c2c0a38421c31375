/** Which storage holds the outbox, the visitor token and the resume cursors. */
export type StorageKind = 'indexeddb' | 'memory';

/**
 * The small async key-value interface behind everything the client persists: the outbox, the visitor token,
 * resume cursors and read marks. Keys are strings namespaced by the client's `storageKey`.
 */
export interface Store {
  readonly kind: StorageKind;
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every entry whose key starts with `prefix`, sorted by key. */
  entries<T>(prefix: string): Promise<Array<[string, T]>>;
  /** Reads and writes `key` atomically (one transaction), so tabs do not overwrite each other. */
  update<T>(key: string, fn: (old: T | undefined) => T): Promise<void>;
}
