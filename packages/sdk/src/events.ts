/** A listener for one event of a typed map. */
export type Listener<T> = (payload: T) => void;

/**
 * A minimal typed event emitter. `on()` returns its own unsubscribe function; a listener that throws does not
 * stop the others (the error is rethrown asynchronously, so it still reaches the console).
 *
 * @example
 * const events = new Emitter<{ tick: number }>();
 * const off = events.on('tick', (n) => console.log(n));
 * off();
 */
export class Emitter<Events extends object> {
  #listeners = new Map<keyof Events, Set<Listener<never>>>();

  /** Adds `listener` for `type`; adding the same function twice has no effect. Returns an unsubscribe function. */
  on<K extends keyof Events>(type: K, listener: Listener<Events[K]>): () => void {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => {
      set.delete(listener as Listener<never>);
    };
  }

  /** Calls every listener of `type` with `payload`. */
  emit<K extends keyof Events>(type: K, payload: Events[K]): void {
    // A copy: a listener added while emitting hears the next event, not this one.
    for (const listener of [...(this.#listeners.get(type) ?? [])]) {
      try {
        (listener as Listener<Events[K]>)(payload);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /** Removes every listener. */
  clear(): void {
    this.#listeners.clear();
  }
}
