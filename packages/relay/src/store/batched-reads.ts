/**
 * Point reads made in the same turn of the event loop, answered by one statement: `get` queues its key, and at the
 * end of the turn (`setImmediate`, after the I/O callbacks of the poll that queued them) `readMany` is given every
 * distinct key queued, at most `maxBatch` to a call. A read made alone costs what it did (a batch of one), one
 * turn later; a burst — every visitor's hello when a relay restarts — costs a statement per turn instead of one per
 * hello, each a round trip to the database and a write to its socket.
 */
export class BatchedReads<K, V> {
  #queued = new Map<string, { readonly key: K; readonly waiters: Array<Waiter<V>> }>();
  #scheduled = false;

  /**
   * @param id the key's identity: equal ids share one read
   * @param readMany the values of the keys given, by id (an id missing from the map reads as `undefined`)
   */
  constructor(
    private readonly id: (key: K) => string,
    private readonly readMany: (keys: readonly K[]) => Promise<ReadonlyMap<string, V>>,
    private readonly maxBatch = 256,
  ) {}

  get(key: K): Promise<V | undefined> {
    return new Promise<V | undefined>((resolve, reject) => {
      const id = this.id(key);
      const entry = this.#queued.get(id);
      if (entry) entry.waiters.push({ resolve, reject });
      else this.#queued.set(id, { key, waiters: [{ resolve, reject }] });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const entries = [...this.#queued];
    this.#queued = new Map();
    for (let i = 0; i < entries.length; i += this.maxBatch) {
      const batch = entries.slice(i, i + this.maxBatch);
      this.readMany(batch.map(([, entry]) => entry.key)).then(
        (values) => {
          for (const [id, { waiters }] of batch) for (const waiter of waiters) waiter.resolve(values.get(id));
        },
        (error: unknown) => {
          for (const [, { waiters }] of batch) for (const waiter of waiters) waiter.reject(error);
        },
      );
    }
  }
}

interface Waiter<V> {
  resolve(value: V | undefined): void;
  reject(error: unknown): void;
}
