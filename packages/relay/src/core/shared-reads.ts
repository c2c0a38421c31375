/**
 * Reads that requests arriving together share: while a read of a key is in flight, later callers get its promise
 * instead of a query of their own. Nothing is kept once it settles, so a caller sees data no older than a read
 * that was still running when it asked. What it saves is a burst: when a relay restarts, every visitor of a site
 * says hello within a second or so, and each would otherwise look the same site up.
 *
 * Callers share the value: they must not change it.
 */
export class SharedReads<V> {
  readonly #inFlight = new Map<string, Promise<V>>();

  constructor(private readonly read: (key: string) => Promise<V>) {}

  get(key: string): Promise<V> {
    let pending = this.#inFlight.get(key);
    if (!pending) {
      pending = this.read(key).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    return pending;
  }

  /** Reads in flight (for tests). */
  get size(): number {
    return this.#inFlight.size;
  }
}
