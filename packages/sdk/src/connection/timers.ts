import type { Clock, TimerHandle } from './clock.js';

/**
 * Named one-shot timers on a {@link Clock}. Setting a name again replaces its pending timer, and `clear()`
 * cancels them all at once, so an owner that clears on teardown cannot leak one.
 *
 * @example
 * const timers = new Timers(systemClock);
 * timers.set('retry', 1000, reconnect);
 * timers.clear(); // on close
 */
export class Timers {
  readonly #clock: Clock;
  /** Each pending timer's handle, and the function that runs it (once). */
  readonly #pending = new Map<string, [TimerHandle, () => void]>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Runs `fn` once after `ms`, replacing the pending timer of that name. */
  set(name: string, ms: number, fn: () => void): void {
    this.clear(name);
    const run = (): void => {
      this.clear(name);
      fn();
    };
    this.#pending.set(name, [this.#clock.setTimeout(run, ms), run]);
  }

  /** Whether a timer of that name is pending. */
  has(name: string): boolean {
    return this.#pending.has(name);
  }

  /** Runs now, rather than later, every pending timer whose name starts with `prefix`. */
  fire(prefix: string): void {
    for (const [name, [, run]] of [...this.#pending]) if (name.startsWith(prefix)) run();
  }

  /** Cancels the named timer, or every timer without a name; returns whether one was pending. */
  clear(name?: string): boolean {
    let found = false;
    for (const [key, [handle]] of this.#pending) {
      if (name === undefined || key === name) {
        this.#clock.clearTimeout(handle);
        found = this.#pending.delete(key);
      }
    }
    return found;
  }
}
