/**
 * Lets a long piece of work on the event loop stop now and then for the loop to turn: `await slice.pass()` between
 * steps returns at once until `ms` have passed since the last turn, then waits for one (`setImmediate`), so sockets,
 * timers and other requests are served at least every few milliseconds however long the work is.
 *
 * @example
 * const slice = new TimeSlice();
 * for (const entry of entries) {
 *   index(entry);
 *   await slice.pass();
 * }
 */
export class TimeSlice {
  #since = performance.now();

  /** @param ms how long the work may hold the loop at a stretch (default 5 ms). */
  constructor(private readonly ms = 5) {}

  /** Resolves at once within the slice; after it, on the loop's next turn. */
  async pass(): Promise<void> {
    if (performance.now() - this.#since < this.ms) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.#since = performance.now();
  }
}
