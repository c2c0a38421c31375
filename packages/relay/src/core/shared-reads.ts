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

/** How long {@link RememberedReads} keep a value, and how many keys. */
export interface RememberedReadsOptions {
  /** A value is taken from memory for this long after its read began (other relays' writes age out of it). */
  readonly ttlMs: number;
  /** Keys kept at the most; the least recently read go first. Default: no bound (keys such as sites, few). */
  readonly max?: number;
  readonly now?: () => number;
}

/**
 * {@link SharedReads} that also remember each value for a while: a read-through cache of small per-key answers (a
 * site by its key, a site's loader defaults). `forget` drops a key at once — and the answer of a read already in
 * flight, which may have begun before the change that `forget` reports, is then neither kept nor given to later
 * callers.
 */
export class RememberedReads<V> {
  readonly #kept = new Map<string, { value: V; at: number }>();
  readonly #inFlight = new Map<string, Promise<V>>();
  readonly #now: () => number;
  /** Counts `forget`s: a read that began before one keeps nothing. */
  #epoch = 0;

  constructor(
    private readonly read: (key: string) => Promise<V>,
    private readonly options: RememberedReadsOptions,
  ) {
    this.#now = options.now ?? Date.now;
  }

  get(key: string): Promise<V> {
    const at = this.#now();
    const kept = this.#kept.get(key);
    if (kept && at - kept.at < this.options.ttlMs) return Promise.resolve(kept.value);
    const inFlight = this.#inFlight.get(key);
    if (inFlight) return inFlight;
    const epoch = this.#epoch;
    const pending: Promise<V> = this.read(key)
      .then((value) => {
        if (epoch === this.#epoch) this.#keep(key, value, at);
        return value;
      })
      .finally(() => {
        if (this.#inFlight.get(key) === pending) this.#inFlight.delete(key);
      });
    this.#inFlight.set(key, pending);
    return pending;
  }

  /** Drops what is known of `key`: the next `get` reads it again. */
  forget(key: string): void {
    this.#epoch++;
    this.#kept.delete(key);
    this.#inFlight.delete(key);
  }

  #keep(key: string, value: V, at: number): void {
    this.#kept.delete(key);
    this.#kept.set(key, { value, at });
    const { max } = this.options;
    if (max !== undefined && this.#kept.size > max) this.#kept.delete(this.#kept.keys().next().value!);
  }
}
