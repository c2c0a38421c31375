import type { Store } from './store.js';

/** A {@link Store} in memory: nothing survives a reload. The fallback where IndexedDB is unavailable. */
export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  readonly #map = new Map<string, unknown>();

  async get<T>(key: string): Promise<T | undefined> {
    return this.#map.get(key) as T | undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    this.#map.set(key, structuredClone(value));
  }

  async delete(key: string): Promise<void> {
    this.#map.delete(key);
  }

  async entries<T>(prefix: string): Promise<Array<[string, T]>> {
    const entries = [...this.#map].filter(([key]) => key.startsWith(prefix)) as Array<[string, T]>;
    return entries.sort(([a], [b]) => (a < b ? -1 : 1)); // keys are unique: never equal
  }

  async update<T>(key: string, fn: (old: T | undefined) => T): Promise<void> {
    this.#map.set(key, fn(this.#map.get(key) as T | undefined));
  }
}
